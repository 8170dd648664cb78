import { type ReactNode, useEffect, useState } from 'react';
import type { ServiceContent } from '../../../core/catalog/content';
import type { AgeBand, FeeRule, FeeUnit } from '../../../core/catalog/fees';
import { APPOINTMENT_PLACE_KINDS, CHANNELS, type Channel } from '../../../core/catalog/types';
import { get } from '../../ui/api';
import { catalogMessages } from '../../ui/catalog/messages';
import { ChoiceGroup, errorFor, type FormError, SelectField, TextArea, TextField } from '../../ui/forms';
import { useT } from '../../ui/i18n';
import { fid, setIn } from './field-ids';
import { catalogAdminMessages } from './messages';

type Path = (string | number)[];
const ptr = (path: Path) => `/${path.join('/')}`;

/** Parses what an editor typed; `ok: false` keeps the raw text and shows an error on saving. */
type Parsed<T> = { ok: true; value: T } | { ok: false };

export function parseEuros(raw: string): Parsed<number> {
  const s = raw.trim().replace(/\s|€/g, '');
  if (!/^\d{1,6}([.,]\d{1,2})?$/.test(s)) return { ok: false };
  const [euros, cents = ''] = s.replace(',', '.').split('.');
  return { ok: true, value: Number(euros) * 100 + Number(cents.padEnd(2, '0')) };
}

function parseOptionalInt(raw: string): Parsed<number | undefined> {
  const s = raw.trim();
  if (s === '') return { ok: true, value: undefined };
  return /^\d{1,4}$/.test(s) ? { ok: true, value: Number(s) } : { ok: false };
}

const euros = (cents: number | undefined) =>
  cents === undefined || Number.isNaN(cents) ? '' : (cents / 100).toFixed(2).replace('.', ',');

/** A text input whose value is parsed (money, whole numbers); invalid input is reported, not lost. */
function ParsedField<T>({
  id,
  label,
  hint,
  initial,
  parse,
  onValue,
  onValidity,
  error,
  optional,
}: {
  id: string;
  label: string;
  hint?: string;
  initial: string;
  parse(raw: string): Parsed<T>;
  onValue(value: T): void;
  onValidity(id: string, valid: boolean): void;
  error: string | undefined;
  optional?: boolean;
}) {
  const [raw, setRaw] = useState(initial);
  return (
    <TextField
      id={id}
      label={label}
      hint={hint}
      optional={optional}
      inputMode="decimal"
      autoComplete="off"
      width={10}
      value={raw}
      error={error}
      onChange={(e) => {
        setRaw(e.target.value);
        const p = parse(e.target.value);
        onValidity(id, p.ok);
        if (p.ok) onValue(p.value);
      }}
    />
  );
}

function Checkbox({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange(v: boolean): void;
}) {
  return (
    <div className="kern-form-check">
      <input
        className="kern-form-check__checkbox"
        type="checkbox"
        id={id}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
    </div>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="kern-fieldset bk-editor-group">
      <legend className="kern-label kern-label--large">{title}</legend>
      <div className="kern-fieldset__body bk-editor-fields">{children}</div>
    </fieldset>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick(): void }) {
  return (
    <button type="button" className="kern-btn kern-btn--tertiary kern-btn--small" onClick={onClick}>
      <span className="kern-icon kern-icon--delete kern-icon--small" aria-hidden="true" />
      <span className="kern-label">{label}</span>
    </button>
  );
}

function AddButton({ label, onClick }: { label: string; onClick(): void }) {
  return (
    <div>
      <button type="button" className="kern-btn kern-btn--secondary kern-btn--small" onClick={onClick}>
        <span className="kern-icon kern-icon--add kern-icon--small" aria-hidden="true" />
        <span className="kern-label">{label}</span>
      </button>
    </div>
  );
}

const NEW_RULE: Record<FeeRule['kind'], FeeRule> = {
  fixed: { kind: 'fixed', amountCents: 0 },
  by_age: { kind: 'by_age', bands: [{ amountCents: 0 }] },
  per_unit: { kind: 'per_unit', unit: 'page', amountCents: 0 },
};

/**
 * Every field of a service description. Ids follow the content's JSON pointers (field-ids.ts) so
 * that the shared rules' problems and the API's field errors land at the right input.
 */
