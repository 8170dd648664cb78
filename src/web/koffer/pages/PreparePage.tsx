import { type FormEvent, useEffect, useState } from 'react';
import { Alert } from '../../ui/components';
import { Button, ChoiceGroup, ErrorSummary, usePageTitle } from '../../ui/forms';
import { defineMessages, useFormat, useLocale, useT } from '../../ui/i18n';
import { useKit } from '../state/kit-context';
import type { PreparedDay } from './prepare-types';
import { SignInPanel } from './SignInPanel';

const m = defineMessages({
  de: {
    title: 'Tag vorbereiten',
    lead: 'Solange Netz da ist, lädt der Bürgerkoffer die Termine des Sprechtags, den Leistungskatalog und das Melderegister der Gemeinde, für die er unterwegs ist – nicht mehr. Alles wird verschlüsselt gespeichert.',
    offline: 'Zum Vorbereiten wird eine Verbindung zum Server gebraucht.',
    officeDay: 'Sprechtag',
    noOfficeDay: 'Ohne Sprechtag (z. B. Hausbesuch)',
    officeDayHint:
      'Zur Wahl stehen die Sprechtage der nächsten 14 Tage, denen dieser Koffer zugeordnet ist, und Sprechtage ohne Koffer an seinen Standorten. Fehlt ein Sprechtag, ordnen Sie ihm in der Verwaltung unter „Sprechtage“ diesen Koffer zu.',
    noDays:
      'Für diesen Koffer ist in den nächsten 14 Tagen kein Sprechtag geplant. Damit ein Sprechtag hier erscheint, muss ihm dieser Koffer zugeordnet sein: in der Verwaltung unter „Sprechtage“, „Details und Ändern“, Feld „Bürgerkoffer“.',
    assigned: '{day} – diesem Koffer zugeordnet',
    start: 'Tag vorbereiten',
    stepDay: 'Termine und Leistungen',
    stepRegister: 'Melderegister: {done} von {total} Einwohnern',
    stepDone: 'Fertig',
    progress: 'Fortschritt der Vorbereitung',
    quotaLow:
      'Auf diesem Gerät ist zu wenig Speicher frei ({free} MB, nötig sind {need} MB). Bitte schaffen Sie Platz, bevor Sie den Tag vorbereiten.',
    persistDenied:
      'Der Browser hat den dauerhaften Speicher nicht zugesagt. Übertragen Sie deshalb möglichst oft.',
    failed: 'Die Vorbereitung wurde unterbrochen ({code}). Bereits Geladenes bleibt; bitte erneut versuchen.',
    ready: 'bereit: {appointments} Termine, {residents} Einwohner, Katalog vom {catalog}',
    at: '{date}, {from}–{to} Uhr, {place}',
  },
  en: {
    title: 'Prepare the day',
    lead: 'While there is a network, the field kit loads the office day’s appointments, the service catalogue and the register of the municipality it serves – nothing more. Everything is stored encrypted.',
    offline: 'Preparing needs a connection to the server.',
    officeDay: 'Office day',
    noOfficeDay: 'Without an office day (e.g. a home visit)',
    officeDayHint:
      'You can choose the office days of the next 14 days that this kit is assigned to, and office days without a kit at its locations. If one is missing, assign this kit to it in the administration under “Office days”.',
    noDays:
      'No office day is planned for this kit in the next 14 days. For an office day to appear here, this kit must be assigned to it: in the administration under “Office days”, “Details and changes”, field “Field kit”.',
    assigned: '{day} – assigned to this kit',
    start: 'Prepare the day',
    stepDay: 'Appointments and services',
    stepRegister: 'Register: {done} of {total} residents',
    stepDone: 'Done',
    progress: 'Progress of the preparation',
    quotaLow:
      'Too little storage is free on this device ({free} MB, {need} MB are needed). Please free some space before preparing the day.',
    persistDenied: 'The browser did not grant persistent storage. Sync as often as you can.',
    failed: 'Preparing was interrupted ({code}). What was loaded stays; please try again.',
    ready: 'ready: {appointments} appointments, {residents} residents, catalogue of {catalog}',
    at: '{date}, {from}–{to}, {place}',
  },
});

/** Free space needed before preparing (register, photos of the day, margin). */
export const NEEDED_MB = 200;

interface OfficeDay {
  id: string;
  kitId: string | null;
  date: string;
  startTime: string;
  endTime: string;
  locationId: string;
  location: { name: string };
}

