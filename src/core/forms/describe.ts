import type { Localized } from '../catalog/types';
import type { Locale } from '../locale';
import type { ContextOption, FormDefinition, FormField } from './types';
import { evaluateCondition } from './validate';

/**
 * Form data as people read it: each filled field with its label and its value in words
 * (option labels, dates as 27.03.2026, "ja" for a confirmation). Used for the application
 * summary the citizen signs — on the server's PDF and on the kit's printout alike.
 */
export interface DescribedField {
  pointer: string;
  label: string;
  value: string;
}

export interface DescribedSection {
  title: string;
  fields: DescribedField[];
}

export interface DescribeOptions {
  locale: Locale;
  /** Labels of dynamic options (municipalities, household members, fee options) by list name. */
  options?: Record<string, ContextOption[]>;
  hasPerson: boolean;
}

const WORDS: Record<string, Localized> = {
  yes: { de: 'ja', en: 'yes' },
  attached: { de: 'liegt vor', en: 'attached' },
  files: { de: '{n} Dateien', en: '{n} files' },
};

export function formatDate(value: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  return locale === 'de' ? `${m[3]}.${m[2]}.${m[1]}` : `${m[3]}/${m[2]}/${m[1]}`;
}

function describeValue(field: FormField, value: unknown, opts: DescribeOptions): string {
  const l = opts.locale;
  switch (field.type) {
    case 'text':
    case 'textarea':
      return String(value);
    case 'integer':
      return `${value}${field.unit ? ` ${field.unit[l]}` : ''}`;
    case 'date':
      return formatDate(String(value), l);
    case 'confirm':
      return WORDS.yes![l];
    case 'attachment':
      return Array.isArray(value) ? WORDS.files![l].replace('{n}', String(value.length)) : WORDS.attached![l];
    case 'choice': {
      const values = Array.isArray(value) ? value : [value];
      const labels = values.map((v) => {
        const fixed = field.options?.find((o) => o.value === v)?.label[l];
        const dynamic = opts.options?.[field.optionsFrom ?? '']?.find((o) => o.value === v)?.label;
        return fixed ?? dynamic ?? String(v);
      });
      return labels.join(', ');
    }
    case 'persons': {
      const list = opts.options?.[field.optionsFrom] ?? [];
      return (value as string[]).map((v) => list.find((o) => o.value === v)?.label ?? v).join('; ');
    }
    case 'group':
      return '';
  }
}

export function describeForm(
  definition: FormDefinition,
  data: Record<string, unknown>,
  opts: DescribeOptions,
): DescribedSection[] {
  const sections: DescribedSection[] = [];
  const scope = (local: Record<string, unknown>) => ({
    root: data,
    local,
    context: { today: '1970-01-01', hasPerson: opts.hasPerson },
    age: undefined,
  });
  const walk = (
    fields: FormField[],
    local: Record<string, unknown>,
    base: string,
    prefix: string,
    out: DescribedField[],
  ) => {
    for (const field of fields) {
      if (field.when && !evaluateCondition(field.when, scope(local))) continue;
      const value = local[field.name];
      if (
        value === undefined ||
        value === null ||
        value === '' ||
        (Array.isArray(value) && value.length === 0)
      )
        continue;
      const pointer = `${base}/${field.name}`;
      const label = `${prefix}${field.label[opts.locale]}`;
      if (field.type === 'group') {
        if (field.repeat && Array.isArray(value)) {
          value.forEach((item, i) => {
            walk(
              field.fields,
              item as Record<string, unknown>,
              `${pointer}/${i}`,
              `${field.repeat!.itemLabel[opts.locale]} ${i + 1}: `,
              out,
            );
          });
        } else walk(field.fields, value as Record<string, unknown>, pointer, `${label}: `, out);
        continue;
      }
      out.push({ pointer, label, value: describeValue(field, value, opts) });
    }
  };
  for (const section of definition.sections) {
    if (section.when && !evaluateCondition(section.when, scope(data))) continue;
    const fields: DescribedField[] = [];
    walk(section.fields, data, '', '', fields);
    if (fields.length > 0) sections.push({ title: section.title[opts.locale], fields });
  }
  return sections;
}
