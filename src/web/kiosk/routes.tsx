import type { Route } from '../ui/router';
import { KioskHome } from './KioskApp';

/**
 * Pages of the citizens' terminal (/terminal). The terminal reuses the portal's features with
 * large touch targets; features add their routes here (one line each).
 */
export const KIOSK_ROUTES: Route[] = [{ path: '/terminal', render: () => <KioskHome /> }];
