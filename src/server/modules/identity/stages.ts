import { type Role, readsRegister, requiresMfa } from '../../../core/roles';
import type { SessionStage } from './tables';

/** A second factor a session in stage `mfa_required` may complete sign-in with. */
export type SecondFactor = 'security_key' | 'totp';

/** What decides the steps of an account's sign-in. */
export interface AccountFactors {
  roles: readonly Role[];
  totpEnabled: boolean;
  /** Security keys enrolled and not revoked. */
  securityKeys: number;
  mustChangePassword: boolean;
  /** The authority requires security keys for the roles that read the register. */
  policyRequiresKey: boolean;
}

/** The authority's policy applies to this account: it must use a security key. */
export function securityKeyRequired(f: AccountFactors): boolean {
  return f.policyRequiresKey && readsRegister(f.roles);
}

/**
 * The second factors accepted after the password. Once an account that must use a key has one,
 * a TOTP code no longer completes its sign-in (a phished code is worth nothing).
 */
export function secondFactors(f: AccountFactors): SecondFactor[] {
  const keys: SecondFactor[] = f.securityKeys > 0 ? ['security_key'] : [];
  if (securityKeyRequired(f) && f.securityKeys > 0) return keys;
  return f.totpEnabled ? [...keys, 'totp'] : keys;
}

/** The stage a fresh session starts in, after the password was right. */
export function stageAfterPassword(f: AccountFactors): SessionStage {
  return secondFactors(f).length > 0 ? 'mfa_required' : stageAfterSecondFactor(f);
}

/**
 * The stage after every factor the account has was proven: what is still to be set up before
 * the session is active (own password, a second factor where the role needs one, a security
 * key where the authority requires it).
 */
export function stageAfterSecondFactor(f: AccountFactors): SessionStage {
  if (f.mustChangePassword) return 'password_change_required';
  if (!f.totpEnabled && f.securityKeys === 0 && requiresMfa(f.roles)) return 'mfa_enrolment_required';
  if (securityKeyRequired(f) && f.securityKeys === 0) return 'key_enrolment_required';
  return 'active';
}
