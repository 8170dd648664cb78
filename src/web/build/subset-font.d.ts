/** subset-font ships no types; the one call we make (https://github.com/papandreou/subset-font). */
declare module 'subset-font' {
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { targetFormat?: 'woff2' | 'woff' | 'truetype' | 'sfnt'; keepFeatures?: string[] },
  ): Promise<Buffer>;
}
