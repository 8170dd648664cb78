/**
 * A generated catalogue that looks like a real one: objects × actions × contexts of municipal
 * services, German and English, with descriptions made of typical administrative sentences.
 * Deterministic (seeded), so every run measures the same catalogue. For benchmarks only.
 */
import type { ServiceContent } from '../../src/core/catalog/content';
import { foldText } from '../../src/core/catalog/search-text';
import type { Channel } from '../../src/core/catalog/types';

const OBJECTS: [de: string, en: string][] = [
  ['Baugenehmigung', 'building permit'],
  ['Bauvoranfrage', 'preliminary building enquiry'],
  ['Abrissgenehmigung', 'demolition permit'],
  ['Baumfällgenehmigung', 'tree felling permit'],
  ['Sondernutzungserlaubnis', 'special use permit'],
  ['Straßensperrung', 'road closure'],
  ['Parkausweis', 'parking permit'],
  ['Schwerbehindertenparkausweis', 'disabled parking permit'],
  ['Anwohnerparkausweis', 'resident parking permit'],
  ['Grundsteuerbescheid', 'property tax notice'],
  ['Gewerbesteuer', 'trade tax'],
  ['Zweitwohnungsteuer', 'second home tax'],
  ['Vergnügungsteuer', 'entertainment tax'],
  ['Kita-Platz', 'daycare place'],
  ['Hortplatz', 'after-school care place'],
  ['Schulanmeldung', 'school enrolment'],
  ['Schülerbeförderung', 'school transport'],
  ['Elterngeld', 'parental allowance'],
  ['Kindergeld', 'child benefit'],
  ['Unterhaltsvorschuss', 'maintenance advance'],
  ['Geburtsurkunde', 'birth certificate'],
  ['Sterbeurkunde', 'death certificate'],
  ['Eheurkunde', 'marriage certificate'],
  ['Eheschließung', 'marriage'],
  ['Namensänderung', 'change of name'],
  ['Vaterschaftsanerkennung', 'acknowledgement of paternity'],
  ['Kirchenaustritt', 'leaving the church'],
  ['Einbürgerung', 'naturalisation'],
  ['Aufenthaltstitel', 'residence permit'],
  ['Verpflichtungserklärung', 'formal obligation'],
  ['Führerschein', 'driving licence'],
  ['Fahrzeugzulassung', 'vehicle registration'],
  ['Kennzeichen', 'number plate'],
  ['Waffenschein', 'firearms licence'],
  ['Fischereischein', 'fishing licence'],
  ['Jagdschein', 'hunting licence'],
  ['Gaststättenerlaubnis', 'restaurant licence'],
  ['Marktstand', 'market stall'],
  ['Reisegewerbekarte', 'itinerant trade card'],
  ['Spielhallenerlaubnis', 'amusement arcade licence'],
  ['Veranstaltung', 'event'],
  ['Feuerwerk', 'fireworks'],
  ['Plakatierung', 'poster display'],
  ['Sperrmüll', 'bulky waste'],
  ['Abfallgebühren', 'waste charges'],
  ['Biotonne', 'organic waste bin'],
  ['Hausnummer', 'house number'],
  ['Grabstätte', 'grave'],
  ['Bestattung', 'burial'],
  ['Friedhofsgebühren', 'cemetery charges'],
  ['Wohnberechtigungsschein', 'housing entitlement certificate'],
  ['Schornsteinfeger', 'chimney sweep'],
  ['Lärmschutz', 'noise protection'],
  ['Brandschutz', 'fire protection'],
  ['Denkmalschutz', 'monument protection'],
  ['Vereinsregister', 'register of associations'],
  ['Sportstätte', 'sports facility'],
  ['Bibliotheksausweis', 'library card'],
  ['Musikschule', 'music school'],
  ['Volkshochschule', 'adult education centre'],
];

const ACTIONS: [de: string, en: string][] = [
  ['beantragen', 'apply for'],
  ['verlängern', 'extend'],
  ['ändern', 'change'],
  ['abmelden', 'cancel'],
  ['Auskunft', 'information on'],
  ['Ersatz', 'replacement of'],
  ['Widerspruch', 'objection to'],
  ['Befreiung', 'exemption from'],
  ['Umschreibung', 'transfer of'],
  ['Kündigung', 'termination of'],
  ['Ermäßigung', 'reduction of'],
  ['Rückerstattung', 'refund of'],
];

