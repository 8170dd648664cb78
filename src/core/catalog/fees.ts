import type { Localized } from './types';

/**
 * Fee rules of a service, in integer cents. A schedule is the sum of its rules plus the options
 * the citizen chose (surcharges such as express or direct mailing), unless a waiver applies.
 * Pure data and pure functions: the same computation runs in the portal's fee calculator, at the
 * desk, in the offline kit and on the server.
 */
export type FeeRule =
  | { kind: 'fixed'; amountCents: number; label?: Localized }
  | { kind: 'by_age'; bands: AgeBand[]; label?: Localized }
  | {
      kind: 'per_unit';
      unit: FeeUnit;
      amountCents: number;
      minUnits?: number;
      maxUnits?: number;
      label?: Localized;
    };

/** Ages in completed years; a band covers minAge ≤ age < maxAge (open ends allowed). */
export interface AgeBand {
  minAge?: number;
  maxAge?: number;
  amountCents: number;
}

export type FeeUnit = 'page' | 'document' | 'signature' | 'item';

export interface FeeOption {
  id: string;
  label: Localized;
  amountCents: number;
  legalBasis?: string;
}

export interface FeeWaiver {
  id: string;
  label: Localized;
  legalBasis?: string;
}

export interface FeeSchedule {
  /** Empty = free of charge (unless `amountUnconfirmed`). */
  rules: FeeRule[];
  options?: FeeOption[];
  waivers?: FeeWaiver[];
  legalBasis?: string;
  note?: Localized;
  /**
   * The amount is not confirmed (e.g. a Saxon fee nobody has checked yet): `rules` is then empty
   * or incomplete and must not be read as "free of charge". Pages say so; the clerk fixes the fee.
   */
  amountUnconfirmed?: boolean;
}

export interface FeeInput {
  /** Age in completed years on the day of application (needed for by_age rules). */
  age?: number;
  /** Number of pages/documents/… (needed for per_unit rules). */
  units?: number;
  /** Chosen option ids. */
  options?: string[];
  /** A waiver id; the reason is required at the desk and recorded with the payment. */
  waiverId?: string;
}

export interface FeeLine {
  label: Localized;
  amountCents: number;
}

export interface FeeResult {
  totalCents: number;
  lines: FeeLine[];
  waived: boolean;
}

export type FeeProblem =
  | { code: 'AGE_REQUIRED' }
  | { code: 'UNITS_REQUIRED' }
  | { code: 'UNITS_OUT_OF_RANGE'; min: number; max: number | null }
  | { code: 'NO_AGE_BAND'; age: number }
  | { code: 'UNKNOWN_OPTION'; option: string }
  | { code: 'UNKNOWN_WAIVER'; waiver: string };

export class FeeInputError extends Error {
  constructor(readonly problem: FeeProblem) {
    super(problem.code);
    this.name = 'FeeInputError';
  }
}

const DEFAULT_LABELS: Record<FeeRule['kind'], Localized> = {
  fixed: { de: 'Gebühr', en: 'Fee' },
  by_age: { de: 'Gebühr nach Alter', en: 'Fee by age' },
  per_unit: { de: 'Gebühr je Stück', en: 'Fee per item' },
};

function bandFor(bands: AgeBand[], age: number): AgeBand | undefined {
  return bands.find(
    (b) => (b.minAge === undefined || age >= b.minAge) && (b.maxAge === undefined || age < b.maxAge),
  );
}