export default function PreparePage() {
  const t = useT(m);
  const f = useFormat();
  useLocale();
  const { store, config, online, session, request, rebuildIndex } = useKit();
  const [days, setDays] = useState<OfficeDay[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [choice, setChoice] = useState<string>('none');
  const [step, setStep] = useState<{ label: string; value: number } | null>(null);
  const [problem, setProblem] = useState<string>();
  const [warning, setWarning] = useState<string>();
  const [done, setDone] = useState<PreparedDay | null>(null);
  usePageTitle(t('title'), !!problem);

  useEffect(() => {
    if (!online || !session) return;
    void request<{ officeDays: OfficeDay[] }>('GET', '/api/kit/office-days')
      .then((r) => {
        setDays(r.officeDays);
        setLoaded(true);
        if (r.officeDays[0]) setChoice(r.officeDays[0].id);
      })
      .catch(() => {});
  }, [online, session, request]);

  async function prepare(e: FormEvent) {
    e.preventDefault();
    setProblem(undefined);
    setWarning(undefined);
    setDone(null);
    if (!store || !config) return;
    try {
      const estimate = await navigator.storage?.estimate?.();
      if (estimate?.quota !== undefined) {
        const free = Math.floor(((estimate.quota ?? 0) - (estimate.usage ?? 0)) / 1024 / 1024);
        if (free < NEEDED_MB) {
          setProblem(t('quotaLow', { free, need: NEEDED_MB }));
          return;
        }
      }
      const persisted = (await navigator.storage?.persist?.()) ?? false;
      if (!persisted) setWarning(t('persistDenied'));
      setStep({ label: t('stepDay'), value: 5 });
      const officeDayId = choice === 'none' ? null : choice;
      const day = await request<{
        cursor: number;
        officeDay: OfficeDay | null;
        appointments: { id: string }[];
        services: { id: string }[];
        municipalities: { id: string; name: string }[];
        catalogDate: string;
      }>('GET', `/api/kit/day${officeDayId ? `?officeDayId=${officeDayId}` : ''}`);
      let cursor = day.cursor;
      await store.clearEntity('appointment');
      await store.loadSnapshot(
        'appointment',
        day.appointments.map((a) => ({ id: a.id, data: a })),
        cursor,
      );
      await store.clearEntity('service');
      await store.loadSnapshot(
        'service',
        day.services.map((s) => ({ id: s.id, data: s })),
        cursor,
      );
      await store.loadSnapshot(
        'municipality',
        day.municipalities.map((mu) => ({ id: mu.id, data: { name: mu.name } })),
        cursor,
      );
      let residents = 0;
      await store.clearEntity('person');
      for (const municipalityId of config.municipalityIds) {
        let offset = 0;
        for (;;) {
          const page = await request<{ cursor: number; total: number; residents: { id: string }[] }>(
            'GET',
            `/api/kit/register?municipalityId=${municipalityId}&offset=${offset}&limit=500`,
          );
          if (offset === 0) cursor = Math.min(cursor, page.cursor);
          await store.loadSnapshot(
            'person',
            page.residents.map((r) => ({ id: r.id, data: r })),
            cursor,
          );
          offset += page.residents.length;
          residents += page.residents.length;
          setStep({
            label: t('stepRegister', { done: offset, total: page.total }),
            value: 10 + Math.round((90 * offset) / Math.max(1, page.total)),
          });
          if (page.residents.length === 0 || offset >= page.total) break;
        }
      }
      if ((await store.cursor()) === 0 || cursor < (await store.cursor())) await store.setCursor(cursor);
      const prepared: PreparedDay = {
        officeDayId,
        date:
          day.officeDay?.date ??
          new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date()),
        locationId: day.officeDay?.locationId ?? config.locationIds[0] ?? null,
        locationName: day.officeDay?.location.name ?? null,
        appointments: day.appointments.length,
        residents,
        catalogDate: day.catalogDate,
        preparedAt: new Date().toISOString(),
      };
      await store.putRecord('day', 'current', prepared);
      // Ready for the dead zone only once the app shell is cached by the service worker.
      if ('serviceWorker' in navigator && !import.meta.env.DEV)
        await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 15_000))]);
      rebuildIndex();
      setStep({ label: t('stepDone'), value: 100 });
      setDone(prepared);
    } catch (error) {
      setProblem(t('failed', { code: (error as { code?: string }).code ?? String(error) }));
    }
  }

  return (
    <>
      <h1 className="kern-heading-large">{t('title')}</h1>
      <p className="kern-body">{t('lead')}</p>
      {!online && <Alert tone="warning" title={t('offline')} />}
      {online && !session && <SignInPanel />}
      <ErrorSummary errors={[]} general={problem} />
      {warning && <Alert tone="warning" title={warning} />}
      {online && session && (
        <form onSubmit={prepare} noValidate>
          {loaded && days.length === 0 && <Alert tone="info" title={t('noDays')} />}
          <ChoiceGroup
            id="prepare-day"
            legend={t('officeDay')}
            hint={t('officeDayHint')}
            type="radio"
            name="officeDay"
            options={[
              ...days.map((d) => {
                const day = t('at', {
                  date: f.date(d.date),
                  from: d.startTime,
                  to: d.endTime,
                  place: d.location.name,
                });
                return { value: d.id, label: d.kitId === config?.kitId ? t('assigned', { day }) : day };
              }),
              { value: 'none', label: t('noOfficeDay') },
            ]}
            value={[choice]}
            onChange={(v) => setChoice(v[0] ?? 'none')}
          />
          <Button>{t('start')}</Button>
        </form>
      )}
      {step && (
        <p className="kern-body" role="status">
          <label htmlFor="prepare-progress">{step.label}</label>{' '}
          <progress id="prepare-progress" max={100} value={step.value} aria-label={t('progress')} />
        </p>
      )}
      {done && (
        <Alert
          tone="success"
          role="status"
          title={t('ready', {
            appointments: done.appointments,
            residents: done.residents,
            catalog: f.shortDate(done.catalogDate),
          })}
        />
      )}
    </>
  );
}
