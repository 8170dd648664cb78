import type { Localized } from '../catalog/types';
import { addDays, ageOn, isIsoDate } from '../time';
import type { Condition, FormContext, FormDefinition, FormField, FormIssue, FormValidation } from './types';

/**
 * Standard messages of the field problems; a definition may bring its own for its own codes.
 * A standard message is always shown after the field's label ("Familienname: Bitte ausfüllen."),
 * so a summary of several problems names each field (#10); a definition's own message names its
 * matter itself and is shown as it is.
 */
export const FORM_MESSAGES: Record<string, Localized> = {
  required: { de: 'Bitte ausfüllen.', en: 'Please fill in.' },
  required_choice: { de: 'Bitte eine Antwort wählen.', en: 'Please choose an answer.' },
  required_confirm: { de: 'Bitte bestätigen.', en: 'Please confirm.' },
  required_attachment: { de: 'Datei fehlt.', en: 'File missing.' },
  required_signature: { de: 'Unterschrift fehlt.', en: 'Signature missing.' },
  required_photo: { de: 'Foto fehlt.', en: 'Photo missing.' },
  required_scan: { de: 'Scan fehlt.', en: 'Scan missing.' },
  wrong_type: { de: 'Dieser Wert hat das falsche Format.', en: 'This value has the wrong format.' },
  unknown_field: {
    de: 'Das Feld „{field}“ ist in diesem Formular nicht vorgesehen.',
    en: 'The field "{field}" is not part of this form.',
  },
  too_short: {
    de: 'Bitte geben Sie mindestens {limit} Zeichen ein.',
    en: 'Enter at least {limit} characters.',
  },
  too_long: { de: 'Bitte geben Sie höchstens {limit} Zeichen ein.', en: 'Enter at most {limit} characters.' },
  pattern: {
    de: 'Dieser Wert hat nicht das erwartete Format.',
    en: 'This value is not in the expected format.',
  },
  invalid_date: {
    de: 'Bitte geben Sie ein gültiges Datum ein, z. B. 2026-03-27.',
    en: 'Enter a real date, for example 2026-03-27.',
  },
  not_integer: { de: 'Bitte geben Sie eine ganze Zahl ein.', en: 'Enter a whole number.' },
  too_small: { de: 'Der Wert muss mindestens {limit} sein.', en: 'The value must be at least {limit}.' },
  too_large: { de: 'Der Wert darf höchstens {limit} sein.', en: 'The value must be at most {limit}.' },
  invalid_option: {
    de: 'Bitte wählen Sie einen der angebotenen Werte.',
    en: 'Choose one of the values offered.',
  },
  too_few_items: { de: 'Bitte wählen Sie mindestens {limit} aus.', en: 'Choose at least {limit}.' },
  too_many_items: {
    de: 'Es sind höchstens {limit} Einträge möglich.',
    en: 'At most {limit} entries are possible.',
  },
  invalid_attachment: {
    de: 'Diese Datei ist nicht (mehr) vorhanden. Bitte fügen Sie sie erneut hinzu.',
    en: 'This file is not (or no longer) available. Please add it again.',
  },
  wrong_attachment_kind: {
    de: 'Hier wird eine Datei der Art „{kind}“ erwartet.',
    en: 'A file of the kind "{kind}" is expected here.',
  },
};

/** Attachments are referenced by the SHA-256 of their bytes (hex), as stored and as the kit uploads them. */
const SHA256_RE = /^[0-9a-fA-F]{64}$/;

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0) ||
    value === false
  );
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Reads a value by absolute JSON pointer. */
export function getByPointer(root: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return root;
  let current: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Where a condition is evaluated: the whole data, the object of the field, the context and age. */
export interface ConditionScope {
  root: Record<string, unknown>;
  /** The object the current fields live in (root or a group item). */
  local: Record<string, unknown>;
  context: FormContext;
  age: number | undefined;
}

function conditionValue(field: string, scope: ConditionScope): unknown {
  return field.startsWith('/') ? getByPointer(scope.root, field) : scope.local[field];
}

export function evaluateCondition(condition: Condition, scope: ConditionScope): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, scope));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, scope));
  if ('not' in condition) return !evaluateCondition(condition.not, scope);
  if ('hasPerson' in condition) return scope.context.hasPerson === condition.hasPerson;
  if ('ageBelow' in condition) return scope.age !== undefined && scope.age < condition.ageBelow;
  const value = conditionValue(condition.field, scope);
  if ('filled' in condition) return isEmpty(value) !== condition.filled;
  if ('equals' in condition) return value === condition.equals;
  return Array.isArray(value)
    ? value.some((v) => condition.in.includes(v as never))
    : condition.in.includes(value as never);
}

