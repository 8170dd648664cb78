import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { isEmail, normalisePhone } from '../../../core/booking/contact';
import { get, post } from '../../ui/api';
import {
  type Appointment,
  type BookableService,
  type BookingLocation,
  bookingApi,
  type DayAvailability,
  newIdempotencyKey,
} from '../../ui/booking-api';
import { Alert, Loading, StatusBadge } from '../../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  SelectField,
  TextArea,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { useSearch } from '../../ui/router';
import { actingForHeaders, CallerAuthorityGate } from '../hotline/caller-authority';
import { deskBookingMessages } from './messages';

/**
 * One form for the 115 hotline and the desk: matters → place → office day → time → contact.
 * `?service=<id>` (from the hotline's knowledge base) preselects the matter. An agent of the 115
 * service centre books for the caller's authority (`?fuer=<id>`, picked here or in the knowledge
 * base): every request of the form then carries X-Acting-For (ADR 27).
 */
export default function DeskBookingPage() {
  const t = useT(deskBookingMessages);
  const heading = (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
    </>
  );
  return (
    <CallerAuthorityGate heading={heading} title={t('title')}>
      {(authority, bar) => <DeskBookingForm actingFor={authority?.id ?? null} bar={bar} />}
    </CallerAuthorityGate>
  );
}

