import { type ReactNode, useEffect } from 'react';
import type { Role } from '../../core/roles';
import { Loading } from './components';
import { useT } from './i18n';
import { common } from './messages';
import { appPath } from './portal-base';
import { navigate } from './router';
import { hasAnyRole, useSession } from './session';

/** Staff pages: signed in with a completed sign-in and one of the roles, else sign-in or "no access". */
export function RequireStaff({ roles = [], children }: { roles?: Role[]; children: ReactNode }) {
  const t = useT(common);
  const { session, loading } = useSession();
  const needsSignIn = !loading && session?.stage !== 'active';
  useEffect(() => {
    if (needsSignIn)
      navigate(`/anmelden?next=${encodeURIComponent(appPath() + window.location.search)}`, {
        replace: true,
      });
  }, [needsSignIn]);
  if (loading || needsSignIn) return <Loading />;
  if (!hasAnyRole(session, roles)) {
    return (
      <>
        <h1 className="kern-heading-large">{t('forbiddenTitle')}</h1>
        <p className="kern-body">{t('forbiddenText')}</p>
      </>
    );
  }
  return <>{children}</>;
}
