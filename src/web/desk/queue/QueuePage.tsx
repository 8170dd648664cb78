import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { isEmail, normalisePhone } from '../../../core/booking/contact';
import { useWorkplace } from '../../staff/shell/workplace';
import { get, post } from '../../ui/api';
import { Alert, Loading, StatusBadge } from '../../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  SelectField,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useFormat, useLocale, useT } from '../../ui/i18n';
import { common } from '../../ui/messages';
import { Link } from '../../ui/router';
import type { DeskService } from '../cases/types';
import { withServing } from '../serving';
import { queueMessages } from './messages';
import './queue.css';

interface Ticket {
  id: string;
  code: string;
  kind: 'walk_in' | 'appointment';
  status: 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'cancelled';
  name: string | null;
  appointmentStartsAt: string | null;
  services: { id: string; name: { de: string; en: string } }[];
  callCount: number;
  deskLabel: string | null;
  arrivedAt: string;
  cases: { id: string; number: string; serviceId: string }[];
}

interface QueueState {
  location: { id: string; slug: string; name: string };
  tickets: Ticket[];
  stats: {
    waiting: number;
    done: number;
    noShow: number;
    averageWaitingMinutes: number | null;
    averageServiceMinutes: number | null;
  };
  appointments: {
    appointmentId: string;
    bookingNumber: string;
    name: string | null;
    startsAt: string;
    services: { id: string; name: { de: string; en: string } }[];
    status: string;
    ticketCode: string | null;
  }[];
}

/**
 * The clerk's queue screen on the day: check in booked citizens, hand out tickets to walk-ins,
 * call the next person to this desk (the server makes sure two clerks never get the same one),
 * call again, serve, finish or mark as not present.
 */
