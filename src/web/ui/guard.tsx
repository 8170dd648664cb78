import { type ReactNode, useEffect } from 'react';
import type { Role } from '../../core/roles';
import { Loading } from './components';
import { useT } from './i18n';
import { common } from './messages';
import { navigate } from './router';
import { hasAnyRole, useSession } from './session';

/** Staff pages: signed in with a completed sign-in and one of the roles, else sign-in or "no access". */
export function RequireStaff({ roles = [], children }: { roles?: Role[]; children: ReactNode }) {
  const t = useT(common);
  const { session, loading } = useSession();
  const needsSignIn = !loading && session?.stage !== 'active';
  useEffect(() => {
    if (needsSignIn)
      navigate(`/anmelden?next=${encodeURIComponent(window.location.pathname + window.location.search)}`, {
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

/** Header tools for staff apps: who is signed in, and the sign-out button. */
export function StaffHeaderTools() {
  const t = useT(common);
  const { session, signOut } = useSession();
  if (session?.stage !== 'active') return null;
  return (
    <>
      <span className="kern-body kern-body--small">
        {t('signedInAs', { name: session.user.displayName })}
      </span>
      <button
        type="button"
        className="kern-btn kern-btn--secondary kern-btn--x-small"
        onClick={() => {
          void signOut().then(() => navigate('/anmelden'));
        }}
      >
        <span className="kern-icon kern-icon--logout kern-icon--small" aria-hidden="true" />
        <span className="kern-label">{t('signOut')}</span>
      </button>
    </>
  );
}
