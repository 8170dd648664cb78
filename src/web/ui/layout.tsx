import type { ReactNode } from 'react';
import { useLocale, useT } from './i18n';
import { common } from './messages';
import { Link, useFocusHeadingOnNavigate, usePortal } from './router';

export interface NavItem {
  href: string;
  label: string;
}

/**
 * The page frame of every app: KERN's Kopfzeile, a skip link, the site header with the language
 * switch, an optional navigation, the main landmark and a footer with the required service links.
 */
export function PageLayout({
  children,
  nav,
  headerExtra,
  wide,
  homeHref = '/',
  footerLinks,
  footerLabel,
}: {
  children: ReactNode;
  nav?: NavItem[];
  headerExtra?: ReactNode;
  wide?: boolean;
  /** Where the logo leads (the terminal's start page on /terminal). */
  homeHref?: string;
  /** Replaces the footer's links (the terminal keeps its visitors inside /terminal). */
  footerLinks?: NavItem[];
  footerLabel?: string;
}) {
  const t = useT(common);
  const { locale, setLocale } = useLocale();
  // On an authority's own portal address the frame names that authority (ADR 27).
  const { name: portalName } = usePortal();
  useFocusHeadingOnNavigate();
  return (
    <>
      <a className="bk-skip-link kern-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="bk-header">
        {/* Inside the banner landmark, so that no content stands outside a landmark (axe "region", #10). */}
        <div className="kern-kopfzeile">
          <div className="kern-container">
            <div className="kern-kopfzeile__content">
              <span className="kern-kopfzeile__label">
                {portalName ? t('portalOfficialSite', { name: portalName }) : t('officialSite')}
              </span>
            </div>
          </div>
        </div>
        <div className="kern-container bk-header__inner">
          <Link href={homeHref} className="bk-brand kern-link kern-link--no-visited-state">
            <span className="bk-brand__name">{t('siteName')}</span>
            <span className="bk-brand__tagline">
              {portalName ? t('portalTagline', { name: portalName }) : t('siteTagline')}
            </span>
          </Link>
          <div className="bk-header__tools">
            {headerExtra}
            <button
              type="button"
              className="kern-btn kern-btn--tertiary kern-btn--x-small"
              lang={locale === 'de' ? 'en' : 'de'}
              onClick={() => setLocale(locale === 'de' ? 'en' : 'de')}
            >
              <span className="kern-icon kern-icon--language kern-icon--small" aria-hidden="true" />
              <span className="kern-label">
                {locale === 'de' ? t('switchToEnglish') : t('switchToGerman')}
              </span>
            </button>
          </div>
        </div>
        {nav && nav.length > 0 && (
          <nav className="bk-nav" aria-label={t('mainNav')}>
            <div className="kern-container">
              <ul className="kern-list kern-list--horizontal">
                {nav.map((item) => (
                  <li key={item.href}>
                    <Link className="kern-link kern-link--no-visited-state" href={item.href}>
                      {item.label}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          </nav>
        )}
      </header>
      <main id="main" className={`kern-container bk-main${wide ? ' bk-main--wide' : ''}`}>
        {children}
      </main>
      <footer className="bk-footer">
        <div className="kern-container">
          <nav aria-label={footerLabel ?? t('footerNav')}>
            {footerLinks ? (
              <ul className="kern-list kern-list--horizontal">
                {footerLinks.map((item) => (
                  <li key={item.href}>
                    <Link className="kern-link" href={item.href}>
                      {item.label}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <ul className="kern-list kern-list--horizontal">
                <li>
                  <Link className="kern-link" href="/barrierefreiheit">
                    {t('accessibility')}
                  </Link>
                </li>
                <li>
                  <Link className="kern-link" href="/leichte-sprache">
                    <span
                      className="kern-icon kern-icon--easy-language kern-icon--small"
                      aria-hidden="true"
                    />{' '}
                    {t('easyLanguage')}
                  </Link>
                </li>
                <li>
                  <Link className="kern-link" href="/impressum">
                    {t('imprint')}
                  </Link>
                </li>
                <li>
                  <Link className="kern-link" href="/datenschutz">
                    {t('privacy')}
                  </Link>
                </li>
                <li>
                  <Link className="kern-link" href="/anmelden">
                    {t('staffSignIn')}
                  </Link>
                </li>
              </ul>
            )}
          </nav>
        </div>
      </footer>
    </>
  );
}
