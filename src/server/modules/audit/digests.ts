import { sql } from 'kysely';

/**
 * Calls of the row digests the database computes (migration 0020): the columns one by one, in the
 * order of the functions' parameters, for a row alias in a query.
 */
const PAYLOAD = [
  'payload_salt',
  'actor_user_id',
  'actor_username',
  'actor_kit_id',
  'resource_id',
  'subject_person_id',
  'reason',
  'before',
  'after',
  'details',
  'request_id',
];
const CONTENT = [
  'seq',
  'id',
  'tx_id',
  'authority_id',
  'occurred_at',
  'actor_role',
  'action',
  'resource_type',
  'result',
  'error_code',
  'payload_hash',
];

export const payloadHashOf = (row: string) =>
  sql.raw(`audit_payload_hash(${PAYLOAD.map((c) => `${row}.${c}`).join(', ')})`);
export const contentHashOf = (row: string) =>
  sql.raw(`audit_content_hash(${CONTENT.map((c) => `${row}.${c}`).join(', ')})`);
/** True when every payload column is empty (an erased row). */
export const payloadEmpty = (row: string) =>
  sql.raw(`row(${PAYLOAD.map((c) => `${row}.${c}`).join(', ')}) is null`);
