import { lazy, Suspense } from 'react';
import { Loading } from '../../ui/components';
import type { Route } from '../../ui/router';

const OfficeDaysPage = lazy(() => import('./OfficeDaysPage'));
const DemandPage = lazy(() => import('./DemandPage'));
const HomeVisitPage = lazy(() => import('./HomeVisitPage'));
const BookingJourney = lazy(() => import('../booking/BookingJourney'));

const wrap = (node: React.ReactNode) => () => <Suspense fallback={<Loading />}>{node}</Suspense>;

/** Office days, demand, home visits and booking in the portal (/sprechtage, /hausbesuch, /termin). */
export const PORTAL_BOOKING_ROUTES: Route[] = [
  { path: '/sprechtage', render: wrap(<OfficeDaysPage bookBase="/termin" />) },
  { path: '/sprechtage/wunsch', render: wrap(<DemandPage back="/sprechtage" />) },
  { path: '/hausbesuch', render: wrap(<HomeVisitPage />) },
  { path: '/termin/*', render: wrap(<BookingJourney base="/termin" channel="portal" />) },
];

/** The same on the terminal, with large touch targets (/terminal/sprechtage, /terminal/termin). */
export const KIOSK_BOOKING_ROUTES: Route[] = [
  { path: '/terminal/sprechtage', render: wrap(<OfficeDaysPage bookBase="/terminal/termin" kiosk />) },
  { path: '/terminal/sprechtage/wunsch', render: wrap(<DemandPage back="/terminal/sprechtage" />) },
  { path: '/terminal/termin/*', render: wrap(<BookingJourney base="/terminal/termin" channel="terminal" />) },
];
