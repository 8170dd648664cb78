import { useEffect, useState } from 'react';
import type { ServiceDocument } from '../../../core/catalog/content';
import { stripPortalBase } from '../../../core/portal';
import { loadService } from '../../ui/catalog/catalog-api';
import { Alert } from '../../ui/components';
import { usePageTitle } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { portalBase } from '../../ui/portal-base';
import { Link, usePortalHref } from '../../ui/router';
import { confirmationMessages } from './confirmation-messages';
import type { BookingDone } from './draft';

interface Checklist {
  serviceId: string;
  slug: string;
  name: string;
  documents: ServiceDocument[] | null;
}

/**
 * "Ihr Termin ist gebucht" (#10 point 9): what (the services), when (Berlin time), where (the
 * address and how to get in, no map), the appointment for the calendar (.ics), what to bring
 * (the catalogue's documents for each booked service) and what happens next. On the terminal no
 * calendar file (a download would stay on the public machine) and no manage link.
 */
export function BookingConfirmation({
  result,
  base,
  channel,
  onBookAnother,
}: {
  result: BookingDone;
  base: string;
  channel: 'portal' | 'terminal';
  onBookAnother: () => void;
}) {
  const t = useT(confirmationMessages);
  const f = useFormat();
  const { locale } = useLocale();
  usePageTitle(t('title'));
  const appointment = result.appointment;
  const [checklists, setChecklists] = useState<Checklist[] | null>(null);

  useEffect(() => {
    if (!appointment) return;
    let live = true;
    void Promise.all(
      appointment.services.map((s) =>
        loadService(s.slug)
          .then((p) => p.content.documents)
          .catch(() => null)
          .then((documents) => ({ serviceId: s.id, slug: s.slug, name: s.name[locale], documents })),
      ),
    ).then((lists) => {
      if (live) setChecklists(lists);
    });
    return () => {
      live = false;
    };
  }, [appointment, locale]);

  const portalHref = usePortalHref();
  // The manage address in the app's terms (without a portal prefix; Link adds the page's own).
  const managePath = stripPortalBase(
    portalBase(),
    new URL(result.manageUrl, window.location.origin).pathname,
  );
  const calendarHref = result.manageToken
    ? portalHref(`/api/booking/manage/calendar.ics?token=${encodeURIComponent(result.manageToken)}`)
    : null;
  const l = appointment?.location;

  return (
    <>
      <div className="bk-panel" data-testid="booking-confirmation">
        <h1 className="kern-heading-large">{t('title')}</h1>
        <p className="kern-body">{t('bookingNumber')}</p>
        <p className="bk-panel__number" data-testid="booking-number">
          {result.bookingNumber}
        </p>
      </div>

      {appointment && l && (
        <section aria-labelledby="appointment-title" className="bk-confirmation">
          <h2 className="kern-heading-medium" id="appointment-title">
            {t('summary')}
          </h2>
          <dl className="bk-summary" data-testid="appointment-summary">
            <div className="bk-summary__row">
              <dt className="bk-summary__key">{t('what')}</dt>
              <dd className="bk-summary__value">
                <ul className="kern-list">
                  {appointment.services.map((s) => (
                    <li key={s.id}>{s.name[locale]}</li>
                  ))}
                </ul>
              </dd>
            </div>
            <div className="bk-summary__row">
              <dt className="bk-summary__key">{t('when')}</dt>
              <dd className="bk-summary__value" data-testid="appointment-when">
                {t('whenValue', {
                  date: f.date(appointment.startsAt),
                  from: f.time(appointment.startsAt),
                  to: f.time(appointment.endsAt),
                })}
              </dd>
            </div>
            <div className="bk-summary__row">
              <dt className="bk-summary__key">{t('where')}</dt>
              <dd className="bk-summary__value" data-testid="appointment-where">
                {result.video && (
                  <p className="kern-body" data-testid="appointment-video">
                    <strong>{t('whereVideo')}</strong>
                  </p>
                )}
                <address className="bk-address">
                  {l.name}
                  <br />
                  {l.street}
                  <br />
                  {l.postalCode} {l.city}
                  {l.villageName && l.villageName !== l.city && ` (${l.villageName})`}
                </address>
                <p className="kern-body kern-body--small">{l.stepFree ? t('stepFree') : t('notStepFree')}</p>
                {l.accessibilityNotes && (
                  <p className="kern-body kern-body--small" lang="de">
                    {l.accessibilityNotes}
                  </p>
                )}
              </dd>
            </div>
          </dl>
          {channel === 'portal' && calendarHref && (
            <p className="kern-body">
              <a
                className="kern-link"
                href={calendarHref}
                download="termin.ics"
                data-testid="add-to-calendar"
              >
                <span className="kern-icon kern-icon--calendar-today kern-icon--small" aria-hidden="true" />{' '}
                {t('addToCalendar')}
              </a>
              <br />
              <span className="kern-body--small">{t('addToCalendarHint')}</span>
            </p>
          )}
        </section>
      )}

      <section aria-labelledby="bring-title" data-testid="what-to-bring">
        <h2 className="kern-heading-medium" id="bring-title">
          {t('bringTitle')}
        </h2>
        {locale !== 'de' && checklists?.some((c) => c.documents?.length) && (
          <Alert tone="info" title={t('germanOnly')} />
        )}
        {!appointment || checklists?.every((c) => c.documents === null) ? (
          <p className="kern-body">{t('bringFallback')}</p>
        ) : (
          checklists?.map((c) => {
            const required = c.documents?.filter((d) => d.required) ?? [];
            const optional = c.documents?.filter((d) => !d.required) ?? [];
            return (
              <div key={c.serviceId} className="bk-bring">
                <h3 className="kern-heading-small">{t('bringFor', { service: c.name })}</h3>
                {c.documents === null && <p className="kern-body">{t('bringFallback')}</p>}
                {c.documents?.length === 0 && <p className="kern-body">{t('bringNothing')}</p>}
                {required.length > 0 && (
                  <ul className="kern-list kern-list--bullet" lang="de">
                    {required.map((d) => (
                      <li key={d.item}>
                        {d.item}
                        {d.note && <span className="bk-note"> – {d.note}</span>}
                      </li>
                    ))}
                  </ul>
                )}
                {optional.length > 0 && (
                  <>
                    <p className="kern-body">{t('bringOptional')}</p>
                    <ul className="kern-list kern-list--bullet" lang="de">
                      {optional.map((d) => (
                        <li key={d.item}>
                          {d.item}
                          {d.note && <span className="bk-note"> – {d.note}</span>}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <p className="kern-body kern-body--small">
                  <Link
                    className="kern-link"
                    href={`${channel === 'terminal' ? '/terminal' : ''}/leistungen/${c.slug}`}
                  >
                    {t('bringMore', { service: c.name })}
                  </Link>
                </p>
              </div>
            );
          })
        )}
      </section>

      <section aria-labelledby="next-title" data-testid="what-next">
        <h2 className="kern-heading-medium" id="next-title">
          {t('nextTitle')}
        </h2>
        <ul className="kern-list kern-list--bullet">
          {result.email && <li>{t('nextMail', { email: result.email })}</li>}
          {!result.email && result.phone && <li>{t('nextSms', { phone: result.phone })}</li>}
          <li>{t('nextReminder')}</li>
          <li>{t('nextChange')}</li>
          <li>{result.video ? t('nextVideo') : t('nextCome')}</li>
        </ul>
        {channel === 'portal' ? (
          <p className="kern-body">
            <Link className="kern-link" href={managePath}>
              {t('manage')}
            </Link>
            <br />
            <span className="kern-body--small">{t('manageHint')}</span>
          </p>
        ) : (
          <p className="kern-body">{t('terminalNote')}</p>
        )}
      </section>

      <p className="kern-body">
        <Link className="kern-link" href={base} onClick={() => onBookAnother()}>
          {t('bookAnother')}
        </Link>
      </p>
    </>
  );
}
