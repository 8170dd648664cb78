import { useEffect, useState } from 'react';
import { ApiError } from '../../ui/api';
import { type AttendanceView, bookingApi } from '../../ui/booking-api';
import { Alert, Loading } from '../../ui/components';
import { Button, ErrorSummary, formErrorsFrom, usePageTitle } from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { Link } from '../../ui/router';
import { attendanceMessages } from './attendance-messages';

/**
 * "Kommen Sie? Ja / Absagen" (#14): the page behind the link in the request
 * (/termin/kommen/<token>). No sign-in: the token is good for this one appointment's answer only
 * and goes to the server in request bodies, never in an API URL. Both answers are idempotent, so
 * a double click or a reload after answering shows the same result.
 */
export function ConfirmAttendance({ token, base }: { token: string; base: string }) {
  const t = useT(attendanceMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const [view, setView] = useState<AttendanceView | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    bookingApi
      .attendance(token)
      .then(setView)
      .catch((error) => {
        if (error instanceof ApiError && error.code === 'CONFIRMATION_TOKEN_INVALID') setNotFound(true);
        else setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
      });
  }, [token, c]);

  const state = view?.state;
  const title = notFound
    ? t('notFoundTitle')
    : state === 'confirmed'
      ? t('confirmedTitle')
      : state === 'cancelled'
        ? t('cancelledTitle')
        : state === 'released'
          ? t('releasedTitle')
          : state === 'over'
            ? t('overTitle')
            : t('title');
  usePageTitle(title, !!general);

  if (notFound) {
    return (
      <>
        <h1 className="kern-heading-large">{t('notFoundTitle')}</h1>
        <p className="kern-body">{t('notFoundText')}</p>
      </>
    );
  }
  if (!view) return general ? <ErrorSummary errors={[]} general={general} /> : <Loading />;

  async function answer(kind: 'yes' | 'no') {
    if (busy) return;
    setBusy(true);
    try {
      setView(await (kind === 'yes' ? bookingApi.attend(token) : bookingApi.notAttend(token)));
      setGeneral(undefined);
    } catch (error) {
      setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
      // The state may have changed meanwhile (released at the deadline): show what holds now.
      bookingApi.attendance(token).then(setView, () => undefined);
    } finally {
      setBusy(false);
    }
  }

  const rebook = `${base}?leistungen=${view.services.map((s) => s.id).join(',')}`;
  const summary = (
    <dl className="bk-summary">
      {[
        [t('bookingNumber'), view.bookingNumber],
        [t('what'), view.services.map((s) => s.name[locale]).join(', ')],
        [
          t('when'),
          t('whenValue', {
            date: f.date(view.startsAt),
            from: f.time(view.startsAt),
            to: f.time(view.endsAt),
          }),
        ],
        [t('where'), `${view.location.name}, ${view.location.address}`],
      ].map(([label, value]) => (
        <div className="bk-summary__row" key={label}>
          <dt className="bk-summary__key">{label}</dt>
          <dd className="bk-summary__value">{value}</dd>
        </div>
      ))}
    </dl>
  );

  return (
    <>
      <ErrorSummary errors={[]} general={general} />
      <h1 className="kern-heading-large">{title}</h1>
      {state === 'open' && <p className="kern-body">{t('intro', { deadline: f.dateTime(view.deadline) })}</p>}
      {state === 'confirmed' && <Alert tone="success" title={t('confirmedText')} role="status" />}
      {state === 'cancelled' && <Alert tone="success" title={t('cancelledText')} role="status" />}
      {state === 'released' && <Alert tone="warning" title={t('releasedText')} role="status" />}
      {state === 'over' && <p className="kern-body">{t('overText')}</p>}
      {summary}
      {(state === 'open' || state === 'confirmed') && (
        <>
          {state === 'confirmed' && <p className="kern-body">{t('changeMind')}</p>}
          <div className="bk-actions">
            {state === 'open' && (
              <Button type="button" onClick={() => answer('yes')} aria-disabled={busy}>
                {t('yes')}
              </Button>
            )}
            <Button type="button" variant="secondary" onClick={() => answer('no')} aria-disabled={busy}>
              {t('no')}
            </Button>
          </div>
        </>
      )}
      {(state === 'cancelled' || state === 'released') && (
        <p className="kern-body">
          <Link className="kern-link" href={rebook}>
            {t('rebook')}
          </Link>
        </p>
      )}
    </>
  );
}
