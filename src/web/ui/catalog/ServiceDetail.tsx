import type { ReactNode } from 'react';
import type { ServiceContent } from '../../../core/catalog/content';
import { describeRule, feeKind, feeNeedsCalculator } from '../../../core/catalog/fee-text';
import type { Channel } from '../../../core/catalog/types';
import { Alert } from '../components';
import type { FormError } from '../forms';
import { useFormat, useLocale, useT } from '../i18n';
import { Link } from '../router';
import type { Office } from './catalog-api';
import { FeeCalculator } from './FeeCalculator';
import { catalogMessages } from './messages';
import { NextOfficeDays } from './NextOfficeDays';
import './catalog.css';

export type DetailVariant = 'portal' | 'kiosk' | 'preview';

/** Long texts: paragraphs separated by a blank line; lines starting with "–" become a list. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n{2,}/).map((para, i) => {
        const lines = para.split('\n');
        const items = lines.filter((l) => /^[–-]\s/.test(l));
        const intro = lines.filter((l) => !/^[–-]\s/.test(l));
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs are positional
          <div key={i} className="bk-prose">
            {intro.length > 0 && <p className="kern-body bk-preline">{intro.join('\n')}</p>}
            {items.length > 0 && (
              <ul className="kern-list kern-list--bullet">
                {items.map((l, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
                  <li key={j}>{l.replace(/^[–-]\s/, '')}</li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="bk-service-section">
      <h2 className="kern-heading-medium" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** Prints only the checklist (print styles in catalog.css), then restores the page. */
