import { describe, expect, it } from 'vitest';
import { documentFonts } from '../../../server/pdf/fonts';
import { checkTaggedPdf, inReadingOrder } from '../../../server/pdf/tag-check';
import { makePdf } from './receipt-pdf';

describe("the kit's printouts (#15)", () => {
  it('prints the kit receipt (made in the browser) as a tagged PDF in the chosen language', async () => {
    const fonts = await documentFonts();
    const bytes = await makePdf(
      {
        title: 'Receipt',
        subtitle: 'Stadt Meerane · kit KSB1 · 2 March 2026',
        language: 'en',
        sections: [
          {
            heading: 'Numbers',
            lines: [
              { label: 'Case number', value: 'KSB1-2026-0004' },
              { label: 'Access code', value: 'ABCD-EFGH' },
            ],
          },
          { heading: 'Fee', lines: [{ label: 'Total', value: '46,00 €' }] },
        ],
        footer: 'Status online: http://localhost:8080/status',
      },
      fonts,
    );
    const report = checkTaggedPdf(bytes);
    expect(report.problems).toEqual([]);
    expect(report.lang).toBe('en-GB');
    expect(report.title).toBe('Receipt');
    expect(report.structure.slice(0, 3)).toEqual(['Document', 'H1', 'P']);
    expect(
      inReadingOrder(report.text, [
        'Receipt',
        'Numbers',
        'KSB1-2026-0004',
        'Fee',
        '46,00 €',
        'Status online',
      ]),
    ).toBe(true);
  });
});
