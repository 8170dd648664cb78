import { lazy, Suspense } from 'react';
import type { Locale } from '../../core/locale';
import { Loading } from '../ui/components';
import { LocaleProvider } from '../ui/i18n';
import { usePath } from '../ui/router';
import { APPS } from './apps';

const PortalApp = lazy(() => import('../portal/PortalApp'));

/**
 * Picks the app for the path (portal, terminal, desk, admin, staff sign-in, call display …).
 * Each app is its own chunk, so a citizen on a slow phone loads only the portal.
 */
export function App({ initialLocale }: { initialLocale?: Locale | undefined } = {}) {
  const path = usePath();
  const match = APPS.find((a) => a.prefixes.some((p) => path === p || path.startsWith(`${p}/`)));
  const Component = match?.component ?? PortalApp;
  return (
    <LocaleProvider initial={initialLocale}>
      <Suspense fallback={<Loading />}>
        <Component />
      </Suspense>
    </LocaleProvider>
  );
}