export function printChecklist(): void {
  const cls = 'bk-print-checklist';
  document.body.classList.add(cls);
  const done = () => {
    document.body.classList.remove(cls);
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
  // Some browsers return from print() only after the dialog closed and fire no afterprint.
  setTimeout(done, 1000);
}

const CHANNEL_ORDER: Channel[] = ['town_hall', 'mobile', 'home_visit', 'terminal', 'online', 'phone'];

/**
 * Every section of a service description, in the order people ask: what it is, what it costs,
 * where to do it, what to bring, how it works, the rules. Used by the portal page, the terminal
 * (large targets, no printing) and the editor's preview.
 */
export function ServiceDetail({
  serviceId,
  content,
  office,
  version,
  publishedAt,
  variant,
  calcErrors,
  onCalcErrors,
}: {
  serviceId: string | null;
  content: ServiceContent;
  office: Office | null;
  version: number | null;
  publishedAt: string | null;
  variant: DetailVariant;
  calcErrors: FormError[];
  onCalcErrors(errors: FormError[]): void;
}) {
  const t = useT(catalogMessages);
  const { locale } = useLocale();
  const fmt = useFormat();
  const de = locale === 'de';
  const german = de ? undefined : 'de';
  const c = content;
  const kind = feeKind(c.fees);
  const required = c.documents.filter((d) => d.required);
  const optional = c.documents.filter((d) => !d.required);
  const bookBase = variant === 'kiosk' ? '/terminal' : '';
  const inPerson = c.channels.some((ch) => ch === 'town_hall' || ch === 'mobile' || ch === 'home_visit');
  const homeMinutes = c.duration.byPlaceKind?.home;

  return (
    <div className={`bk-service${variant === 'kiosk' ? ' bk-service--kiosk' : ''}`}>
      <p className="kern-body kern-body--large bk-lead">{c.shortText[locale]}</p>
      {/* Before the first German-only text, so an English reader knows why German follows (#10). */}
      {!de && (
        <div className="bk-no-print" data-german-only-notice>
          <Alert tone="info" title={t('germanOnly')} />
        </div>
      )}

      <dl className="kern-description-list bk-glance" aria-label={t('atAGlance')}>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t('cost')}</dt>
          <dd className="kern-description-list-item__value">
            {kind === 'free' && t('free')}
            {kind === 'unconfirmed' && t('feeUnconfirmed')}
            {kind === 'charged' && c.fees.rules.map((r) => describeRule(r, locale)).join('; ')}
          </dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">{t('personalAppearance')}</dt>
          <dd className="kern-description-list-item__value">
            {c.personalAppearanceRequired ? t('personalYes') : t('personalNo')}
          </dd>
        </div>
        {c.processingTime && (
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t('processingTime')}</dt>
            <dd className="kern-description-list-item__value" lang={german}>
              {c.processingTime}
            </dd>
          </div>
        )}
        {inPerson && (
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t('appointmentLength')}</dt>
            <dd className="kern-description-list-item__value">
              {homeMinutes && homeMinutes !== c.duration.defaultMinutes
                ? t('minutesHome', { n: c.duration.defaultMinutes, home: homeMinutes })
                : t('minutes', { n: c.duration.defaultMinutes })}
            </dd>
          </div>
        )}
        {c.leikaKey && (
          <div className="kern-description-list-item">
            <dt className="kern-description-list-item__key">{t('leika')}</dt>
            <dd className="kern-description-list-item__value bk-mono">{c.leikaKey}</dd>
          </div>
        )}
      </dl>

      <Section id="channels-title" title={t('channelsTitle')}>
        <ul className="kern-list kern-list--bullet bk-channels">
          {CHANNEL_ORDER.filter((ch) => c.channels.includes(ch)).map((ch) => (
            <li key={ch}>{t(`channel_${ch}`)}</li>
          ))}
        </ul>
        {variant !== 'preview' && serviceId && inPerson && (
          <div className="bk-actions bk-no-print">
            <Link
              className={`kern-btn kern-btn--primary${variant === 'kiosk' ? ' bk-kiosk-button' : ''}`}
              href={`${bookBase}/termin?service=${serviceId}`}
            >
              <span className="kern-label">{t('bookAppointment')}</span>
            </Link>
            {c.channels.includes('mobile') && (
              <Link className="kern-link" href={`${bookBase}/sprechtage?service=${serviceId}`}>
                {t('officeDays')}
              </Link>
            )}
            {variant === 'portal' && c.channels.includes('home_visit') && (
              <Link className="kern-link" href={`/hausbesuch?service=${serviceId}`}>
                {t('requestHomeVisit')}
              </Link>
            )}
          </div>
        )}
        {variant !== 'preview' && serviceId && c.channels.includes('mobile') && (
          <NextOfficeDays serviceId={serviceId} serviceSlug={c.slug} bookBase={bookBase} />
        )}
      </Section>

      <section aria-labelledby="checklist-title" className="bk-service-section bk-checklist">
        <h2 className="kern-heading-medium" id="checklist-title">
          {t('checklistTitle')}
        </h2>
        {c.documents.length === 0 && <p className="kern-body">{t('checklistNone')}</p>}
        {required.length > 0 && (
          <>
            <h3 className="kern-heading-small">{t('checklistRequired')}</h3>
            <ul className="bk-checkbox-list" lang={german}>
              {required.map((d) => (
                <li key={d.item}>
                  <span className="bk-box" aria-hidden="true" />
                  <span>
                    <strong>{d.item}</strong>
                    {d.note && <span className="bk-note"> – {d.note}</span>}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
        {optional.length > 0 && (
          <>
            <h3 className="kern-heading-small">{t('checklistOptional')}</h3>
            <ul className="bk-checkbox-list" lang={german}>
              {optional.map((d) => (
                <li key={d.item}>
                  <span className="bk-box" aria-hidden="true" />
                  <span>
                    {d.item}
                    {d.note && <span className="bk-note"> – {d.note}</span>}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
        {office && (
          <p className="kern-body bk-print-only">
            {c.contact.unit}, {office.authorityName}, {office.street}, {office.postalCode} {office.city}
            {office.phone ? `, ${t('phone')} ${office.phone}` : ''}
          </p>
        )}
        {version !== null && publishedAt && (
          <p className="kern-body kern-body--small bk-print-only">
            {t('printedFrom', { version, date: fmt.shortDate(publishedAt) })}
          </p>
        )}
        {variant === 'portal' && (
          <div className="bk-no-print">
            <button type="button" className="kern-btn kern-btn--secondary" onClick={printChecklist}>
              <span className="kern-icon kern-icon--checklist" aria-hidden="true" />
              <span className="kern-label">{t('printChecklist')}</span>
            </button>
          </div>
        )}
      </section>

      <Section id="fees-title" title={t('feesTitle')}>
        {kind === 'unconfirmed' ? (
          <Alert tone="warning" title={t('feeUnconfirmed')}>
            {c.fees.note && <p className="kern-body">{c.fees.note[locale]}</p>}
          </Alert>
        ) : (
          <>
            <p className="kern-body">
              {kind === 'free' ? t('free') : c.fees.rules.map((r) => describeRule(r, locale)).join('; ')}
            </p>
            {(c.fees.options?.length ?? 0) > 0 && (
              <>
                <h3 className="kern-heading-small">{t('surcharges')}</h3>
                <ul className="kern-list kern-list--bullet">
                  {c.fees.options!.map((o) => (
                    <li key={o.id}>
                      {o.label[locale]}: + {fmt.cents(o.amountCents)}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {(c.fees.waivers?.length ?? 0) > 0 && (
              <>
                <h3 className="kern-heading-small">{t('waivers')}</h3>
                <ul className="kern-list kern-list--bullet">
                  {c.fees.waivers!.map((w) => (
                    <li key={w.id}>
                      {w.label[locale]}
                      {w.legalBasis ? ` (${w.legalBasis})` : ''}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {c.fees.note && <p className="kern-body">{c.fees.note[locale]}</p>}
          </>
        )}
        {c.fees.legalBasis && (
          <p className="kern-body kern-body--small">{t('legalBasisFee', { basis: c.fees.legalBasis })}</p>
        )}
        {variant !== 'preview' && feeNeedsCalculator(c.fees) && (
          <FeeCalculator schedule={c.fees} errors={calcErrors} onErrors={onCalcErrors} />
        )}
      </Section>

      {c.prerequisites.length > 0 && (
        <Section id="prerequisites-title" title={t('prerequisitesTitle')}>
          <ul className="kern-list kern-list--bullet" lang={german}>
            {c.prerequisites.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Section>
      )}

      <Section id="description-title" title={t('descriptionTitle')}>
        <div lang={german}>
          <Prose text={c.description} />
        </div>
        {c.easyReadText && (
          <details className="kern-accordion bk-no-print">
            <summary className="kern-accordion__header">
              <span className="kern-icon kern-icon--easy-language" aria-hidden="true" />
              <span className="kern-title">{t('easyReadTitle')}</span>
            </summary>
            <section className="kern-accordion__body" lang="de">
              <p className="kern-body bk-preline">{c.easyReadText}</p>
            </section>
          </details>
        )}
      </Section>

      {c.procedure.length > 0 && (
        <Section id="procedure-title" title={t('procedureTitle')}>
          <ol className="kern-list kern-list--number bk-steps" lang={german}>
            {c.procedure.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ol>
        </Section>
      )}

      {c.deadlines && (
        <Section id="deadlines-title" title={t('deadlinesTitle')}>
          <p className="kern-body" lang={german}>
            {c.deadlines}
          </p>
        </Section>
      )}

      {c.forms.length > 0 && (
        <Section id="forms-title" title={t('formsTitle')}>
          <ul className="kern-list kern-list--bullet" lang={german}>
            {c.forms.map((f) => (
              <li key={f.title}>
                {f.url && variant !== 'kiosk' ? (
                  <a className="kern-link" href={f.url} target="_blank" rel="noopener noreferrer">
                    {f.title} <span className="kern-sr-only">{t('opensNewWindow')}</span>
                  </a>
                ) : (
                  f.title
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}

      {c.notes && (
        <Section id="notes-title" title={t('notesTitle')}>
          <div lang={german}>
            <Prose text={c.notes} />
          </div>
        </Section>
      )}

      {c.legalBases.length > 0 && (
        <Section id="legal-title" title={t('legalTitle')}>
          <ul className="kern-list kern-list--bullet" lang={german}>
            {c.legalBases.map((l) => (
              <li key={l.title}>
                {l.url && variant !== 'kiosk' ? (
                  <a className="kern-link" href={l.url} target="_blank" rel="noopener noreferrer">
                    {l.title} <span className="kern-sr-only">{t('opensNewWindow')}</span>
                  </a>
                ) : (
                  l.title
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section id="office-title" title={t('officeTitle')}>
        <address className="kern-body bk-office">
          <strong lang={german}>{c.contact.unit}</strong>
          {office && (
            <>
              <br />
              {office.authorityName}
              <br />
              {office.street}
              <br />
              {office.postalCode} {office.city}
            </>
          )}
          {(c.contact.phone ?? office?.phone) && (
            <>
              <br />
              {t('phone')}: {/* The terminal has no phone and no mail program: no links out of it (#10). */}
              {variant === 'kiosk' ? (
                (c.contact.phone ?? office!.phone)
              ) : (
                <a
                  className="kern-link"
                  href={`tel:${(c.contact.phone ?? office!.phone)!.replace(/[^\d+]/g, '')}`}
                >
                  {c.contact.phone ?? office!.phone}
                </a>
              )}
            </>
          )}
          {(c.contact.email ?? office?.email) && (
            <>
              <br />
              {t('email')}:{' '}
              {variant === 'kiosk' ? (
                (c.contact.email ?? office!.email)
              ) : (
                <a className="kern-link" href={`mailto:${c.contact.email ?? office!.email}`}>
                  {c.contact.email ?? office!.email}
                </a>
              )}
            </>
          )}
        </address>
        {c.contact.note && (
          <p className="kern-body" lang={german}>
            {c.contact.note}
          </p>
        )}
      </Section>

      {version !== null && publishedAt && (
        <p className="kern-body kern-body--small bk-no-print">
          {t('version', { version, date: fmt.shortDate(publishedAt) })}
        </p>
      )}
    </div>
  );
}
