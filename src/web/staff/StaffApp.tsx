import { useState } from 'react';
import { Alert, NotFoundPage } from '../ui/components';
import { Button, usePageTitle } from '../ui/forms';
import { RequireStaff, StaffHeaderTools } from '../ui/guard';
import { useT } from '../ui/i18n';
import { PageLayout } from '../ui/layout';
import { Link, navigate, Routes } from '../ui/router';
import { SessionProvider, useSession } from '../ui/session';
import { staffMessages } from './messages';
import { SecurityKeysSection } from './SecurityKeys';
import { PasswordStep, SignInPage } from './SignInPage';
import { TotpEnrolment } from './TotpEnrolment';
import { TASKS } from './tasks';

function StartPage() {
  const t = useT(staffMessages);
  const { session } = useSession();
  const user = session!.user;
  usePageTitle(t('startTitle', { name: user.displayName }));
  const tasks = TASKS.filter((task) => task.roles.some((r) => user.roles.includes(r)));
  return (
    <>
      <h1 className="kern-heading-large">{t('startTitle', { name: user.displayName })}</h1>
      <p className="kern-body">
        {t('startLead', {
          authority: user.authorityName,
          roles: user.roles.map((r) => t(`role_${r}`)).join(', '),
        })}
      </p>
      <div className="bk-card-grid">
        {tasks.map((task) => (
          <article className="kern-card kern-card--interactive" key={task.href}>
            <div className="kern-card__container">
              <header className="kern-card__header">
                <h2 className="kern-title">
                  <Link className="kern-link kern-link--stretched" href={task.href}>
                    {t(task.title)}
                  </Link>
                </h2>
              </header>
              <div className="kern-card__body">
                <p className="kern-body">{t(task.text)}</p>
              </div>
            </div>
          </article>
        ))}
      </div>
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
      <PageLayout headerExtra={<StaffHeaderTools />}>
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
      </PageLayout>
    </SessionProvider>
  );
}
