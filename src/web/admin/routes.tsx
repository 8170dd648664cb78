import { lazy, Suspense } from 'react';
import { Loading } from '../ui/components';
import { RequireStaff } from '../ui/guard';
import type { Route } from '../ui/router';
import { AdminHome } from './AdminHome';
import { ADMIN_OFFICE_DAY_ROUTES } from './officedays/routes';
import { ADMIN_TOUR_ROUTES } from './tours/routes';

const StaffAdmin = lazy(() => import('./staff/StaffAdmin'));
const AuditPage = lazy(() => import('./audit/AuditPage'));
const CatalogAdmin = lazy(() => import('./catalog/CatalogAdmin'));
const ServiceEditor = lazy(() => import('./catalog/ServiceEditor'));
const KitsAdmin = lazy(() => import('./kits/KitsAdmin'));
const StatsPage = lazy(() => import('./stats/StatsPage'));
const TerminalsAdmin = lazy(() => import('./terminals/TerminalsAdmin'));
const RetentionPage = lazy(() => import('./retention/RetentionPage'));
const InvitationsPage = lazy(() => import('./invitations/InvitationsPage'));
const ConfirmationRulePage = lazy(() => import('./confirmation/ConfirmationRulePage'));
const LandAdoptPage = lazy(() => import('./land/LandAdoptPage'));
const LandReviewsPage = lazy(() => import('./land/LandReviewsPage'));
const LandReviewPage = lazy(() => import('./land/LandReviewPage'));

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
  { path: '/admin/auswertung', render: lazyPage(<StatsPage />, ['evaluator', 'coordinator', 'admin']) },
  { path: '/admin/katalog', render: lazyPage(<CatalogAdmin />, ['coordinator']) },
  { path: '/admin/katalog/neu', render: lazyPage(<ServiceEditor id={null} />, ['coordinator']) },
  {
    path: '/admin/katalog/:id',
    render: (p) => lazyPage(<ServiceEditor key={p.id} id={p.id!} />, ['coordinator'])(),
  },
  ...ADMIN_OFFICE_DAY_ROUTES,
  ...ADMIN_TOUR_ROUTES,
  { path: '/admin/koffer', render: lazyPage(<KitsAdmin />, ['coordinator']) },
  { path: '/admin/terminals', render: lazyPage(<TerminalsAdmin />, ['coordinator', 'admin']) },
  { path: '/admin/aufbewahrung', render: lazyPage(<RetentionPage />, ['admin']) },
  { path: '/admin/landeskatalog', render: lazyPage(<LandAdoptPage />, ['admin']) },
  { path: '/admin/landeskatalog/aenderungen', render: lazyPage(<LandReviewsPage />, ['admin']) },
  {
    path: '/admin/landeskatalog/aenderungen/:id',
    render: (p) => lazyPage(<LandReviewPage key={p.id} id={p.id!} />, ['admin'])(),
  },
  { path: '/admin/einladungen', render: lazyPage(<InvitationsPage />, ['admin', 'coordinator']) },
  {
    path: '/admin/terminbestaetigung',
    render: lazyPage(<ConfirmationRulePage />, ['admin', 'coordinator']),
  },
];
