import { lazy, Suspense } from 'react';
import { MenuCards } from '../staff/shell/MenuCards';
import { menuFor } from '../staff/shell/menu';
import { shellMessages } from '../staff/shell/messages';
import { Loading } from '../ui/components';
import { usePageTitle } from '../ui/forms';
import { RequireStaff } from '../ui/guard';
import { useT } from '../ui/i18n';
import type { Route } from '../ui/router';
import { useSession } from '../ui/session';

const AuthoritiesPage = lazy(() => import('./AuthoritiesPage'));
const OnboardPage = lazy(() => import('./OnboardPage'));
const AuthorityPage = lazy(() => import('./AuthorityPage'));
const DirectoryPage = lazy(() => import('./DirectoryPage'));
const ImportPage = lazy(() => import('./ImportPage'));
const LandCataloguePage = lazy(() => import('./land/LandCataloguePage'));
const LandServicePage = lazy(() => import('./land/LandServicePage'));

function page(node: React.ReactNode) {
  return () => (
    <RequireStaff roles={['operator']}>
      <Suspense fallback={<Loading />}>{node}</Suspense>
    </RequireStaff>
  );
}

function OperationsHome() {
  const t = useT(shellMessages);
  const { session } = useSession();
  usePageTitle(t('group_operations'));
  const groups = menuFor(session!.user.roles).filter((g) => g.id === 'operations');
  return (
    <>
      <h1 className="kern-heading-large">{t('group_operations')}</h1>
      <MenuCards groups={groups} headingLevel={2} />
    </>
  );
}

/** Pages of /betrieb. */
export const OPERATIONS_ROUTES: Route[] = [
  { path: '/betrieb', render: page(<OperationsHome />) },
  { path: '/betrieb/behoerden', render: page(<AuthoritiesPage />) },
  { path: '/betrieb/behoerden/neu', render: page(<OnboardPage />) },
  { path: '/betrieb/behoerden/:id', render: (p) => page(<AuthorityPage key={p.id} id={p.id!} />)() },
  { path: '/betrieb/verzeichnis', render: page(<DirectoryPage />) },
  { path: '/betrieb/import', render: page(<ImportPage />) },
  { path: '/betrieb/landeskatalog', render: page(<LandCataloguePage />) },
  {
    path: '/betrieb/landeskatalog/:id',
    render: (p) => page(<LandServicePage key={p.id} id={p.id!} />)(),
  },
];