const CONTEXTS: [de: string, en: string][] = [
  ['', ''],
  ['für Unternehmen', 'for businesses'],
  ['für Vereine', 'for associations'],
  ['für Privatpersonen', 'for individuals'],
  ['im Landkreis Zwickau', 'in the district of Zwickau'],
  ['bei Umzug', 'when moving'],
  ['bei Verlust', 'after loss'],
];

const FILLER = [
  'Die Entscheidung trifft die zuständige Stelle nach Prüfung der vollständigen Unterlagen.',
  'Bitte reichen Sie den Antrag rechtzeitig ein, damit die Bearbeitung nicht verzögert wird.',
  'Fehlende Nachweise können nachgereicht werden; die Frist beginnt erst mit dem vollständigen Antrag.',
  'Über das Ergebnis erhalten Sie einen schriftlichen Bescheid mit Rechtsbehelfsbelehrung.',
  'In besonderen Fällen ist eine persönliche Vorsprache erforderlich.',
  'Die Gebühr richtet sich nach dem Verwaltungsaufwand und der Satzung der Gemeinde.',
  'Vertreterinnen und Vertreter legen eine schriftliche Vollmacht vor.',
  'Für Rückfragen nennen Sie bitte eine Telefonnummer oder E-Mail-Adresse.',
];

function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateServices(count: number, existingSlugs: Set<string>): ServiceContent[] {
  const rnd = random(20260115);
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]!;
  const out: ServiceContent[] = [];
  const slugs = new Set(existingSlugs);
  const combos: [number, number, number][] = [];
  for (let o = 0; o < OBJECTS.length; o++)
    for (let a = 0; a < ACTIONS.length; a++) for (let c = 0; c < CONTEXTS.length; c++) combos.push([o, a, c]);
  for (let i = combos.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [combos[i], combos[j]] = [combos[j]!, combos[i]!];
  }
  for (const [o, a, c] of combos) {
    if (out.length >= count) break;
    const [objDe, objEn] = OBJECTS[o]!;
    const [actDe, actEn] = ACTIONS[a]!;
    const [ctxDe, ctxEn] = CONTEXTS[c]!;
    const nameDe = `${objDe} ${actDe}${ctxDe ? ` ${ctxDe}` : ''}`;
    const nameEn = `${actEn.charAt(0).toUpperCase()}${actEn.slice(1)} ${objEn}${ctxEn ? ` ${ctxEn}` : ''}`;
    const slug = foldText(nameDe).replace(/ /g, '-').slice(0, 80).replace(/-+$/, '');
    if (slugs.has(slug)) continue;
    slugs.add(slug);
    const sentences = Array.from({ length: 3 + Math.floor(rnd() * 4) }, () => pick(FILLER));
    const channels: Channel[] = ['town_hall', 'phone', ...(rnd() < 0.5 ? (['online'] as Channel[]) : [])];
    out.push({
      slug,
      leikaKey: `99${String(100_000_000_000 + out.length * 7919).slice(0, 12)}`,
      name: { de: nameDe, en: nameEn },
      shortText: {
        de: `Hier erfahren Sie, wie Sie ${objDe} ${actDe === 'Auskunft' ? 'erfragen' : actDe}${ctxDe ? ` ${ctxDe}` : ''} und welche Unterlagen Sie brauchen.`,
        en: `How to ${actEn} ${objEn}${ctxEn ? ` ${ctxEn}` : ''} and which documents you need.`,
      },
      description: `${objDe}: ${sentences.join(' ')} ${pick(FILLER)}`,
      easyReadText: null,
      prerequisites: [pick(FILLER)],
      documents: [{ item: 'Gültiger Personalausweis oder Reisepass', note: null, required: true }],
      fees:
        rnd() < 0.5
          ? { rules: [] }
          : { rules: [{ kind: 'fixed', amountCents: 500 * (1 + Math.floor(rnd() * 20)) }] },
      legalBases: [],
      procedure: ['Antrag stellen.', 'Bescheid erhalten.'],
      processingTime: `${1 + Math.floor(rnd() * 6)} Wochen`,
      deadlines: null,
      forms: [],
      formKey: null,
      notes: 'Generierte Leistung für den Lasttest (keine echte Leistungsbeschreibung).',
      contact: { unit: 'Bürgerbüro', phone: null, email: null, note: null },
      personalAppearanceRequired: true,
      duration: { defaultMinutes: 10 + 5 * Math.floor(rnd() * 4) },
      channels,
    });
  }
  if (out.length < count) throw new Error(`only ${out.length} distinct generated services`);
  return out;
}
