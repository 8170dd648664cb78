import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { isEmail, normalisePhone } from '../../../core/booking/contact';
import { BotCheck } from '../../ui/antibot/BotCheck';
import { antibotMessages } from '../../ui/antibot/messages';
import { ApiError } from '../../ui/api';
import {
  type BookableService,
  type BookingLocation,
  bookingApi,
  type DayAvailability,
  newIdempotencyKey,
} from '../../ui/booking-api';
import { Alert, BackLink, Loading } from '../../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { onKioskWipe } from '../../ui/kiosk-wipe';
import { common } from '../../ui/messages';
import { Link, navigate, useAutofill, usePath, usePortal, useSearch } from '../../ui/router';
import { BookingConfirmation } from './BookingConfirmation';
import { ConfirmAttendance } from './ConfirmAttendance';
import { type Draft, useDraft } from './draft';
import { ManageBooking } from './ManageBooking';
import { bookingMessages } from './messages';
import './booking.css';

/**
 * The booking journey, one question per page (GOV.UK pattern): services → place → day → time →
 * contact → check answers → confirmation. The same pages serve the portal (/termin) and the
 * terminal (/terminal/termin); only the channel and the confirmation page differ.
 */
export interface JourneyProps {
  base: string;
  channel: 'portal' | 'terminal';
}

type Step = '' | 'ort' | 'tag' | 'zeit' | 'kontakt' | 'pruefen' | 'bestaetigt' | 'warteliste';

