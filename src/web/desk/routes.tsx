import { lazy, Suspense } from 'react';
import type { Role } from '../../core/roles';
import { Loading } from '../ui/components';
import { RequireStaff } from '../ui/guard';
import type { Route } from '../ui/router';
import { DESK_BOOKING_ROUTES } from './booking/routes';
import { DeskHome } from './DeskHome';

export function deskPage(node: React.ReactNode, roles: Role[]) {
  return () => (
    <RequireStaff roles={roles}>
      <Suspense fallback={<Loading />}>{node}</Suspense>
    </RequireStaff>
  );
}

// Keeps `lazy` imported for the feature routes added below.
export const lazyDesk = lazy;

const HotlinePage = lazy(() => import('./hotline/HotlinePage'));

const RegisterSearchPage = lazy(() => import('./register/RegisterSearchPage'));
const PersonPage = lazy(() => import('./register/PersonPage'));
const WorklistPage = lazy(() => import('./cases/WorklistPage'));
const NewCasePage = lazy(() => import('./cases/NewCasePage'));
const CasePage = lazy(() => import('./cases/CasePage'));
const CashPage = lazy(() => import('./cash/CashPage'));
const VideoDeskPage = lazy(() => import('./video/VideoDeskPage'));

/** Pages of /desk. Features add their routes here (one line each). */
export const DESK_ROUTES: Route[] = [
  { path: '/desk', render: () => <DeskHome /> },
  { path: '/desk/115', render: deskPage(<HotlinePage />, ['hotline', 'clerk']) },
  { path: '/desk/register', render: deskPage(<RegisterSearchPage />, ['clerk']) },
  { path: '/desk/register/:id', render: (p) => deskPage(<PersonPage id={p.id!} />, ['clerk'])() },
  { path: '/desk/vorgaenge', render: deskPage(<WorklistPage />, ['clerk']) },
  { path: '/desk/vorgaenge/neu', render: deskPage(<NewCasePage />, ['clerk']) },
  { path: '/desk/vorgaenge/:id', render: (p) => deskPage(<CasePage key={p.id} id={p.id!} />, ['clerk'])() },
  { path: '/desk/kasse', render: deskPage(<CashPage />, ['clerk']) },
  { path: '/desk/videoberatung', render: deskPage(<VideoDeskPage />, ['clerk']) },
  ...DESK_BOOKING_ROUTES,
];