function DeskBookingForm({ actingFor, bar }: { actingFor: string | null; bar: ReactNode }) {
  const t = useT(deskBookingMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const search = useSearch();
  const [services, setServices] = useState<BookableService[] | null>(null);
  const [chosen, setChosen] = useState<string[]>(() =>
    search
      .getAll('service')
      .flatMap((s) => s.split(','))
      .filter(Boolean),
  );
  const [locations, setLocations] = useState<BookingLocation[]>([]);
  const [location, setLocation] = useState('');
  const [days, setDays] = useState<DayAvailability[]>([]);
  const [dayId, setDayId] = useState('');
  const [slots, setSlots] = useState<DayAvailability | null>(null);
  const [startsAt, setStartsAt] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [booked, setBooked] = useState<Appointment | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  usePageTitle(t('title'), errors.length > 0 || !!general);
  // The same for every request of this form (the authority remounts it).
  const [acting] = useState(() => ({ headers: actingForHeaders(actingFor) }));

  useEffect(() => {
    void bookingApi.services(acting).then(setServices);
  }, [acting]);
  const serviceKey = chosen.join(',');
  useEffect(() => {
    setLocations([]);
    if (!serviceKey) return;
    void bookingApi.locations(serviceKey.split(','), acting).then(
      (list) => {
        setLocations(list);
        setLocation((current) => (list.some((l) => l.location.slug === current) ? current : ''));
      },
      () => {},
    );
  }, [serviceKey, acting]);
  useEffect(() => {
    setDays([]);
    setDayId('');
    if (!serviceKey || !location) return;
    void bookingApi.days(serviceKey.split(','), location, acting).then(
      (list) => setDays(list.filter((d) => d.bookingOpen && d.freeSlots > 0)),
      () => {},
    );
  }, [serviceKey, location, acting]);
  useEffect(() => {
    setSlots(null);
    setStartsAt('');
    if (!serviceKey || !dayId) return;
    void bookingApi.slots(dayId, serviceKey.split(','), acting).then(setSlots, () => {});
  }, [serviceKey, dayId, acting]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (chosen.length === 0) local.push({ fieldId: 'db-services', message: t('servicesMissing') });
    if (!location) local.push({ fieldId: 'db-location', message: t('locationMissing') });
    if (!dayId) local.push({ fieldId: 'db-day', message: t('dayMissing') });
    if (!startsAt) local.push({ fieldId: 'db-time', message: t('timeMissing') });
    if (!name.trim()) local.push({ fieldId: 'db-name', message: t('nameMissing') });
    if (email.trim() && !isEmail(email)) local.push({ fieldId: 'db-email', message: t('emailInvalid') });
    if (phone.trim() && !normalisePhone(phone))
      local.push({ fieldId: 'db-phone', message: t('phoneInvalid') });
    if (!email.trim() && !phone.trim()) local.push({ fieldId: 'db-email', message: t('contactMissing') });
    setErrors(local);
    setGeneral(undefined);
    if (local.length) return;
    try {
      const appointment = await post<Appointment>(
        '/api/booking/staff/appointments',
        {
          officeDayId: dayId,
          startsAt,
          serviceIds: chosen,
          contact: { name: name.trim(), email: email.trim() || null, phone: phone.trim() || null },
          note: note.trim() || null,
          locale,
        },
        { headers: { ...acting.headers, 'idempotency-key': key } },
      );
      setBooked(appointment);
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        {
          '/contact/name': 'db-name',
          '/contact/email': 'db-email',
          '/contact/phone': 'db-phone',
          '/startsAt': 'db-time',
          '/serviceIds': 'db-services',
        },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
      if (dayId) void bookingApi.slots(dayId, chosen, acting).then(setSlots, () => {});
      setKey(newIdempotencyKey());
    }
  }

  function again() {
    setBooked(null);
    setStartsAt('');
    setName('');
    setEmail('');
    setPhone('');
    setNote('');
    setKey(newIdempotencyKey());
    if (dayId) void bookingApi.slots(dayId, chosen, acting).then(setSlots, () => {});
  }

  if (!services) return <Loading />;
  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      {bar}
      {booked ? (
        <>
          <Alert tone="success" title={t('booked', { number: booked.bookingNumber })} role="status">
            <p className="kern-body" data-testid="desk-booking-number">
              {t('bookedText', {
                name: booked.name ?? '',
                date: f.date(booked.startsAt),
                time: f.time(booked.startsAt),
                location: booked.location.name,
              })}
            </p>
          </Alert>
          <div>
            <Button type="button" onClick={again}>
              {t('newBooking')}
            </Button>
          </div>
        </>
      ) : (
        <form className="bk-form" onSubmit={submit} noValidate>
          <ChoiceGroup
            id="db-services"
            legend={t('services')}
            type="checkbox"
            name="db-services"
            options={services.map((s) => ({ value: s.id, label: s.name[locale] }))}
            value={chosen}
            onChange={setChosen}
            error={errorFor(errors, 'db-services')}
          />
          <SelectField
            id="db-location"
            label={t('location')}
            value={location}
            onChange={(e) => setLocation(e.target.value)}
            error={errorFor(errors, 'db-location')}
            options={[
              { value: '', label: chosen.length ? t('choose') : t('chooseServicesFirst') },
              ...locations.map((l) => ({
                value: l.location.slug,
                label: `${l.location.name} (${l.location.villageName ?? l.location.city})`,
              })),
            ]}
          />
          <SelectField
            id="db-day"
            label={t('day')}
            value={dayId}
            onChange={(e) => setDayId(e.target.value)}
            error={errorFor(errors, 'db-day')}
            options={[
              {
                value: '',
                label: location ? (days.length ? t('choose') : t('noDays')) : t('chooseLocationFirst'),
              },
              ...days.map((d) => ({
                value: d.officeDay.id,
                label: t('dayOption', {
                  date: f.date(d.officeDay.date),
                  from: d.officeDay.startTime,
                  to: d.officeDay.endTime,
                  free: d.freeSlots,
                }),
              })),
            ]}
          />
          <SelectField
            id="db-time"
            label={t('time')}
            value={startsAt}
            onChange={(e) => setStartsAt(e.target.value)}
            error={errorFor(errors, 'db-time')}
            options={[
              { value: '', label: dayId ? t('choose') : t('chooseDayFirst') },
              ...(slots?.slots ?? []).map((s) => ({
                value: s.startsAt,
                label: t('timeOption', { from: f.time(s.startsAt), to: f.time(s.endsAt) }),
              })),
            ]}
          />
          <TextField
            id="db-name"
            label={t('name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errorFor(errors, 'db-name')}
          />
          <TextField
            id="db-email"
            type="email"
            label={t('email')}
            hint={t('contactHint')}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errorFor(errors, 'db-email')}
          />
          <TextField
            id="db-phone"
            type="tel"
            label={t('phone')}
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            error={errorFor(errors, 'db-phone')}
          />
          <TextArea
            id="db-note"
            label={t('note')}
            optional
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div>
            <Button>{t('submit')}</Button>
          </div>
        </form>
      )}
      {/* Searching and cancelling appointments is the authority's own work, not the 115's. */}
      {!actingFor && <AppointmentSearch />}
    </>
  );
}

function AppointmentSearch() {
  const t = useT(deskBookingMessages);
  const c = useT(common);
  const f = useFormat();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Appointment[] | null>(null);
  const [message, setMessage] = useState<string>();
  const [general, setGeneral] = useState<string>();

  async function find(e?: FormEvent) {
    e?.preventDefault();
    if (q.trim().length < 2) return;
    try {
      setResults(
        (
          await get<{ appointments: Appointment[] }>(
            `/api/booking/staff/appointments?q=${encodeURIComponent(q.trim())}`,
          )
        ).appointments,
      );
      setGeneral(undefined);
    } catch (error) {
      setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
    }
  }
  async function cancel(a: Appointment) {
    try {
      await post(`/api/booking/staff/appointments/${a.id}/cancel`);
      setMessage(t('cancelled', { number: a.bookingNumber }));
      await find();
    } catch (error) {
      setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
    }
  }
  return (
    <section aria-labelledby="search-title">
      <h2 className="kern-heading-medium" id="search-title">
        {t('searchTitle')}
      </h2>
      {general && <Alert tone="danger" title={general} role="alert" />}
      {message && <Alert tone="success" title={message} role="status" />}
      <form className="bk-form" onSubmit={find} noValidate>
        <TextField id="db-search" label={t('search')} value={q} onChange={(e) => setQ(e.target.value)} />
        <div>
          <Button variant="secondary">{t('searchButton')}</Button>
        </div>
      </form>
      {results && results.length === 0 && <p className="kern-body">{t('noResults')}</p>}
      {results && results.length > 0 && (
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped">
            <thead className="kern-table__header">
              <tr className="kern-table__row">
                <th className="kern-table__cell" scope="col">
                  {t('colNumber')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colWhen')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colWhere')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colName')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colStatus')}
                </th>
                <th className="kern-table__cell" scope="col">
                  {t('colActions')}
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {results.map((a) => (
                <tr className="kern-table__row" key={a.id}>
                  <td className="kern-table__cell bk-mono">{a.bookingNumber}</td>
                  <td className="kern-table__cell">{f.dateTime(a.startsAt)}</td>
                  <td className="kern-table__cell">{a.location.name}</td>
                  <td className="kern-table__cell">{a.name}</td>
                  <td className="kern-table__cell">
                    <StatusBadge
                      tone={a.status === 'booked' ? 'success' : a.status === 'cancelled' ? 'danger' : 'info'}
                    >
                      {t(`status_${a.status}` as 'status_booked')}
                    </StatusBadge>
                  </td>
                  <td className="kern-table__cell">
                    {a.status === 'booked' && (
                      <Button type="button" variant="tertiary" onClick={() => void cancel(a)}>
                        {t('cancel')}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
