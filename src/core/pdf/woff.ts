/**
 * WOFF 1.0 → TrueType/OpenType (sfnt). KERN UX ships Noto Sans as WOFF; fontkit can read WOFF
 * but inflates a table again on every access, which makes subsetting for a PDF take a second.
 * Unpacking once into a plain sfnt when the fonts are loaded makes it fast. The inflate function
 * is passed in (node:zlib on the server, DecompressionStream in the browser), so this stays pure.
 * Format: https://www.w3.org/TR/WOFF/ (header, table directory, zlib-compressed tables).
 */
export type Inflate = (data: Uint8Array) => Promise<Uint8Array> | Uint8Array;

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'

export function isWoff(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 44 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) === WOFF_SIGNATURE
  );
}

export async function woffToSfnt(bytes: Uint8Array, inflate: Inflate): Promise<Uint8Array> {
  if (!isWoff(bytes)) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flavor = view.getUint32(4);
  const numTables = view.getUint16(12);
  const tables: { tag: number; checksum: number; data: Uint8Array }[] = [];
  for (let i = 0; i < numTables; i++) {
    const entry = 44 + i * 20;
    const tag = view.getUint32(entry);
    const offset = view.getUint32(entry + 4);
    const compLength = view.getUint32(entry + 8);
    const origLength = view.getUint32(entry + 12);
    const checksum = view.getUint32(entry + 16);
    const raw = bytes.subarray(offset, offset + compLength);
    const data = compLength < origLength ? await inflate(raw) : raw;
    if (data.length !== origLength) throw new Error('WOFF table has the wrong length after inflating');
    tables.push({ tag, checksum, data });
  }
  tables.sort((a, b) => a.tag - b.tag);
  let searchRange = 1;
  let entrySelector = 0;
  while (searchRange * 2 <= numTables) {
    searchRange *= 2;
    entrySelector++;
  }
  searchRange *= 16;
  const headerLength = 12 + numTables * 16;
  const total = tables.reduce((sum, t) => sum + ((t.data.length + 3) & ~3), headerLength);
  const out = new Uint8Array(total);
  const o = new DataView(out.buffer);
  o.setUint32(0, flavor);
  o.setUint16(4, numTables);
  o.setUint16(6, searchRange);
  o.setUint16(8, entrySelector);
  o.setUint16(10, numTables * 16 - searchRange);
  let offset = headerLength;
  tables.forEach((t, i) => {
    const entry = 12 + i * 16;
    o.setUint32(entry, t.tag);
    o.setUint32(entry + 4, t.checksum);
    o.setUint32(entry + 8, offset);
    o.setUint32(entry + 12, t.data.length);
    out.set(t.data, offset);
    offset += (t.data.length + 3) & ~3;
  });
  return out;
}
