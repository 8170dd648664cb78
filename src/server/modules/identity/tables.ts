import type { Generated } from 'kysely';
import type { Role } from '../../../core/roles';

export interface StaffUsersTable {
  id: string;
  /** null only for the installation's operators (role `operator`, migration 0031, ADR 24). */
  authority_id: string | null;
  username: string;
  display_name: string;
  email: string | null;
  roles: Role[];
  password_hash: string;
  must_change_password: Generated<boolean>;
  password_changed_at: Date | null;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  /** Last accepted TOTP time step, so a code is never accepted twice. */
  totp_last_step: number | null;
  /** Wrong passwords since the last right one. */
  failed_logins: Generated<number>;
  /** Wrong second factors (code or key) since the last completed sign-in. */
  mfa_failures: Generated<number>;
  /** Lockouts by wrong second factors since the last completed sign-in; each doubles the next. */
  mfa_lockouts: Generated<number>;
  /** Start of the current minute of sign-in attempts (the per-account throttle). */
  attempt_window_start: Date | null;
  attempts_in_window: Generated<number>;
  locked_until: Date | null;
  disabled_at: Date | null;
  last_login_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type SessionStage =
  | 'mfa_required'
  | 'password_change_required'
  | 'mfa_enrolment_required'
  | 'key_enrolment_required'
  | 'active';

export interface StaffSessionsTable {
  id: string;
  /** The account's authority (null for an operator's session). */
  authority_id: string | null;
  user_id: string;
  /** SHA-256 of the cookie token; the token itself is never stored. */
  token_hash: string;
  csrf_token: string;
  stage: SessionStage;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  absolute_expires_at: Date;
  revoked_at: Date | null;
  user_agent: string | null;
}

export interface StaffSecurityKeysTable {
  id: string;
  /** The account's authority (null for an operator's key). */
  authority_id: string | null;
  user_id: string;
  /** base64url, as the browser reports it. */
  credential_id: string;
  /** COSE public key. */
  public_key: Uint8Array;
  sign_count: number;
  transports: string[];
  device_type: 'singleDevice' | 'multiDevice';
  backed_up: boolean;
  /** The key can sign in without a user name (discoverable credential); null if not reported. */
  discoverable: boolean | null;
  aaguid: string;
  name: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export type ChallengePurpose = 'registration' | 'second_factor' | 'passwordless';

export interface WebauthnChallengesTable {
  id: string;
  purpose: ChallengePurpose;
  challenge: string;
  session_id: string | null;
  user_id: string | null;
  expires_at: Date;
  created_at: Generated<Date>;
}

export interface AuthoritySecurityPoliciesTable {
  authority_id: string;
  /** Staff whose roles read the resident register must sign in with a security key. */
  require_security_key: boolean;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export interface IdentityTables {
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  staff_security_keys: StaffSecurityKeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  authority_security_policies: AuthoritySecurityPoliciesTable;
}