export default function BookingJourney({ base, channel }: JourneyProps) {
  const path = usePath();
  const rest = path.slice(base.length).replace(/^\//, '');
  // One draft per portal (ADR 27): services, days and answers of one authority's journey never
  // appear in another's, though the browser keeps both in the same sessionStorage.
  const portal = usePortal();
  const [draft, update, reset] = useDraft(`bk-booking:${portal.base}${base}`, channel === 'portal');
  const go = (step: Step) => navigate(step ? `${base}/${step}` : base);
  const props = { base, channel, draft, update, reset, go };
  // On the terminal, a visit that ends (Fertig, inactivity) gives its held slot back at once.
  useEffect(() => {
    const hold = draft.hold;
    if (channel !== 'terminal' || !hold) return;
    return onKioskWipe(() => bookingApi.release(hold.holdId, hold.holdToken));
  }, [channel, draft.hold]);
  if (rest.startsWith('kommen/'))
    return <ConfirmAttendance token={rest.slice('kommen/'.length)} base={base} />;
  if (rest.startsWith('verwalten/'))
    return <ManageBooking token={rest.slice('verwalten/'.length)} base={base} />;
  switch (rest as Step) {
    case '':
      return <ServicesStep {...props} />;
    case 'ort':
      return <LocationStep {...props} />;
    case 'tag':
      return <DayStep {...props} />;
    case 'zeit':
      return <TimeStep {...props} />;
    case 'kontakt':
      return <ContactStep {...props} />;
    case 'pruefen':
      return <CheckStep {...props} />;
    case 'bestaetigt':
      return <DoneStep {...props} />;
    case 'warteliste':
      return <WaitlistStep {...props} />;
    default:
      return <LostStep {...props} />;
  }
}

interface StepProps extends JourneyProps {
  draft: Draft;
  update: (patch: Partial<Draft>) => Draft;
  reset: () => void;
  go: (step: Step) => void;
}

function useServices() {
  const [services, setServices] = useState<BookableService[] | null>(null);
  useEffect(() => {
    void bookingApi.services().then(setServices);
  }, []);
  return services;
}

function LostStep({ base, reset }: StepProps) {
  const t = useT(bookingMessages);
  usePageTitle(t('lostTitle'));
  return (
    <>
      <h1 className="kern-heading-large">{t('lostTitle')}</h1>
      <p className="kern-body">{t('lostText')}</p>
      <p className="kern-body">
        <Link className="kern-link" href={base} onClick={() => reset()}>
          {t('startOver')}
        </Link>
      </p>
    </>
  );
}

// --- 1. Services -------------------------------------------------------------------------------

function ServicesStep({ draft, update, go }: StepProps) {
  const t = useT(bookingMessages);
  const c = useT(common);
  const { locale } = useLocale();
  const search = useSearch();
  const services = useServices();
  const [chosen, setChosen] = useState<string[]>(draft.serviceIds);
  const [errors, setErrors] = useState<FormError[]>([]);
  usePageTitle(t('servicesTitle'), errors.length > 0);

  // Links from mails and service pages carry the choice: ?leistungen=a,b&ort=slug&tag=id
  // biome-ignore lint/correctness/useExhaustiveDependencies: read the link once
  useEffect(() => {
    const fromLink = (search.get('leistungen') ?? search.get('service') ?? '').split(',').filter(Boolean);
    const ort = search.get('ort');
    const tag = search.get('tag');
    if (fromLink.length || ort || tag) {
      const patch: Partial<Draft> = {};
      if (fromLink.length) {
        patch.serviceIds = fromLink.slice(0, 5);
        setChosen(patch.serviceIds);
      }
      if (ort) patch.locationSlug = ort;
      if (tag) patch.officeDayId = tag;
      update(patch);
    }
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    const valid = chosen.filter((id) => services?.some((s) => s.id === id));
    if (valid.length === 0) return setErrors([{ fieldId: 'services', message: t('servicesMissing') }]);
    if (valid.length > 5) return setErrors([{ fieldId: 'services', message: t('servicesTooMany') }]);
    setErrors([]);
    const same =
      valid.length === draft.serviceIds.length && valid.every((id) => draft.serviceIds.includes(id));
    update(same ? { serviceIds: valid } : { serviceIds: valid, startsAt: null });
    go('ort');
  }

  if (!services) return <Loading />;
  return (
    <form className="bk-form" onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} />
      <ChoiceGroup
        id="services"
        legend={t('servicesTitle')}
        legendIsHeading
        hint={t('servicesHint')}
        error={errorFor(errors, 'services')}
        type="checkbox"
        name="services"
        options={services.map((s) => ({
          value: s.id,
          label: s.name[locale],
          hint: t('minutes', { minutes: s.durationMinutes }),
        }))}
        value={chosen}
        onChange={setChosen}
      />
      <div>
        <Button>{c('continue')}</Button>
      </div>
    </form>
  );
}

// --- 2. Place ----------------------------------------------------------------------------------

function LocationStep(props: StepProps) {
  const { draft, update, go, base } = props;
  const t = useT(bookingMessages);
  const c = useT(common);
  const f = useFormat();
  const [locations, setLocations] = useState<BookingLocation[] | null>(null);
  const [chosen, setChosen] = useState<string[]>(draft.locationSlug ? [draft.locationSlug] : []);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  usePageTitle(t('locationTitle'), errors.length > 0 || !!general);
  const services = draft.serviceIds;
  useEffect(() => {
    if (services.length === 0) return;
    bookingApi
      .locations(services)
      .then(setLocations)
      .catch((error) => setGeneral(formErrorsFrom(error, {}, c('genericError')).general));
  }, [services, c]);

  if (services.length === 0) return <LostStep {...props} />;

  function submit(e: FormEvent) {
    e.preventDefault();
    const slug = chosen[0];
    if (!slug || !locations?.some((l) => l.location.slug === slug)) {
      return setErrors([{ fieldId: 'location', message: t('locationMissing') }]);
    }
    setErrors([]);
    update(
      slug === draft.locationSlug
        ? { locationSlug: slug }
        : { locationSlug: slug, officeDayId: null, startsAt: null },
    );
    go('tag');
  }

  return (
    <>
      <BackLink href={base} />
      <ErrorSummary errors={errors} general={general} />
      {!locations && !general && <Loading />}
      {locations && locations.length === 0 && (
        <>
          <h1 className="kern-heading-large">{t('locationTitle')}</h1>
          <Alert tone="info" title={t('noLocations')}>
            <p className="kern-body">{t('noLocationsHelp')}</p>
          </Alert>
          <ul className="kern-list">
            <li>
              <Link className="kern-link" href="/sprechtage/wunsch">
                {t('demandLink')}
              </Link>
            </li>
            <li>
              <Link className="kern-link" href="/hausbesuch">
                {t('homeVisitLink')}
              </Link>
            </li>
          </ul>
        </>
      )}
      {locations && locations.length > 0 && (
        <form className="bk-form" onSubmit={submit} noValidate>
          <ChoiceGroup
            id="location"
            legend={t('locationTitle')}
            legendIsHeading
            hint={t('locationHint')}
            error={errorFor(errors, 'location')}
            type="radio"
            name="location"
            options={locations.map((l) => ({
              value: l.location.slug,
              label: l.location.name,
              hint: `${t('locationOption', {
                village: l.location.villageName ?? l.location.city,
                date: f.date(l.nextDate),
              })} · ${l.location.stepFree ? t('stepFree') : t('notStepFree')}`,
            }))}
            value={chosen}
            onChange={setChosen}
          />
          <div>
            <Button>{c('continue')}</Button>
          </div>
        </form>
      )}
    </>
  );
}

// --- 3. Day ------------------------------------------------------------------------------------

function DayStep(props: StepProps) {
  const { draft, update, go, base } = props;
  const t = useT(bookingMessages);
  const c = useT(common);
  const f = useFormat();
  const [days, setDays] = useState<DayAvailability[] | null>(null);
  const [chosen, setChosen] = useState<string[]>(draft.officeDayId ? [draft.officeDayId] : []);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  usePageTitle(t('dayTitle'), errors.length > 0 || !!general);
  const { serviceIds, locationSlug } = draft;
  useEffect(() => {
    if (!serviceIds.length || !locationSlug) return;
    bookingApi
      .days(serviceIds, locationSlug)
      .then(setDays)
      .catch((error) => setGeneral(formErrorsFrom(error, {}, c('genericError')).general));
  }, [serviceIds, locationSlug, c]);
  if (!serviceIds.length || !locationSlug) return <LostStep {...props} />;

  const open = (days ?? []).filter((d) => d.bookingOpen && d.freeSlots > 0);
  const full = (days ?? []).filter((d) => d.bookingOpen && d.freeSlots === 0);
  const closed = (days ?? []).filter((d) => !d.bookingOpen);
  const location = days?.[0]?.officeDay.location;

  function submit(e: FormEvent) {
    e.preventDefault();
    const id = chosen[0];
    if (!id || !open.some((d) => d.officeDay.id === id)) {
      return setErrors([{ fieldId: 'day', message: t('dayMissing') }]);
    }
    setErrors([]);
    update(id === draft.officeDayId ? { officeDayId: id } : { officeDayId: id, startsAt: null });
    go('zeit');
  }

  const label = (d: DayAvailability) =>
    t(d.officeDay.mode === 'video' ? 'dayOptionVideo' : 'dayOption', {
      date: f.date(d.officeDay.date),
      from: d.officeDay.startTime,
      to: d.officeDay.endTime,
    });

  return (
    <>
      <BackLink href={`${base}/ort`} />
      <ErrorSummary errors={errors} general={general} />
      {!days && !general && <Loading />}
      {days && open.length === 0 && (
        <>
          <h1 className="kern-heading-large">{t('dayTitle')}</h1>
          <p className="kern-body">{t('noDays')}</p>
        </>
      )}
      {days && open.length > 0 && (
        <form className="bk-form" onSubmit={submit} noValidate>
          <ChoiceGroup
            id="day"
            legend={t('dayTitle')}
            legendIsHeading
            hint={
              location
                ? t('dayHint', { location: location.name, address: `${location.street}, ${location.city}` })
                : undefined
            }
            error={errorFor(errors, 'day')}
            type="radio"
            name="day"
            options={open.map((d) => ({
              value: d.officeDay.id,
              label: label(d),
              hint: [
                d.officeDay.mode === 'video' ? t('videoHint') : null,
                d.freeSlots === 1 ? t('freeTime') : t('freeTimes', { count: d.freeSlots }),
              ]
                .filter(Boolean)
                .join(' '),
            }))}
            value={chosen}
            onChange={setChosen}
          />
          <div>
            <Button>{c('continue')}</Button>
          </div>
        </form>
      )}
      {full.length > 0 && (
        <section aria-labelledby="full-days">
          <h2 className="kern-heading-small" id="full-days">
            {t('fullDaysTitle')}
          </h2>
          <ul className="kern-list">
            {full.map((d) => (
              <li key={d.officeDay.id}>
                {t('fullDay', { date: label(d) })}{' '}
                <Link
                  className="kern-link"
                  href={`${base}/warteliste?tag=${d.officeDay.id}`}
                  onClick={() => update({ officeDayId: d.officeDay.id })}
                >
                  {t('waitlistLink')}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {closed.length > 0 && (
        <section aria-labelledby="closed-days">
          <h2 className="kern-heading-small" id="closed-days">
            {t('closedDaysTitle')}
          </h2>
          <ul className="kern-list">
            {closed.map((d) => (
              <li key={d.officeDay.id}>{t('closedDay', { date: label(d) })}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

// --- 4. Time -----------------------------------------------------------------------------------

function TimeStep(props: StepProps) {
  const { draft, update, go, base, channel } = props;
  const t = useT(bookingMessages);
  const c = useT(common);
  const f = useFormat();
  const [day, setDay] = useState<DayAvailability | null>(null);
  const [chosen, setChosen] = useState<string[]>(draft.startsAt ? [draft.startsAt] : []);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [altcha, setAltcha] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const b = useT(antibotMessages);
  usePageTitle(t('timeTitle'), errors.length > 0 || !!general);
  const { officeDayId, serviceIds } = draft;
  const load = useMemo(
    () => () => {
      if (!officeDayId || !serviceIds.length) return;
      bookingApi
        .slots(officeDayId, serviceIds)
        .then(setDay)
        .catch((error) => setGeneral(formErrorsFrom(error, {}, c('genericError')).general));
    },
    [officeDayId, serviceIds, c],
  );
  useEffect(load, [load]);
  if (!officeDayId || !serviceIds.length) return <LostStep {...props} />;

  const slots = day?.slots ?? [];
  // The citizen's own hold is not offered by the server (it occupies the desk): offer it again.
  const own =
    draft.hold?.startsAt && !slots.some((s) => s.startsAt === draft.hold!.startsAt)
      ? [{ startsAt: draft.hold.startsAt, endsAt: draft.hold.endsAt }]
      : [];
  const offered = [...slots, ...own].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const startsAt = chosen[0];
    if (!startsAt || !offered.some((s) => s.startsAt === startsAt)) {
      return setErrors([{ fieldId: 'time', message: t('timeMissing') }]);
    }
    setErrors([]);
    setGeneral(undefined);
    if (
      draft.hold &&
      draft.hold.startsAt === startsAt &&
      new Date(draft.hold.expiresAt).getTime() > Date.now()
    ) {
      go('kontakt');
      return;
    }
    if (!altcha) return setErrors([{ fieldId: 'botcheck', message: b('required') }]);
    setBusy(true);
    try {
      if (draft.hold) await bookingApi.release(draft.hold.holdId, draft.hold.holdToken);
      // A solution is accepted once: whatever the answer, the next attempt needs a fresh check.
      setRound((r) => r + 1);
      const hold = await bookingApi.hold(
        { officeDayId: officeDayId!, startsAt, serviceIds, channel },
        altcha,
      );
      update({ startsAt, hold, idempotencyKey: newIdempotencyKey() });
      go('kontakt');
    } catch (error) {
      const mapped = formErrorsFrom(error, {}, c('genericError'));
      if (error instanceof ApiError && error.code === 'SLOT_TAKEN') {
        setErrors([{ fieldId: 'time', message: error.detail }]);
        update({ hold: null, startsAt: null });
        setChosen([]);
        load();
      } else setGeneral(mapped.general);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <BackLink href={`${base}/tag`} />
      <ErrorSummary errors={errors} general={general} />
      {!day && !general && <Loading />}
      {day && offered.length === 0 && (
        <>
          <h1 className="kern-heading-large">{t('timeTitle')}</h1>
          <p className="kern-body">{t('noTimes')}</p>
          <p className="kern-body">
            <Link className="kern-link" href={`${base}/tag`}>
              {t('chooseOtherDay')}
            </Link>
          </p>
        </>
      )}
      {day && offered.length > 0 && (
        <form className="bk-form" onSubmit={submit} noValidate aria-busy={busy}>
          <ChoiceGroup
            id="time"
            legend={t('timeTitle')}
            legendIsHeading
            hint={t('timeHint', {
              date: f.date(day.officeDay.date),
              location: day.officeDay.location.name,
              minutes: day.durationMinutes ?? 0,
            })}
            error={errorFor(errors, 'time')}
            type="radio"
            name="time"
            options={offered.map((s) => ({
              value: s.startsAt,
              label: t('timeOption', { time: f.time(s.startsAt) }),
              hint: t('timeOptionHint', { time: f.time(s.endsAt) }),
            }))}
            value={chosen}
            onChange={setChosen}
          />
          <BotCheck id="botcheck" error={errorFor(errors, 'botcheck')} round={round} onSolved={setAltcha} />
          <div>
            <Button>{c('continue')}</Button>
          </div>
        </form>
      )}
    </>
  );
}

// --- 5. Contact --------------------------------------------------------------------------------

function ContactStep(props: StepProps) {
  const { draft, update, go, base } = props;
  const autofill = useAutofill();
  const t = useT(bookingMessages);
  const c = useT(common);
  const [name, setName] = useState(draft.contact.name);
  const [email, setEmail] = useState(draft.contact.email);
  const [phone, setPhone] = useState(draft.contact.phone);
  const [errors, setErrors] = useState<FormError[]>([]);
  usePageTitle(t('contactTitle'), errors.length > 0);
  if (!draft.hold) return <LostStep {...props} />;

  function submit(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (!name.trim()) local.push({ fieldId: 'contact-name', message: t('nameMissing') });
    if (email.trim() && !isEmail(email)) local.push({ fieldId: 'contact-email', message: t('emailInvalid') });
    if (phone.trim() && !normalisePhone(phone))
      local.push({ fieldId: 'contact-phone', message: t('phoneInvalid') });
    if (!email.trim() && !phone.trim())
      local.push({ fieldId: 'contact-email', message: t('contactMissing') });
    setErrors(local);
    if (local.length) return;
    update({ contact: { name: name.trim(), email: email.trim(), phone: phone.trim() } });
    go('pruefen');
  }

  return (
    <>
      <BackLink href={`${base}/zeit`} />
      <form className="bk-form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} />
        <h1 className="kern-heading-large">{t('contactTitle')}</h1>
        <p className="kern-body">{t('contactHint')}</p>
        <TextField
          id="contact-name"
          label={t('name')}
          autoComplete={autofill('name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errorFor(errors, 'contact-name')}
        />
        <TextField
          id="contact-email"
          type="email"
          label={t('email')}
          hint={t('emailHint')}
          autoComplete={autofill('email')}
          spellCheck={false}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errorFor(errors, 'contact-email')}
        />
        <TextField
          id="contact-phone"
          type="tel"
          label={t('phone')}
          hint={t('phoneHint')}
          autoComplete={autofill('tel')}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={errorFor(errors, 'contact-phone')}
        />
        <div>
          <Button>{c('continue')}</Button>
        </div>
      </form>
    </>
  );
}

// --- 6. Check answers --------------------------------------------------------------------------

function CheckStep(props: StepProps) {
  const { draft, update, go, base, channel } = props;
  const t = useT(bookingMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const services = useServices();
  const [day, setDay] = useState<DayAvailability | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [expired, setExpired] = useState(false);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('checkTitle'), errors.length > 0 || !!general);
  const { officeDayId, serviceIds } = draft;
  useEffect(() => {
    if (officeDayId && serviceIds.length)
      void bookingApi.slots(officeDayId, serviceIds).then(setDay, () => {});
  }, [officeDayId, serviceIds]);
  if (!draft.hold || !draft.contact.name) return <LostStep {...props} />;
  const hold = draft.hold;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setGeneral(undefined);
    setErrors([]);
    try {
      const key = draft.idempotencyKey ?? update({ idempotencyKey: newIdempotencyKey() }).idempotencyKey!;
      const result = await bookingApi.book(
        {
          holdId: hold.holdId,
          holdToken: hold.holdToken,
          contact: {
            name: draft.contact.name,
            email: draft.contact.email || null,
            phone: draft.contact.phone || null,
          },
          channel,
        },
        key,
      );
      update({
        result: {
          bookingNumber: result.appointment.bookingNumber,
          manageUrl: result.manageUrl,
          manageToken: result.manageToken,
          email: result.appointment.email,
          phone: result.appointment.phone,
          appointment: result.appointment,
          video: day?.officeDay.mode === 'video',
        },
        hold: null,
        idempotencyKey: null,
      });
      go('bestaetigt');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'HOLD_EXPIRED') setExpired(true);
      const mapped = formErrorsFrom(
        error,
        { '/contact/name': 'row-name', '/contact/email': 'row-email', '/contact/phone': 'row-phone' },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    } finally {
      setBusy(false);
    }
  }

  const chosen = services?.filter((s) => draft.serviceIds.includes(s.id)) ?? [];
  const location = day?.officeDay.location;
  const rows: { id: string; label: string; value: string; href: string }[] = [
    {
      id: 'row-services',
      label: t('rowServices'),
      value: chosen.map((s) => s.name[locale]).join(', '),
      href: base,
    },
    {
      id: 'row-place',
      label: t('rowPlace'),
      value: location ? `${location.name}, ${location.street}, ${location.postalCode} ${location.city}` : '',
      href: `${base}/ort`,
    },
    { id: 'row-day', label: t('rowDay'), value: f.date(hold.startsAt), href: `${base}/tag` },
    {
      id: 'row-time',
      label: t('rowTime'),
      value: `${t('timeOption', { time: f.time(hold.startsAt) })} – ${t('timeOption', { time: f.time(hold.endsAt) })}`,
      href: `${base}/zeit`,
    },
    { id: 'row-name', label: t('rowName'), value: draft.contact.name, href: `${base}/kontakt` },
    {
      id: 'row-email',
      label: t('rowEmail'),
      value: draft.contact.email || t('notGiven'),
      href: `${base}/kontakt`,
    },
    {
      id: 'row-phone',
      label: t('rowPhone'),
      value: draft.contact.phone || t('notGiven'),
      href: `${base}/kontakt`,
    },
  ];

  return (
    <>
      <BackLink href={`${base}/kontakt`} />
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('checkTitle')}</h1>
      {expired ? (
        <p className="kern-body">
          <Link
            className="kern-link"
            href={`${base}/zeit`}
            onClick={() => update({ hold: null, startsAt: null })}
          >
            {t('chooseTimeAgain')}
          </Link>
        </p>
      ) : (
        <p className="kern-body">{t('checkHeld', { time: f.time(hold.expiresAt) })}</p>
      )}
      <dl className="bk-summary">
        {rows.map((r) => (
          <div className="bk-summary__row" key={r.id} id={r.id} tabIndex={-1}>
            <dt className="bk-summary__key">{r.label}</dt>
            <dd className="bk-summary__value">{r.value}</dd>
            <dd className="bk-summary__action">
              <Link className="kern-link" href={r.href}>
                {t('change')}
                <span className="bk-visually-hidden"> {r.label}</span>
              </Link>
            </dd>
          </div>
        ))}
      </dl>
      <form className="bk-form" onSubmit={submit} noValidate aria-busy={busy}>
        <p className="kern-body">{t('confirmNote')}</p>
        <div>
          <Button>{t('confirm')}</Button>
        </div>
      </form>
    </>
  );
}

// --- 7. Done -----------------------------------------------------------------------------------

function DoneStep(props: StepProps) {
  const { draft, reset, base, channel } = props;
  if (!draft.result) return <LostStep {...props} />;
  return <BookingConfirmation result={draft.result} base={base} channel={channel} onBookAnother={reset} />;
}

// --- Wait-list ---------------------------------------------------------------------------------

function WaitlistStep(props: StepProps) {
  const { draft, base } = props;
  const autofill = useAutofill();
  const t = useT(bookingMessages);
  const c = useT(common);
  const f = useFormat();
  const search = useSearch();
  const officeDayId = search.get('tag') ?? draft.officeDayId;
  const [day, setDay] = useState<DayAvailability | null>(null);
  const [email, setEmail] = useState(draft.contact.email);
  const [phone, setPhone] = useState(draft.contact.phone);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [done, setDone] = useState(false);
  usePageTitle(t('waitlistTitle'), errors.length > 0 || !!general);
  useEffect(() => {
    if (officeDayId && draft.serviceIds.length)
      bookingApi
        .slots(officeDayId, draft.serviceIds)
        .then(setDay)
        .catch((error) => setGeneral(formErrorsFrom(error, {}, c('genericError')).general));
  }, [officeDayId, draft.serviceIds, c]);
  if (!officeDayId) return <LostStep {...props} />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (email.trim() && !isEmail(email)) local.push({ fieldId: 'wl-email', message: t('emailInvalid') });
    if (phone.trim() && !normalisePhone(phone))
      local.push({ fieldId: 'wl-phone', message: t('phoneInvalid') });
    if (!email.trim() && !phone.trim()) local.push({ fieldId: 'wl-email', message: t('contactMissing') });
    setErrors(local);
    setGeneral(undefined);
    if (local.length) return;
    try {
      await bookingApi.waitlist({
        officeDayId: officeDayId!,
        serviceIds: draft.serviceIds,
        email: email.trim() || null,
        phone: phone.trim() || null,
      });
      setDone(true);
    } catch (error) {
      const mapped = formErrorsFrom(error, { '/email': 'wl-email', '/phone': 'wl-phone' }, c('genericError'));
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }

  if (done) {
    return (
      <>
        <h1 className="kern-heading-large">{t('waitlistTitle')}</h1>
        <Alert tone="success" title={t('waitlistDone')} role="status" />
        <p className="kern-body">
          <Link className="kern-link" href={`${base}/tag`}>
            {t('chooseOtherDay')}
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <BackLink href={`${base}/tag`} />
      <form className="bk-form" onSubmit={submit} noValidate>
        <ErrorSummary errors={errors} general={general} />
        <h1 className="kern-heading-large">{t('waitlistTitle')}</h1>
        {day && (
          <p className="kern-body">
            {t('waitlistText', { date: f.date(day.officeDay.date), location: day.officeDay.location.name })}
          </p>
        )}
        <TextField
          id="wl-email"
          type="email"
          label={t('email')}
          hint={t('contactMissing')}
          autoComplete={autofill('email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errorFor(errors, 'wl-email')}
        />
        <TextField
          id="wl-phone"
          type="tel"
          label={t('phone')}
          autoComplete={autofill('tel')}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={errorFor(errors, 'wl-phone')}
        />
        <div>
          <Button>{t('waitlistSubmit')}</Button>
        </div>
      </form>
    </>
  );
}
