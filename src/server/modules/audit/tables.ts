import type { Generated } from 'kysely';

export type AuditResult = 'success' | 'failure' | 'denied';

/**
 * One audit row. Written once (append-only); the only change allowed later is erasing its personal
 * payload after the retention period (`erased_at`), which keeps both digests (ADR 15).
 */
export interface AuditLogTable {
  /** Insertion order. */
  seq: Generated<number>;
  id: string;
  /** The inserting transaction (pg_current_xact_id(), as text): with seq, the chain's order. */
  tx_id: Generated<string>;
  /** Nullable for system events that belong to no authority (start-up, failed anonymous logins). */
  authority_id: string | null;
  occurred_at: Generated<Date>;
  // --- personal payload: erased after AUDIT_RETENTION_YEARS ----------------------------------
  actor_user_id: string | null;
  actor_username: string | null;
  actor_kit_id: string | null;
  resource_id: string | null;
  /** The resident whose personal data was read or changed, if any. */
  subject_person_id: string | null;
  reason: string | null;
  before: unknown | null;
  after: unknown | null;
  details: unknown | null;
  request_id: string | null;
  /** Random salt of the payload digest (erased with the payload). */
  payload_salt: Generated<string | null>;
  // --- kept for good -------------------------------------------------------------------------
  actor_role: string | null;
  action: string;
  resource_type: string;
  result: AuditResult;
  error_code: string | null;
  /** SHA-256 of the salted payload, set by the database at insert. */
  payload_hash: Generated<string>;
  /** SHA-256 of the kept fields and payload_hash: what the chain links. */
  content_hash: Generated<string>;
  erased_at: Generated<Date | null>;
}

/** One link of the chain: hash = HMAC-SHA-256(key, chain_seq|key_id|content_hash|prev_hash). */
export interface AuditChainTable {
  chain_seq: number;
  audit_seq: number;
  key_id: string;
  prev_hash: string;
  hash: string;
  linked_at: Generated<Date>;
}

/** Where the chain ends (one row); the chainer's lease and position, with a MAC over it. */
export interface AuditChainHeadTable {
  id: number;
  chain_seq: number;
  tx_id: string;
  audit_seq: number;
  hash: string;
  key_id: string | null;
  mac: string | null;
  updated_at: Generated<Date>;
}

/** The database's copy of the signed checkpoints (the anchor is the file outside it). */
export interface AuditCheckpointsTable {
  id: Generated<number>;
  chain_seq: number;
  hash: string;
  rows: number;
  created_at: Date;
  signing_key_id: string;
  signature: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
  audit_chain_head: AuditChainHeadTable;
  audit_checkpoints: AuditCheckpointsTable;
}
