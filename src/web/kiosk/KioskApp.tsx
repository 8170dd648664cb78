import { NotFoundPage } from '../ui/components';
import { usePageTitle } from '../ui/forms';
import { useT } from '../ui/i18n';
import { PageLayout } from '../ui/layout';
import { WaitingTimes } from '../ui/queue/WaitingTimes';
import { Link, Routes, usePath } from '../ui/router';
import { FinishButton, KioskSession } from './KioskSession';
import { kioskMessages } from './messages';
import { KIOSK_ROUTES } from './routes';
import { VideoEntry } from './video/VideoEntry';

export function KioskHome() {
  const t = useT(kioskMessages);
  usePageTitle(t('title'));
  const actions = [
    { href: '/terminal/leistungen', label: t('services') },
    { href: '/terminal/sprechtage', label: t('officeDays') },
    { href: '/terminal/termin', label: t('book') },
    { href: '/terminal/status', label: t('status') },
  ];
  return (
    <>
      <h1 className="kern-heading-x-large">{t('title')}</h1>
      <p className="kern-body kern-body--large">{t('lead')}</p>
      <VideoEntry />
      <ul className="bk-kiosk-actions">
        {actions.map((a) => (
          <li key={a.href}>
            <Link className="kern-btn kern-btn--primary kern-btn--block bk-kiosk-button" href={a.href}>
              <span className="kern-label">{a.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <WaitingTimes />
      <p className="kern-body kern-body--large">{t('help')}</p>
      <p className="kern-body kern-body--large">{t('finishHint')}</p>
    </>
  );
}

/**
 * The citizens' terminal in a public place (#10 point 7, ADR 0019): the portal's journeys with
 * large touch targets, an inactivity countdown and "Fertig" that wipe the visit, and no way out —
 * the logo leads to the terminal's start, the footer to the terminal's own information pages, and
 * there is no staff sign-in.
 */
export default function KioskApp() {
  const t = useT(kioskMessages);
  // The video consultation needs the whole width for the pictures (#11).
  const wide = usePath().startsWith('/terminal/videoberatung');
  return (
    <KioskSession>
      <PageLayout
        wide={wide}
        homeHref="/terminal"
        headerExtra={<FinishButton />}
        footerLabel={t('footerNav')}
        footerLinks={[
          { href: '/terminal/barrierefreiheit', label: t('accessibility') },
          { href: '/terminal/datenschutz', label: t('privacy') },
          { href: '/terminal/impressum', label: t('imprint') },
        ]}
      >
        <Routes routes={KIOSK_ROUTES} fallback={<NotFoundPage home="/terminal" />} />
      </PageLayout>
    </KioskSession>
  );
}
