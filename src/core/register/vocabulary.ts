import type { Localized } from '../catalog/types';

/** Codes of the register and their words, shared by server, desk, kit and documents. */

export const SEXES = ['female', 'male', 'diverse', 'unspecified'] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABELS: Record<Sex, Localized> = {
  female: { de: 'weiblich', en: 'female' },
  male: { de: 'männlich', en: 'male' },
  diverse: { de: 'divers', en: 'diverse' },
  unspecified: { de: 'ohne Angabe', en: 'not specified' },
};

/** Religious affiliation as far as it matters for church tax (§ 3 Abs. 1 Nr. 11 BMG). */
export const RELIGIONS = ['ev', 'rk', 'other_taxed', 'none'] as const;
export type Religion = (typeof RELIGIONS)[number];
export const RELIGION_LABELS: Record<Religion, Localized> = {
  ev: { de: 'evangelisch', en: 'Protestant' },
  rk: { de: 'römisch-katholisch', en: 'Roman Catholic' },
  other_taxed: { de: 'andere steuererhebende Religionsgemeinschaft', en: 'other church-tax community' },
  none: { de: 'keine steuererhebende Religionsgemeinschaft', en: 'no church-tax community' },
};

export const MARITAL_STATUSES = [
  'single',
  'married',
  'civil_partnership',
  'divorced',
  'widowed',
  'unknown',
] as const;
export type MaritalStatus = (typeof MARITAL_STATUSES)[number];
export const MARITAL_STATUS_LABELS: Record<MaritalStatus, Localized> = {
  single: { de: 'ledig', en: 'single' },
  married: { de: 'verheiratet', en: 'married' },
  civil_partnership: { de: 'eingetragene Lebenspartnerschaft', en: 'civil partnership' },
  divorced: { de: 'geschieden', en: 'divorced' },
  widowed: { de: 'verwitwet', en: 'widowed' },
  unknown: { de: 'unbekannt', en: 'unknown' },
};

/** Sole, main or secondary residence (alleinige Wohnung, Haupt-, Nebenwohnung). */
export const RESIDENCE_KINDS = ['sole', 'main', 'secondary'] as const;
export type ResidenceKind = (typeof RESIDENCE_KINDS)[number];
export const RESIDENCE_KIND_LABELS: Record<ResidenceKind, Localized> = {
  sole: { de: 'alleinige Wohnung', en: 'sole residence' },
  main: { de: 'Hauptwohnung', en: 'main residence' },
  secondary: { de: 'Nebenwohnung', en: 'secondary residence' },
};

export const PERSON_STATUSES = ['resident', 'moved_away', 'moved_abroad', 'deceased'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];
export const PERSON_STATUS_LABELS: Record<PersonStatus, Localized> = {
  resident: { de: 'gemeldet', en: 'registered' },
  moved_away: { de: 'weggezogen', en: 'moved away' },
  moved_abroad: { de: 'ins Ausland verzogen', en: 'moved abroad' },
  deceased: { de: 'verstorben', en: 'deceased' },
};

/**
 * Blocks on a person's data. Auskunftssperre § 51 BMG (on application, 2 years, renewable),
 * conditional block § 52 (automatic at shelters, care homes, clinics), and the objections
 * (Übermittlungssperren) of § 42 Abs. 3 and § 50 Abs. 5 BMG. There is no Bundeswehr objection
 * since § 36 Abs. 2 BMG was dropped (see domain facts).
 */
export const BLOCK_KINDS = [
  'information_block',
  'conditional_block',
  'religious_community',
  'parties',
  'jubilees',
  'address_books',
] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];
export const TRANSFER_BLOCK_KINDS = ['religious_community', 'parties', 'jubilees', 'address_books'] as const;
export type TransferBlockKind = (typeof TRANSFER_BLOCK_KINDS)[number];
export const BLOCK_LABELS: Record<BlockKind, Localized> = {
  information_block: { de: 'Auskunftssperre (§ 51 BMG)', en: 'Information block (§ 51 BMG)' },
  conditional_block: { de: 'Bedingter Sperrvermerk (§ 52 BMG)', en: 'Conditional block (§ 52 BMG)' },
  religious_community: {
    de: 'Übermittlungssperre an Religionsgesellschaften (§ 42 Abs. 3 BMG)',
    en: 'Transfer block: religious communities (§ 42 (3) BMG)',
  },
  parties: {
    de: 'Übermittlungssperre an Parteien und Wählergruppen vor Wahlen (§ 50 Abs. 1, 5 BMG)',
    en: 'Transfer block: parties and voter groups before elections (§ 50 (1), (5) BMG)',
  },
  jubilees: {
    de: 'Übermittlungssperre für Alters- und Ehejubiläen (§ 50 Abs. 2, 5 BMG)',
    en: 'Transfer block: birthday and wedding anniversaries (§ 50 (2), (5) BMG)',
  },
  address_books: {
    de: 'Übermittlungssperre an Adressbuchverlage (§ 50 Abs. 3, 5 BMG)',
    en: 'Transfer block: address-book publishers (§ 50 (3), (5) BMG)',
  },
};

/** Blocks that forbid disclosing the person's data to anyone but the person (and authorities by law). */
export function blocksDisclosure(kinds: readonly BlockKind[]): boolean {
  return kinds.includes('information_block') || kinds.includes('conditional_block');
}

export const ID_DOCUMENT_KINDS = ['id_card', 'passport', 'temporary_id_card', 'temporary_passport'] as const;
export type IdDocumentKind = (typeof ID_DOCUMENT_KINDS)[number];
export const ID_DOCUMENT_LABELS: Record<IdDocumentKind, Localized> = {
  id_card: { de: 'Personalausweis', en: 'ID card' },
  passport: { de: 'Reisepass', en: 'Passport' },
  temporary_id_card: { de: 'Vorläufiger Personalausweis', en: 'Temporary ID card' },
  temporary_passport: { de: 'Vorläufiger Reisepass', en: 'Temporary passport' },
};

export const ID_DOCUMENT_STATUSES = ['applied', 'valid', 'expired', 'lost', 'invalidated'] as const;
export type IdDocumentStatus = (typeof ID_DOCUMENT_STATUSES)[number];

/** § 52 BMG: residents of these kinds of dwelling get a conditional block automatically. */
export const DWELLING_KINDS = ['standard', 'care_home', 'shelter', 'clinic'] as const;
export type DwellingKind = (typeof DWELLING_KINDS)[number];