export function computeFee(schedule: FeeSchedule, input: FeeInput = {}): FeeResult {
  const lines: FeeLine[] = [];
  for (const rule of schedule.rules) {
    const label = rule.label ?? DEFAULT_LABELS[rule.kind];
    if (rule.kind === 'fixed') {
      lines.push({ label, amountCents: rule.amountCents });
    } else if (rule.kind === 'by_age') {
      if (input.age === undefined) throw new FeeInputError({ code: 'AGE_REQUIRED' });
      const band = bandFor(rule.bands, input.age);
      if (!band) throw new FeeInputError({ code: 'NO_AGE_BAND', age: input.age });
      lines.push({ label, amountCents: band.amountCents });
    } else {
      if (input.units === undefined) throw new FeeInputError({ code: 'UNITS_REQUIRED' });
      const min = rule.minUnits ?? 1;
      const max = rule.maxUnits ?? null;
      if (!Number.isInteger(input.units) || input.units < min || (max !== null && input.units > max)) {
        throw new FeeInputError({ code: 'UNITS_OUT_OF_RANGE', min, max });
      }
      lines.push({ label, amountCents: rule.amountCents * input.units });
    }
  }
  for (const id of input.options ?? []) {
    const option = schedule.options?.find((o) => o.id === id);
    if (!option) throw new FeeInputError({ code: 'UNKNOWN_OPTION', option: id });
    lines.push({ label: option.label, amountCents: option.amountCents });
  }
  const total = lines.reduce((sum, l) => sum + l.amountCents, 0);
  if (input.waiverId) {
    const waiver = schedule.waivers?.find((w) => w.id === input.waiverId);
    if (!waiver) throw new FeeInputError({ code: 'UNKNOWN_WAIVER', waiver: input.waiverId });
    return { totalCents: 0, lines: [...lines, { label: waiver.label, amountCents: -total }], waived: true };
  }
  return { totalCents: total, lines, waived: false };
}

export type ScheduleProblem = {
  path: string;
  code:
    | 'negative_amount'
    | 'age_bands_overlap'
    | 'age_bands_gap'
    | 'age_bands_empty'
    | 'units_range'
    | 'duplicate_id'
    | 'not_integer';
};

/**
 * Checks that a schedule "adds up": integer, non-negative amounts; age bands that cover every age
 * from 0 without gaps or overlaps; sensible unit ranges; unique option and waiver ids.
 */
export function validateFeeSchedule(schedule: FeeSchedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const amount = (path: string, cents: number) => {
    if (!Number.isInteger(cents)) problems.push({ path, code: 'not_integer' });
    else if (cents < 0) problems.push({ path, code: 'negative_amount' });
  };
  schedule.rules.forEach((rule, i) => {
    const base = `/rules/${i}`;
    if (rule.kind === 'fixed') amount(`${base}/amountCents`, rule.amountCents);
    if (rule.kind === 'per_unit') {
      amount(`${base}/amountCents`, rule.amountCents);
      const min = rule.minUnits ?? 1;
      if (min < 1 || (rule.maxUnits !== undefined && rule.maxUnits < min))
        problems.push({ path: `${base}/maxUnits`, code: 'units_range' });
    }
    if (rule.kind === 'by_age') {
      if (rule.bands.length === 0) {
        problems.push({ path: `${base}/bands`, code: 'age_bands_empty' });
        return;
      }
      for (const [j, b] of rule.bands.entries()) amount(`${base}/bands/${j}/amountCents`, b.amountCents);
      const sorted = [...rule.bands].sort((a, b) => (a.minAge ?? 0) - (b.minAge ?? 0));
      let expected = 0;
      for (const [j, band] of sorted.entries()) {
        const from = band.minAge ?? 0;
        if (from > expected) problems.push({ path: `${base}/bands/${j}`, code: 'age_bands_gap' });
        if (from < expected) problems.push({ path: `${base}/bands/${j}`, code: 'age_bands_overlap' });
        if (band.maxAge === undefined) {
          if (j !== sorted.length - 1)
            problems.push({ path: `${base}/bands/${j}`, code: 'age_bands_overlap' });
          expected = Number.POSITIVE_INFINITY;
        } else {
          expected = band.maxAge;
        }
      }
      if (expected !== Number.POSITIVE_INFINITY)
        problems.push({ path: `${base}/bands`, code: 'age_bands_gap' });
    }
  });
  const ids = new Set<string>();
  (schedule.options ?? []).forEach((o, i) => {
    amount(`/options/${i}/amountCents`, o.amountCents);
    if (ids.has(o.id)) problems.push({ path: `/options/${i}/id`, code: 'duplicate_id' });
    ids.add(o.id);
  });
  (schedule.waivers ?? []).forEach((w, i) => {
    if (ids.has(w.id)) problems.push({ path: `/waivers/${i}/id`, code: 'duplicate_id' });
    ids.add(w.id);
  });
  return problems;
}
