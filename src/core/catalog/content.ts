import { type FeeSchedule, validateFeeSchedule } from './fees';
import { CHANNELS, type Channel, type Localized, normaliseLeikaKey, type ServiceDuration } from './types';

/**
 * One service description, structured after FIM's "Leistungsbeschreibung": the texts a citizen
 * reads, the checklist, fees, legal bases, procedure, deadlines, channels and planning data.
 * A draft and every published version hold one of these; published versions never change.
 * Long texts are German (the source language of the catalogue); name and short text also English.
 */
export interface ServiceContent {
  /** Address of the service page: /leistungen/<slug>. */
  slug: string;
  /** 14-digit LeiKa key, null where it is not confirmed. */
  leikaKey: string | null;
  name: Localized;
  shortText: Localized;
  /** Full description (Volltext). */
  description: string;
  /** The same in Leichte Sprache (easy-read German), where written. */
  easyReadText: string | null;
  /** Voraussetzungen. */
  prerequisites: string[];
  /** "Was muss ich mitbringen?" — the checklist. */
  documents: ServiceDocument[];
  fees: FeeSchedule;
  /** Rechtsgrundlagen. */
  legalBases: LegalReference[];
  /** Verfahrensablauf, one step per entry. */
  procedure: string[];
  /** Bearbeitungsdauer, as people should read it ("2 bis 3 Wochen"). */
  processingTime: string | null;
  /** Fristen. */
  deadlines: string | null;
  /** Formulare (paper or online). */
  forms: ServiceForm[];
  /** Key of the form definition in src/core/forms that captures this service (null = none). */
  formKey: string | null;
  /** Hinweise (also: what is not confirmed yet). */
  notes: string | null;
  /** The office within the responsible authority that does it, and how to reach it. */
  contact: ServiceContact;
  personalAppearanceRequired: boolean;
  /** Appointment length (default, per kind of place, per location). */
  duration: ServiceDuration;
  /** Where it can be done; `phone` (115) gives information only. */
  channels: Channel[];
}

export interface ServiceDocument {
  item: string;
  note: string | null;
  required: boolean;
}

export interface LegalReference {
  title: string;
  url: string | null;
}

export interface ServiceForm {
  title: string;
  url: string | null;
}

export interface ServiceContact {
  /** Organisational unit, e.g. "Bürgerbüro". */
  unit: string;
  phone: string | null;
  email: string | null;
  /** E.g. "Über den Antrag entscheidet das Landratsamt Zwickau." */
  note: string | null;
}

export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
const SLUG_RE = new RegExp(SLUG_PATTERN);
const FORM_KEY_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Channels where the citizen (or their representative) is in front of a clerk. */
export const IN_PERSON_CHANNELS: readonly Channel[] = ['town_hall', 'mobile', 'home_visit'];

export const MAX_DURATION_MINUTES = 240;

export type ContentProblemCode =
  | 'required'
  | 'slug_format'
  | 'leika_format'
  | 'form_key_format'
  | 'duration_range'
  | 'location_id'
  | 'channels_empty'
  | 'channel_unknown'
  | 'duplicate'
  | 'appearance_without_channel'
  | 'documents_empty'
  | 'fee_unconfirmed_without_note'
  | 'url_format'
  | ReturnType<typeof validateFeeSchedule>[number]['code'];

export interface ContentProblem {
  /** JSON pointer into the content, e.g. "/fees/rules/0/bands/1". */
  path: string;
  code: ContentProblemCode;
}

const blank = (s: string | null | undefined) => s === null || s === undefined || s.trim() === '';

/**
 * The rules a service description must follow beyond its shape (which the API schema checks):
 * the same function runs in the editor before saving and on the server on save, publish and import.
 */
