import { describe, expect, it } from 'vitest';
import { computeFee, FeeInputError, type FeeSchedule, validateFeeSchedule } from './fees';

/** § 1 PAuswGebV since 7 Feb 2026: 46 € from 24, 27.60 € under 24; +6 € photo at the office. */
const idCard: FeeSchedule = {
  rules: [
    {
      kind: 'by_age',
      bands: [
        { maxAge: 24, amountCents: 2760 },
        { minAge: 24, amountCents: 4600 },
      ],
    },
  ],
  options: [
    {
      id: 'photo',
      label: { de: 'Foto durch die Behörde', en: 'Photo taken by the office' },
      amountCents: 600,
    },
    { id: 'mailing', label: { de: 'Direktversand', en: 'Direct mailing' }, amountCents: 1500 },
  ],
  waivers: [{ id: 'need', label: { de: 'Bedürftigkeit', en: 'Need' } }],
  legalBasis: '§ 1 PAuswGebV',
};

describe('fee rules', () => {
  it('charges 46 € from the 24th birthday and 27.60 € before', () => {
    expect(computeFee(idCard, { age: 24 }).totalCents).toBe(4600);
    expect(computeFee(idCard, { age: 23 }).totalCents).toBe(2760);
    expect(computeFee(idCard, { age: 0 }).totalCents).toBe(2760);
  });

  it('adds chosen surcharges', () => {
    const r = computeFee(idCard, { age: 40, options: ['photo', 'mailing'] });
    expect(r.totalCents).toBe(4600 + 600 + 1500);
    expect(r.lines).toHaveLength(3);
  });

  it('waives the whole fee and keeps the lines visible', () => {
    const r = computeFee(idCard, { age: 40, options: ['photo'], waiverId: 'need' });
    expect(r.totalCents).toBe(0);
    expect(r.waived).toBe(true);
    expect(r.lines.at(-1)!.amountCents).toBe(-5200);
  });

  it('charges per page', () => {
    const copies: FeeSchedule = {
      rules: [{ kind: 'per_unit', unit: 'page', amountCents: 150, maxUnits: 50 }],
    };
    expect(computeFee(copies, { units: 3 }).totalCents).toBe(450);
    expect(() => computeFee(copies, { units: 0 })).toThrow(FeeInputError);
    expect(() => computeFee(copies, { units: 51 })).toThrow(FeeInputError);
    expect(() => computeFee(copies, {})).toThrow(/UNITS_REQUIRED/);
  });

  it('needs the age for age-dependent fees and rejects unknown options', () => {
    expect(() => computeFee(idCard, {})).toThrow(/AGE_REQUIRED/);
    expect(() => computeFee(idCard, { age: 30, options: ['gold'] })).toThrow(/UNKNOWN_OPTION/);
  });

  it('treats an empty schedule as free of charge', () => {
    expect(computeFee({ rules: [] })).toEqual({ totalCents: 0, lines: [], waived: false });
  });
});

describe('fee schedule validation', () => {
  it('accepts a complete schedule', () => {
    expect(validateFeeSchedule(idCard)).toEqual([]);
  });
  it('finds gaps, overlaps, negative and fractional amounts', () => {
    const bad: FeeSchedule = {
      rules: [
        {
          kind: 'by_age',
          bands: [
            { maxAge: 20, amountCents: 100 },
            { minAge: 24, amountCents: 200 },
          ],
        },
        {
          kind: 'by_age',
          bands: [
            { maxAge: 30, amountCents: 100 },
            { minAge: 24, amountCents: 200 },
          ],
        },
        { kind: 'fixed', amountCents: -5 },
        { kind: 'fixed', amountCents: 1.5 },
        { kind: 'by_age', bands: [{ minAge: 0, maxAge: 10, amountCents: 1 }] },
      ],
    };
    const codes = validateFeeSchedule(bad).map((p) => `${p.path}:${p.code}`);
    expect(codes).toContain('/rules/0/bands/1:age_bands_gap');
    expect(codes).toContain('/rules/1/bands/1:age_bands_overlap');
    expect(codes).toContain('/rules/2/amountCents:negative_amount');
    expect(codes).toContain('/rules/3/amountCents:not_integer');
    expect(codes).toContain('/rules/4/bands:age_bands_gap');
  });
});
