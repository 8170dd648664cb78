import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../ui/api';
import { type Appointment, bookingApi, type DayAvailability, type ManageView } from '../../ui/booking-api';
import { Alert, BackLink, Loading, StatusBadge } from '../../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  usePageTitle,
} from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { Link, usePortalHref } from '../../ui/router';
import { bookingMessages } from './messages';

/**
 * The page behind the manage link from the confirmation (/termin/verwalten/<token>): see the
 * appointment, add it to the calendar, move it to another time or cancel it. The token goes to the
 * server in request bodies only, never in an API URL path the server would log.
 */
type Mode = 'view' | 'cancel' | 'cancelled' | 'change-day' | 'change-time' | 'changed';

export function ManageBooking({ token, base }: { token: string; base: string }) {
  const t = useT(bookingMessages);
  const portalHref = usePortalHref();
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const [view, setView] = useState<ManageView | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [mode, setMode] = useState<Mode>('view');
  const [days, setDays] = useState<DayAvailability[] | null>(null);
  const [dayId, setDayId] = useState<string[]>([]);
  const [slots, setSlots] = useState<DayAvailability | null>(null);
  const [time, setTime] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [cancelled, setCancelled] = useState<Appointment | null>(null);

  const title =
    mode === 'cancel'
      ? t('cancelConfirmTitle')
      : mode === 'cancelled'
        ? t('cancelledTitle')
        : mode === 'change-day'
          ? t('changeDayTitle')
          : mode === 'change-time'
            ? t('changeTimeTitle')
            : mode === 'changed'
              ? t('changedTitle')
              : notFound
                ? t('manageNotFoundTitle')
                : t('manageTitle');
  usePageTitle(title, errors.length > 0 || !!general);

  const load = useCallback(() => {
    bookingApi
      .manage(token)
      .then(setView)
      .catch((error) => {
        if (error instanceof ApiError && error.code === 'BOOKING_TOKEN_INVALID') setNotFound(true);
        else setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
      });
  }, [token, c]);
  useEffect(load, [load]);

  function fail(error: unknown, field?: string) {
    if (field && error instanceof ApiError && ['SLOT_TAKEN', 'SLOT_OUTSIDE_WINDOW'].includes(error.code)) {
      setErrors([{ fieldId: field, message: error.detail }]);
      setGeneral(undefined);
      return;
    }
    setErrors([]);
    setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
  }

  if (notFound) {
    return (
      <>
        <h1 className="kern-heading-large">{t('manageNotFoundTitle')}</h1>
        <p className="kern-body">{t('manageNotFoundText')}</p>
      </>
    );
  }
  if (!view) return general ? <ErrorSummary errors={[]} general={general} /> : <Loading />;
  const a = view.appointment;
  const serviceIds = a.services.map((s) => s.id);
  const rebook = `${base}?leistungen=${serviceIds.join(',')}&ort=${a.location.slug}`;

  async function cancel(e: FormEvent) {
    e.preventDefault();
    try {
      setCancelled(await bookingApi.cancel(token));
      setMode('cancelled');
      setGeneral(undefined);
    } catch (error) {
      fail(error);
    }
  }

  async function startChange() {
    setErrors([]);
    setGeneral(undefined);
    try {
      const list = await bookingApi.days(serviceIds, a.location.slug);
      setDays(list.filter((d) => d.bookingOpen && (d.freeSlots > 0 || d.officeDay.id === a.officeDayId)));
      setDayId([]);
      setMode('change-day');
    } catch (error) {
      fail(error);
    }
  }

  async function chooseDay(e: FormEvent) {
    e.preventDefault();
    if (!dayId[0]) return setErrors([{ fieldId: 'change-day', message: t('dayMissing') }]);
    setErrors([]);
    try {
      setSlots(await bookingApi.slots(dayId[0], serviceIds));
      setTime([]);
      setMode('change-time');
    } catch (error) {
      fail(error);
    }
  }

  async function chooseTime(e: FormEvent) {
    e.preventDefault();
    if (!time[0]) return setErrors([{ fieldId: 'change-time', message: t('timeMissing') }]);
    setErrors([]);
    try {
      await bookingApi.reschedule(token, dayId[0]!, time[0]);
      setMode('changed');
      setGeneral(undefined);
      load();
    } catch (error) {
      fail(error, 'change-time');
      if (error instanceof ApiError && error.code === 'SLOT_TAKEN') {
        setSlots(await bookingApi.slots(dayId[0]!, serviceIds).catch(() => slots));
      }
    }
  }

  const statusBadge = (status: string) =>
    status === 'booked' ? (
      <StatusBadge tone="success">{t('statusBooked')}</StatusBadge>
    ) : status === 'cancelled' ? (
      <StatusBadge tone="danger">{t('statusCancelled')}</StatusBadge>
    ) : status === 'attended' ? (
      <StatusBadge tone="info">{t('statusAttended')}</StatusBadge>
    ) : (
      <StatusBadge tone="warning">{t('statusNoShow')}</StatusBadge>
    );

  if (mode === 'cancel') {
    return (
      <>
        <BackLink href="#" onClick={() => setMode('view')} />
        <ErrorSummary errors={errors} general={general} />
        <h1 className="kern-heading-large">{t('cancelConfirmTitle')}</h1>
        <p className="kern-body">
          {f.date(a.startsAt)}, {t('timeOption', { time: f.time(a.startsAt) })} – {a.location.name}
        </p>
        <p className="kern-body">{t('cancelConfirmText')}</p>
        <form onSubmit={cancel} noValidate className="bk-actions">
          <Button>{t('cancelYes')}</Button>
          <Button type="button" variant="secondary" onClick={() => setMode('view')}>
            {t('cancelNo')}
          </Button>
        </form>
      </>
    );
  }
  if (mode === 'cancelled' && cancelled) {
    return (
      <>
        <h1 className="kern-heading-large">{t('cancelledTitle')}</h1>
        <Alert tone="success" title={t('cancelledText')} role="status" />
        <p className="kern-body">
          <Link className="kern-link" href={rebook}>
            {t('rebook')}
          </Link>
        </p>
      </>
    );
  }
  if (mode === 'change-day' && days) {
    return (
      <>
        <BackLink href="#" onClick={() => setMode('view')} />
        <ErrorSummary errors={errors} general={general} />
        {days.length === 0 ? (
          <>
            <h1 className="kern-heading-large">{t('changeDayTitle')}</h1>
            <p className="kern-body">{t('noDays')}</p>
          </>
        ) : (
          <form className="bk-form" onSubmit={chooseDay} noValidate>
            <ChoiceGroup
              id="change-day"
              legend={t('changeDayTitle')}
              legendIsHeading
              hint={t('dayHint', {
                location: a.location.name,
                address: `${a.location.street}, ${a.location.city}`,
              })}
              error={errorFor(errors, 'change-day')}
              type="radio"
              name="change-day"
              options={days.map((d) => ({
                value: d.officeDay.id,
                label: t('dayOption', {
                  date: f.date(d.officeDay.date),
                  from: d.officeDay.startTime,
                  to: d.officeDay.endTime,
                }),
                hint: d.freeSlots === 1 ? t('freeTime') : t('freeTimes', { count: d.freeSlots }),
              }))}
              value={dayId}
              onChange={setDayId}
            />
            <div>
              <Button>{c('continue')}</Button>
            </div>
          </form>
        )}
      </>
    );
  }
  if (mode === 'change-time' && slots) {
    const offered = slots.slots ?? [];
    return (
      <>
        <BackLink href="#" onClick={() => setMode('change-day')} />
        <ErrorSummary errors={errors} general={general} />
        {offered.length === 0 ? (
          <>
            <h1 className="kern-heading-large">{t('changeTimeTitle')}</h1>
            <p className="kern-body">{t('noTimes')}</p>
          </>
        ) : (
          <form className="bk-form" onSubmit={chooseTime} noValidate>
            <ChoiceGroup
              id="change-time"
              legend={t('changeTimeTitle')}
              legendIsHeading
              hint={f.date(slots.officeDay.date)}
              error={errorFor(errors, 'change-time')}
              type="radio"
              name="change-time"
              options={offered.map((s) => ({
                value: s.startsAt,
                label: t('timeOption', { time: f.time(s.startsAt) }),
                hint: t('timeOptionHint', { time: f.time(s.endsAt) }),
              }))}
              value={time}
              onChange={setTime}
            />
            <div>
              <Button>{t('changeSubmit')}</Button>
            </div>
          </form>
        )}
      </>
    );
  }

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{mode === 'changed' ? t('changedTitle') : t('manageTitle')}</h1>
      <p>{statusBadge(a.status)}</p>
      <dl className="bk-summary">
        {[
          [t('bookingNumber'), a.bookingNumber],
          [t('rowServices'), a.services.map((s) => s.name[locale]).join(', ')],
          [t('rowDay'), f.date(a.startsAt)],
          [
            t('rowTime'),
            `${t('timeOption', { time: f.time(a.startsAt) })} – ${t('timeOption', { time: f.time(a.endsAt) })}`,
          ],
          [
            t('rowPlace'),
            `${a.location.name}, ${a.location.street}, ${a.location.postalCode} ${a.location.city}`,
          ],
          [t('rowName'), a.name ?? ''],
        ].map(([label, value]) => (
          <div className="bk-summary__row" key={label}>
            <dt className="bk-summary__key">{label}</dt>
            <dd
              className="bk-summary__value"
              data-testid={label === t('bookingNumber') ? 'manage-number' : undefined}
            >
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {a.status === 'booked' && (
        <>
          <p className="kern-body">
            <a
              className="kern-link"
              href={portalHref(`/api/booking/manage/calendar.ics?token=${encodeURIComponent(token)}`)}
              download
            >
              {t('calendarDownload')}
            </a>
          </p>
          {!view.canChange && <p className="kern-body">{t('changeClosed')}</p>}
          <div className="bk-actions">
            {view.canChange && (
              <Button type="button" variant="secondary" onClick={() => void startChange()}>
                {t('changeButton')}
              </Button>
            )}
            {view.canCancel && (
              <Button
                type="button"
                variant="secondary"
                onClick={() => {
                  setErrors([]);
                  setMode('cancel');
                }}
              >
                {t('cancelButton')}
              </Button>
            )}
          </div>
        </>
      )}
      {a.status === 'cancelled' && (
        <p className="kern-body">
          <Link className="kern-link" href={rebook}>
            {t('rebook')}
          </Link>
        </p>
      )}
    </>
  );
}
