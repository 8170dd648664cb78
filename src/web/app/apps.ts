import { type ComponentType, lazy } from 'react';

/**
 * The apps of the main bundle by path prefix (the field kit /koffer is a separate document).
 * Everything not listed here belongs to the citizens' portal.
 */
export const APPS: { prefixes: string[]; component: ComponentType }[] = [
  { prefixes: ['/terminal'], component: lazy(() => import('../kiosk/KioskApp')) },
  { prefixes: ['/desk'], component: lazy(() => import('../desk/DeskApp')) },
  { prefixes: ['/admin'], component: lazy(() => import('../admin/AdminApp')) },
  { prefixes: ['/betrieb'], component: lazy(() => import('../operations/OperationsApp')) },
  { prefixes: ['/anmelden', '/start', '/konto'], component: lazy(() => import('../staff/StaffApp')) },
  { prefixes: ['/aufruf'], component: lazy(() => import('../display/CallDisplayApp')) },
  { prefixes: ['/videoberatung'], component: lazy(() => import('../guest/GuestApp')) },
];
