import { useEffect, useState } from 'react';
import type { ServiceContent } from '../../../core/catalog/content';
import type { FeeFrame } from '../../../core/catalog/land';
import { parseEuros } from '../../admin/catalog/ContentForm';
import { get, post } from '../../ui/api';
import { Alert, BackLink, Loading, NotFoundPage } from '../../ui/components';
import {
  Button,
  ChoiceGroup,
  ErrorSummary,
  errorFor,
  type FormError,
  formErrorsFrom,
  TextArea,
  TextField,
  usePageTitle,
} from '../../ui/forms';
import { useFormat, useT } from '../../ui/i18n';
import { opsLandMessages } from './messages';

interface LandService {
  id: string;
  version: number;
  content: ServiceContent;
  feeFrame: FeeFrame;
  versions: { version: number; changeNote: string | null; publishedAt: string; publishedBy: string | null }[];
}

interface Form {
  nameDe: string;
  nameEn: string;
  shortDe: string;
  description: string;
  prerequisites: string;
  documents: string;
  deadlines: string;
  processingTime: string;
  feeText: string;
  legalBases: string;
  frame: FeeFrame['kind'];
  min: string;
  max: string;
  changeNote: string;
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const euros = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

function toForm(s: LandService): Form {
  const c = s.content;
  return {
    nameDe: c.name.de,
    nameEn: c.name.en,
    shortDe: c.shortText.de,
    description: c.description,
    prerequisites: c.prerequisites.join('\n'),
    documents: c.documents.map((d) => d.item).join('\n'),
    deadlines: c.deadlines ?? '',
    processingTime: c.processingTime ?? '',
    feeText: c.fees.note?.de ?? '',
    legalBases: c.legalBases.map((l) => (l.url ? `${l.title} | ${l.url}` : l.title)).join('\n'),
    frame: s.feeFrame.kind,
    min: s.feeFrame.kind === 'range' ? euros(s.feeFrame.minCents) : '',
    max: s.feeFrame.kind === 'range' ? euros(s.feeFrame.maxCents) : '',
    changeNote: '',
  };
}

/** The edited texts over the current content: documents keep their notes where the item stays. */
function toContent(s: LandService, f: Form): ServiceContent {
  const c = s.content;
  const note = f.feeText.trim();
  const { note: _old, ...fees } = c.fees;
  return {
    ...c,
    name: { de: f.nameDe, en: f.nameEn },
    shortText: { ...c.shortText, de: f.shortDe },
    description: f.description,
    prerequisites: lines(f.prerequisites),
    documents: lines(f.documents).map(
      (item) => c.documents.find((d) => d.item === item) ?? { item, note: null, required: true },
    ),
    deadlines: f.deadlines.trim() || null,
    processingTime: f.processingTime.trim() || null,
    fees: note ? { ...fees, note: { de: note, en: c.fees.note?.en || note } } : fees,
    legalBases: lines(f.legalBases).map((l) => {
      const [title = '', url] = l.split('|').map((x) => x.trim());
      return { title, url: url || null };
    }),
  };
}

const FIELDS: Record<string, string> = {
  '/content/name/de': 'land-name-de',
  '/content/name/en': 'land-name-en',
  '/content/shortText/de': 'land-short-de',
  '/content/description': 'land-description',
  '/content/deadlines': 'land-deadlines',
  '/content/fees': 'land-frame',
  '/content/fees/note/de': 'land-fee-text',
  '/feeFrame/minCents': 'land-min',
  '/changeNote': 'land-change-note',
};

/** /betrieb/landeskatalog/:id: edit a Land service and publish its next version. */
export default function LandServicePage({ id }: { id: string }) {
  const t = useT(opsLandMessages);
  const fmt = useFormat();
  const [service, setService] = useState<LandService | null>();
  const [form, setForm] = useState<Form>();
  const [errors, setErrors] = useState<FormError[]>([]);
  const [general, setGeneral] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  usePageTitle(
    service ? t('editTitle', { name: service.content.name.de }) : t('title'),
    errors.length > 0 || !!general,
  );

  useEffect(() => {
    get<LandService>(`/api/operator/land-services/${id}`).then(
      (s) => {
        setService(s);
        setForm(toForm(s));
      },
      () => setService(null),
    );
  }, [id]);

  if (service === null) return <NotFoundPage home="/betrieb/landeskatalog" />;
  if (service === undefined || !form) return <Loading />;
  const set = (k: keyof Form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy || !service || !form) return;
    setDone(undefined);
    let feeFrame: FeeFrame = { kind: form.frame } as FeeFrame;
    if (form.frame === 'range') {
      const min = parseEuros(form.min);
      const max = parseEuros(form.max);
      const bad: FormError[] = [];
      if (!min.ok) bad.push({ fieldId: 'land-min', message: t('amountInvalid') });
      if (!max.ok) bad.push({ fieldId: 'land-max', message: t('amountInvalid') });
      if (!min.ok || !max.ok) {
        setErrors(bad);
        setGeneral(undefined);
        return;
      }
      feeFrame = { kind: 'range', minCents: min.value, maxCents: max.value };
    }
    setBusy(true);
    try {
      const r = await post<LandService & { reviewsQueued: number }>(
        `/api/operator/land-services/${id}/versions`,
        {
          content: toContent(service, form),
          feeFrame,
          baseVersion: service.version,
          ...(form.changeNote.trim() ? { changeNote: form.changeNote.trim() } : {}),
        },
      );
      setErrors([]);
      setGeneral(undefined);
      setService(r);
      setForm(toForm(r));
      setDone(t('published', { version: r.version, count: r.reviewsQueued }));
    } catch (err) {
      const mapped = formErrorsFrom(err, FIELDS, t('failed'));
      setErrors(mapped.errors);
      setGeneral(mapped.general);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <BackLink href="/betrieb/landeskatalog" />
      <h1 className="kern-heading-large">{t('editTitle', { name: service.content.name.de })}</h1>
      <ErrorSummary errors={errors} general={general} />
      {done && <Alert tone="success" role="status" title={done} />}
      <p className="kern-body">{t('currentVersion', { version: service.version })}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id="land-name-de"
          label={t('nameDe')}
          value={form.nameDe}
          onChange={set('nameDe')}
          error={errorFor(errors, 'land-name-de')}
        />
        <TextField
          id="land-name-en"
          label={t('nameEn')}
          value={form.nameEn}
          onChange={set('nameEn')}
          error={errorFor(errors, 'land-name-en')}
        />
        <TextField
          id="land-short-de"
          label={t('shortDe')}
          value={form.shortDe}
          onChange={set('shortDe')}
          error={errorFor(errors, 'land-short-de')}
        />
        <TextArea
          id="land-description"
          label={t('description')}
          value={form.description}
          onChange={set('description')}
          rows={8}
          error={errorFor(errors, 'land-description')}
        />
        <TextArea
          id="land-prerequisites"
          label={t('prerequisites')}
          hint={t('linesHint')}
          optional
          value={form.prerequisites}
          onChange={set('prerequisites')}
        />
        <TextArea
          id="land-documents"
          label={t('documents')}
          hint={t('linesHint')}
          optional
          value={form.documents}
          onChange={set('documents')}
        />
        <TextArea
          id="land-deadlines"
          label={t('deadlines')}
          optional
          value={form.deadlines}
          onChange={set('deadlines')}
          error={errorFor(errors, 'land-deadlines')}
        />
        <TextField
          id="land-processing"
          label={t('processingTime')}
          optional
          value={form.processingTime}
          onChange={set('processingTime')}
        />
        <TextArea
          id="land-fee-text"
          label={t('feeText')}
          optional
          value={form.feeText}
          onChange={set('feeText')}
          error={errorFor(errors, 'land-fee-text')}
        />
        <TextArea
          id="land-legal"
          label={t('legalBases')}
          hint={t('legalHint')}
          optional
          value={form.legalBases}
          onChange={set('legalBases')}
        />
        <ChoiceGroup
          id="land-frame"
          name="frame"
          type="radio"
          legend={t('frameLegend')}
          error={errorFor(errors, 'land-frame')}
          options={[
            { value: 'fixed', label: t('frameFixed') },
            { value: 'range', label: t('frameRange') },
            { value: 'open', label: t('frameOpen') },
          ]}
          value={[form.frame]}
          onChange={([v]) => setForm({ ...form, frame: v as FeeFrame['kind'] })}
        />
        {form.frame === 'range' && (
          <>
            <TextField
              id="land-min"
              label={t('frameMin')}
              inputMode="decimal"
              width={4}
              value={form.min}
              onChange={set('min')}
              error={errorFor(errors, 'land-min')}
            />
            <TextField
              id="land-max"
              label={t('frameMax')}
              inputMode="decimal"
              width={4}
              value={form.max}
              onChange={set('max')}
              error={errorFor(errors, 'land-max')}
            />
          </>
        )}
        <TextArea
          id="land-change-note"
          label={t('changeNote')}
          hint={t('changeNoteHint')}
          optional
          value={form.changeNote}
          onChange={set('changeNote')}
          rows={2}
          error={errorFor(errors, 'land-change-note')}
        />
        <Button>{t('publish')}</Button>
      </form>
      <h2 className="kern-heading-medium">{t('history')}</h2>
      <ul className="kern-list">
        {service.versions.map((v) => (
          <li key={v.version}>
            {t('historyItem', {
              version: v.version,
              date: fmt.dateTime(v.publishedAt),
              by: v.publishedBy ?? '–',
            })}
            {v.changeNote && <> {t('historyNote', { note: v.changeNote })}</>}
          </li>
        ))}
      </ul>
    </>
  );
}
