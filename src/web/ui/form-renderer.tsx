import { type ReactNode, useId, useState } from 'react';
import type { ContextOption, FormDefinition, FormField } from '../../core/forms/types';
import { applicantAge, type ConditionScope, evaluateCondition, isRequired } from '../../core/forms/validate';
import type { Locale } from '../../core/locale';
import { captureMessages } from './capture-messages';
import { Button, ChoiceGroup, errorFor, type FormError, SelectField, TextArea, TextField } from './forms';
import { useLocale, useT } from './i18n';
import './capture.css';

/**
 * Renders a form definition from src/core/forms with the GOV.UK patterns of ui/forms: labels,
 * hints, "(optional)", errors at the field (ids from `fieldId(pointer)`, so the error summary
 * links to them). Conditions show and hide fields as the data changes. Attachments (photo,
 * signature, scan) are drawn by the caller — the desk uploads them, the kit keeps them locally.
 */

export interface RendererContext {
  today: string;
  hasPerson: boolean;
  personBirthDate?: string | null;
  options?: Record<string, ContextOption[]>;
}

export interface AttachmentRenderProps {
  field: Extract<FormField, { type: 'attachment' }>;
  id: string;
  label: string;
  hint: string | undefined;
  optional: boolean;
  value: unknown;
  error: string | undefined;
  onChange(value: unknown): void;
}

