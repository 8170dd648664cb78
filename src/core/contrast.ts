/**
 * Colour contrast after WCAG 2.1 (relative luminance, contrast ratio). KERN UX themes an
 * authority's portal with its primary colour on white and white text on the colour, so the
 * colour must reach AA for normal text (4.5:1) against white.
 */
export const AA_NORMAL_TEXT = 4.5;

export function parseHexColour(value: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value);
  if (!m) return null;
  return [Number.parseInt(m[1]!, 16), Number.parseInt(m[2]!, 16), Number.parseInt(m[3]!, 16)];
}

export function relativeLuminance([r, g, b]: [number, number, number]): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: string, b: string): number {
  const ca = parseHexColour(a);
  const cb = parseHexColour(b);
  if (!ca || !cb) return 0;
  const la = relativeLuminance(ca);
  const lb = relativeLuminance(cb);
  const [hi, lo] = la > lb ? [la, lb] : [lb, la];
  return (hi + 0.05) / (lo + 0.05);
}

/** The ratio rounded down to one decimal (never rounds a failing colour up to a pass). */
export function contrastAgainstWhite(colour: string): number {
  return Math.floor(contrastRatio(colour, '#ffffff') * 10) / 10;
}
