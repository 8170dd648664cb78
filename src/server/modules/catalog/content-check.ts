import {
  CONTENT_PROBLEM_MESSAGES,
  type ContentProblem,
  type ServiceContent,
  validateServiceContent,
} from '../../../core/catalog/content';
import type { Locale } from '../../../core/locale';
import { AppError, type FieldError } from '../../http/errors';

/**
 * Tidies what an editor or an import file sends before it is checked and stored: text trimmed,
 * a LeiKa key typed with spaces ("99 008 001 012 000") joined, empty optional texts as null.
 */
export function normaliseContent(c: ServiceContent): ServiceContent {
  const t = (s: string) => s.trim();
  const opt = (s: string | null) => (s === null || s.trim() === '' ? null : s.trim());
  const leika = c.leikaKey === null ? null : c.leikaKey.replace(/\s+/g, '');
  return {
    ...c,
    slug: t(c.slug),
    leikaKey: leika === '' ? null : leika,
    name: { de: t(c.name.de), en: t(c.name.en) },
    shortText: { de: t(c.shortText.de), en: t(c.shortText.en) },
    description: t(c.description),
    easyReadText: opt(c.easyReadText),
    prerequisites: c.prerequisites.map(t),
    documents: c.documents.map((d) => ({ item: t(d.item), note: opt(d.note), required: d.required })),
    legalBases: c.legalBases.map((l) => ({ title: t(l.title), url: opt(l.url) })),
    procedure: c.procedure.map(t),
    processingTime: opt(c.processingTime),
    deadlines: opt(c.deadlines),
    forms: c.forms.map((f) => ({ title: t(f.title), url: opt(f.url) })),
    formKey: opt(c.formKey),
    notes: opt(c.notes),
    contact: {
      unit: t(c.contact.unit),
      phone: opt(c.contact.phone),
      email: opt(c.contact.email),
      note: opt(c.contact.note),
    },
  };
}

export function contentFieldErrors(problems: ContentProblem[], locale: Locale, prefix: string): FieldError[] {
  return problems.map((p) => ({
    path: `${prefix}${p.path}`,
    code: p.code,
    message: CONTENT_PROBLEM_MESSAGES[p.code][locale],
  }));
}

/** Normalises and checks a description; throws CATALOG_SERVICE_INVALID with every problem. */
export function checkedContent(content: ServiceContent, locale: Locale, prefix = '/content'): ServiceContent {
  const normalised = normaliseContent(content);
  const problems = validateServiceContent(normalised);
  if (problems.length)
    throw new AppError('CATALOG_SERVICE_INVALID', {}, contentFieldErrors(problems, locale, prefix));
  return normalised;
}

/** JSON with object keys sorted, so that equal contents compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
    return v;
  });
}
