import { useEffect, useState } from 'react';
import { ApiError } from '../../ui/api';
import { loadService, type PublishedService, serviceUrl } from '../../ui/catalog/catalog-api';
import { ServiceDetail } from '../../ui/catalog/ServiceDetail';
import { BackLink, Loading } from '../../ui/components';
import { ErrorSummary, type FormError, usePageTitle } from '../../ui/forms';
import { useLocale, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import { usePreloaded } from '../../ui/server-render';
import { servicesMessages } from './messages';
import { type ServicesVariant, servicesBase } from './ServicesPage';

/** /leistungen/<slug> (and /terminal/leistungen/<slug>): the whole description of one service. */
export default function ServicePage({
  slug,
  variant = 'portal',
}: {
  slug: string;
  variant?: ServicesVariant;
}) {
  const t = useT(servicesMessages);
  const { locale } = useLocale();
  // Rendered on the server from the same API answer: hydrate from it, fetch only when absent.
  const preloaded = usePreloaded<PublishedService>(serviceUrl(slug));
  const [service, setService] = useState<PublishedService | null>(
    preloaded?.status === 200 ? preloaded.body : null,
  );
  const [failure, setFailure] = useState<'not_found' | 'error' | null>(
    preloaded?.status === 404 ? 'not_found' : null,
  );
  const [calcErrors, setCalcErrors] = useState<FormError[]>([]);
  const base = servicesBase(variant);
  usePageTitle(
    service ? service.content.name[locale] : failure === 'not_found' ? t('notFoundTitle') : t('title'),
    calcErrors.length > 0,
  );

  // The server put this page's schema.org data into the HTML; it must not outlive the page.
  useEffect(
    () => () => {
      for (const el of document.head.querySelectorAll('script[type="application/ld+json"]')) el.remove();
    },
    [],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: preloaded belongs to the first page only
  useEffect(() => {
    if (preloaded) return;
    setService(null);
    setFailure(null);
    loadService(slug)
      .then(setService)
      .catch((e) => setFailure(e instanceof ApiError && e.status === 404 ? 'not_found' : 'error'));
  }, [slug]);

  if (failure) {
    return (
      <>
        <BackLink href={base} />
        <h1 className="kern-heading-large">
          {failure === 'not_found' ? t('notFoundTitle') : t('loadError')}
        </h1>
        {failure === 'not_found' && <p className="kern-body">{t('notFoundText')}</p>}
        <p className="kern-body">
          <Link className="kern-link" href={base}>
            {t('toServices')}
          </Link>
        </p>
      </>
    );
  }
  if (!service) return <Loading />;
  return (
    <div className={`bk-service-page${variant === 'kiosk' ? ' bk-kiosk-services' : ''}`}>
      <ErrorSummary errors={calcErrors} />
      <BackLink href={base} />
      <h1 className="kern-heading-x-large">{service.content.name[locale]}</h1>
      <ServiceDetail
        serviceId={service.id}
        content={service.content}
        office={service.office}
        version={service.version}
        publishedAt={service.publishedAt}
        variant={variant}
        calcErrors={calcErrors}
        onCalcErrors={setCalcErrors}
      />
    </div>
  );
}