export function ContentForm({
  content,
  onChange,
  errors,
  onValidity,
}: {
  content: ServiceContent;
  onChange(content: ServiceContent): void;
  errors: FormError[];
  onValidity(id: string, valid: boolean): void;
}) {
  const t = useT(catalogAdminMessages);
  const ct = useT(catalogMessages);
  const [locations, setLocations] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    get<{ locations: { id: string; name: string }[] }>('/api/places/locations')
      .then((r) => setLocations(r.locations))
      .catch(() => {});
  }, []);
  const c = content;
  const set = (path: Path, value: unknown) => onChange(setIn(c, path, value));
  const err = (path: Path) => errorFor(errors, fid(ptr(path)));
  const nullable = (v: string) => (v === '' ? null : v);
  const text = (
    path: Path,
    label: string,
    value: string,
    opts: { hint?: string; optional?: boolean; nullableValue?: boolean } = {},
  ) => (
    <TextField
      id={fid(ptr(path))}
      label={label}
      hint={opts.hint}
      optional={opts.optional}
      value={value}
      error={err(path)}
      onChange={(e) => set(path, opts.nullableValue ? nullable(e.target.value) : e.target.value)}
    />
  );
  const area = (
    path: Path,
    label: string,
    value: string,
    opts: { hint?: string; optional?: boolean; nullableValue?: boolean } = {},
  ) => (
    <TextArea
      id={fid(ptr(path))}
      label={label}
      hint={opts.hint}
      optional={opts.optional}
      value={value}
      error={err(path)}
      onChange={(e) => set(path, opts.nullableValue ? nullable(e.target.value) : e.target.value)}
    />
  );
  const lines = (path: Path, label: string, list: string[]) => (
    <TextArea
      id={fid(ptr(path))}
      label={label}
      hint={t('linesHint')}
      optional
      value={list.join('\n')}
      error={err(path) ?? errors.find((e) => e.fieldId.startsWith(`${fid(ptr(path))}-`))?.message}
      onChange={(e) => set(path, e.target.value.split('\n'))}
    />
  );
  const money = (path: Path, value: number) => (
    <ParsedField
      id={fid(ptr(path))}
      label={t('amount')}
      initial={euros(value)}
      parse={parseEuros}
      onValue={(v) => set(path, v)}
      onValidity={onValidity}
      error={err(path)}
    />
  );
  const int = (path: Path, label: string, value: number | undefined, optional = true) => (
    <ParsedField
      id={fid(ptr(path))}
      label={label}
      optional={optional}
      initial={value === undefined ? '' : String(value)}
      parse={parseOptionalInt}
      onValue={(v) => set(path, v)}
      onValidity={onValidity}
      error={err(path)}
    />
  );

  function ruleFields(rule: FeeRule, i: number) {
    const base: Path = ['fees', 'rules', i];
    return (
      <fieldset className="kern-fieldset bk-editor-row" key={i} id={fid(ptr(base))}>
        <legend className="kern-label">{t('feeRule', { n: i + 1 })}</legend>
        <div className="kern-fieldset__body bk-editor-fields">
          <SelectField
            id={fid(ptr([...base, 'kind']))}
            label={t('feeKind')}
            value={rule.kind}
            options={(['fixed', 'by_age', 'per_unit'] as const).map((k) => ({
              value: k,
              label: t(`kind_${k}`),
            }))}
            onChange={(e) => set(base, NEW_RULE[e.target.value as FeeRule['kind']])}
          />
          {rule.kind === 'fixed' && money([...base, 'amountCents'], rule.amountCents)}
          {rule.kind === 'per_unit' && (
            <>
              <SelectField
                id={fid(ptr([...base, 'unit']))}
                label={t('unit')}
                value={rule.unit}
                options={(['page', 'document', 'signature', 'item'] as const).map((u) => ({
                  value: u,
                  label: t(`unit_${u}`),
                }))}
                onChange={(e) => set([...base, 'unit'], e.target.value as FeeUnit)}
              />
              {money([...base, 'amountCents'], rule.amountCents)}
              {int([...base, 'minUnits'], t('minUnits'), rule.minUnits)}
              {int([...base, 'maxUnits'], t('maxUnits'), rule.maxUnits)}
            </>
          )}
          {rule.kind === 'by_age' && (
            <div id={fid(ptr([...base, 'bands']))} className="bk-editor-fields">
              {err([...base, 'bands']) && <p className="kern-error">{err([...base, 'bands'])}</p>}
              {rule.bands.map((b: AgeBand, j: number) => (
                <fieldset
                  className="kern-fieldset bk-editor-row"
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
                  key={j}
                  id={fid(ptr([...base, 'bands', j]))}
                >
                  <legend className="kern-label">{t('band', { n: j + 1 })}</legend>
                  {err([...base, 'bands', j]) && <p className="kern-error">{err([...base, 'bands', j])}</p>}
                  <div className="kern-fieldset__body bk-editor-inline">
                    {int([...base, 'bands', j, 'minAge'], t('minAge'), b.minAge)}
                    {int([...base, 'bands', j, 'maxAge'], t('maxAge'), b.maxAge)}
                    {money([...base, 'bands', j, 'amountCents'], b.amountCents)}
                    <RemoveButton
                      label={t('remove')}
                      onClick={() =>
                        set(
                          [...base, 'bands'],
                          rule.bands.filter((_, k) => k !== j),
                        )
                      }
                    />
                  </div>
                </fieldset>
              ))}
              <AddButton
                label={t('addBand')}
                onClick={() => set([...base, 'bands'], [...rule.bands, { amountCents: 0 }])}
              />
            </div>
          )}
          <div className="bk-editor-inline">
            <TextField
              id={fid(ptr([...base, 'label', 'de']))}
              label={t('labelDe')}
              optional
              value={rule.label?.de ?? ''}
              onChange={(e) =>
                set(
                  [...base, 'label'],
                  e.target.value || rule.label?.en
                    ? { de: e.target.value, en: rule.label?.en ?? '' }
                    : undefined,
                )
              }
            />
            <TextField
              id={fid(ptr([...base, 'label', 'en']))}
              label={t('labelEn')}
              optional
              value={rule.label?.en ?? ''}
              onChange={(e) =>
                set(
                  [...base, 'label'],
                  e.target.value || rule.label?.de
                    ? { de: rule.label?.de ?? '', en: e.target.value }
                    : undefined,
                )
              }
            />
          </div>
          <RemoveButton
            label={t('remove')}
            onClick={() =>
              set(
                ['fees', 'rules'],
                c.fees.rules.filter((_, k) => k !== i),
              )
            }
          />
        </div>
      </fieldset>
    );
  }

  return (
    <div className="bk-editor" id="f-form">
      <Group title={t('sectionTexts')}>
        {text(['name', 'de'], t('nameDe'), c.name.de)}
        {text(['name', 'en'], t('nameEn'), c.name.en)}
        {area(['shortText', 'de'], t('shortDe'), c.shortText.de)}
        {area(['shortText', 'en'], t('shortEn'), c.shortText.en)}
        {text(['slug'], t('slug'), c.slug, { hint: t('slugHint') })}
        {text(['leikaKey'], t('leika'), c.leikaKey ?? '', {
          hint: t('leikaHint'),
          optional: true,
          nullableValue: true,
        })}
        {area(['description'], t('description'), c.description, { hint: t('descriptionHint') })}
        {area(['easyReadText'], t('easyRead'), c.easyReadText ?? '', { optional: true, nullableValue: true })}
        {lines(['prerequisites'], t('prerequisites'), c.prerequisites)}
      </Group>

      <Group title={t('sectionChecklist')}>
        <div id={fid('/documents')} className="bk-editor-fields">
          {err(['documents']) && <p className="kern-error">{err(['documents'])}</p>}
          {c.documents.map((d, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
            <fieldset className="kern-fieldset bk-editor-row" key={i}>
              <legend className="kern-label">{`${t('documentItem')} ${i + 1}`}</legend>
              <div className="kern-fieldset__body bk-editor-fields">
                {text(['documents', i, 'item'], t('documentItem'), d.item)}
                {text(['documents', i, 'note'], t('documentNote'), d.note ?? '', {
                  optional: true,
                  nullableValue: true,
                })}
                <Checkbox
                  id={fid(ptr(['documents', i, 'required']))}
                  label={t('documentRequired')}
                  checked={d.required}
                  onChange={(v) => set(['documents', i, 'required'], v)}
                />
                <RemoveButton
                  label={t('remove')}
                  onClick={() =>
                    set(
                      ['documents'],
                      c.documents.filter((_, k) => k !== i),
                    )
                  }
                />
              </div>
            </fieldset>
          ))}
          <AddButton
            label={t('addDocument')}
            onClick={() => set(['documents'], [...c.documents, { item: '', note: null, required: true }])}
          />
        </div>
      </Group>

      <Group title={t('sectionFees')}>
        <Checkbox
          id={fid('/fees/amountUnconfirmed')}
          label={t('feeUnconfirmed')}
          checked={!!c.fees.amountUnconfirmed}
          onChange={(v) => set(['fees', 'amountUnconfirmed'], v || undefined)}
        />
        <p className="kern-hint">{t('feeUnconfirmedHint')}</p>
        {c.fees.rules.map(ruleFields)}
        <AddButton
          label={t('addRule')}
          onClick={() => set(['fees', 'rules'], [...c.fees.rules, NEW_RULE.fixed])}
        />
        {(c.fees.options ?? []).map((o, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
          <fieldset className="kern-fieldset bk-editor-row" key={i}>
            <legend className="kern-label">{t('option', { n: i + 1 })}</legend>
            <div className="kern-fieldset__body bk-editor-fields">
              {text(['fees', 'options', i, 'id'], t('optionId'), o.id)}
              {text(['fees', 'options', i, 'label', 'de'], t('labelDe'), o.label.de)}
              {text(['fees', 'options', i, 'label', 'en'], t('labelEn'), o.label.en)}
              {money(['fees', 'options', i, 'amountCents'], o.amountCents)}
              {text(['fees', 'options', i, 'legalBasis'], t('legalBasis'), o.legalBasis ?? '', {
                optional: true,
              })}
              <RemoveButton
                label={t('remove')}
                onClick={() =>
                  set(
                    ['fees', 'options'],
                    (c.fees.options ?? []).filter((_, k) => k !== i),
                  )
                }
              />
            </div>
          </fieldset>
        ))}
        <AddButton
          label={t('addOption')}
          onClick={() =>
            set(
              ['fees', 'options'],
              [...(c.fees.options ?? []), { id: '', label: { de: '', en: '' }, amountCents: 0 }],
            )
          }
        />
        {(c.fees.waivers ?? []).map((w, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
          <fieldset className="kern-fieldset bk-editor-row" key={i}>
            <legend className="kern-label">{t('waiver', { n: i + 1 })}</legend>
            <div className="kern-fieldset__body bk-editor-fields">
              {text(['fees', 'waivers', i, 'id'], t('optionId'), w.id)}
              {text(['fees', 'waivers', i, 'label', 'de'], t('labelDe'), w.label.de)}
              {text(['fees', 'waivers', i, 'label', 'en'], t('labelEn'), w.label.en)}
              {text(['fees', 'waivers', i, 'legalBasis'], t('legalBasis'), w.legalBasis ?? '', {
                optional: true,
              })}
              <RemoveButton
                label={t('remove')}
                onClick={() =>
                  set(
                    ['fees', 'waivers'],
                    (c.fees.waivers ?? []).filter((_, k) => k !== i),
                  )
                }
              />
            </div>
          </fieldset>
        ))}
        <AddButton
          label={t('addWaiver')}
          onClick={() =>
            set(['fees', 'waivers'], [...(c.fees.waivers ?? []), { id: '', label: { de: '', en: '' } }])
          }
        />
        {text(['fees', 'legalBasis'], t('feeLegalBasis'), c.fees.legalBasis ?? '', { optional: true })}
        {area(['fees', 'note', 'de'], t('feeNoteDe'), c.fees.note?.de ?? '', {
          optional: !c.fees.amountUnconfirmed,
        })}
        {area(['fees', 'note', 'en'], t('feeNoteEn'), c.fees.note?.en ?? '', { optional: true })}
      </Group>

      <Group title={t('sectionProcedure')}>
        {lines(['procedure'], t('procedure'), c.procedure)}
        {text(['processingTime'], t('processingTime'), c.processingTime ?? '', {
          optional: true,
          nullableValue: true,
        })}
        {area(['deadlines'], t('deadlines'), c.deadlines ?? '', { optional: true, nullableValue: true })}
        {c.forms.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
          <fieldset className="kern-fieldset bk-editor-row" key={i}>
            <legend className="kern-label">{`${t('formTitle')} ${i + 1}`}</legend>
            <div className="kern-fieldset__body bk-editor-fields">
              {text(['forms', i, 'title'], t('formTitle'), f.title)}
              {text(['forms', i, 'url'], t('url'), f.url ?? '', { optional: true, nullableValue: true })}
              <RemoveButton
                label={t('remove')}
                onClick={() =>
                  set(
                    ['forms'],
                    c.forms.filter((_, k) => k !== i),
                  )
                }
              />
            </div>
          </fieldset>
        ))}
        <AddButton
          label={t('addForm')}
          onClick={() => set(['forms'], [...c.forms, { title: '', url: null }])}
        />
        {text(['formKey'], t('formKey'), c.formKey ?? '', {
          hint: t('formKeyHint'),
          optional: true,
          nullableValue: true,
        })}
      </Group>

      <Group title={t('sectionLaw')}>
        {c.legalBases.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
          <fieldset className="kern-fieldset bk-editor-row" key={i}>
            <legend className="kern-label">{`${t('legalTitle')} ${i + 1}`}</legend>
            <div className="kern-fieldset__body bk-editor-fields">
              {text(['legalBases', i, 'title'], t('legalTitle'), l.title)}
              {text(['legalBases', i, 'url'], t('url'), l.url ?? '', { optional: true, nullableValue: true })}
              <RemoveButton
                label={t('remove')}
                onClick={() =>
                  set(
                    ['legalBases'],
                    c.legalBases.filter((_, k) => k !== i),
                  )
                }
              />
            </div>
          </fieldset>
        ))}
        <AddButton
          label={t('addLegal')}
          onClick={() => set(['legalBases'], [...c.legalBases, { title: '', url: null }])}
        />
        {area(['notes'], t('notes'), c.notes ?? '', { optional: true, nullableValue: true })}
      </Group>

      <Group title={t('sectionContact')}>
        {text(['contact', 'unit'], t('unitName'), c.contact.unit)}
        {text(['contact', 'phone'], t('contactPhone'), c.contact.phone ?? '', {
          optional: true,
          nullableValue: true,
        })}
        {text(['contact', 'email'], t('contactEmail'), c.contact.email ?? '', {
          optional: true,
          nullableValue: true,
        })}
        {area(['contact', 'note'], t('contactNote'), c.contact.note ?? '', {
          optional: true,
          nullableValue: true,
        })}
      </Group>

      <Group title={t('sectionChannels')}>
        <ChoiceGroup
          id={fid('/channels')}
          legend={t('channels')}
          type="checkbox"
          name="channels"
          options={CHANNELS.map((ch) => ({ value: ch, label: ct(`channel_${ch}`) }))}
          value={c.channels}
          onChange={(v) => set(['channels'], CHANNELS.filter((ch) => v.includes(ch)) as Channel[])}
          error={err(['channels'])}
        />
        <Checkbox
          id={fid('/personalAppearanceRequired')}
          label={t('personal')}
          checked={c.personalAppearanceRequired}
          onChange={(v) => set(['personalAppearanceRequired'], v)}
        />
        {int(['duration', 'defaultMinutes'], t('durationDefault'), c.duration.defaultMinutes, false)}
        <fieldset className="kern-fieldset bk-editor-row" id={fid('/duration/byPlaceKind')}>
          <legend className="kern-label">{t('durationByKind')}</legend>
          <div className="kern-fieldset__body bk-editor-inline">
            {APPOINTMENT_PLACE_KINDS.map((kind) => (
              <div key={kind}>
                {int(
                  ['duration', 'byPlaceKind', kind],
                  t(`placeKind_${kind}`),
                  c.duration.byPlaceKind?.[kind],
                )}
              </div>
            ))}
          </div>
        </fieldset>
        {locations.length > 0 && (
          <fieldset className="kern-fieldset bk-editor-row" id={fid('/duration/byLocation')}>
            <legend className="kern-label">{t('durationByLocation')}</legend>
            <div className="kern-fieldset__body bk-editor-inline">
              {locations.map((l) => (
                <div key={l.id}>
                  {int(['duration', 'byLocation', l.id], l.name, c.duration.byLocation?.[l.id])}
                </div>
              ))}
            </div>
          </fieldset>
        )}
      </Group>
    </div>
  );
}
