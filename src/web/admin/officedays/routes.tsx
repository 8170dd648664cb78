import { lazy, Suspense } from 'react';
import type { Role } from '../../../core/roles';
import { Loading } from '../../ui/components';
import { RequireStaff } from '../../ui/guard';
import type { Route } from '../../ui/router';

const OfficeDaysAdmin = lazy(() => import('./OfficeDaysAdmin'));
const OfficeDayDetail = lazy(() => import('./OfficeDayDetail'));
const HomeVisitsAdmin = lazy(() => import('./HomeVisitsAdmin'));
const DemandAdmin = lazy(() => import('./DemandAdmin'));
const OutboxPage = lazy(() => import('../outbox/OutboxPage'));

const page = (node: React.ReactNode, roles: Role[]) => (
  <RequireStaff roles={roles}>
    <Suspense fallback={<Loading />}>{node}</Suspense>
  </RequireStaff>
);

/** Office-day planning (coordinator) and the outbox (admin, coordinator). */
export const ADMIN_OFFICE_DAY_ROUTES: Route[] = [
  { path: '/admin/sprechtage', render: () => page(<OfficeDaysAdmin />, ['coordinator']) },
  { path: '/admin/sprechtage/hausbesuche', render: () => page(<HomeVisitsAdmin />, ['coordinator']) },
  { path: '/admin/sprechtage/nachfrage', render: () => page(<DemandAdmin />, ['coordinator']) },
  {
    path: '/admin/sprechtage/:id',
    render: (p) => page(<OfficeDayDetail key={p.id} id={p.id!} />, ['coordinator']),
  },
  { path: '/admin/postausgang', render: () => page(<OutboxPage />, ['admin', 'coordinator']) },
];
