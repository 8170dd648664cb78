import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { readOutText } from '../../../core/catalog/read-out';
import { loadService, type PublishedService } from '../../ui/catalog/catalog-api';
import { Highlighted } from '../../ui/catalog/Highlighted';
import { Alert, Loading } from '../../ui/components';
import '../../ui/catalog/catalog.css';
import { useCatalogSearch } from '../../ui/catalog/use-catalog-search';
import { Button, ErrorSummary, type FormError, TextField, usePageTitle } from '../../ui/forms';
import { useLocale, useT } from '../../ui/i18n';
import { Link } from '../../ui/router';
import './hotline.css';
import { actingForHeaders, type CallerAuthority, CallerAuthorityGate, withCaller } from './caller-authority';
import { hotlineMessages } from './messages';

/**
 * /desk/115: the knowledge base for hotline agents. Search as you type in the caller's words,
 * pick a service, read the answer out, copy it, name the responsible office. An agent of the 115
 * service centre first picks the caller's authority (ADR 27); every request then acts for it.
 */
export default function HotlinePage() {
  const t = useT(hotlineMessages);
  const heading = (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
    </>
  );
  return (
    <CallerAuthorityGate heading={heading} title={t('title')}>
      {(authority, bar) => <KnowledgeBase authority={authority} bar={bar} />}
    </CallerAuthorityGate>
  );
}

function KnowledgeBase({ authority, bar }: { authority: CallerAuthority | null; bar: ReactNode }) {
  const t = useT(hotlineMessages);
  const actingFor = authority?.id ?? null;
  const { locale } = useLocale();
  const [input, setInput] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [service, setService] = useState<PublishedService | null>(null);
  const [serviceFailed, setServiceFailed] = useState(false);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const answerRef = useRef<HTMLDivElement>(null);
  const search = useCatalogSearch('hotline', 150, 15, authority?.id);
  usePageTitle(t('title'), errors.length > 0);

  useEffect(() => {
    if (search.error?.status === 400)
      setErrors([{ fieldId: 'hotline-search', message: search.error.detail }]);
  }, [search.error]);

  useEffect(() => {
    if (!selected) return;
    setService(null);
    setServiceFailed(false);
    setCopyState('idle');
    loadService(selected, { headers: actingForHeaders(actingFor) })
      .then(setService)
      .catch(() => setServiceFailed(true));
  }, [selected, actingFor]);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!input.trim()) {
      setErrors([{ fieldId: 'hotline-search', message: t('errorEmpty') }]);
      return;
    }
    setErrors([]);
    void search.submit(input.trim()).then((r) => {
      if (r?.results[0] && !selected) setSelected(r.results[0].slug);
    });
  }

  const answer = service ? readOutText(service.content, locale, service.office) : [];

  async function copy() {
    const text = answer.join('\n');
    try {
      await navigator.clipboard.writeText(text);
      setCopyState('copied');
    } catch {
      // Without clipboard permission: select the text so that Ctrl+C works.
      const range = document.createRange();
      if (answerRef.current) {
        range.selectNodeContents(answerRef.current);
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
      }
      setCopyState('failed');
    }
  }

  const response = search.response;
  const phone = service ? (service.content.contact.phone ?? service.office?.phone ?? null) : null;
  const email = service ? (service.content.contact.email ?? service.office?.email ?? null) : null;

  return (
    <>
      <ErrorSummary errors={errors} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      {bar}
      <div className="bk-hotline">
        <div>
          <search>
            <form onSubmit={submit} noValidate className="bk-search-row">
              <TextField
                id="hotline-search"
                type="search"
                label={t('searchLabel')}
                hint={t('searchHint')}
                autoComplete="off"
                spellCheck={false}
                autoFocus
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
            {response && response.results.length > 0
              ? t('resultCount', { n: response.results.length, q: response.query })
              : ''}
          </div>
          {response && response.results.length === 0 && (
            <Alert tone="info" title={t('noResults', { q: response.query })} />
          )}
          {response && response.results.length > 0 && (
            <ul className="bk-hotline-results" aria-label={t('results')}>
              {response.results.map((r) => (
                <li key={r.id}>
                  <button
                    type="button"
                    className="bk-hotline-result"
                    aria-pressed={selected === r.slug}
                    onClick={() => setSelected(r.slug)}
                  >
                    <strong>
                      <Highlighted segments={r.highlight.name} />
                    </strong>
                    {r.matchedSynonym && (
                      <span className="kern-body--small"> ({t('foundVia', { term: r.matchedSynonym })})</span>
                    )}
                    <br />
                    <span className="kern-body--small">
                      <Highlighted segments={r.highlight.shortText} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>

        <section
          className="bk-hotline-panel"
          aria-labelledby={service ? 'hotline-answer-title' : undefined}
          aria-label={service ? undefined : t('answerTitle')}
        >
          {!selected && <p className="kern-body">{t('chooseHint')}</p>}
          {selected && serviceFailed && <Alert tone="danger" title={t('loadError')} />}
          {selected && !service && !serviceFailed && <Loading />}
          {service && (
            <>
              <h2 className="kern-heading-medium" id="hotline-answer-title">
                {service.content.name[locale]}
              </h2>
              <div>
                <h3 className="kern-heading-small">{t('answerTitle')}</h3>
                <div className="bk-read-out" ref={answerRef} data-testid="read-out">
                  {answer.map((line) => (
                    <p key={line}>{line}</p>
                  ))}
                </div>
              </div>
              <div className="bk-actions">
                <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void copy()}>
                  <span className="kern-icon kern-icon--content-copy" aria-hidden="true" />
                  <span className="kern-label">{t('copy')}</span>
                </button>
                <span role="status" className="kern-body">
                  {copyState === 'copied' ? t('copied') : copyState === 'failed' ? t('copyFailed') : ''}
                </span>
              </div>
              <div>
                <h3 className="kern-heading-small">{t('officeTitle')}</h3>
                <address className="kern-body bk-office">
                  <strong>{service.content.contact.unit}</strong>
                  {service.office && (
                    <>
                      <br />
                      {service.office.authorityName}
                      <br />
                      {service.office.street}, {service.office.postalCode} {service.office.city}
                    </>
                  )}
                  {phone && (
                    <>
                      <br />
                      {t('phone')}: {phone}
                    </>
                  )}
                  {email && (
                    <>
                      <br />
                      {t('email')}: {email}
                    </>
                  )}
                </address>
                {service.content.contact.note && <p className="kern-body">{service.content.contact.note}</p>}
              </div>
              <div className="bk-actions">
                {/*
                  Booking for the caller (#4): the booking module owns /desk/termin and reads
                  ?service=<id> from the address. This link is the hotline's hand-over to it.
                */}
                <Link
                  className="kern-btn kern-btn--primary"
                  href={withCaller(`/desk/termin?service=${service.id}`, authority?.id ?? null)}
                >
                  <span className="kern-label">{t('bookForCaller')}</span>
                </Link>
                <a
                  className="kern-link"
                  href={`${authority ? `/${authority.slug}` : ''}/leistungen/${service.content.slug}`}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  {t('fullDescription')}
                  <span className="kern-icon kern-icon--open-in-new kern-icon--small" aria-hidden="true" />
                </a>
              </div>
            </>
          )}
        </section>
      </div>
    </>
  );
}
