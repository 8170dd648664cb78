import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { get, patch, post } from '../../ui/api';
import type { Appointment, OfficeDay } from '../../ui/booking-api';
import { Alert, BackLink, Loading, StatusBadge } from '../../ui/components';
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
import { ClashNotice, type ClashState, clashFrom } from './ClashNotice';
import { adminOfficeDayMessages } from './messages';
import { useLocationsAndKits } from './OfficeDaysAdmin';

interface Affected {
  id: string;
  bookingNumber: string;
  startsAt: string;
  name: string | null;
  email: string | null;
  phone: string | null;
}
interface ChangeResult {
  officeDay: OfficeDay;
  affected: Affected[];
  applied: boolean;
  cancelledDays?: number;
}

/**
 * One office day: its data, its appointments, and moving or cancelling it — always first with the
 * list of appointments the change hits, then applying it (every citizen gets a rebooking link).
 */
export default function OfficeDayDetail({ id }: { id: string }) {
  const t = useT(adminOfficeDayMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const { kits } = useLocationsAndKits();
  const [day, setDay] = useState<OfficeDay | null>(null);
  const [appointments, setAppointments] = useState<Appointment[]>([]);
  const [form, setForm] = useState({ date: '', startTime: '', endTime: '', desks: '', kitId: '' });
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<'day' | 'following'>('day');
  const [preview, setPreview] = useState<{ kind: 'change' | 'cancel'; result: ChangeResult } | null>(null);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [done, setDone] = useState<string>();
  const [clash, setClash] = useState<{ state: ClashState; apply: boolean } | null>(null);
  /** "Trotzdem ändern" confirmed for the data the form holds now (any edit takes it back). */
  const [overlapConfirmed, setOverlapConfirmed] = useState(false);
  usePageTitle(
    day ? t('detailTitle', { date: f.date(day.date) }) : t('title'),
    errors.length > 0 || !!general,
  );

  const load = useCallback(async () => {
    const d = await get<OfficeDay>(`/api/schedule/office-days/${id}`);
    setDay(d);
    setForm({
      date: d.date,
      startTime: d.startTime,
      endTime: d.endTime,
      desks: String(d.desks),
      kitId: d.kitId ?? '',
    });
    const a = await get<{ appointments: Appointment[] }>(`/api/booking/office-days/${id}/appointments`);
    setAppointments(a.appointments);
  }, [id]);
  useEffect(() => {
    load().catch((error) => setGeneral(formErrorsFrom(error, {}, c('genericError')).general));
  }, [load, c]);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((x) => ({ ...x, [key]: e.target.value }));
    setPreview(null);
    setClash(null);
    setOverlapConfirmed(false);
  };

  function fail(error: unknown) {
    const mapped = formErrorsFrom(
      error,
      {
        '/date': 'odd-date',
        '/startTime': 'odd-start',
        '/endTime': 'odd-end',
        '/desks': 'odd-desks',
        '/reason': 'odd-reason',
      },
      c('genericError'),
    );
    setErrors(mapped.errors);
    setGeneral(mapped.general);
  }

  async function change(apply: boolean, confirmOverlap = overlapConfirmed) {
    setErrors([]);
    setGeneral(undefined);
    setDone(undefined);
    setClash(null);
    const desks = Number(form.desks);
    if (!(Number.isInteger(desks) && desks >= 1 && desks <= 20))
      return setErrors([{ fieldId: 'odd-desks', message: t('desksInvalid') }]);
    try {
      const result = await patch<ChangeResult>(`/api/schedule/office-days/${id}`, {
        date: form.date,
        startTime: form.startTime,
        endTime: form.endTime,
        desks,
        kitId: form.kitId || null,
        ...(confirmOverlap ? { allowOverlap: true } : {}),
        apply,
      });
      if (apply) {
        setPreview(null);
        setDone(t('changed', { count: result.affected.filter((a) => a.email || a.phone).length }));
        await load();
      } else setPreview({ kind: 'change', result });
    } catch (error) {
      fail(error);
      const state = clashFrom(error);
      if (state) setClash({ state, apply });
    }
  }

  async function cancel(apply: boolean) {
    setErrors([]);
    setGeneral(undefined);
    setDone(undefined);
    if (reason.trim().length < 3) return setErrors([{ fieldId: 'odd-reason', message: t('reasonMissing') }]);
    try {
      const result = await post<ChangeResult>(`/api/schedule/office-days/${id}/cancel`, {
        reason: reason.trim(),
        apply,
        ...(day?.seriesId ? { scope } : {}),
      });
      if (apply) {
        setPreview(null);
        setDone(
          (result.cancelledDays ?? 1) > 1
            ? t('cancelledDaysDone', { days: result.cancelledDays ?? 1, count: result.affected.length })
            : t('cancelledDone', { count: result.affected.length }),
        );
        await load();
      } else setPreview({ kind: 'cancel', result });
    } catch (error) {
      fail(error);
    }
  }

  if (!day) return general ? <ErrorSummary errors={[]} general={general} /> : <Loading />;
  return (
    <>
      <BackLink href="/admin/sprechtage" />
      <ErrorSummary errors={errors} general={general} />
      <h1 className="kern-heading-large">{t('detailTitle', { date: f.date(day.date) })}</h1>
      {done && <Alert tone="success" title={done} role="status" />}
      <section aria-labelledby="data-title">
        <h2 className="kern-heading-medium" id="data-title">
          {t('dataTitle')}
        </h2>
        <p className="kern-body">
          {day.location.name}, {t('window', { from: day.startTime, to: day.endTime })}{' '}
          {day.status === 'planned' ? (
            <StatusBadge tone="success">{t('planned')}</StatusBadge>
          ) : (
            <StatusBadge tone="danger">{t('cancelled')}</StatusBadge>
          )}
        </p>
        <p className="kern-body" data-testid="kit-binding">
          {!day.kitId
            ? t('occupancyNoKit')
            : t('occupancy', {
                kit: kits.find((k) => k.id === day.kitId)?.name ?? t('kit'),
                from: f.time(
                  new Date(
                    new Date(day.startsAt).getTime() - (day.setupMinutes + day.travelBeforeMinutes) * 60_000,
                  ),
                ),
                to: f.time(
                  new Date(
                    new Date(day.endsAt).getTime() + (day.teardownMinutes + day.travelAfterMinutes) * 60_000,
                  ),
                ),
              })}
        </p>
      </section>
      <section aria-labelledby="appointments-title">
        <h2 className="kern-heading-medium" id="appointments-title">
          {t('appointmentsTitle', { count: appointments.length })}
        </h2>
        {appointments.length === 0 ? (
          <p className="kern-body">{t('appointmentsNone')}</p>
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
                    {t('colContact')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colServices')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colNumber')}
                  </th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {appointments.map((a) => (
                  <tr className="kern-table__row" key={a.id}>
                    <td className="kern-table__cell">{f.time(a.startsAt)}</td>
                    <td className="kern-table__cell">{a.name}</td>
                    <td className="kern-table__cell">{[a.email, a.phone].filter(Boolean).join(', ')}</td>
                    <td className="kern-table__cell">{a.services.map((s) => s.name[locale]).join(', ')}</td>
                    <td className="kern-table__cell bk-mono">{a.bookingNumber}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {day.status === 'planned' && (
        <>
          <section aria-labelledby="change-title">
            <h2 className="kern-heading-medium" id="change-title">
              {t('changeTitle')}
            </h2>
            <form
              className="bk-form"
              noValidate
              onSubmit={(e: FormEvent) => {
                e.preventDefault();
                void change(false);
              }}
            >
              <TextField
                id="odd-date"
                type="date"
                label={t('colDate')}
                value={form.date}
                onChange={set('date')}
                error={errorFor(errors, 'odd-date')}
              />
              <div className="bk-actions">
                <TextField
                  id="odd-start"
                  type="time"
                  label={t('start')}
                  value={form.startTime}
                  onChange={set('startTime')}
                  error={errorFor(errors, 'odd-start')}
                />
                <TextField
                  id="odd-end"
                  type="time"
                  label={t('end')}
                  value={form.endTime}
                  onChange={set('endTime')}
                  error={errorFor(errors, 'odd-end')}
                />
              </div>
              <TextField
                id="odd-desks"
                type="number"
                min={1}
                max={20}
                width={4}
                label={t('desks')}
                value={form.desks}
                onChange={set('desks')}
                error={errorFor(errors, 'odd-desks')}
              />
              <SelectField
                id="odd-kit"
                label={t('kit')}
                value={form.kitId}
                onChange={set('kitId')}
                options={[
                  { value: '', label: t('noKit') },
                  ...kits.map((k) => ({ value: k.id, label: k.name })),
                ]}
              />
              {clash && (
                <ClashNotice
                  clash={clash.state}
                  confirmLabel={t('changeAnyway')}
                  onConfirm={() => {
                    setOverlapConfirmed(true);
                    void change(clash.apply, true);
                  }}
                />
              )}
              <div className="bk-actions">
                <Button variant="secondary">{t('changePreview')}</Button>
                {preview?.kind === 'change' && (
                  <Button type="button" onClick={() => void change(true)}>
                    {t('changeApply')}
                  </Button>
                )}
              </div>
            </form>
          </section>
          <section aria-labelledby="cancel-title">
            <h2 className="kern-heading-medium" id="cancel-title">
              {t('cancelTitle')}
            </h2>
            <form
              className="bk-form"
              noValidate
              onSubmit={(e: FormEvent) => {
                e.preventDefault();
                void cancel(false);
              }}
            >
              {day.seriesId && (
                <ChoiceGroup
                  id="odd-scope"
                  legend={t('cancelScope')}
                  type="radio"
                  name="odd-scope"
                  options={[
                    { value: 'day', label: t('cancelScopeDay') },
                    {
                      value: 'following',
                      label: t('cancelScopeFollowing'),
                      hint: t('cancelScopeFollowingHint'),
                    },
                  ]}
                  value={[scope]}
                  onChange={(v) => {
                    setScope(v[0] === 'following' ? 'following' : 'day');
                    setPreview(null);
                  }}
                />
              )}
              <TextField
                id="odd-reason"
                label={t('reason')}
                value={reason}
                onChange={(e) => {
                  setReason(e.target.value);
                  setPreview(null);
                }}
                error={errorFor(errors, 'odd-reason')}
              />
              <div className="bk-actions">
                <Button variant="secondary">{t('cancelPreview')}</Button>
                {preview?.kind === 'cancel' && (
                  <Button type="button" onClick={() => void cancel(true)}>
                    {t('cancelApply')}
                  </Button>
                )}
              </div>
            </form>
          </section>
        </>
      )}
      {preview && (
        <section aria-labelledby="affected-title" aria-live="polite" data-testid="affected">
          <h2 className="kern-heading-medium" id="affected-title">
            {t('affectedTitle', { count: preview.result.affected.length })}
          </h2>
          {(preview.result.cancelledDays ?? 1) > 1 && (
            <p className="kern-body">{t('cancelDaysPreview', { days: preview.result.cancelledDays ?? 1 })}</p>
          )}
          {preview.result.affected.length === 0 ? (
            <p className="kern-body">{t('affectedNone')}</p>
          ) : (
            <>
              <p className="kern-body">{t('affectedText')}</p>
              <ul className="kern-list">
                {preview.result.affected.map((a) => (
                  <li key={a.id}>
                    {(preview.result.cancelledDays ?? 1) > 1 ? `${f.shortDate(a.startsAt)} ` : ''}
                    {f.time(a.startsAt)} · {a.name} · {[a.email, a.phone].filter(Boolean).join(', ')} ·{' '}
                    <span className="bk-mono">{a.bookingNumber}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </>
  );
}