export function validateServiceContent(c: ServiceContent): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const req = (path: string, value: string | null | undefined) => {
    if (blank(value)) problems.push({ path, code: 'required' });
  };
  if (!SLUG_RE.test(c.slug) || c.slug.length < 2 || c.slug.length > 80)
    problems.push({ path: '/slug', code: 'slug_format' });
  if (c.leikaKey !== null && normaliseLeikaKey(c.leikaKey) !== c.leikaKey)
    problems.push({ path: '/leikaKey', code: 'leika_format' });
  req('/name/de', c.name.de);
  req('/name/en', c.name.en);
  req('/shortText/de', c.shortText.de);
  req('/shortText/en', c.shortText.en);
  req('/description', c.description);
  req('/contact/unit', c.contact.unit);
  for (const [i, p] of c.prerequisites.entries()) req(`/prerequisites/${i}`, p);
  for (const [i, p] of c.procedure.entries()) req(`/procedure/${i}`, p);
  const items = new Set<string>();
  c.documents.forEach((d, i) => {
    req(`/documents/${i}/item`, d.item);
    const key = d.item.trim().toLowerCase();
    if (key && items.has(key)) problems.push({ path: `/documents/${i}/item`, code: 'duplicate' });
    items.add(key);
  });
  c.legalBases.forEach((l, i) => {
    req(`/legalBases/${i}/title`, l.title);
    if (l.url !== null && !/^https:\/\/[^\s]+$/.test(l.url))
      problems.push({ path: `/legalBases/${i}/url`, code: 'url_format' });
  });
  c.forms.forEach((f, i) => {
    req(`/forms/${i}/title`, f.title);
    if (f.url !== null && !/^https:\/\/[^\s]+$/.test(f.url))
      problems.push({ path: `/forms/${i}/url`, code: 'url_format' });
  });
  if (c.formKey !== null && !FORM_KEY_RE.test(c.formKey))
    problems.push({ path: '/formKey', code: 'form_key_format' });

  const minutes = (path: string, m: number) => {
    if (!Number.isInteger(m) || m < 1 || m > MAX_DURATION_MINUTES)
      problems.push({ path, code: 'duration_range' });
  };
  minutes('/duration/defaultMinutes', c.duration.defaultMinutes);
  for (const [kind, m] of Object.entries(c.duration.byPlaceKind ?? {}))
    if (m !== undefined) minutes(`/duration/byPlaceKind/${kind}`, m);
  for (const [id, m] of Object.entries(c.duration.byLocation ?? {})) {
    if (m === undefined) continue;
    if (!UUID_RE.test(id)) problems.push({ path: `/duration/byLocation/${id}`, code: 'location_id' });
    minutes(`/duration/byLocation/${id}`, m);
  }

  if (c.channels.length === 0) problems.push({ path: '/channels', code: 'channels_empty' });
  const seen = new Set<string>();
  c.channels.forEach((ch, i) => {
    if (!(CHANNELS as readonly string[]).includes(ch))
      problems.push({ path: `/channels/${i}`, code: 'channel_unknown' });
    if (seen.has(ch)) problems.push({ path: `/channels/${i}`, code: 'duplicate' });
    seen.add(ch);
  });
  if (c.personalAppearanceRequired && !c.channels.some((ch) => IN_PERSON_CHANNELS.includes(ch)))
    problems.push({ path: '/channels', code: 'appearance_without_channel' });
  if (c.personalAppearanceRequired && c.documents.length === 0)
    problems.push({ path: '/documents', code: 'documents_empty' });

  for (const p of validateFeeSchedule(c.fees)) problems.push({ path: `/fees${p.path}`, code: p.code });
  if (c.fees.amountUnconfirmed && blank(c.fees.note?.de))
    problems.push({ path: '/fees/note/de', code: 'fee_unconfirmed_without_note' });
  c.fees.options?.forEach((o, i) => {
    req(`/fees/options/${i}/id`, o.id);
    req(`/fees/options/${i}/label/de`, o.label.de);
  });
  c.fees.waivers?.forEach((w, i) => {
    req(`/fees/waivers/${i}/id`, w.id);
    req(`/fees/waivers/${i}/label/de`, w.label.de);
  });
  return problems;
}

