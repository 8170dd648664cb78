import { lazy, Suspense } from 'react';
import { Loading } from '../../ui/components';

/**
 * The terminal shows the portal's service search and pages (variant "kiosk": large touch targets,
 * links stay inside /terminal, no printing, no external links).
 */
const ServicesPage = lazy(() => import('../../portal/services/ServicesPage'));
const ServicePage = lazy(() => import('../../portal/services/ServicePage'));

export function KioskServices() {
  return (
    <Suspense fallback={<Loading />}>
      <ServicesPage variant="kiosk" />
    </Suspense>
  );
}

export function KioskService({ slug }: { slug: string }) {
  return (
    <Suspense fallback={<Loading />}>
      <ServicePage key={slug} slug={slug} variant="kiosk" />
    </Suspense>
  );
}
