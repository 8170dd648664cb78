import type { Locale } from '../locale';
import type { ServiceContent } from './content';
import { feeSentence } from './fee-text';
import type { Channel } from './types';

/** The responsible office as the hotline names it. */
export interface OfficeContact {
  authorityName: string;
  street: string;
  postalCode: string;
  city: string;
  phone: string | null;
  email: string | null;
}

/** Channel names inside sentences ("im Rathaus", "beim mobilen Bürgerbüro"). */
export const CHANNEL_PHRASES: Record<Channel, Record<Locale, string>> = {
  town_hall: { de: 'im Bürgerbüro im Rathaus', en: "at the town hall's citizens' office" },
  mobile: {
    de: 'beim mobilen Bürgerbüro (Sprechtag im Ort)',
    en: 'at the mobile office (office day in the village)',
  },
  home_visit: { de: 'bei einem Hausbesuch', en: 'during a home visit' },
  terminal: { de: 'am Bürgerterminal (Videoberatung)', en: 'at the citizens’ terminal (video consultation)' },
  online: { de: 'online', en: 'online' },
  phone: { de: 'telefonisch (nur Auskunft)', en: 'by phone (information only)' },
};

function list(items: string[], locale: Locale): string {
  if (items.length <= 1) return items.join('');
  const and = locale === 'de' ? ' und ' : ' and ';
  return `${items.slice(0, -1).join(', ')}${and}${items[items.length - 1]}`;
}

/**
 * The answer a 115 agent reads to a caller: short, in plain sentences, in the order callers ask
 * (what is it, what to bring, what it costs, whether to come in person, how long, where).
 */
export function readOutText(service: ServiceContent, locale: Locale, office: OfficeContact | null): string[] {
  const de = locale === 'de';
  const out: string[] = [`${service.name[locale]}: ${service.shortText[locale]}`];
  const required = service.documents.filter((d) => d.required).map((d) => d.item);
  const optional = service.documents.filter((d) => !d.required).map((d) => d.item);
  if (required.length) out.push(`${de ? 'Bitte mitbringen' : 'Please bring'}: ${list(required, locale)}.`);
  if (optional.length) out.push(`${de ? 'Falls zutreffend' : 'If it applies'}: ${list(optional, locale)}.`);
  out.push(`${de ? 'Kosten' : 'Cost'}: ${feeSentence(service.fees, locale)}`);
  out.push(
    service.personalAppearanceRequired
      ? de
        ? 'Sie müssen persönlich vorsprechen.'
        : 'You must come in person.'
      : de
        ? 'Persönliches Erscheinen ist nicht zwingend nötig.'
        : 'You do not necessarily have to come in person.',
  );
  if (service.processingTime)
    out.push(`${de ? 'Bearbeitungsdauer' : 'Processing time'}: ${service.processingTime}`);
  if (service.deadlines) out.push(`${de ? 'Frist' : 'Deadline'}: ${service.deadlines}`);
  const ways = service.channels.map((c) => CHANNEL_PHRASES[c][locale]);
  if (ways.length) out.push(`${de ? 'Möglich' : 'Possible'}: ${list(ways, locale)}.`);
  if (office) {
    const contact = [
      `${service.contact.unit}, ${office.authorityName}, ${office.street}, ${office.postalCode} ${office.city}`,
      (service.contact.phone ?? office.phone)
        ? `${de ? 'Telefon' : 'phone'} ${service.contact.phone ?? office.phone}`
        : null,
      (service.contact.email ?? office.email)
        ? `${de ? 'E-Mail' : 'email'} ${service.contact.email ?? office.email}`
        : null,
    ].filter(Boolean);
    out.push(`${de ? 'Zuständig' : 'Responsible'}: ${contact.join(', ')}.`);
  }
  if (service.contact.note) out.push(service.contact.note);
  return out;
}
