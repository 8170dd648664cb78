/**
 * Numbers people read and type: case numbers (Aktenzeichen), the access code for the status
 * page, document verification codes and receipt numbers. Typed input is accepted with spaces,
 * hyphens, dots and lower case ("mee 2026 123" finds MEE-2026-000123).
 */

/** Crockford's Base32: no I, L, O, U — nothing to confuse when read aloud or typed. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function randomCode(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return out;
}

/** Upper case, only letters and digits, and the letters Crockford maps (O → 0, I/L → 1). */
export function normaliseCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

export function groupCode(code: string, size = 4): string {
  return code.match(new RegExp(`.{1,${size}}`, 'g'))?.join('-') ?? code;
}

/** Access code printed on the receipt: 10 characters, shown as XXXXX-XXXXX (50 bits). */
export const ACCESS_CODE_LENGTH = 10;
export function newAccessCode(): string {
  return randomCode(ACCESS_CODE_LENGTH);
}
export function formatAccessCode(code: string): string {
  return groupCode(normaliseCode(code), 5);
}
export function isAccessCode(input: string): boolean {
  const n = normaliseCode(input);
  return n.length === ACCESS_CODE_LENGTH && [...n].every((c) => CROCKFORD.includes(c));
}

/** Verification code of a printed document: 12 characters, shown as XXXX-XXXX-XXXX (60 bits). */
export const VERIFICATION_CODE_LENGTH = 12;
export function newVerificationCode(): string {
  return randomCode(VERIFICATION_CODE_LENGTH);
}
export function isVerificationCode(input: string): boolean {
  const n = normaliseCode(input);
  return n.length === VERIFICATION_CODE_LENGTH && [...n].every((c) => CROCKFORD.includes(c));
}

/** "Stadt Meerane" → "MEE": the authority's letters in case numbers. */
export function caseNumberPrefix(authorityShortName: string): string {
  const name = authorityShortName
    .replace(/^(Stadt|Gemeinde|Verwaltungsgemeinschaft|Landkreis|Stadtverwaltung)\s+/i, '')
    .toUpperCase()
    .replace(/Ä/g, 'AE')
    .replace(/Ö/g, 'OE')
    .replace(/Ü/g, 'UE')
    .replace(/ß/g, 'SS')
    .replace(/[^A-Z]/g, '');
  return (name.slice(0, 3) || 'BK').padEnd(3, 'X');
}

/** Official case number: MEE-2026-000123 (authority, year, sequence within the year). */
export function formatCaseNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}

const CASE_NUMBER_RE = /^([A-Z]{3})(\d{4})(\d{1,9})$/;
const LOCAL_NUMBER_RE = /^K[0-9A-Z]{1,8}-\d{4}-\d{4,6}$/;

/**
 * A case number or a kit's local number as typed, in its canonical form, or null.
 * "mee 2026 123" → "MEE-2026-000123"; "k01-2026-7" → "K01-2026-0007".
 * A local number must keep its hyphens (the kit code may end in digits).
 */
export function parseCaseNumber(input: string): string | null {
  const trimmed = input.trim().toUpperCase();
  const local = /^K([0-9A-Z]{1,8})[\s\-./]+(\d{4})[\s\-./]+(\d{1,6})$/.exec(trimmed);
  if (local) return formatLocalNumber(local[1]!, Number(local[2]), Number(local[3]));
  const compact = trimmed.replace(/[^A-Z0-9]/g, '');
  const m = CASE_NUMBER_RE.exec(compact);
  if (!m) return null;
  return formatCaseNumber(m[1]!, Number(m[2]), Number(m[3]));
}

/** Number a kit gives a case offline: K<kit code>-<year>-<kit-local sequence>, e.g. K01-2026-0042. */
export function formatLocalNumber(kitCode: string, year: number, seq: number): string {
  return `K${kitCode}-${year}-${String(seq).padStart(4, '0')}`;
}

export function isLocalNumber(value: string): boolean {
  return LOCAL_NUMBER_RE.test(value);
}

/**
 * Receipt number as printed: <register code>-Q-<year>-<number>, gap-free per register and year,
 * e.g. RH1-Q-2026-0123 at the town hall or K1-Q-2026-0017 on kit K1 (the same form the kit
 * makes offline, src/core/sync/kit-numbers.ts).
 */
export function formatReceiptNumber(registerCode: string, year: number, number: number): string {
  return `${registerCode}-Q-${year}-${String(number).padStart(4, '0')}`;
}
