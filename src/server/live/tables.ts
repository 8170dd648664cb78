import type { Generated } from 'kysely';

export interface LiveMessagesTable {
  id: string;
  channel: string;
  payload: unknown;
  created_at: Generated<Date>;
}

/** Kysely table types of the live bus (ADR 22). */
export type LiveTables = {
  live_messages: LiveMessagesTable;
};
