import { describe, expect, it } from 'vitest';
import { type AccountFactors, secondFactors, stageAfterPassword, stageAfterSecondFactor } from './stages';

const clerk: AccountFactors = {
  roles: ['clerk'],
  totpEnabled: false,
  securityKeys: 0,
  mustChangePassword: false,
  policyRequiresKey: false,
};

describe('sign-in stages', () => {
  it('asks a clerk without second factor for nothing more', () => {
    expect(stageAfterPassword(clerk)).toBe('active');
  });

  it('offers every enrolled second factor', () => {
    expect(secondFactors({ ...clerk, totpEnabled: true, securityKeys: 2 })).toEqual(['security_key', 'totp']);
    expect(stageAfterPassword({ ...clerk, securityKeys: 1 })).toBe('mfa_required');
  });

  it('takes only a key once the authority requires one and the clerk has one', () => {
    const f = { ...clerk, totpEnabled: true, securityKeys: 1, policyRequiresKey: true };
    expect(secondFactors(f)).toEqual(['security_key']);
  });

  it('lets a clerk who must use a key but has none sign in with the factors they have, then enrol one', () => {
    const f = { ...clerk, totpEnabled: true, policyRequiresKey: true };
    expect(secondFactors(f)).toEqual(['totp']);
    expect(stageAfterSecondFactor(f)).toBe('key_enrolment_required');
    expect(stageAfterPassword({ ...clerk, policyRequiresKey: true })).toBe('key_enrolment_required');
  });

  it('does not require keys of roles that do not read the register', () => {
    const f = { ...clerk, roles: ['coordinator' as const], policyRequiresKey: true };
    expect(stageAfterPassword(f)).toBe('active');
  });

  it('counts a key as the second factor an admin must have', () => {
    expect(stageAfterSecondFactor({ ...clerk, roles: ['admin'] })).toBe('mfa_enrolment_required');
    expect(stageAfterSecondFactor({ ...clerk, roles: ['admin'], securityKeys: 1 })).toBe('active');
  });

  it('asks for the own password before anything else is set up', () => {
    expect(stageAfterSecondFactor({ ...clerk, roles: ['admin'], mustChangePassword: true })).toBe(
      'password_change_required',
    );
  });
});
