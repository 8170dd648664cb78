import { lazy, Suspense } from 'react';
import { Loading } from '../../ui/components';
import { RequireStaff } from '../../ui/guard';
import type { Route } from '../../ui/router';

const TourPlanner = lazy(() => import('./TourPlanner'));

/** Tour planning (#14): coordinators and admins, as the API allows. */
export const ADMIN_TOUR_ROUTES: Route[] = [
  {
    path: '/admin/touren',
    render: () => (
      <RequireStaff roles={['coordinator', 'admin']}>
        <Suspense fallback={<Loading />}>
          <TourPlanner />
        </Suspense>
      </RequireStaff>
    ),
  },
];
