import { type ReactNode, useEffect, useId, useState } from 'react';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { Link, navigate, useFocusHeadingOnNavigate, usePath } from '../../ui/router';
import { useSession } from '../../ui/session';
import { activeEntry, type MenuGroup, menuFor } from './menu';
import { shellMessages } from './messages';
import { useWorkplace, WorkplaceProvider } from './workplace';
import './staff-shell.css';

/**
 * The frame of every staff page (/start, /konto, /desk/*, /admin/*): a dark staff bar with
 * "Mitarbeiterbereich" so nobody mistakes it for the citizens' portal, the logo leading to the
 * staff overview, the signed-in person with sign-out, today's date and the workplace (location
 * and desk), and the role-aware menu (a nav landmark with aria-current; collapsed behind a
 * "Menü" button on narrow screens). The sign-in page shows the bar without menu.
 */
export function StaffShell({ children, wide }: { children: ReactNode; wide?: boolean }) {
  return (
    <WorkplaceProvider>
      <ShellFrame wide={wide}>{children}</ShellFrame>
    </WorkplaceProvider>
  );
}

function ShellFrame({ children, wide }: { children: ReactNode; wide?: boolean | undefined }) {
  const c = useT(common);
  const t = useT(shellMessages);
  const { locale, setLocale } = useLocale();
  const { session } = useSession();
  const active = session?.stage === 'active' ? session : null;
  useFocusHeadingOnNavigate();
  return (
    <div className="bk-staff">
      <a className="bk-skip-link kern-link" href="#main">
        {c('skipToContent')}
      </a>
      <header className="bk-staff-header">
        <div className="bk-staff-bar">
          <div className="kern-container bk-staff-bar__inner">
            <Link href={active ? '/start' : '/anmelden'} className="bk-staff-brand">
              <span className="bk-staff-brand__name">{c('siteName')}</span>
              <span className="bk-staff-brand__area">{t('area')}</span>
            </Link>
            <div className="bk-staff-bar__tools">
              <button
                type="button"
                className="bk-staff-bar__button"
                lang={locale === 'de' ? 'en' : 'de'}
                onClick={() => setLocale(locale === 'de' ? 'en' : 'de')}
              >
                <span className="kern-icon kern-icon--language kern-icon--small" aria-hidden="true" />
                <span className="kern-label">
                  {locale === 'de' ? c('switchToEnglish') : c('switchToGerman')}
                </span>
              </button>
              {active && <UserTools name={active.user.displayName} />}
            </div>
          </div>
        </div>
        {active && <WorkplaceLine clerk={active.user.roles.includes('clerk')} />}
        {active && <StaffNav groups={menuFor(active.user.roles)} />}
      </header>
      <main id="main" className={`kern-container bk-main${wide ? ' bk-main--wide' : ''}`}>
        {children}
      </main>
      <footer className="bk-footer bk-staff-footer">
        <div className="kern-container">
          <p className="kern-body kern-body--small">{t('areaHint')}</p>
          <nav aria-label={t('footerNav')}>
            <ul className="kern-list kern-list--horizontal">
              <li>
                <Link className="kern-link" href="/barrierefreiheit">
                  {c('accessibility')}
                </Link>
              </li>
              <li>
                <Link className="kern-link" href="/impressum">
                  {c('imprint')}
                </Link>
              </li>
              <li>
                <Link className="kern-link" href="/datenschutz">
                  {c('privacy')}
                </Link>
              </li>
            </ul>
          </nav>
        </div>
      </footer>
    </div>
  );
}

function UserTools({ name }: { name: string }) {
  const c = useT(common);
  const t = useT(shellMessages);
  const { signOut } = useSession();
  return (
    <div className="bk-staff-user" data-testid="staff-user">
      <span className="kern-body kern-body--small">{t('signedInAs', { name })}</span>
      <Link className="kern-link bk-staff-bar__link" href="/konto">
        {t('account')}
      </Link>
      <button
        type="button"
        className="bk-staff-bar__button"
        onClick={() => {
          void signOut().then(() => navigate('/anmelden'));
        }}
      >
        <span className="kern-icon kern-icon--logout kern-icon--small" aria-hidden="true" />
        <span>{c('signOut')}</span>
      </button>
    </div>
  );
}

function WorkplaceLine({ clerk }: { clerk: boolean }) {
  const t = useT(shellMessages);
  const f = useFormat();
  const workplace = useWorkplace();
  // The date on the screen follows the clock past midnight (a desk left open overnight).
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <div className="bk-staff-context">
      <div className="kern-container">
        <p className="kern-body kern-body--small" data-testid="staff-workplace">
          <span>{t('today', { date: f.date(now) })}</span>
          {clerk && (
            <>
              <span aria-hidden="true"> · </span>
              {workplace.locationName ? (
                <span>{t('location', { name: workplace.locationName })}</span>
              ) : (
                <span>
                  {t('noLocation')} –{' '}
                  <Link className="kern-link" href="/desk/warteschlange">
                    {t('chooseLocation')}
                  </Link>
                </span>
              )}
              {workplace.desk && (
                <>
                  <span aria-hidden="true"> · </span>
                  <span>{t('desk', { desk: workplace.desk })}</span>
                </>
              )}
            </>
          )}
        </p>
      </div>
    </div>
  );
}

function StaffNav({ groups }: { groups: MenuGroup[] }) {
  const t = useT(shellMessages);
  const path = usePath();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const current = activeEntry(path, groups);
  // A chosen page closes the menu on narrow screens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation
  useEffect(() => setOpen(false), [path]);
  return (
    <nav className="bk-staff-nav" aria-label={t('menuNav')}>
      <div className="kern-container">
        <button
          type="button"
          className="kern-btn kern-btn--secondary kern-btn--small bk-staff-nav__toggle"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((o) => !o)}
        >
          <span className="kern-icon kern-icon--dehaze kern-icon--small" aria-hidden="true" />
          <span className="kern-label">{t('menu')}</span>
        </button>
        <div id={listId} className={`bk-staff-nav__groups${open ? ' is-open' : ''}`}>
          {groups.map((g) => (
            <div className="bk-staff-nav__group" key={g.id}>
              <Link
                className="kern-link bk-staff-nav__group-label"
                href={g.home}
                aria-current={path === g.home ? 'page' : undefined}
              >
                {t(`group_${g.id}`)}
              </Link>
              <ul className="bk-staff-nav__list" aria-label={t(`group_${g.id}`)}>
                {g.entries.map((e) => {
                  const isCurrent = current?.id === e.id;
                  return (
                    <li key={e.id}>
                      {e.external ? (
                        <a className="kern-link bk-staff-nav__link" href={e.href}>
                          {t(`menu_${e.id}`)}
                        </a>
                      ) : (
                        <Link
                          className="kern-link bk-staff-nav__link"
                          href={e.href}
                          aria-current={isCurrent ? 'page' : undefined}
                        >
                          {t(`menu_${e.id}`)}
                        </Link>
                      )}
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </div>
      </div>
    </nav>
  );
}
