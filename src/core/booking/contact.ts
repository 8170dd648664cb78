/**
 * Contact details of citizens without an account: an email address and/or a phone number.
 * The same checks run in the browser (on submit) and on the server.
 */
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL_RE.test(value.trim());
}

/** Digits of a phone number in national form (+49 3764 … → 03764…); null if it is not one. */
export function normalisePhone(raw: string): string | null {
  const trimmed = raw.trim();
  if (!/^\+?[0-9 ()/.-]{5,30}$/.test(trimmed)) return null;
  let digits = trimmed.replace(/[^0-9+]/g, '');
  if (digits.startsWith('+49')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('0049')) digits = `0${digits.slice(4)}`;
  digits = digits.replace(/\+/g, '00');
  return digits.length >= 6 && digits.length <= 16 ? digits : null;
}

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A reference people can read out on the phone, e.g. T-7K3M-9Q2P (no 0/O, no 1/I). */
export function newReference(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  let s = '';
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return `${prefix}-${s.slice(0, 4)}-${s.slice(4)}`;
}

/** "t 7k3m 9q2p", "T7K3M9Q2P" → "T-7K3M-9Q2P"; null if it cannot be one. Spaces and dashes are fine. */
export function normaliseReference(input: string, prefix: string): string | null {
  const compact = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
  if (!new RegExp(`^${prefix}[${ALPHABET}]{8}$`).test(compact)) return null;
  return `${prefix}-${compact.slice(1, 5)}-${compact.slice(5)}`;
}
