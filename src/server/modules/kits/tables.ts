import type { ColumnType, Generated } from 'kysely';

/** Kysely table types of the kits module. */
export type KitStatus = 'awaiting_pairing' | 'active' | 'revoked';
export type CommandOutcomeKind = 'applied' | 'rejected' | 'conflict';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface KitsTable {
  id: string;
  authority_id: string;
  name: string;
  prefix: string;
  municipality_ids: string[];
  location_ids: ColumnType<string[], string[] | undefined, string[]>;
  status: KitStatus;
  pairing_code_hash: string | null;
  pairing_expires_at: Date | null;
  public_key: Json<JsonWebKey> | null;
  key_fingerprint: string | null;
  enrolled_at: Date | null;
  enrolled_by: string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  last_seq: ColumnType<number, number | undefined, number>;
  last_sync_at: Date | null;
  last_seen_at: Date | null;
  last_error: string | null;
  pending_commands: number | null;
  software_version: string | null;
  clock_offset_ms: number | null;
  lock_after_minutes: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface AppliedCommandsTable {
  command_id: string;
  authority_id: string;
  kit_id: string;
  seq: number;
  type: string;
  outcome: CommandOutcomeKind;
  result: Json;
  clerk_user_id: string | null;
  synced_by: string | null;
  kit_created_at: Date | null;
  applied_at: Timestamp;
}

export interface KitChangesTable {
  entity: string;
  entity_id: string;
  authority_id: string;
  version: number;
  scopes: string[];
  deleted: boolean;
  changed_at: Timestamp;
}

export interface KitUploadsTable {
  authority_id: string;
  sha256: string;
  kit_id: string;
  size: number;
  mime: string;
  completed_at: Timestamp;
}

/** The kits' transmission log: whose register data went to which kit, and when (#15). */
export interface KitDeliveriesTable {
  id: string;
  authority_id: string;
  kit_id: string;
  kind: 'prepare' | 'pull';
  person_ids: string[];
  delivered_at: Generated<Date>;
}

export type KitsTables = {
  kit_deliveries: KitDeliveriesTable;
  kits: KitsTable;
  applied_commands: AppliedCommandsTable;
  kit_changes: KitChangesTable;
  kit_uploads: KitUploadsTable;
};