/** The applicant's age on the application date, if known. */
export function applicantAge(
  definition: FormDefinition,
  data: Record<string, unknown>,
  context: FormContext,
): number | undefined {
  const birth =
    context.personBirthDate ??
    (definition.applicantBirthDateField ? getByPointer(data, definition.applicantBirthDateField) : undefined);
  if (typeof birth !== 'string' || !isIsoDate(birth)) return undefined;
  return ageOn(birth, context.today);
}

function fill(message: Localized, params: Record<string, string | number> = {}): Localized {
  const apply = (s: string) =>
    s.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
  return { de: apply(message.de), en: apply(message.en) };
}

/** "Neue Anschrift – Straße", "Weitere Person 2 – Familienname": how a field is named in messages. */
type FieldName = Localized | undefined;

function childName(parent: FieldName, own: Localized): Localized {
  return parent ? { de: `${parent.de} – ${own.de}`, en: `${parent.en} – ${own.en}` } : own;
}

function namedIssue(
  pointer: string,
  code: string,
  params?: Record<string, string | number>,
  message?: Localized,
  name?: FieldName,
): FormIssue {
  const template = message ?? FORM_MESSAGES[code] ?? FORM_MESSAGES.wrong_type!;
  const filled = fill(template, params);
  const text = name && !message ? { de: `${name.de}: ${filled.de}`, en: `${name.en}: ${filled.en}` } : filled;
  return { pointer, code, message: text, ...(params ? { params } : {}) };
}

export function isRequired(field: FormField, scope: ConditionScope): boolean {
  if (field.required === undefined || field.required === false) return false;
  if (field.required === true) return true;
  return evaluateCondition(field.required, scope);
}

const issue = namedIssue;

function requiredIssue(field: FormField, pointer: string, name: Localized): FormIssue {
  if (field.requiredCode || field.requiredMessage) {
    return issue(pointer, field.requiredCode ?? 'required', undefined, field.requiredMessage, name);
  }
  const code =
    field.type === 'choice' || field.type === 'persons'
      ? 'required_choice'
      : field.type === 'confirm'
        ? 'required_confirm'
        : field.type === 'attachment'
          ? `required_${field.kind}`
          : 'required';
  return { ...issue(pointer, code, undefined, undefined, name), code: 'required' };
}

function checkDateLimit(
  value: string,
  limit: { daysFromToday: number; code: string; message: Localized } | undefined,
  direction: 'after' | 'before',
  today: string,
): { code: string; message: Localized; params: Record<string, string> } | undefined {
  if (!limit) return undefined;
  const bound = addDays(today, limit.daysFromToday);
  const violated = direction === 'after' ? value > bound : value < bound;
  return violated ? { code: limit.code, message: limit.message, params: { limit: bound } } : undefined;
}

interface Collector {
  errors: FormIssue[];
  warnings: FormIssue[];
}

function validateFields(
  fields: FormField[],
  input: Record<string, unknown>,
  base: string,
  scope: ConditionScope,
  out: Collector,
  parent?: FieldName,
): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  const known = new Set(fields.map((f) => f.name));
  for (const key of Object.keys(input)) {
    if (!known.has(key) && !isEmpty(input[key])) {
      out.errors.push(issue(`${base}/${escapePointer(key)}`, 'unknown_field', { field: key }));
    }
  }
  for (const field of fields) {
    const pointer = `${base}/${escapePointer(field.name)}`;
    if (field.when && !evaluateCondition(field.when, scope)) continue;
    const raw = input[field.name];
    const name = childName(parent, field.label);
    if (isEmpty(raw)) {
      if (isRequired(field, scope)) out.errors.push(requiredIssue(field, pointer, name));
      // A required list of groups with min > 0 is reported above; nothing to store.
      continue;
    }
    const value = validateValue(field, raw, pointer, scope, out, name);
    if (value !== undefined) clean[field.name] = value;
  }
  return clean;
}

