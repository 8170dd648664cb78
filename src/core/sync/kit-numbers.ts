/**
 * Numbers the kit makes offline carry the kit's prefix and a kit-local counter, so they are unique
 * without a connection (DESIGN.md §5): case numbers, receipt numbers, ticket numbers.
 */
/** K + 1–5 letters or digits (K1, K12, KSB): the form src/core/cases/numbers.ts reads as a kit number. */
export const KIT_PREFIX_RE = /^K[A-Z0-9]{1,5}$/;

export function isKitPrefix(value: string): boolean {
  return KIT_PREFIX_RE.test(value);
}

/** "K1-2026-0007": a case captured on kit K1 in 2026, the 7th of the year on that kit. */
export function kitCaseNumber(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(4, '0')}`;
}

/** "K1-Q-2026-0012": the kit register's 12th receipt of the year (gap-free per register). */
export function kitReceiptNumber(prefix: string, year: number, n: number): string {
  return `${prefix}-Q-${year}-${String(n).padStart(4, '0')}`;
}

/** "K1-007": the 7th walk-in ticket of the day on kit K1. */
export function kitTicketNumber(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(3, '0')}`;
}

/** Counter names the kit keeps (per year or per day) for its numbers. */
export function counterKey(kind: 'case' | 'receipt' | 'ticket', period: string): string {
  return `${kind}:${period}`;
}
