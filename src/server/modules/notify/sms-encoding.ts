/**
 * How a text becomes the short_message octets of one or more SMPP submit_sm PDUs (ADR 32).
 *
 * - GSM 03.38 (7-bit default alphabet, data_coding 0x00) when every character is in the basic
 *   table or its extension table (an extension character costs two septets: ESC + code). SMPP
 *   carries GSM-7 unpacked, one septet per octet.
 * - UCS-2 (data_coding 0x08, UTF-16 big-endian) otherwise; characters outside the BMP take two
 *   code units, and a part never ends between the two halves of a surrogate pair.
 * - Longer texts are cut into parts with a concatenation UDH (IEI 0x00, 8-bit reference):
 *   153 septets or 67 UCS-2 units per part; a GSM escape pair is never split.
 */

// GSM 03.38 basic character set, index = septet value.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// Extension table: character → septet after ESC (0x1b).
const GSM_EXTENSION: Record<string, number> = {
  '\f': 0x0a,
  '^': 0x14,
  '{': 0x28,
  '}': 0x29,
  '\\': 0x2f,
  '[': 0x3c,
  '~': 0x3d,
  ']': 0x3e,
  '|': 0x40,
  '€': 0x65,
};

const BASIC_INDEX = new Map<string, number>();
for (let i = 0; i < GSM_BASIC.length; i++) if (i !== 0x1b) BASIC_INDEX.set(GSM_BASIC[i]!, i);

export const DATA_CODING_GSM7 = 0x00;
export const DATA_CODING_UCS2 = 0x08;

const SINGLE_GSM7 = 160;
const PART_GSM7 = 153;
const SINGLE_UCS2 = 70;
const PART_UCS2 = 67;
/** Parts at most: the UDH counts to 255, operators and phones far less; a text message here is short. */
export const MAX_PARTS = 10;

export interface EncodedSms {
  dataCoding: number;
  /** short_message octets of each submit_sm (with the UDH when there is more than one). */
  parts: Buffer[];
  /** esm_class: 0x40 (UDH indicator) when the parts carry a UDH. */
  esmClass: number;
}

/** Septets of the text in GSM-7 (each one a unit that must stay whole), or null if not GSM-7. */
function gsm7Units(text: string): number[][] | null {
  const units: number[][] = [];
  for (const ch of text) {
    const basic = BASIC_INDEX.get(ch);
    if (basic !== undefined) units.push([basic]);
    else if (GSM_EXTENSION[ch] !== undefined) units.push([0x1b, GSM_EXTENSION[ch]!]);
    else return null;
  }
  return units;
}

/** UTF-16BE code units per character (a pair for characters outside the BMP). */
function ucs2Units(text: string): number[][] {
  const units: number[][] = [];
  for (const ch of text) {
    const bytes: number[] = [];
    for (let i = 0; i < ch.length; i++) {
      const code = ch.charCodeAt(i);
      bytes.push(code >> 8, code & 0xff);
    }
    units.push(bytes);
  }
  return units;
}

/**
 * Typographic characters with a plain GSM-7 equivalent (dashes, curly quotes, ellipsis, special
 * spaces) are replaced, so one en dash in a signature does not turn the message into UCS-2 with
 * less than half the characters per part.
 */
export function typographyToGsm(text: string): string {
  return text
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/\u2026/g, '...')
    .replace(/[\u00a0\u2000-\u200a\u202f]/g, ' ')
    .replace(/\u00b7/g, '-');
}

/** Packs units into parts of at most `limit` units of `width` octets each, never splitting one. */
function pack(units: number[][], limitOctets: number): number[][] {
  const parts: number[][] = [];
  let current: number[] = [];
  for (const unit of units) {
    if (current.length + unit.length > limitOctets) {
      parts.push(current);
      current = [];
    }
    current.push(...unit);
  }
  if (current.length > 0 || parts.length === 0) parts.push(current);
  return parts;
}

/**
 * Encodes a text for submit_sm. `reference` (0–255) ties the parts of one message together; it
 * is derived from the outbox id, so a retry sends the same parts with the same reference.
 */
export function encodeSms(original: string, reference: number): EncodedSms {
  const text = typographyToGsm(original);
  const gsm = gsm7Units(text);
  const units = gsm ?? ucs2Units(text);
  const dataCoding = gsm ? DATA_CODING_GSM7 : DATA_CODING_UCS2;
  const octets = units.reduce((n, u) => n + u.length, 0);
  const single = gsm ? SINGLE_GSM7 : SINGLE_UCS2 * 2;
  if (octets <= single) {
    return { dataCoding, parts: [Buffer.from(units.flat())], esmClass: 0 };
  }
  const bodies = pack(units, gsm ? PART_GSM7 : PART_UCS2 * 2);
  if (bodies.length > MAX_PARTS) {
    throw new RangeError(`text message needs ${bodies.length} parts, at most ${MAX_PARTS} are sent`);
  }
  const ref = reference & 0xff;
  const parts = bodies.map((body, i) => Buffer.from([0x05, 0x00, 0x03, ref, bodies.length, i + 1, ...body]));
  return { dataCoding, parts, esmClass: 0x40 };
}

/** Decodes what encodeSms produced (tests and the local test SMSC): the text of all parts. */
export function decodeSms(dataCoding: number, esmClass: number, parts: Buffer[]): string {
  let text = '';
  for (const part of parts) {
    const body = esmClass & 0x40 ? part.subarray(part[0]! + 1) : part;
    if (dataCoding === DATA_CODING_UCS2) {
      for (let i = 0; i + 1 < body.length; i += 2)
        text += String.fromCharCode((body[i]! << 8) | body[i + 1]!);
    } else {
      for (let i = 0; i < body.length; i++) {
        if (body[i] === 0x1b) {
          const code = body[++i]!;
          text += Object.entries(GSM_EXTENSION).find(([, v]) => v === code)?.[0] ?? ' ';
        } else text += GSM_BASIC[body[i]!] ?? ' ';
      }
    }
  }
  return text;
}

/** The 8-bit concatenation reference of an outbox id (stable across retries). */
export function referenceOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return h & 0xff;
}
