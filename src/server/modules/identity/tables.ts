import type { Generated } from 'kysely';
import type { Role } from '../../../core/roles';

export interface StaffUsersTable {
  id: string;
  authority_id: string;
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
  failed_logins: Generated<number>;
  locked_until: Date | null;
  disabled_at: Date | null;
  last_login_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type SessionStage = 'mfa_required' | 'password_change_required' | 'mfa_enrolment_required' | 'active';

export interface StaffSessionsTable {
  id: string;
  authority_id: string;
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

export interface IdentityTables {
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
}
