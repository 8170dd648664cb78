import type { Generated } from 'kysely';

export type AuditResult = 'success' | 'failure' | 'denied';

export interface AuditLogTable {
  /** Insertion order. */
  seq: Generated<number>;
  /** Position in the hash chain, assigned when the inserting transaction commits. */
  chain_seq: Generated<number | null>;
  id: string;
  /** Nullable for system events that belong to no authority (start-up, failed anonymous logins). */
  authority_id: string | null;
  occurred_at: Generated<Date>;
  actor_user_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  actor_kit_id: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  /** The resident whose personal data was read or changed, if any. */
  subject_person_id: string | null;
  reason: string | null;
  result: AuditResult;
  error_code: string | null;
  before: unknown | null;
  after: unknown | null;
  details: unknown | null;
  request_id: string | null;
  prev_hash: Generated<string | null>;
  hash: Generated<string | null>;
}

/** One row: where the chain ends (position and hash), moved forward by each commit. */
export interface AuditChainHeadTable {
  id: number;
  chain_seq: number;
  hash: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
}