/** What a problem means, for the editor and the API (German for the editor, English as well). */
export const CONTENT_PROBLEM_MESSAGES: Record<ContentProblemCode, Localized> = {
  required: { de: 'Bitte füllen Sie dieses Feld aus.', en: 'Please fill in this field.' },
  slug_format: {
    de: 'Die Adresse darf nur Kleinbuchstaben a–z, Ziffern und Bindestriche enthalten (2 bis 80 Zeichen), z. B. „personalausweis-beantragen“.',
    en: 'The address may only contain lower-case letters a–z, digits and hyphens (2 to 80 characters), e.g. "personalausweis-beantragen".',
  },
  leika_format: {
    de: 'Der LeiKa-Schlüssel hat genau 14 Ziffern und beginnt mit 99, z. B. 99008001012000. Lassen Sie das Feld leer, wenn der Schlüssel nicht bekannt ist.',
    en: 'The LeiKa key has exactly 14 digits and starts with 99, e.g. 99008001012000. Leave the field empty if the key is not known.',
  },
  form_key_format: {
    de: 'Der Formularschlüssel darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.',
    en: 'The form key may only contain lower-case letters, digits and hyphens.',
  },
  duration_range: {
    de: `Die Dauer muss eine ganze Zahl von 1 bis ${MAX_DURATION_MINUTES} Minuten sein.`,
    en: `The duration must be a whole number from 1 to ${MAX_DURATION_MINUTES} minutes.`,
  },
  location_id: { de: 'Dieser Standort ist nicht bekannt.', en: 'This location is not known.' },
  channels_empty: {
    de: 'Wählen Sie mindestens einen Weg, auf dem die Leistung erledigt werden kann.',
    en: 'Choose at least one channel through which the service can be done.',
  },
  channel_unknown: { de: 'Diesen Weg gibt es nicht.', en: 'This channel does not exist.' },
  duplicate: { de: 'Dieser Eintrag kommt doppelt vor.', en: 'This entry appears twice.' },
  appearance_without_channel: {
    de: 'Wenn persönliches Erscheinen nötig ist, muss die Leistung im Rathaus, beim mobilen Bürgerbüro oder beim Hausbesuch möglich sein.',
    en: 'If personal appearance is required, the service must be possible at the town hall, the mobile office or a home visit.',
  },
  documents_empty: {
    de: 'Wer persönlich erscheinen muss, muss wissen, was er mitbringen soll: Bitte tragen Sie mindestens eine Unterlage ein.',
    en: 'People who must appear in person need to know what to bring: please add at least one document.',
  },
  fee_unconfirmed_without_note: {
    de: 'Wenn der Betrag nicht bestätigt ist, erklären Sie das bitte im Gebührenhinweis.',
    en: 'If the amount is not confirmed, please explain this in the fee note.',
  },
  url_format: {
    de: 'Bitte geben Sie eine vollständige, sichere Adresse ein (beginnt mit https://).',
    en: 'Enter a complete, secure address (starting with https://).',
  },
  negative_amount: { de: 'Ein Betrag darf nicht negativ sein.', en: 'An amount must not be negative.' },
  not_integer: {
    de: 'Beträge werden in ganzen Cent angegeben.',
    en: 'Amounts are given in whole cents.',
  },
  age_bands_overlap: {
    de: 'Die Altersstufen überschneiden sich. Jedes Alter darf nur zu einer Stufe gehören.',
    en: 'The age bands overlap. Each age may belong to one band only.',
  },
  age_bands_gap: {
    de: 'Die Altersstufen haben eine Lücke. Sie müssen zusammen jedes Alter ab 0 Jahren abdecken.',
    en: 'The age bands leave a gap. Together they must cover every age from 0.',
  },
  age_bands_empty: {
    de: 'Eine Gebühr nach Alter braucht mindestens eine Altersstufe.',
    en: 'A fee by age needs at least one age band.',
  },
  units_range: {
    de: 'Die Mindest- und Höchstmenge passen nicht zusammen (mindestens 1, höchstens nicht kleiner als mindestens).',
    en: 'The minimum and maximum quantity do not fit together (minimum at least 1, maximum not below minimum).',
  },
  duplicate_id: {
    de: 'Diese Kennung wird schon für einen anderen Zuschlag oder eine Befreiung verwendet.',
    en: 'This identifier is already used by another surcharge or waiver.',
  },
};

/** An empty description to start a new service from (the editor's "Neue Leistung"). */
export function emptyServiceContent(): ServiceContent {
  return {
    slug: '',
    leikaKey: null,
    name: { de: '', en: '' },
    shortText: { de: '', en: '' },
    description: '',
    easyReadText: null,
    prerequisites: [],
    documents: [],
    fees: { rules: [] },
    legalBases: [],
    procedure: [],
    processingTime: null,
    deadlines: null,
    forms: [],
    formKey: null,
    notes: null,
    contact: { unit: 'Bürgerbüro', phone: null, email: null, note: null },
    personalAppearanceRequired: false,
    duration: { defaultMinutes: 15 },
    channels: ['town_hall', 'phone'],
  };
}
