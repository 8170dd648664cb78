/**
 * The purpose of register reads in this browser session: asked once, sent with every register
 * request as X-Audit-Reason (percent-encoded so umlauts survive), recorded in the audit trail.
 */
const KEY = 'bk-register-purpose';

export function getPurpose(): string {
  try {
    return sessionStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function setPurpose(purpose: string): void {
  try {
    sessionStorage.setItem(KEY, purpose);
  } catch {
    // private mode: the purpose is asked again
  }
}

export function purposeHeaders(purpose = getPurpose()): Record<string, string> {
  return purpose ? { 'x-audit-reason': encodeURIComponent(purpose) } : {};
}