/** The input id of a field by its JSON pointer: "/newAddress/street" → "f-newAddress-street". */
export function fieldId(pointer: string, prefix = 'f'): string {
  return `${prefix}${pointer.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

type Data = Record<string, unknown>;

function setIn(data: Data, path: (string | number)[], value: unknown): Data {
  const [head, ...rest] = path;
  const copy: Data | unknown[] = Array.isArray(data) ? [...data] : { ...data };
  const current = (copy as Record<string | number, unknown>)[head!];
  const next =
    rest.length === 0
      ? value
      : setIn((current ?? (typeof rest[0] === 'number' ? [] : {})) as Data, rest, value);
  if (next === undefined && !Array.isArray(copy)) delete (copy as Data)[head as string];
  else (copy as Record<string | number, unknown>)[head!] = next;
  return copy as Data;
}

export function FormRenderer({
  definition,
  data,
  onChange,
  context,
  errors,
  renderAttachment,
  idPrefix = 'f',
}: {
  definition: FormDefinition;
  data: Data;
  /** Receives an update of the current data (a React state setter fits). */
  onChange(update: (current: Data) => Data): void;
  context: RendererContext;
  errors: FormError[];
  renderAttachment(props: AttachmentRenderProps): ReactNode;
  idPrefix?: string;
}) {
  const { locale } = useLocale();
  const validationContext = { ...context, options: context.options ?? {} };
  const age = applicantAge(definition, data, validationContext);
  const scopeFor = (local: Data): ConditionScope => ({ root: data, local, context: validationContext, age });
  return (
    <>
      {definition.sections.map((section) => {
        if (section.when && !evaluateCondition(section.when, scopeFor(data))) return null;
        const headingId = `${idPrefix}-section-${section.id}`;
        return (
          <section key={section.id} className="bk-form-section" aria-labelledby={headingId}>
            <h2 className="kern-heading-medium" id={headingId}>
              {section.title[locale]}
            </h2>
            {section.hint && <p className="kern-hint">{section.hint[locale]}</p>}
            {section.fields.map((field) => (
              <Field
                key={field.name}
                field={field}
                path={[field.name]}
                local={data}
                locale={locale}
                scopeFor={scopeFor}
                context={context}
                errors={errors}
                idPrefix={idPrefix}
                renderAttachment={renderAttachment}
                // From the current data, not this render's: an attachment's upload ends later, and
                // its value must not undo what was chosen meanwhile (the pick-up place was lost so).
                set={(path, value) => onChange((current) => setIn(current, path, value))}
              />
            ))}
          </section>
        );
      })}
    </>
  );
}

interface FieldProps {
  field: FormField;
  path: (string | number)[];
  local: Data;
  locale: Locale;
  scopeFor(local: Data): ConditionScope;
  context: RendererContext;
  errors: FormError[];
  idPrefix: string;
  renderAttachment(props: AttachmentRenderProps): ReactNode;
  set(path: (string | number)[], value: unknown): void;
}

function Field(props: FieldProps) {
  const { field, path, local, locale, scopeFor, context, errors, idPrefix, set } = props;
  const t = useT(captureMessages);
  const scope = scopeFor(local);
  if (field.when && !evaluateCondition(field.when, scope)) return null;
  const pointer = `/${path.join('/')}`;
  const id = fieldId(pointer, idPrefix);
  const error = errorFor(errors, id);
  const optional = !isRequired(field, scope);
  const label = field.label[locale];
  const hint = field.hint?.[locale];
  const value = local[field.name];
  const change = (v: unknown) => set(path, v === '' ? undefined : v);
  const options = (list?: string) => (list ? (context.options?.[list] ?? []) : []);

  switch (field.type) {
    case 'text':
      return (
        <TextField
          id={id}
          label={label}
          hint={hint}
          optional={optional}
          error={error}
          value={typeof value === 'string' ? value : ''}
          inputMode={field.inputMode}
          type={field.inputMode === 'email' ? 'email' : field.inputMode === 'tel' ? 'tel' : 'text'}
          autoComplete={field.autocomplete}
          width={field.width === 'short' ? 4 : undefined}
          onChange={(e) => change(e.target.value)}
        />
      );
    case 'textarea':
      return (
        <TextArea
          id={id}
          label={label}
          hint={hint}
          optional={optional}
          error={error}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => change(e.target.value)}
        />
      );
    case 'date':
      return (
        <TextField
          id={id}
          type="date"
          label={label}
          hint={hint}
          optional={optional}
          error={error}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => change(e.target.value)}
        />
      );
    case 'integer':
      return (
        <TextField
          id={id}
          label={field.unit ? `${label} (${field.unit[locale]})` : label}
          hint={hint}
          optional={optional}
          error={error}
          inputMode="numeric"
          width={4}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => {
            const raw = e.target.value.trim();
            change(raw === '' ? undefined : /^-?\d+$/.test(raw) ? Number(raw) : raw);
          }}
        />
      );
    case 'confirm':
      return (
        <div className={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
          <div className="kern-form-check">
            <input
              className={`kern-form-check__checkbox${error ? ' kern-form-check__checkbox--error' : ''}`}
              type="checkbox"
              id={id}
              checked={value === true}
              aria-describedby={
                [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
              }
              aria-invalid={error ? true : undefined}
              onChange={(e) => change(e.target.checked ? true : undefined)}
            />
            <label className="kern-label" htmlFor={id}>
              {label}
            </label>
          </div>
          {hint && (
            <div className="kern-hint" id={`${id}-hint`}>
              {hint}
            </div>
          )}
          {error && (
            <p className="kern-error" id={`${id}-error`}>
              <span className="kern-icon kern-icon--danger kern-icon--small" aria-hidden="true" />
              <span>{error}</span>
            </p>
          )}
        </div>
      );
    case 'choice': {
      const list = field.options
        ? field.options.map((o) => ({ value: o.value, label: o.label[locale], hint: o.hint?.[locale] }))
        : options(field.optionsFrom);
      const allowed = list.filter((o) => !field.excludeValues?.includes(o.value));
      if (field.multiple && field.style === 'select') {
        return (
          <MultiSelect
            id={id}
            label={label}
            hint={hint}
            error={error}
            optional={optional}
            options={allowed}
            value={Array.isArray(value) ? (value as string[]) : []}
            onChange={(v) => change(v.length ? v : undefined)}
          />
        );
      }
      if (field.multiple || field.style === 'checkbox' || field.style === 'radio') {
        return (
          <ChoiceGroup
            id={id}
            legend={label}
            hint={hint}
            error={error}
            optional={optional}
            type={field.multiple ? 'checkbox' : 'radio'}
            name={id}
            options={allowed}
            value={Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : []}
            onChange={(v) => change(field.multiple ? (v.length ? v : undefined) : v[0])}
          />
        );
      }
      return (
        <SelectField
          id={id}
          label={label}
          hint={hint}
          error={error}
          optional={optional}
          options={[{ value: '', label: t('choose') }, ...allowed]}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => change(e.target.value)}
        />
      );
    }
    case 'persons':
      if (options(field.optionsFrom).length === 0) return null;
      return (
        <ChoiceGroup
          id={id}
          legend={label}
          hint={hint}
          error={error}
          optional={optional}
          type="checkbox"
          name={id}
          options={options(field.optionsFrom)}
          value={Array.isArray(value) ? (value as string[]) : []}
          onChange={(v) => change(v.length ? v : undefined)}
        />
      );
    case 'attachment':
      return (
        <>{props.renderAttachment({ field, id, label, hint, optional, value, error, onChange: change })}</>
      );
    case 'group': {
      if (field.repeat) {
        const items = Array.isArray(value) ? (value as Data[]) : [];
        return (
          <div className="bk-repeat" id={id} tabIndex={-1}>
            {error && <p className="kern-error">{error}</p>}
            {items.map((item, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: items are positions in the list; every input is controlled
              <fieldset key={`${field.name}-${i}`} className="kern-fieldset bk-group">
                <legend className="kern-label kern-label--large">{`${field.repeat!.itemLabel[locale]} ${i + 1}`}</legend>
                {field.fields.map((sub) => (
                  <Field key={sub.name} {...props} field={sub} path={[...path, i, sub.name]} local={item} />
                ))}
                <Button
                  type="button"
                  variant="secondary"
                  onClick={() =>
                    set(
                      path,
                      items.filter((_, j) => j !== i),
                    )
                  }
                >
                  {t('removeItem', { item: `${field.repeat!.itemLabel[locale]} ${i + 1}` })}
                </Button>
              </fieldset>
            ))}
            {items.length < field.repeat.max && (
              <Button type="button" variant="secondary" onClick={() => set(path, [...items, {}])}>
                {field.repeat.addLabel[locale]}
              </Button>
            )}
          </div>
        );
      }
      const groupValue = value && typeof value === 'object' ? (value as Data) : {};
      return (
        <fieldset className="kern-fieldset bk-group" id={id} tabIndex={-1}>
          <legend className="kern-label kern-label--large">{label}</legend>
          {hint && <div className="kern-hint">{hint}</div>}
          {error && <p className="kern-error">{error}</p>}
          {field.fields.map((sub) => (
            <Field key={sub.name} {...props} field={sub} path={[...path, sub.name]} local={groupValue} />
          ))}
        </fieldset>
      );
    }
  }
}

/** Several values from a long list (e.g. nationalities): a select to add, a list to remove. */
function MultiSelect({
  id,
  label,
  hint,
  error,
  optional,
  options,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional: boolean;
  options: ContextOption[];
  value: string[];
  onChange(value: string[]): void;
}) {
  const t = useT(captureMessages);
  const [pick, setPick] = useState('');
  const listId = useId();
  return (
    <div className="bk-multi-select">
      <SelectField
        id={id}
        label={label}
        hint={hint}
        error={error}
        optional={optional}
        options={[{ value: '', label: t('choose') }, ...options.filter((o) => !value.includes(o.value))]}
        value={pick}
        onChange={(e) => {
          setPick('');
          if (e.target.value) onChange([...value, e.target.value]);
        }}
      />
      <p className="kern-body kern-body--small" id={listId}>
        {value.length ? t('chosen') : t('noneChosen')}
      </p>
      {value.length > 0 && (
        <ul className="kern-list" aria-labelledby={listId}>
          {value.map((v) => {
            const name = options.find((o) => o.value === v)?.label ?? v;
            return (
              <li key={v}>
                {name}{' '}
                <button
                  type="button"
                  className="kern-btn kern-btn--tertiary kern-btn--x-small"
                  onClick={() => onChange(value.filter((x) => x !== v))}
                >
                  <span className="kern-label">{t('removeItem', { item: name })}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
