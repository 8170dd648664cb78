import { lazy, Suspense } from 'react';
import type { Role } from '../../core/roles';
import { Loading } from '../ui/components';
import { RequireStaff } from '../ui/guard';
import type { Route } from '../ui/router';
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

/** Pages of /desk. Features add their routes here (one line each). */
export const DESK_ROUTES: Route[] = [
  { path: '/desk', render: () => <DeskHome /> },
  { path: '/desk/115', render: deskPage(<HotlinePage />, ['hotline', 'clerk']) },
];
