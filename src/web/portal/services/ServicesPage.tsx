import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type { CatalogServiceSummary } from '../../../core/catalog/types';
import { sortByText } from '../../../core/collation';
import { listServices, SERVICES_URL } from '../../ui/catalog/catalog-api';
import { Highlighted } from '../../ui/catalog/Highlighted';
import { Alert, Loading } from '../../ui/components';
import '../../ui/catalog/catalog.css';
import { useCatalogSearch } from '../../ui/catalog/use-catalog-search';
import { Button, ErrorSummary, type FormError, TextField, usePageTitle } from '../../ui/forms';
import { useLocale, useT } from '../../ui/i18n';
import { Link, navigate, useSearch } from '../../ui/router';
import { usePreloaded } from '../../ui/server-render';
import { servicesMessages } from './messages';

export type ServicesVariant = 'portal' | 'kiosk';

export function servicesBase(variant: ServicesVariant): string {
  return variant === 'kiosk' ? '/terminal/leistungen' : '/leistungen';
}

/**
 * /leistungen (and /terminal/leistungen): search in people's own words, results as they type,
 * and the whole catalogue from A to Z when nothing is searched.
 */
export default function ServicesPage({ variant = 'portal' }: { variant?: ServicesVariant }) {
  const t = useT(servicesMessages);
  const { locale } = useLocale();
  const base = servicesBase(variant);
  const urlQuery = useSearch().get('q') ?? '';
  const [input, setInput] = useState(urlQuery);
  const [errors, setErrors] = useState<FormError[]>([]);
  const preloaded = usePreloaded<{ services: CatalogServiceSummary[] }>(SERVICES_URL);
  const [all, setAll] = useState<CatalogServiceSummary[] | null>(
    preloaded?.status === 200 ? preloaded.body.services : null,
  );
  const [loadFailed, setLoadFailed] = useState(false);
  const search = useCatalogSearch(variant === 'kiosk' ? 'terminal' : 'portal');
  usePageTitle(urlQuery ? `${t('title')}: ${urlQuery}` : t('title'), errors.length > 0);

  // A query in the address (a shared link, back button) is searched right away.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the address changes
  useEffect(() => {
    setInput(urlQuery);
    if (urlQuery.trim()) void search.submit(urlQuery);
    else search.clear();
  }, [urlQuery]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: preloaded data belongs to the first page only
  useEffect(() => {
    if (preloaded?.status === 200) return;
    listServices()
      .then(setAll)
      .catch(() => setLoadFailed(true));
  }, []);

  useEffect(() => {
    if (search.error && search.error.status === 400)
      setErrors([{ fieldId: 'service-search', message: search.error.detail }]);
  }, [search.error]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const q = input.trim();
    if (!q) {
      setErrors([{ fieldId: 'service-search', message: t('errorEmpty') }]);
      search.clear();
      return;
    }
    setErrors([]);
    if (q === urlQuery) void search.submit(q);
    else navigate(`${base}?q=${encodeURIComponent(q)}`);
  }

  const grouped = useMemo(() => {
    const groups = new Map<string, CatalogServiceSummary[]>();
    for (const s of sortByText(all ?? [], (s) => s.name[locale], locale)) {
      const letter = s.name[locale].charAt(0).toLocaleUpperCase(locale);
      groups.set(letter, [...(groups.get(letter) ?? []), s]);
    }
    return [...groups.entries()];
  }, [all, locale]);

  const response = search.response;
  const showing = input.trim().length >= 2 && response;

  return (
    <div className={variant === 'kiosk' ? 'bk-kiosk-services' : undefined}>
      <ErrorSummary errors={errors} />
      <h1 className="kern-heading-x-large">{t('heading')}</h1>
      <p className="kern-body kern-body--large">{t('lead')}</p>
      <search>
        <form onSubmit={submit} noValidate className="bk-search-row" action={base}>
          <TextField
            id="service-search"
            name="q"
            type="search"
            label={t('searchLabel')}
            hint={t('searchHint')}
            autoComplete="off"
            enterKeyHint="search"
            spellCheck={false}
            value={input}
            error={errors[0]?.message}
            onChange={(e) => {
              setInput(e.target.value);
              setErrors([]);
              search.type(e.target.value);
            }}
          />
          <Button type="submit">{t('search')}</Button>
        </form>
      </search>

      <div role="status" aria-live="polite" className="kern-body">
        {search.loading && !response && input.trim().length >= 2 ? t('searching') : ''}
        {showing && response.results.length > 0
          ? response.results.length === 1
            ? t('result', { q: response.query })
            : t('results', { n: response.results.length, q: response.query })
          : ''}
      </div>

      {showing && response.results.length > 0 && (
        <ol
          className="bk-results"
          aria-label={t('results', { n: response.results.length, q: response.query })}
        >
          {response.results.map((r) => (
            <li key={r.id}>
              <p>
                <Link className="kern-link bk-result-link" href={`${base}/${r.slug}`}>
                  <Highlighted segments={r.highlight.name} />
                </Link>
              </p>
              <p className="kern-body">
                <Highlighted segments={r.highlight.shortText} />
              </p>
              {r.highlight.snippet && (
                <p className="kern-body kern-body--small" lang="de">
                  <Highlighted segments={r.highlight.snippet} />
                </p>
              )}
              {r.matchedSynonym && (
                <p className="kern-body kern-body--small">{t('foundVia', { term: r.matchedSynonym })}</p>
              )}
            </li>
          ))}
        </ol>
      )}

      {showing && response.results.length === 0 && (
        <Alert tone="info" title={t('noResultsTitle', { q: response.query })}>
          <p className="kern-body">{t('noResultsTips')}</p>
          <p className="kern-body">{t('noResultsPhone')}</p>
        </Alert>
      )}

      {!showing && (
        <section aria-labelledby="az-title">
          <h2 className="kern-heading-medium" id="az-title">
            {t('azTitle')}
          </h2>
          {loadFailed && <Alert tone="danger" title={t('loadError')} />}
          {!all && !loadFailed && <Loading />}
          {grouped.map(([letter, services]) => (
            <section key={letter} aria-label={letter}>
              <h3 className="kern-heading-small">{letter}</h3>
              <ul className="bk-az">
                {services.map((s) => (
                  <li key={s.id}>
                    <Link className="kern-link" href={`${base}/${s.slug}`}>
                      {s.name[locale]}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      )}
    </div>
  );
}
