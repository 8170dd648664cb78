import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { get, post } from '../../ui/api';
import { Alert, Loading, StatusBadge } from '../../ui/components';
import {
  Button,
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
import { adminOfficeDayMessages } from './messages';
import { type KitOption, useLocationsAndKits } from './OfficeDaysAdmin';
import { SubNav } from './SubNav';

interface HomeVisit {
  id: string;
  reference: string;
  status: 'requested' | 'scheduled' | 'done' | 'cancelled' | 'declined';
  services: { id: string; name: { de: string; en: string } }[];
  requesterKind: 'self' | 'relative' | 'care_home' | 'hotline';
  requesterName: string | null;
  personName: string;
  street: string;
  postalCode: string;
  city: string;
  email: string | null;
  phone: string | null;
  reason: string;
  kitId: string | null;
  scheduledDate: string | null;
  windowStart: string | null;
  windowEnd: string | null;
}
interface TourStop {
  kind: 'office_day' | 'home_visit';
  id: string;
  title: string;
  start: string;
  end: string;
  busyStart: string;
  busyEnd: string;
  conflict: boolean;
}

/** /admin/sprechtage/hausbesuche: requests, fitting them into a kit's tour, and the tour of a day. */
export default function HomeVisitsAdmin() {
  const t = useT(adminOfficeDayMessages);
  const c = useT(common);
  const { kits } = useLocationsAndKits();
  const [status, setStatus] = useState('requested');
  const [visits, setVisits] = useState<HomeVisit[] | null>(null);
  const [general, setGeneral] = useState<string>();
  const [done, setDone] = useState<string>();
  usePageTitle(t('visitsTitle'), !!general);
  const load = useCallback(() => {
    void get<{ homeVisits: HomeVisit[] }>(
      `/api/schedule/home-visits${status ? `?status=${status}` : ''}`,
    ).then(
      (r) => setVisits(r.homeVisits),
      (error) => setGeneral(formErrorsFrom(error, {}, c('genericError')).general),
    );
  }, [status, c]);
  useEffect(load, [load]);

  return (
    <>
      <ErrorSummary errors={[]} general={general} />
      <h1 className="kern-heading-large">{t('visitsTitle')}</h1>
      <SubNav />
      {done && <Alert tone="success" title={done} role="status" />}
      <SelectField
        id="hv-status"
        label={t('filterStatus')}
        value={status}
        onChange={(e) => setStatus(e.target.value)}
        options={[
          { value: '', label: t('allStatuses') },
          ...(['requested', 'scheduled', 'done', 'declined', 'cancelled'] as const).map((s) => ({
            value: s,
            label: t(`status_${s}`),
          })),
        ]}
      />
      {!visits && <Loading />}
      {visits && visits.length === 0 && <p className="kern-body">{t('visitsNone')}</p>}
      {visits?.map((v) => (
        <VisitCard
          key={v.id}
          visit={v}
          kits={kits}
          onChanged={(message) => {
            setDone(message);
            load();
          }}
        />
      ))}
      <Tour kits={kits} />
    </>
  );
}

function VisitCard({
  visit: v,
  kits,
  onChanged,
}: {
  visit: HomeVisit;
  kits: KitOption[];
  onChanged: (m: string) => void;
}) {
  const t = useT(adminOfficeDayMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const [form, setForm] = useState({
    kitId: v.kitId ?? '',
    date: v.scheduledDate ?? '',
    windowStart: '13:00',
    windowEnd: '14:00',
    travel: '15',
  });
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((x) => ({ ...x, [key]: e.target.value }));
  const p = (suffix: string) => `hv-${v.id}-${suffix}`;

  async function schedule(e: FormEvent) {
    e.preventDefault();
    const local: FormError[] = [];
    if (!form.kitId) local.push({ fieldId: p('kit'), message: t('kitMissing') });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date)) local.push({ fieldId: p('date'), message: t('dateMissing') });
    setErrors(local);
    setGeneral(undefined);
    if (local.length) return;
    try {
      await post(`/api/schedule/home-visits/${v.id}/schedule`, {
        kitId: form.kitId,
        date: form.date,
        windowStart: form.windowStart,
        windowEnd: form.windowEnd,
        travelBeforeMinutes: Number(form.travel) || 0,
        travelAfterMinutes: Number(form.travel) || 0,
      });
      onChanged(t('scheduled', { reference: v.reference }));
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        { '/date': p('date'), '/windowEnd': p('end'), '/kitId': p('kit') },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    }
  }
  async function close(status: 'done' | 'declined' | 'cancelled') {
    try {
      await post(`/api/schedule/home-visits/${v.id}/close`, { status });
      onChanged(t(`status_${status}`));
    } catch (error) {
      setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
    }
  }
  const who =
    v.requesterKind === 'self'
      ? t('requester_self')
      : t(`requester_${v.requesterKind}`, { name: v.requesterName ?? '' });
  return (
    <article className="bk-day" aria-labelledby={p('title')}>
      <h2 className="kern-heading-small" id={p('title')}>
        <span className="bk-mono">{v.reference}</span> ·{' '}
        {v.personName ? `${v.personName} · ${v.street}, ${v.postalCode} ${v.city}` : t('anonymisedVisit')}{' '}
        <StatusBadge
          tone={v.status === 'requested' ? 'warning' : v.status === 'scheduled' ? 'info' : 'success'}
        >
          {t(`status_${v.status}`)}
        </StatusBadge>
      </h2>
      <p className="kern-body">{v.services.map((s) => s.name[locale]).join(', ')}</p>
      <p className="kern-body">
        {t('reasonLabel')}: {v.reason}
      </p>
      <p className="kern-body">
        {t('requestedBy', { who })} · {[v.phone, v.email].filter(Boolean).join(', ')}
      </p>
      {v.status === 'scheduled' && v.windowStart && v.windowEnd && (
        <p className="kern-body">
          {t('scheduledFor', {
            date: f.date(v.scheduledDate!),
            from: f.time(v.windowStart),
            to: f.time(v.windowEnd),
          })}
        </p>
      )}
      {(v.status === 'requested' || v.status === 'scheduled') && (
        <form className="bk-form" onSubmit={schedule} noValidate aria-label={t('scheduleTitle')}>
          <ErrorSummary errors={errors} general={general} />
          <div className="bk-actions">
            <SelectField
              id={p('kit')}
              label={t('kit')}
              value={form.kitId}
              onChange={set('kitId')}
              error={errorFor(errors, p('kit'))}
              options={[
                { value: '', label: t('choose') },
                ...kits.map((k) => ({ value: k.id, label: k.name })),
              ]}
            />
            <TextField
              id={p('date')}
              type="date"
              label={t('colDate')}
              value={form.date}
              onChange={set('date')}
              error={errorFor(errors, p('date'))}
            />
            <TextField
              id={p('start')}
              type="time"
              label={t('windowStart')}
              value={form.windowStart}
              onChange={set('windowStart')}
            />
            <TextField
              id={p('end')}
              type="time"
              label={t('windowEnd')}
              value={form.windowEnd}
              onChange={set('windowEnd')}
              error={errorFor(errors, p('end'))}
            />
            <TextField
              id={p('travel')}
              type="number"
              min={0}
              width={4}
              label={t('travelBefore')}
              value={form.travel}
              onChange={set('travel')}
            />
          </div>
          <div className="bk-actions">
            <Button>{t('schedule')}</Button>
            {v.status === 'scheduled' && (
              <Button type="button" variant="secondary" onClick={() => void close('done')}>
                {t('markDone')}
              </Button>
            )}
            {v.status === 'requested' && (
              <Button type="button" variant="tertiary" onClick={() => void close('declined')}>
                {t('decline')}
              </Button>
            )}
            <Button type="button" variant="tertiary" onClick={() => void close('cancelled')}>
              {t('cancelVisit')}
            </Button>
          </div>
        </form>
      )}
    </article>
  );
}