function validateValue(
  field: FormField,
  raw: unknown,
  pointer: string,
  scope: ConditionScope,
  out: Collector,
  name: Localized,
): unknown {
  const before = out.errors.length;
  // Every standard message of this field starts with its name.
  const issue = (
    p: string,
    code: string,
    params?: Record<string, string | number>,
    message?: Localized,
    own: FieldName = name,
  ) => namedIssue(p, code, params, message, own);
  switch (field.type) {
    case 'text':
    case 'textarea': {
      if (typeof raw !== 'string') {
        out.errors.push(issue(pointer, 'wrong_type'));
        return undefined;
      }
      const value = raw.trim();
      const min = field.type === 'text' ? field.minLength : undefined;
      const max = field.maxLength ?? (field.type === 'text' ? 200 : 2000);
      if (min !== undefined && value.length < min)
        out.errors.push(issue(pointer, 'too_short', { limit: min }));
      if (value.length > max) out.errors.push(issue(pointer, 'too_long', { limit: max }));
      if (field.type === 'text' && field.pattern && !new RegExp(`^(?:${field.pattern})$`, 'u').test(value)) {
        out.errors.push(issue(pointer, 'pattern', undefined, field.patternMessage));
      }
      return out.errors.length === before ? value : undefined;
    }
    case 'date': {
      if (typeof raw !== 'string' || !isIsoDate(raw.trim())) {
        out.errors.push(issue(pointer, 'invalid_date'));
        return undefined;
      }
      const value = raw.trim();
      const after = checkDateLimit(value, field.notAfter, 'after', scope.context.today);
      const tooEarly = checkDateLimit(value, field.notBefore, 'before', scope.context.today);
      for (const v of [after, tooEarly]) if (v) out.errors.push(issue(pointer, v.code, v.params, v.message));
      const warn = checkDateLimit(value, field.warnBefore, 'before', scope.context.today);
      if (warn) out.warnings.push(issue(pointer, warn.code, warn.params, warn.message));
      return out.errors.length === before ? value : undefined;
    }
    case 'integer': {
      if (typeof raw !== 'number' || !Number.isInteger(raw)) {
        out.errors.push(issue(pointer, 'not_integer'));
        return undefined;
      }
      if (field.min !== undefined && raw < field.min)
        out.errors.push(issue(pointer, 'too_small', { limit: field.min }));
      if (field.max !== undefined && raw > field.max)
        out.errors.push(issue(pointer, 'too_large', { limit: field.max }));
      if (field.warnAtMost && raw <= field.warnAtMost.value)
        out.warnings.push(
          issue(pointer, field.warnAtMost.code, { limit: field.warnAtMost.value }, field.warnAtMost.message),
        );
      return out.errors.length === before ? raw : undefined;
    }
    case 'choice': {
      const allowed = new Set(
        field.options
          ? field.options.map((o) => o.value)
          : (scope.context.options?.[field.optionsFrom ?? ''] ?? []).map((o) => o.value),
      );
      const values = field.multiple ? raw : [raw];
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
        out.errors.push(issue(pointer, 'wrong_type'));
        return undefined;
      }
      for (const v of values as string[]) {
        if (field.excludeValues?.includes(v)) {
          out.errors.push(
            issue(pointer, field.excludeCode ?? 'invalid_option', undefined, field.excludeMessage),
          );
        } else if (!allowed.has(v)) out.errors.push(issue(pointer, 'invalid_option'));
      }
      if (field.multiple) {
        const unique = [...new Set(values as string[])];
        if (field.minItems !== undefined && unique.length < field.minItems)
          out.errors.push(issue(pointer, 'too_few_items', { limit: field.minItems }));
        return out.errors.length === before ? unique : undefined;
      }
      return out.errors.length === before ? raw : undefined;
    }
    case 'confirm': {
      if (raw !== true) {
        out.errors.push(issue(pointer, 'wrong_type'));
        return undefined;
      }
      return true;
    }
    case 'attachment': {
      const values = field.multiple ? raw : [raw];
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || !SHA256_RE.test(v))) {
        out.errors.push(issue(pointer, 'invalid_attachment'));
        return undefined;
      }
      if (field.maxItems !== undefined && values.length > field.maxItems)
        out.errors.push(issue(pointer, 'too_many_items', { limit: field.maxItems }));
      const known = scope.context.attachments;
      if (known) {
        for (const id of values as string[]) {
          const kind = known[id.toLowerCase()];
          if (!kind) out.errors.push(issue(pointer, 'invalid_attachment'));
          else if (kind !== field.kind)
            out.errors.push(issue(pointer, 'wrong_attachment_kind', { kind: field.kind }));
        }
      }
      const normalised = (values as string[]).map((v) => v.toLowerCase());
      return out.errors.length === before ? (field.multiple ? normalised : normalised[0]) : undefined;
    }
    case 'persons': {
      const allowed = new Set((scope.context.options?.[field.optionsFrom] ?? []).map((o) => o.value));
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) {
        out.errors.push(issue(pointer, 'wrong_type'));
        return undefined;
      }
      for (const v of raw as string[]) if (!allowed.has(v)) out.errors.push(issue(pointer, 'invalid_option'));
      return out.errors.length === before ? [...new Set(raw as string[])] : undefined;
    }
    case 'group': {
      if (field.repeat) {
        if (!Array.isArray(raw)) {
          out.errors.push(issue(pointer, 'wrong_type'));
          return undefined;
        }
        if (raw.length < field.repeat.min)
          out.errors.push(issue(pointer, 'too_few_items', { limit: field.repeat.min }));
        if (raw.length > field.repeat.max) {
          out.errors.push(issue(pointer, 'too_many_items', { limit: field.repeat.max }));
          return undefined;
        }
        return raw.map((item, i) => {
          const itemName = {
            de: `${field.repeat!.itemLabel.de} ${i + 1}`,
            en: `${field.repeat!.itemLabel.en} ${i + 1}`,
          };
          if (item === null || typeof item !== 'object' || Array.isArray(item)) {
            out.errors.push(issue(`${pointer}/${i}`, 'wrong_type', undefined, undefined, itemName));
            return {};
          }
          const local = item as Record<string, unknown>;
          return validateFields(field.fields, local, `${pointer}/${i}`, { ...scope, local }, out, itemName);
        });
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        out.errors.push(issue(pointer, 'wrong_type'));
        return undefined;
      }
      const local = raw as Record<string, unknown>;
      const clean = validateFields(field.fields, local, pointer, { ...scope, local }, out, name);
      return Object.keys(clean).length > 0 ? clean : undefined;
    }
  }
}