export default function QueuePage() {
  const t = useT(queueMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const [locations, setLocations] = useState<
    { id: string; name: string; slug: string; officeDayToday: boolean }[] | null
  >(null);
  const workplace = useWorkplace();
  const locationId = workplace.locationId ?? '';
  const [desk, setDeskInput] = useState(workplace.desk);
  const [deskServices, setDeskServices] = useState<DeskService[]>([]);
  const [state, setState] = useState<QueueState | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [notice, setNotice] = useState<{
    title: string;
    text?: string;
    testId?: string;
    tone?: 'success' | 'warning';
  }>();
  const [bookingNumber, setBookingNumber] = useState('');
  const [hEmail, setHEmail] = useState('');
  const [hPhone, setHPhone] = useState('');
  const [hLocale, setHLocale] = useState<'de' | 'en'>('de');
  const [hConsent, setHConsent] = useState<string[]>([]);
  usePageTitle(t('title'), errors.length > 0 || !!general);

  const { setLocation } = workplace;
  useEffect(() => {
    void get<{ locations: NonNullable<typeof locations> }>('/api/queue/locations').then((r) =>
      setLocations(r.locations),
    );
  }, []);
  // The workplace's location, if this clerk may use it; else the first (with an office day today).
  useEffect(() => {
    if (!locations) return;
    const current = locations.find((l) => l.id === locationId) ?? locations[0];
    if (current?.id !== locationId || (current && current.name !== workplace.locationName))
      setLocation(current ? { id: current.id, name: current.name } : null);
  }, [locations, locationId, workplace.locationName, setLocation]);
  useEffect(() => {
    void get<{ services: DeskService[] }>('/api/cases/services').then(
      (r) => setDeskServices(r.services),
      () => setDeskServices([]),
    );
  }, []);
  const refresh = useCallback(async () => {
    if (!locationId) return;
    try {
      setState(await get<QueueState>(`/api/queue/state?location=${locationId}`));
    } catch (error) {
      setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
    }
  }, [locationId, c]);
  useEffect(() => {
    void refresh();
    const timer = window.setInterval(() => void refresh(), 5000);
    return () => window.clearInterval(timer);
  }, [refresh]);

  function needDesk(): boolean {
    if (desk.trim()) {
      workplace.setDesk(desk);
      return true;
    }
    setErrors([{ fieldId: 'queue-desk', message: t('deskMissing') }]);
    return false;
  }

  async function act(fn: () => Promise<unknown>) {
    setErrors([]);
    setGeneral(undefined);
    try {
      await fn();
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        {
          '/bookingNumber': 'queue-number',
          '/deskLabel': 'queue-desk',
          '/headsUp/email': 'queue-headsup-email',
          '/headsUp/phone': 'queue-headsup-phone',
          '/headsUp/consent': 'queue-headsup-consent',
        },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
    await refresh();
  }

  const callNext = () =>
    needDesk() &&
    void act(async () => {
      setNotice(undefined);
      const result = await post<{ ticket: Ticket; alreadyActive?: boolean }>('/api/queue/call-next', {
        locationId,
        deskLabel: desk.trim(),
      });
      // A double click or a second "call next" answers with the desk's current call.
      if (result.alreadyActive) {
        setNotice({
          tone: 'warning',
          title: t('alreadyCalled', {
            code: result.ticket.code,
            desk: result.ticket.deskLabel ?? desk.trim(),
          }),
          text: t('alreadyCalledText'),
          testId: 'already-called',
        });
      }
    });
  const walkIn = () => {
    const email = hEmail.trim();
    const phone = hPhone.trim();
    const wanted = !!(email || phone);
    const local: FormError[] = [];
    if (email && !isEmail(email))
      local.push({ fieldId: 'queue-headsup-email', message: t('headsUpEmailInvalid') });
    if (phone && !normalisePhone(phone))
      local.push({ fieldId: 'queue-headsup-phone', message: t('headsUpPhoneInvalid') });
    if (wanted && !hConsent.includes('yes'))
      local.push({ fieldId: 'queue-headsup-consent', message: t('headsUpConsentMissing') });
    if (local.length) {
      setErrors(local);
      return;
    }
    void act(async () => {
      const ticket = await post<Ticket & { headsUp?: { estimatedMinutes: number; leadMinutes: number } }>(
        '/api/queue/tickets',
        {
          locationId,
          ...(wanted
            ? { headsUp: { email: email || null, phone: phone || null, consent: true, locale: hLocale } }
            : {}),
        },
      );
      const estimate = ticket.headsUp
        ? ` ${t('headsUpEstimate', { minutes: ticket.headsUp.estimatedMinutes })}`
        : '';
      const requested =
        wanted && ticket.headsUp ? ` ${t('headsUpRequested', { minutes: ticket.headsUp.leadMinutes })}` : '';
      setNotice({
        title: t('walkInIssued', { code: ticket.code }),
        text: `${t('walkInText', { code: ticket.code })}${estimate}${requested}`,
        testId: 'walk-in-code',
      });
      // The next person must not see this person's address.
      setHEmail('');
      setHPhone('');
      setHConsent([]);
      setHLocale('de');
    });
  };
  const checkIn = (body: Record<string, string>) =>
    void act(async () => {
      const ticket = await post<Ticket>('/api/queue/check-in', { locationId, ...body });
      setNotice({ title: t('checkInDone', { name: ticket.name ?? '', code: ticket.code }) });
      setBookingNumber('');
    });
  // #14: a booked person who has not checked in 15 minutes after the start (or by the end of the
  // office day) is recorded as not come; it counts towards the authority's no-show rule.
  const markNoShow = (appointmentId: string) =>
    void act(async () => {
      await post(`/api/booking/appointments/${appointmentId}/no-show`);
    });
  const noShowDue = (startsAt: string) => new Date(startsAt).getTime() + 15 * 60_000 <= Date.now();
  const recall = (ticket: Ticket) =>
    needDesk() &&
    void act(async () => {
      const result = await post<{ ticket: Ticket; call: unknown }>(`/api/queue/tickets/${ticket.id}/recall`, {
        deskLabel: desk.trim(),
      });
      if (!result.call)
        setNotice({ title: t('becameNoShow', { code: ticket.code, calls: ticket.callCount }) });
    });
  const setStatus = (ticket: Ticket, status: string) =>
    void act(async () => {
      await post(`/api/queue/tickets/${ticket.id}/status`, { status });
    });

  function submitNumber(e: FormEvent) {
    e.preventDefault();
    if (!bookingNumber.trim())
      return setErrors([{ fieldId: 'queue-number', message: t('bookingNumberMissing') }]);
    checkIn({ bookingNumber: bookingNumber.trim() });
  }

  if (!locations) return <Loading />;
  const deskKey = desk.trim().replace(/\s+/g, ' ').toLowerCase();
  const mine =
    state?.tickets.filter(
      (x) => (x.status === 'called' || x.status === 'serving') && x.deskLabel?.toLowerCase() === deskKey,
    ) ?? [];
  const waiting = state?.tickets.filter((x) => x.status === 'waiting') ?? [];
  const finished = state?.tickets.filter((x) => ['done', 'no_show', 'cancelled'].includes(x.status)) ?? [];
  const services = (list: Ticket['services']) => list.map((s) => s.name[locale]).join(', ');
  const statusBadge = (status: Ticket['status']) => (
    <StatusBadge
      tone={
        status === 'waiting'
          ? 'info'
          : status === 'done'
            ? 'success'
            : status === 'no_show'
              ? 'danger'
              : 'warning'
      }
    >
      {t(`status_${status}`)}
    </StatusBadge>
  );

  return (
    <>
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('title')}</h1>
      <div className="bk-queue-settings">
        <SelectField
          id="queue-location"
          label={t('location')}
          value={locationId}
          onChange={(e) => {
            const l = locations.find((x) => x.id === e.target.value);
            setLocation(l ? { id: l.id, name: l.name } : null);
          }}
          options={locations.map((l) => ({
            value: l.id,
            label: l.officeDayToday ? t('officeDayToday', { name: l.name }) : l.name,
          }))}
        />
        <TextField
          id="queue-desk"
          label={t('desk')}
          hint={t('deskHint')}
          value={desk}
          onChange={(e) => setDeskInput(e.target.value)}
          onBlur={() => desk.trim() && workplace.setDesk(desk)}
          error={errorFor(errors, 'queue-desk')}
          maxLength={20}
        />
      </div>
      {state && (
        <p className="kern-body">
          <a className="kern-link" href={`/aufruf/${state.location.slug}`} target="_blank" rel="noreferrer">
            {t('display')}
          </a>
        </p>
      )}
      <div className="bk-actions">
        <Button type="button" onClick={callNext}>
          {t('callNext')}
        </Button>
        <Button type="button" variant="secondary" onClick={walkIn}>
          {t('walkIn')}
        </Button>
      </div>
      <details className="bk-queue-headsup">
        <summary className="kern-body">{t('headsUpTitle')}</summary>
        <p className="kern-hint">{t('headsUpHint')}</p>
        <TextField
          id="queue-headsup-email"
          type="email"
          label={t('headsUpEmail')}
          optional
          autoComplete="off"
          value={hEmail}
          onChange={(e) => setHEmail(e.target.value)}
          error={errorFor(errors, 'queue-headsup-email')}
        />
        <TextField
          id="queue-headsup-phone"
          type="tel"
          label={t('headsUpPhone')}
          optional
          autoComplete="off"
          value={hPhone}
          onChange={(e) => setHPhone(e.target.value)}
          error={errorFor(errors, 'queue-headsup-phone')}
        />
        <SelectField
          id="queue-headsup-locale"
          label={t('headsUpLanguage')}
          value={hLocale}
          onChange={(e) => setHLocale(e.target.value === 'en' ? 'en' : 'de')}
          options={[
            { value: 'de', label: t('languageDe') },
            { value: 'en', label: t('languageEn') },
          ]}
        />
        <ChoiceGroup
          id="queue-headsup-consent"
          legend={t('headsUpConsent')}
          type="checkbox"
          name="queue-headsup-consent"
          options={[{ value: 'yes', label: t('headsUpConsentText') }]}
          value={hConsent}
          onChange={setHConsent}
          error={errorFor(errors, 'queue-headsup-consent')}
        />
      </details>
      {notice && (
        <Alert tone={notice.tone ?? 'success'} title={notice.title} role="status">
          {notice.text && (
            <p className="kern-body" data-testid={notice.testId}>
              {notice.text}
            </p>
          )}
        </Alert>
      )}
      <section aria-labelledby="current-title" className="bk-queue-current">
        <h2 className="kern-heading-medium" id="current-title">
          {t('current')}
        </h2>
        {mine.length === 0 && <p className="kern-body">{t('currentNone')}</p>}
        {mine.map((ticket) => (
          <div key={ticket.id} className="bk-queue-ticket" data-testid="my-ticket">
            <p className="bk-queue-ticket__code">{ticket.code}</p>
            <p className="kern-body">
              {t('calledTo', { code: ticket.code, desk: ticket.deskLabel ?? '', calls: ticket.callCount })}{' '}
              {statusBadge(ticket.status)}
            </p>
            {ticket.name && (
              <p className="kern-body">
                {ticket.name}
                {ticket.appointmentStartsAt ? ` · ${f.time(ticket.appointmentStartsAt)}` : ''}
              </p>
            )}
            {ticket.status !== 'serving' && ticket.services.length > 0 && (
              <p className="kern-body">{services(ticket.services)}</p>
            )}
            {ticket.status === 'serving' && <ServingPanel ticket={ticket} deskServices={deskServices} />}
            <div className="bk-actions">
              {ticket.status === 'called' && (
                <>
                  <Button type="button" onClick={() => setStatus(ticket, 'serving')}>
                    {t('start')}
                  </Button>
                  <Button type="button" variant="secondary" onClick={() => recall(ticket)}>
                    {t('recall')}
                  </Button>
                  <Button type="button" variant="tertiary" onClick={() => setStatus(ticket, 'no_show')}>
                    {t('noShow')}
                  </Button>
                  <Button type="button" variant="tertiary" onClick={() => setStatus(ticket, 'waiting')}>
                    {t('backToQueue')}
                  </Button>
                </>
              )}
              {ticket.status === 'serving' && (
                <Button type="button" onClick={() => setStatus(ticket, 'done')}>
                  {t('finish')}
                </Button>
              )}
            </div>
          </div>
        ))}
      </section>
      {state && (
        <>
          <section aria-labelledby="waiting-title">
            <h2 className="kern-heading-medium" id="waiting-title">
              {t('waitingTitle', { count: waiting.length })}
            </h2>
            {waiting.length === 0 ? (
              <p className="kern-body">{t('waitingNone')}</p>
            ) : (
              <div className="kern-table-responsive">
                <table className="kern-table kern-table--striped">
                  <thead className="kern-table__header">
                    <tr className="kern-table__row">
                      <th className="kern-table__cell" scope="col">
                        {t('colCode')}
                      </th>
                      <th className="kern-table__cell" scope="col">
                        {t('colKind')}
                      </th>
                      <th className="kern-table__cell" scope="col">
                        {t('colWho')}
                      </th>
                      <th className="kern-table__cell" scope="col">
                        {t('colServices')}
                      </th>
                      <th className="kern-table__cell" scope="col">
                        {t('colSince')}
                      </th>
                    </tr>
                  </thead>
                  <tbody className="kern-table__body">
                    {waiting.map((x) => (
                      <tr className="kern-table__row" key={x.id}>
                        <td className="kern-table__cell bk-mono">{x.code}</td>
                        <td className="kern-table__cell">
                          {x.kind === 'appointment' ? t('kindAppointment') : t('kindWalkIn')}
                        </td>
                        <td className="kern-table__cell">
                          {x.appointmentStartsAt ? `${f.time(x.appointmentStartsAt)} · ${x.name ?? ''}` : ''}
                        </td>
                        <td className="kern-table__cell">{services(x.services)}</td>
                        <td className="kern-table__cell">{f.time(x.arrivedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="checkin-title">
            <h2 className="kern-heading-medium" id="checkin-title">
              {t('checkInTitle')}
            </h2>
            <form className="bk-form" onSubmit={submitNumber} noValidate>
              <TextField
                id="queue-number"
                label={t('bookingNumber')}
                hint={t('bookingNumberHint')}
                value={bookingNumber}
                onChange={(e) => setBookingNumber(e.target.value)}
                error={errorFor(errors, 'queue-number')}
                autoComplete="off"
              />
              <div>
                <Button variant="secondary">{t('checkInByNumber')}</Button>
              </div>
            </form>
            {state.appointments.length === 0 ? (
              <p className="kern-body">{t('checkInNone')}</p>
            ) : (
              <div className="kern-table-responsive">
                <table className="kern-table kern-table--striped">
                  <thead className="kern-table__header">
                    <tr className="kern-table__row">
                      <th className="kern-table__cell" scope="col">
                        {t('colTime')}
                      </th>
                      <th className="kern-table__cell" scope="col">
                        {t('colName')}
                      </th>
                      <th className="kern-table__cell" scope="col">
                        {t('colServices')}
                      </th>
                      <th className="kern-table__cell" scope="col">
                        {t('colStatus')}
                      </th>
                    </tr>
                  </thead>
                  <tbody className="kern-table__body">
                    {state.appointments.map((a) => (
                      <tr className="kern-table__row" key={a.appointmentId}>
                        <td className="kern-table__cell">{f.time(a.startsAt)}</td>
                        <td className="kern-table__cell">
                          {a.name} <span className="bk-mono">{a.bookingNumber}</span>
                        </td>
                        <td className="kern-table__cell">{services(a.services)}</td>
                        <td className="kern-table__cell">
                          {a.ticketCode ? (
                            t('checkedIn', { code: a.ticketCode })
                          ) : a.status === 'booked' ? (
                            <div className="bk-actions">
                              <Button
                                type="button"
                                variant="secondary"
                                onClick={() => checkIn({ appointmentId: a.appointmentId })}
                              >
                                {t('checkIn')}
                                <span className="bk-visually-hidden"> {a.name}</span>
                              </Button>
                              {noShowDue(a.startsAt) && (
                                <Button
                                  type="button"
                                  variant="tertiary"
                                  onClick={() => markNoShow(a.appointmentId)}
                                >
                                  {t('noShow')}
                                  <span className="bk-visually-hidden"> {a.name}</span>
                                </Button>
                              )}
                            </div>
                          ) : a.status === 'no_show' ? (
                            t('status_no_show')
                          ) : (
                            a.status
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="stats-title">
            <h2 className="kern-heading-medium" id="stats-title">
              {t('statsTitle')}
            </h2>
            <p className="kern-body">
              {t('stats', {
                waiting: state.stats.waiting,
                done: state.stats.done,
                noShow: state.stats.noShow,
              })}
            </p>
            <p className="kern-body">
              {t('averages', {
                wait: state.stats.averageWaitingMinutes ?? t('noAverage'),
                service: state.stats.averageServiceMinutes ?? t('noAverage'),
              })}
            </p>
            {finished.length > 0 && (
              <ul className="kern-list">
                {finished.map((x) => (
                  <li key={x.id}>
                    <span className="bk-mono">{x.code}</span> {statusBadge(x.status)}
                    {x.cases.length > 0 && (
                      <>
                        {' '}
                        {t('casesOf')}{' '}
                        {x.cases.map((k, i) => (
                          <span key={k.id}>
                            {i > 0 ? ', ' : ''}
                            <Link className="kern-link" href={`/desk/vorgaenge/${k.id}`}>
                              {k.number}
                            </Link>
                          </span>
                        ))}
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </>
  );
}

/**
 * Serving a citizen (#10): the booked matters, each leading to the register search for the person
 * and from there to a new case prefilled with service and person; the cases captured so far.
 */
function ServingPanel({ ticket, deskServices }: { ticket: Ticket; deskServices: DeskService[] }) {
  const t = useT(queueMessages);
  const { locale } = useLocale();
  const serving = { ticketId: ticket.id, code: ticket.code };
  const name = ticket.name ?? undefined;
  return (
    <section className="bk-queue-serving" aria-labelledby={`serving-${ticket.id}`} data-testid="serving">
      <h3 className="kern-heading-small" id={`serving-${ticket.id}`}>
        {t('servingTitle')}
      </h3>
      <p className="kern-body">{ticket.services.length > 0 ? t('servingLead') : t('servingNoServices')}</p>
      {ticket.services.length > 0 && (
        <ul className="kern-list">
          {ticket.services.map((svc) => {
            const desk = deskServices.find((d) => d.id === svc.id);
            return (
              <li key={svc.id}>
                {desk ? (
                  <Link
                    className="kern-link"
                    href={`/desk/register${withServing(serving, { service: svc.id, name })}`}
                  >
                    {t('startCaseFor', { service: svc.name[locale] })}
                  </Link>
                ) : (
                  t('noForm', { service: svc.name[locale] })
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div className="bk-actions">
        <Link className="kern-link" href={`/desk/register${withServing(serving, { name })}`}>
          {t('searchRegister')}
        </Link>
        <Link className="kern-link" href={`/desk/vorgaenge/neu${withServing(serving)}`}>
          {t('newCase')}
        </Link>
      </div>
      <h4 className="kern-heading-small">{t('casesDone')}</h4>
      {ticket.cases.length === 0 ? (
        <p className="kern-body">{t('casesDoneNone')}</p>
      ) : (
        <ul className="kern-list" data-testid="serving-cases">
          {ticket.cases.map((k) => (
            <li key={k.id}>
              <Link className="kern-link" href={`/desk/vorgaenge/${k.id}`}>
                {t('caseLink', { number: k.number })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
