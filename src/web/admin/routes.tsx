import { lazy, Suspense } from 'react';
import { Loading } from '../ui/components';
import { RequireStaff } from '../ui/guard';
import type { Route } from '../ui/router';
import { AdminHome } from './AdminHome';

const StaffAdmin = lazy(() => import('./staff/StaffAdmin'));
const AuditPage = lazy(() => import('./audit/AuditPage'));

export function lazyPage(node: React.ReactNode, roles: Parameters<typeof RequireStaff>[0]['roles']) {
  return () => (
    <RequireStaff roles={roles}>
      <Suspense fallback={<Loading />}>{node}</Suspense>
    </RequireStaff>
  );
}

/** Pages of /admin. Features add their routes here (one line each). */
export const ADMIN_ROUTES: Route[] = [
  { path: '/admin', render: () => <AdminHome /> },
  { path: '/admin/personal', render: lazyPage(<StaffAdmin />, ['admin']) },
  { path: '/admin/protokoll', render: lazyPage(<AuditPage />, ['auditor']) },
];