function Tour({ kits }: { kits: KitOption[] }) {
  const t = useT(adminOfficeDayMessages);
  const c = useT(common);
  const f = useFormat();
  const [kitId, setKitId] = useState('');
  const [date, setDate] = useState('');
  const [stops, setStops] = useState<TourStop[] | null>(null);
  const [general, setGeneral] = useState<string>();
  async function show(e: FormEvent) {
    e.preventDefault();
    if (!kitId || !date) return;
    try {
      setStops((await get<{ stops: TourStop[] }>(`/api/schedule/kits/${kitId}/tour?date=${date}`)).stops);
      setGeneral(undefined);
    } catch (error) {
      setGeneral(formErrorsFrom(error, {}, c('genericError')).general);
    }
  }
  return (
    <section aria-labelledby="tour-title">
      <h2 className="kern-heading-medium" id="tour-title">
        {t('tourTitle')}
      </h2>
      {general && <Alert tone="danger" title={general} role="alert" />}
      <form className="bk-actions" onSubmit={show} noValidate>
        <SelectField
          id="tour-kit"
          label={t('kit')}
          value={kitId}
          onChange={(e) => setKitId(e.target.value)}
          options={[{ value: '', label: t('choose') }, ...kits.map((k) => ({ value: k.id, label: k.name }))]}
        />
        <TextField
          id="tour-date"
          type="date"
          label={t('colDate')}
          value={date}
          onChange={(e) => setDate(e.target.value)}
        />
        <Button variant="secondary">{t('showTour')}</Button>
      </form>
      {stops && stops.length === 0 && <p className="kern-body">{t('tourNone')}</p>}
      {stops && stops.length > 0 && (
        <ol className="kern-list">
          {stops.map((s) => (
            <li key={s.id}>
              {t('tourStop', { from: f.time(s.start), to: f.time(s.end), title: s.title })} (
              {t('tourBusy', { from: f.time(s.busyStart), to: f.time(s.busyEnd) })})
              {s.conflict && (
                <>
                  {' '}
                  <StatusBadge tone="danger">{t('conflict')}</StatusBadge>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
