import { lazy, Suspense } from 'react';
import type { Role } from '../../../core/roles';
import { Loading } from '../../ui/components';
import { RequireStaff } from '../../ui/guard';
import type { Route } from '../../ui/router';

const DeskBookingPage = lazy(() => import('./DeskBookingPage'));
const QueuePage = lazy(() => import('../queue/QueuePage'));
const HomeVisitPage = lazy(() => import('../../portal/officedays/HomeVisitPage'));

const page = (node: React.ReactNode, roles: Role[]) => () => (
  <RequireStaff roles={roles}>
    <Suspense fallback={<Loading />}>{node}</Suspense>
  </RequireStaff>
);

/** Booking for callers and at the desk, the queue on the day, and home-visit requests for callers. */
export const DESK_BOOKING_ROUTES: Route[] = [
  { path: '/desk/termin', render: page(<DeskBookingPage />, ['hotline', 'clerk']) },
  { path: '/desk/warteschlange', render: page(<QueuePage />, ['clerk']) },
  { path: '/desk/hausbesuch', render: page(<HomeVisitPage staff />, ['hotline', 'clerk']) },
];
