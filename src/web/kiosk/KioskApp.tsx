import { NotFoundPage } from '../ui/components';
import { usePageTitle } from '../ui/forms';
import { useT } from '../ui/i18n';
import { PageLayout } from '../ui/layout';
import { Link, Routes } from '../ui/router';
import { kioskMessages } from './messages';
import { KIOSK_ROUTES } from './routes';

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
      <ul className="bk-kiosk-actions">
        {actions.map((a) => (
          <li key={a.href}>
            <Link className="kern-btn kern-btn--primary kern-btn--block bk-kiosk-button" href={a.href}>
              <span className="kern-label">{a.label}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="kern-body kern-body--large">{t('help')}</p>
    </>
  );
}

export default function KioskApp() {
  return (
    <PageLayout>
      <Routes routes={KIOSK_ROUTES} fallback={<NotFoundPage />} />
    </PageLayout>
  );
}
