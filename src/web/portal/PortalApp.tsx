import { NotFoundPage } from '../ui/components';
import { useT } from '../ui/i18n';
import { PageLayout } from '../ui/layout';
import { Routes } from '../ui/router';
import { portalMessages } from './messages';
import { PORTAL_ROUTES } from './routes';
import { SuspensionNotices } from './SuspensionNotices';

export default function PortalApp() {
  const t = useT(portalMessages);
  return (
    <PageLayout
      nav={[
        { href: '/', label: t('navHome') },
        { href: '/leistungen', label: t('navServices') },
        { href: '/sprechtage', label: t('navOfficeDays') },
        { href: '/termin', label: t('navBook') },
        { href: '/status', label: t('navStatus') },
      ]}
    >
      <SuspensionNotices />
      <Routes routes={PORTAL_ROUTES} fallback={<NotFoundPage />} />
    </PageLayout>
  );
}
