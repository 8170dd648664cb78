import type { IdDocumentKind } from '../register/vocabulary';
import { addDays, ageOn, type IsoDate } from '../time';

/**
 * Validity of ID documents by the applicant's age on the day of issue (domain facts §3):
 * Personalausweis and Reisepass 10 years, 6 years before the 24th birthday (§ 6 PAuswG,
 * § 5 Abs. 1 PassG); vorläufiger Personalausweis at most 3 months; vorläufiger Reisepass at
 * most 1 year (§ 5 Abs. 3 PassG). A document issued on 15 March 2026 for ten years is valid
 * up to and including 14 March 2036.
 */
export const YOUNG_AGE_LIMIT = 24;

function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export function validityMonths(kind: IdDocumentKind, birthDate: IsoDate, issueDate: IsoDate): number {
  switch (kind) {
    case 'id_card':
    case 'passport':
      return ageOn(birthDate, issueDate) < YOUNG_AGE_LIMIT ? 72 : 120;
    case 'temporary_id_card':
      return 3;
    case 'temporary_passport':
      return 12;
  }
}

/** The last day on which a document issued on `issueDate` is valid. */
export function validUntil(kind: IdDocumentKind, birthDate: IsoDate, issueDate: IsoDate): IsoDate {
  return addDays(addMonths(issueDate, validityMonths(kind, birthDate, issueDate)), -1);
}

/** Every German from 16 must hold a valid ID (§ 1 Abs. 1 PAuswG). */
export const ID_OBLIGATION_AGE = 16;
