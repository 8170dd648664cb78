import { useState } from 'react';
import { Alert, NotFoundPage } from '../ui/components';
import { Button, usePageTitle } from '../ui/forms';
import { RequireStaff } from '../ui/guard';
import { useT } from '../ui/i18n';
import { Link, navigate, Routes } from '../ui/router';
import { SessionProvider, useSession } from '../ui/session';
import { staffMessages } from './messages';
import { SecurityKeysSection } from './SecurityKeys';
import { PasswordStep, SignInPage } from './SignInPage';
import { MenuCards } from './shell/MenuCards';
import { menuFor } from './shell/menu';
import { shellMessages } from './shell/messages';
import { StaffShell } from './shell/StaffShell';
import { TotpEnrolment } from './TotpEnrolment';

function StartPage() {
  const t = useT(staffMessages);
  const s = useT(shellMessages);
  const { session } = useSession();
  const user = session!.user;
  usePageTitle(t('startTitle', { name: user.displayName }));
  return (
    <>
      <h1 className="kern-heading-large">{t('startTitle', { name: user.displayName })}</h1>
      <p className="kern-body">
        {t('startLead', {
          authority: user.authorityName,
          roles: user.roles.map((r) => t(`role_${r}`)).join(', '),
        })}
      </p>
      {menuFor(user.roles).map((g) => (
        <section key={g.id} aria-labelledby={`start-${g.id}`}>
          <h2 className="kern-heading-medium" id={`start-${g.id}`}>
            {s(`group_${g.id}`)}
          </h2>
          <MenuCards groups={[g]} headingLevel={3} />
        </section>
      ))}
      <p className="kern-body">
        <Link className="kern-link" href="/konto">
          {t('account')}
        </Link>
      </p>
    </>
  );
}

function AccountPage() {
  const t = useT(staffMessages);
  const { session, refresh, signOut } = useSession();
  const [notice, setNotice] = useState<string>();
  const [enrolling, setEnrolling] = useState(false);
  usePageTitle(t('accountTitle'));
  if (enrolling) {
    return (
      <TotpEnrolment
        mandatory={false}
        onDone={() => {
          setEnrolling(false);
          setNotice(t('mfaEnabled'));
          void refresh();
        }}
      />
    );
  }
  return (
    <>
      <h1 className="kern-heading-large">{t('accountTitle')}</h1>
      {notice && <Alert tone="success" title={notice} role="status" />}
      <p className="kern-body">{session!.user.totpEnabled ? t('mfaOn') : t('mfaOff')}</p>
      {!session!.user.totpEnabled && (
        <div className="bk-actions">
          <Button type="button" variant="secondary" onClick={() => setEnrolling(true)}>
            {t('setUpMfa')}
          </Button>
        </div>
      )}
      <SecurityKeysSection />
      <PasswordStep standalone onDone={() => setNotice(t('passwordChanged'))} />
      <div className="bk-actions">
        <Button
          type="button"
          variant="secondary"
          onClick={() => void signOut(true).then(() => navigate('/anmelden'))}
        >
          {t('signOutEverywhere')}
        </Button>
      </div>
    </>
  );
}

export default function StaffApp() {
  return (
    <SessionProvider>
      <StaffShell>
        <Routes
          routes={[
            { path: '/anmelden', render: () => <SignInPage /> },
            {
              path: '/start',
              render: () => (
                <RequireStaff>
                  <StartPage />
                </RequireStaff>
              ),
            },
            {
              path: '/konto',
              render: () => (
                <RequireStaff>
                  <AccountPage />
                </RequireStaff>
              ),
            },
          ]}
          fallback={<NotFoundPage />}
        />
      </StaffShell>
    </SessionProvider>
  );
}