/**
 * Validates form data against its definition. Pure: the same result in the browser, in the
 * offline kit and on the server. Fields hidden by their condition are ignored and dropped;
 * unknown fields are errors (a typo must not silently lose data).
 */
export function validateForm(
  definition: FormDefinition,
  data: unknown,
  context: FormContext,
): FormValidation {
  const out: Collector = { errors: [], warnings: [] };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { valid: false, errors: [issue('', 'wrong_type')], warnings: [], data: {} };
  }
  const root = data as Record<string, unknown>;
  const scope: ConditionScope = { root, local: root, context, age: applicantAge(definition, root, context) };
  const allFields = definition.sections.flatMap((s) => s.fields);
  const known = new Set(allFields.map((f) => f.name));
  const clean: Record<string, unknown> = {};
  for (const key of Object.keys(root)) {
    if (!known.has(key) && !isEmpty(root[key])) {
      out.errors.push(issue(`/${escapePointer(key)}`, 'unknown_field', { field: key }));
    }
  }
  for (const section of definition.sections) {
    if (section.when && !evaluateCondition(section.when, scope)) continue;
    const sectionInput: Record<string, unknown> = {};
    for (const f of section.fields) if (f.name in root) sectionInput[f.name] = root[f.name];
    Object.assign(clean, validateFields(section.fields, sectionInput, '', scope, out));
  }
  return { valid: out.errors.length === 0, errors: out.errors, warnings: out.warnings, data: clean };
}

/** Every field of a definition with its pointer (groups flattened; repeated groups as "/name/-/field"). */
export function fieldPointers(definition: FormDefinition): string[] {
  const out: string[] = [];
  const walk = (fields: FormField[], base: string) => {
    for (const f of fields) {
      const p = `${base}/${escapePointer(f.name)}`;
      out.push(p);
      if (f.type === 'group') walk(f.fields, f.repeat ? `${p}/-` : p);
    }
  };
  for (const s of definition.sections) walk(s.fields, '');
  return out;
}
