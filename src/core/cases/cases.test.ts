import { describe, expect, it } from 'vitest';
import { validityMonths, validUntil } from './id-documents';
import {
  caseNumberPrefix,
  formatAccessCode,
  formatReceiptNumber,
  isAccessCode,
  isLocalNumber,
  newAccessCode,
  normaliseCode,
  parseCaseNumber,
} from './numbers';
import { SERVICE_BEHAVIOUR, transitionsFor } from './services';
import { CASE_STATES, canTransition, checkTransition, FINAL_STATES } from './state-machine';

describe('case state machine', () => {
  it('runs captured → submitted → in progress → ready → handed over', () => {
    expect(canTransition('captured', 'submitted')).toBe(true);
    expect(canTransition('submitted', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'ready_for_pickup')).toBe(true);
    expect(canTransition('ready_for_pickup', 'handed_over')).toBe(true);
  });

  it('does not skip steps or leave a final state', () => {
    expect(checkTransition('captured', 'ready_for_pickup')).toEqual({
      code: 'not_allowed',
      from: 'captured',
      to: 'ready_for_pickup',
    });
    expect(canTransition('captured', 'completed')).toBe(false);
    for (const final of FINAL_STATES)
      for (const to of CASE_STATES) expect(canTransition(final, to)).toBe(false);
  });

  it('asks for a reason to reject or cancel', () => {
    expect(checkTransition('submitted', 'rejected')).toEqual({ code: 'reason_required', to: 'rejected' });
    expect(checkTransition('submitted', 'rejected', '  ')).toEqual({
      code: 'reason_required',
      to: 'rejected',
    });
    expect(checkTransition('submitted', 'rejected', 'Unterlagen fehlen')).toBeNull();
  });

  it('offers each flow only the steps that make sense for it', () => {
    expect(transitionsFor('immediate', 'submitted')).toEqual(['rejected', 'cancelled']);
    expect(transitionsFor('pickup', 'in_progress')).toEqual(['ready_for_pickup', 'rejected', 'cancelled']);
    expect(transitionsFor('pickup', 'ready_for_pickup')).toEqual(['cancelled']);
    expect(transitionsFor('forward', 'submitted')).toEqual([
      'in_progress',
      'completed',
      'rejected',
      'cancelled',
    ]);
  });

  it('knows how every service behaves', () => {
    expect(SERVICE_BEHAVIOUR.personalausweis).toMatchObject({ flow: 'pickup', germanOnly: true });
    expect(SERVICE_BEHAVIOUR.anmeldung).toMatchObject({ flow: 'immediate', person: 'resident_or_new' });
    expect(SERVICE_BEHAVIOUR.fuehrungszeugnis?.flow).toBe('forward');
  });
});

describe('validity of ID documents by age', () => {
  it('gives 6 years before the 24th birthday and 10 years from it (§ 6 PAuswG, § 5 PassG)', () => {
    expect(validityMonths('id_card', '2002-03-11', '2026-03-10')).toBe(72);
    expect(validityMonths('id_card', '2002-03-10', '2026-03-10')).toBe(120);
    expect(validUntil('id_card', '2002-03-11', '2026-03-10')).toBe('2032-03-09');
    expect(validUntil('passport', '1964-08-12', '2026-03-15')).toBe('2036-03-14');
  });

  it('gives a temporary ID card three months and a temporary passport one year', () => {
    expect(validUntil('temporary_id_card', '1980-01-01', '2026-11-30')).toBe('2027-02-27');
    expect(validUntil('temporary_passport', '1980-01-01', '2026-03-10')).toBe('2027-03-09');
  });

  it('handles month ends and leap days', () => {
    expect(validUntil('temporary_id_card', '1980-01-01', '2027-11-30')).toBe('2028-02-28');
    expect(validUntil('id_card', '1980-01-01', '2028-02-29')).toBe('2038-02-27');
  });
});

describe('numbers people type', () => {
  it('reads case numbers with spaces, dots and lower case', () => {
    expect(parseCaseNumber('mee 2026 123')).toBe('MEE-2026-000123');
    expect(parseCaseNumber(' MEE-2026-000123 ')).toBe('MEE-2026-000123');
    expect(parseCaseNumber('mee.2026.000123')).toBe('MEE-2026-000123');
    expect(parseCaseNumber('k1-2026-7')).toBe('K1-2026-0007');
    expect(parseCaseNumber('hello')).toBeNull();
  });

  it('makes access codes without letters that are easy to confuse, and reads them back loosely', () => {
    const code = newAccessCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(isAccessCode(formatAccessCode(code).toLowerCase())).toBe(true);
    expect(normaliseCode('ab0-o1 il')).toBe('AB00111');
  });

  it('prefixes case numbers with the authority and numbers receipts per register and year', () => {
    expect(caseNumberPrefix('Stadt Meerane')).toBe('MEE');
    expect(caseNumberPrefix('Gemeinde Schönberg')).toBe('SCH');
    expect(formatReceiptNumber('RH1', 2026, 17)).toBe('RH1-Q-2026-0017');
    expect(isLocalNumber('K1-2026-0007')).toBe(true);
    expect(isLocalNumber('MEE2026')).toBe(false);
  });
});
