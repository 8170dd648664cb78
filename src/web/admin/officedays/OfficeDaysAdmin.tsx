import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { get, post } from '../../ui/api';
import type { OfficeDay } from '../../ui/booking-api';
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
import { Link } from '../../ui/router';
import { ClashNotice, type ClashState, clashFrom } from './ClashNotice';
import { adminOfficeDayMessages } from './messages';
import { SubNav } from './SubNav';

export interface LocationOption {
  id: string;
  name: string;
  slug: string;
}
export interface KitOption {
  id: string;
  name: string;
}
interface CatalogService {
  id: string;
  name: { de: string; en: string };
  channels: string[];
}
interface PlanResult {
  created: OfficeDay[];
  skipped: { date: string; reason: 'holiday' | 'exception' | 'already_planned'; holiday?: string }[];
  seriesId: string | null;
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

export function useLocationsAndKits() {
  const [locations, setLocations] = useState<LocationOption[] | null>(null);
  const [kits, setKits] = useState<KitOption[]>([]);
  useEffect(() => {
    void get<{ locations: LocationOption[] }>('/api/places/locations').then((r) => setLocations(r.locations));
    void get<{ kits: KitOption[] }>('/api/schedule/kits').then(
      (r) => setKits(r.kits),
      () => setKits([]),
    );
  }, []);
  return { locations, kits };
}

/** /admin/sprechtage: the planned office days and the form to plan one or a recurring series. */
export default function OfficeDaysAdmin() {
  const t = useT(adminOfficeDayMessages);
  const f = useFormat();
  const { locations, kits } = useLocationsAndKits();
  const [days, setDays] = useState<OfficeDay[] | null>(null);
  const [filter, setFilter] = useState('');
  const [showCancelled, setShowCancelled] = useState<string[]>([]);
  usePageTitle(t('title'));

  const load = useCallback(() => {
    const q = new URLSearchParams();
    if (filter) q.set('locationId', filter);
    if (showCancelled.length) q.set('includeCancelled', 'true');
    void get<{ officeDays: OfficeDay[] }>(`/api/schedule/office-days?${q}`).then((r) =>
      setDays(r.officeDays),
    );
  }, [filter, showCancelled]);
  useEffect(load, [load]);

  if (!locations) return <Loading />;
  const kitName = (id: string | null) =>
    id ? (kits.find((k) => k.id === id)?.name ?? id.slice(0, 8)) : t('noKit');
  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <SubNav />
      <section aria-labelledby="list-title">
        <h2 className="kern-heading-medium" id="list-title">
          {t('listTitle')}
        </h2>
        <div className="bk-actions">
          <SelectField
            id="od-filter"
            label={t('filterLocation')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            options={[
              { value: '', label: t('allLocations') },
              ...locations.map((l) => ({ value: l.id, label: l.name })),
            ]}
          />
          <ChoiceGroup
            id="od-cancelled"
            legend={t('colStatus')}
            type="checkbox"
            name="od-cancelled"
            options={[{ value: 'yes', label: t('includeCancelled') }]}
            value={showCancelled}
            onChange={setShowCancelled}
          />
        </div>
        {!days && <Loading />}
        {days && days.length === 0 && <p className="kern-body">{t('none')}</p>}
        {days && days.length > 0 && (
          <div className="kern-table-responsive">
            <table className="kern-table kern-table--striped">
              <thead className="kern-table__header">
                <tr className="kern-table__row">
                  <th className="kern-table__cell" scope="col">
                    {t('colDate')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colTime')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colLocation')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colDesks')}
                  </th>
                  <th className="kern-table__cell" scope="col">
                    {t('colKit')}
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
                {days.map((d) => (
                  <tr className="kern-table__row" key={d.id}>
                    <td className="kern-table__cell">{f.date(d.date)}</td>
                    <td className="kern-table__cell">{t('window', { from: d.startTime, to: d.endTime })}</td>
                    <td className="kern-table__cell">{d.location.name}</td>
                    <td className="kern-table__cell">{d.desks}</td>
                    <td className="kern-table__cell">{kitName(d.kitId)}</td>
                    <td className="kern-table__cell">
                      {d.status === 'planned' ? (
                        <StatusBadge tone="success">{t('planned')}</StatusBadge>
                      ) : (
                        <StatusBadge tone="danger">{t('cancelled')}</StatusBadge>
                      )}
                      {d.seriesId ? ` ${t('series')}` : ''}
                    </td>
                    <td className="kern-table__cell">
                      <Link
                        className="kern-link"
                        href={`/admin/sprechtage/${d.id}`}
                        aria-label={t('detailsFor', { date: f.date(d.date), location: d.location.name })}
                      >
                        {t('details')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <PlanForm locations={locations} kits={kits} onPlanned={load} />
    </>
  );
}

function PlanForm({
  locations,
  kits,
  onPlanned,
}: {
  locations: LocationOption[];
  kits: KitOption[];
  onPlanned: () => void;
}) {
  const t = useT(adminOfficeDayMessages);
  const c = useT(common);
  const f = useFormat();
  const { locale } = useLocale();
  const [catalog, setCatalog] = useState<CatalogService[]>([]);
  const [form, setForm] = useState({
    locationId: '',
    date: '',
    startTime: '09:00',
    endTime: '12:00',
    desks: '1',
    kitId: '',
    slotMinutes: '15',
    setupMinutes: '30',
    teardownMinutes: '15',
    travelBeforeMinutes: '15',
    travelAfterMinutes: '15',
    changeoverMinutes: '0',
    everyWeeks: '1',
    rrule: '',
    until: '',
    exceptions: '',
    note: '',
  });
  const [repeat, setRepeat] = useState<string[]>(['none']);
  const [weeks, setWeeks] = useState<string[]>(['2', '4']);
  const [servicesMode, setServicesMode] = useState<string[]>(['default']);
  const [dayMode, setDayMode] = useState<string[]>(['in_person']);
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [preview, setPreview] = useState<PlanResult | null>(null);
  const [done, setDone] = useState<string>();
  const [clash, setClash] = useState<ClashState | null>(null);
  usePageTitle(t('title'), errors.length > 0 || !!general);
  // A clash shown for other data must never be confirmed for what the form holds now.
  // biome-ignore lint/correctness/useExhaustiveDependencies: every input of the plan resets the clash
  useEffect(() => setClash(null), [form, repeat, weeks, servicesMode, serviceIds, dayMode]);
  useEffect(() => {
    void get<{ services: CatalogService[] }>('/api/catalog/services').then((r) => setCatalog(r.services));
  }, []);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((x) => ({ ...x, [key]: e.target.value }));

  function body(): Record<string, unknown> | null {
    const local: FormError[] = [];
    const int = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : Number.NaN);
    if (!form.locationId) local.push({ fieldId: 'plan-location', message: t('locationMissing') });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.date))
      local.push({ fieldId: 'plan-date', message: t('dateMissing') });
    if (!/^\d{2}:\d{2}$/.test(form.startTime))
      local.push({ fieldId: 'plan-start', message: t('timeMissing') });
    if (!/^\d{2}:\d{2}$/.test(form.endTime)) local.push({ fieldId: 'plan-end', message: t('timeMissing') });
    const desks = int(form.desks);
    if (!(desks >= 1 && desks <= 20)) local.push({ fieldId: 'plan-desks', message: t('desksInvalid') });
    const minutes: Record<string, number> = {};
    for (const key of [
      'setupMinutes',
      'teardownMinutes',
      'travelBeforeMinutes',
      'travelAfterMinutes',
      'changeoverMinutes',
    ] as const) {
      minutes[key] = int(form[key]);
      if (Number.isNaN(minutes[key])) local.push({ fieldId: `plan-${key}`, message: t('minutesInvalid') });
    }
    let recurrence: Record<string, unknown> | null = null;
    const mode = repeat[0];
    if (mode !== 'none') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(form.until))
        local.push({ fieldId: 'plan-until', message: t('untilMissing') });
      const exdates = form.exceptions
        .split(/[,;\s]+/)
        .map((s) => s.trim())
        .filter(Boolean);
      if (exdates.some((d) => !/^\d{4}-\d{2}-\d{2}$/.test(d))) {
        local.push({ fieldId: 'plan-exceptions', message: t('exceptionsInvalid') });
      }
      const wd = form.date ? WEEKDAYS[new Date(`${form.date}T12:00:00Z`).getUTCDay()] : 'MO';
      let rrule = '';
      if (mode === 'weekly')
        rrule = `FREQ=WEEKLY;INTERVAL=${Math.max(1, int(form.everyWeeks) || 1)};BYDAY=${wd}`;
      if (mode === 'monthly') {
        if (weeks.length === 0) local.push({ fieldId: 'plan-weeks', message: t('weeksMissing') });
        rrule = `FREQ=MONTHLY;BYDAY=${weeks.map((w) => `${w}${wd}`).join(',')}`;
      }
      if (mode === 'custom') {
        rrule = form.rrule.trim();
        if (!rrule) local.push({ fieldId: 'plan-rrule', message: t('rruleMissing') });
      }
      recurrence = { rrule, lastDate: form.until, exdates };
    }
    if (servicesMode[0] === 'own' && serviceIds.length === 0) {
      local.push({ fieldId: 'plan-services', message: t('servicesMissing') });
    }
    setErrors(local);
    if (local.length) return null;
    return {
      locationId: form.locationId,
      date: form.date,
      startTime: form.startTime,
      endTime: form.endTime,
      desks,
      kitId: form.kitId || null,
      slotMinutes: int(form.slotMinutes),
      ...minutes,
      serviceIds: servicesMode[0] === 'own' ? serviceIds : null,
      mode: dayMode[0] === 'video' ? 'video' : 'in_person',
      note: form.note.trim() || null,
      recurrence,
    };
  }

  async function submit(dryRun: boolean, allowOverlap = false) {
    setGeneral(undefined);
    setDone(undefined);
    setClash(null);
    const b = body();
    if (!b) return;
    try {
      const result = await post<PlanResult>('/api/schedule/office-days', {
        ...b,
        dryRun,
        ...(allowOverlap ? { allowOverlap } : {}),
      });
      if (dryRun) setPreview(result);
      else {
        setPreview(null);
        setDone(t('plannedDone', { count: result.created.length }));
        onPlanned();
      }
    } catch (error) {
      const mapped = formErrorsFrom(
        error,
        {
          '/locationId': 'plan-location',
          '/date': 'plan-date',
          '/startTime': 'plan-start',
          '/endTime': 'plan-end',
          '/desks': 'plan-desks',
          '/recurrence/rrule': 'plan-rrule',
          '/recurrence/lastDate': 'plan-until',
          '/serviceIds': 'plan-services',
        },
        c('genericError'),
      );
      setErrors(mapped.errors);
      setGeneral(mapped.general);
      setClash(clashFrom(error));
    }
  }

  return (
    <section aria-labelledby="plan-title">
      <h2 className="kern-heading-medium" id="plan-title">
        {t('planTitle')}
      </h2>
      <form
        className="bk-form"
        noValidate
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        <ErrorSummary errors={errors} general={general} />
        {clash && (
          <ClashNotice
            clash={clash}
            confirmLabel={t('planAnyway')}
            onConfirm={() => void submit(false, true)}
          />
        )}
        {done && <Alert tone="success" title={done} role="status" />}
        <SelectField
          id="plan-location"
          label={t('location')}
          value={form.locationId}
          onChange={set('locationId')}
          error={errorFor(errors, 'plan-location')}
          options={[
            { value: '', label: t('choose') },
            ...locations.map((l) => ({ value: l.id, label: l.name })),
          ]}
        />
        <TextField
          id="plan-date"
          type="date"
          label={t('date')}
          value={form.date}
          onChange={set('date')}
          error={errorFor(errors, 'plan-date')}
        />
        <div className="bk-actions">
          <TextField
            id="plan-start"
            type="time"
            label={t('start')}
            value={form.startTime}
            onChange={set('startTime')}
            error={errorFor(errors, 'plan-start')}
          />
          <TextField
            id="plan-end"
            type="time"
            label={t('end')}
            value={form.endTime}
            onChange={set('endTime')}
            error={errorFor(errors, 'plan-end')}
          />
        </div>
        <TextField
          id="plan-desks"
          type="number"
          min={1}
          max={20}
          width={4}
          label={t('desks')}
          value={form.desks}
          onChange={set('desks')}
          error={errorFor(errors, 'plan-desks')}
        />
        <SelectField
          id="plan-kit"
          label={t('kit')}
          value={form.kitId}
          onChange={set('kitId')}
          options={[{ value: '', label: t('noKit') }, ...kits.map((k) => ({ value: k.id, label: k.name }))]}
        />
        <SelectField
          id="plan-slot"
          label={t('slotMinutes')}
          value={form.slotMinutes}
          onChange={set('slotMinutes')}
          options={['10', '15', '20', '30'].map((v) => ({ value: v, label: v }))}
        />
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('buffersTitle')}</legend>
          <div className="kern-hint">{t('buffersHint')}</div>
          <div className="bk-actions">
            {(
              [
                ['setupMinutes', t('setup')],
                ['teardownMinutes', t('teardown')],
                ['travelBeforeMinutes', t('travelBefore')],
                ['travelAfterMinutes', t('travelAfter')],
                ['changeoverMinutes', t('changeover')],
              ] as const
            ).map(([key, label]) => (
              <TextField
                key={key}
                id={`plan-${key}`}
                type="number"
                min={0}
                width={4}
                label={label}
                value={form[key]}
                onChange={set(key)}
                error={errorFor(errors, `plan-${key}`)}
              />
            ))}
          </div>
        </fieldset>
        <ChoiceGroup
          id="plan-repeat"
          legend={t('repeat')}
          type="radio"
          name="plan-repeat"
          options={[
            { value: 'none', label: t('repeatNone') },
            { value: 'weekly', label: t('repeatWeekly') },
            { value: 'monthly', label: t('repeatMonthly') },
            { value: 'custom', label: t('repeatCustom') },
          ]}
          value={repeat}
          onChange={setRepeat}
        />
        {repeat[0] === 'weekly' && (
          <TextField
            id="plan-every"
            type="number"
            min={1}
            max={8}
            width={2}
            label={t('everyWeeks')}
            value={form.everyWeeks}
            onChange={set('everyWeeks')}
          />
        )}
        {repeat[0] === 'monthly' && (
          <ChoiceGroup
            id="plan-weeks"
            legend={t('weeksOfMonth')}
            type="checkbox"
            name="plan-weeks"
            options={[
              { value: '1', label: t('week1') },
              { value: '2', label: t('week2') },
              { value: '3', label: t('week3') },
              { value: '4', label: t('week4') },
              { value: '-1', label: t('weekLast') },
            ]}
            value={weeks}
            onChange={setWeeks}
            error={errorFor(errors, 'plan-weeks')}
          />
        )}
        {repeat[0] === 'custom' && (
          <TextField
            id="plan-rrule"
            label={t('rrule')}
            hint={t('rruleHint')}
            value={form.rrule}
            onChange={set('rrule')}
            error={errorFor(errors, 'plan-rrule')}
          />
        )}
        {repeat[0] !== 'none' && (
          <>
            <TextField
              id="plan-until"
              type="date"
              label={t('until')}
              value={form.until}
              onChange={set('until')}
              error={errorFor(errors, 'plan-until')}
            />
            <TextField
              id="plan-exceptions"
              label={t('exceptions')}
              hint={t('exceptionsHint')}
              optional
              value={form.exceptions}
              onChange={set('exceptions')}
              error={errorFor(errors, 'plan-exceptions')}
            />
          </>
        )}
        <ChoiceGroup
          id="plan-mode"
          legend={t('modeTitle')}
          type="radio"
          name="plan-mode"
          options={[
            { value: 'in_person', label: t('modeInPerson') },
            { value: 'video', label: t('modeVideo'), hint: t('modeVideoHint') },
          ]}
          value={dayMode}
          onChange={setDayMode}
        />
        <ChoiceGroup
          id="plan-services-mode"
          legend={t('servicesTitle')}
          type="radio"
          name="plan-services-mode"
          options={[
            { value: 'default', label: t('servicesDefault') },
            { value: 'own', label: t('servicesOwn') },
          ]}
          value={servicesMode}
          onChange={setServicesMode}
        />
        {servicesMode[0] === 'own' && (
          <ChoiceGroup
            id="plan-services"
            legend={t('servicesList')}
            type="checkbox"
            name="plan-services"
            options={catalog.map((s) => ({ value: s.id, label: s.name[locale] }))}
            value={serviceIds}
            onChange={setServiceIds}
            error={errorFor(errors, 'plan-services')}
          />
        )}
        <TextArea id="plan-note" label={t('note')} optional value={form.note} onChange={set('note')} />
        <div className="bk-actions">
          <Button type="button" variant="secondary" onClick={() => void submit(true)}>
            {t('preview')}
          </Button>
          <Button>{t('plan')}</Button>
        </div>
      </form>
      {preview && (
        <section aria-labelledby="preview-title" aria-live="polite">
          <h3 className="kern-heading-small" id="preview-title">
            {t('previewTitle', { count: preview.created.length })}
          </h3>
          <ul className="kern-list">
            {preview.created.map((d) => (
              <li key={d.date}>
                {f.date(d.date)}, {t('window', { from: d.startTime, to: d.endTime })}
              </li>
            ))}
            {preview.skipped.map((s) => (
              <li key={`skip-${s.date}`}>
                {s.reason === 'holiday'
                  ? t('skippedHoliday', { date: f.date(s.date), holiday: s.holiday ?? '' })
                  : s.reason === 'already_planned'
                    ? t('skippedAlreadyPlanned', { date: f.date(s.date) })
                    : t('skippedException', { date: f.date(s.date) })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
