import type { TSchema } from '@sinclair/typebox';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { sql, type Transaction } from 'kysely';
import { COMMAND_SCHEMAS } from '../../../core/sync/commands';
import {
  type CommandOutcome,
  type CommandResult,
  type OutcomeProblem,
  PUSH_BATCH_LIMIT,
  type PushRequest,
  type PushResponse,
  type SyncCommand,
} from '../../../core/sync/protocol';
import type { Database, Db } from '../../db/database';
import { inTransaction, isRetryable, pgErrorCode } from '../../db/transaction';
import { AppError, type ErrorCode, errorRegistry, messageFor } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { type ChangeRef, type KitScope, recordChanges } from './changes';

/**
 * The server's half of the push: every kit command takes effect exactly once. Each batch runs
 * in one transaction that locks the kit row (so two requests of one kit cannot interleave),
 * answers repeats from applied_commands, applies new commands in seq order — each inside a
 * savepoint, so a business-rule failure is stored as `rejected` without its partial effects —
 * and writes the outcome row in the same transaction as the effect.
 */

export interface CommandContext {
  trx: Transaction<Database>;
  kit: KitScope & { prefix: string };
  command: SyncCommand;
  /** The clerk who captured the command, acting through the kit. */
  actor: AuditActor;
  /** Record changes for the kits' change feed (same transaction). */
  recordChanges(refs: Omit<ChangeRef, 'authorityId'>[]): Promise<void>;
}

export interface CommandHandler<P = any> {
  /** Payload schema; defaults to the one in src/core/sync/commands.ts for the command's name. */
  schema?: TSchema;
  /** Runs the command's effect; returns what the kit learns (official numbers, server ids). */
  apply(payload: P, context: CommandContext): Promise<Record<string, unknown>>;
}

export type CommandHandlers = Record<string, CommandHandler>;

export interface PushContext {
  db: Db;
  handlers: CommandHandlers;
  kitId: string;
  /** The signed-in staff member who sent the request. */
  sentBy: { userId: string; username: string };
  requestId?: string | null;
  /** Of these attachment hashes, which does the server not hold? */
  missingAttachments?: (
    trx: Transaction<Database>,
    authorityId: string,
    sha256s: string[],
  ) => Promise<string[]>;
  batchLimit?: number;
}

export type PushAnswer = PushResponse & { missingAttachments?: string[] };

const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const addFormats =
  (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;
const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
addFormats(ajv);
const validators = new WeakMap<object, ValidateFunction>();
function validatorFor(schema: TSchema): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    validators.set(schema, v);
  }
  return v;
}

export function problemOf(
  code: ErrorCode,
  params: Record<string, string | number> = {},
  fields?: string[],
): OutcomeProblem {
  return {
    code,
    de: messageFor(code, 'de', params),
    en: messageFor(code, 'en', params),
    ...(Object.keys(params).length ? { params } : {}),
    ...(fields?.length ? { fields } : {}),
  };
}

/** Throw this from a handler when the record changed since the kit's baseVersion. */
export function conflictError(currentVersion: number, baseVersion: number, current?: unknown): AppError {
  return new AppError('KIT_COMMAND_CONFLICT', { currentVersion, baseVersion }, [], {
    current: { version: currentVersion, data: current },
  });
}

/** Hashes of the files a command refers to (any object in the payload with a sha256 member). */
export function attachmentHashes(payload: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'sha256' && typeof x === 'string') out.add(x);
        else walk(x);
      }
    }
  };
  walk(payload);
  return [...out];
}

interface KitRow {
  id: string;
  authority_id: string;
  prefix: string;
  status: string;
  last_seq: number;
  municipality_ids: string[];
  location_ids: string[];
}

export async function applyPush(ctx: PushContext, request: PushRequest): Promise<PushAnswer> {
  const commands = [...request.commands].sort((a, b) => a.seq - b.seq);
  for (const c of commands) {
    if (c.kitId !== ctx.kitId) throw new AppError('KIT_SEQ_MISMATCH', { seq: c.seq });
  }
  const limit = ctx.batchLimit ?? PUSH_BATCH_LIMIT;
  const results: CommandResult[] = [];
  let lastSeq = 0;
  let expectedSeq: number | undefined;
  let missing: string[] | undefined;
  const clerks = new Map<string, boolean>();
  let index = 0;
  do {
    const batch = commands.slice(index, index + limit);
    index += limit;
    const out = await inTransaction(ctx.db, async (trx) => {
      const kit = (await trx
        .selectFrom('kits')
        .select(['id', 'authority_id', 'prefix', 'status', 'last_seq', 'municipality_ids', 'location_ids'])
        .where('id', '=', ctx.kitId)
        .forUpdate()
        .executeTakeFirst()) as KitRow | undefined;
      if (!kit) throw new AppError('KIT_NOT_FOUND');
      if (kit.status === 'revoked') throw new AppError('KIT_REVOKED');
      if (kit.status !== 'active') throw new AppError('KIT_NOT_ENROLLED');
      let last = Number(kit.last_seq);
      const batchResults: CommandResult[] = [];
      const stop: { expectedSeq?: number; missing?: string[] } = {};
      const repeats = batch.filter((c) => c.seq <= last);
      const stored = repeats.length
        ? await trx
            .selectFrom('applied_commands')
            .select(['command_id', 'seq', 'outcome', 'result', 'applied_at'])
            .where('kit_id', '=', kit.id)
            .where(
              'seq',
              'in',
              repeats.map((c) => c.seq),
            )
            .execute()
        : [];
      const storedBySeq = new Map(stored.map((s) => [Number(s.seq), s]));
      for (const command of batch) {
        if (command.seq <= last) {
          const row = storedBySeq.get(command.seq);
          if (!row || row.command_id !== command.id)
            throw new AppError('KIT_SEQ_MISMATCH', { seq: command.seq });
          batchResults.push(storedResult(row));
          continue;
        }
        if (command.seq !== last + 1) {
          stop.expectedSeq = last + 1;
          break;
        }
        const hashes = attachmentHashes(command.payload);
        if (hashes.length && ctx.missingAttachments) {
          const absent = await ctx.missingAttachments(trx, kit.authority_id, hashes);
          if (absent.length) {
            stop.missing = absent;
            break;
          }
        }
        const outcome = await applyOne(ctx, trx, kit, command, clerks);
        const appliedAt = new Date();
        await trx
          .insertInto('applied_commands')
          .values({
            command_id: command.id,
            authority_id: kit.authority_id,
            kit_id: kit.id,
            seq: command.seq,
            type: command.type,
            outcome: outcome.outcome,
            result: JSON.stringify(outcome),
            clerk_user_id: clerks.get(command.clerkId) ? command.clerkId : null,
            synced_by: ctx.sentBy.userId,
            kit_created_at: validDate(command.createdAt),
            applied_at: appliedAt,
          })
          .execute();
        last = command.seq;
        batchResults.push({
          id: command.id,
          seq: command.seq,
          appliedAt: appliedAt.toISOString(),
          ...outcome,
        });
      }
      if (last !== Number(kit.last_seq)) {
        await trx
          .updateTable('kits')
          .set({ last_seq: last, updated_at: new Date() })
          .where('id', '=', kit.id)
          .execute();
      }
      return { batchResults, last, stop };
    });
    results.push(...out.batchResults);
    lastSeq = out.last;
    expectedSeq = out.stop.expectedSeq;
    missing = out.stop.missing;
  } while (index < commands.length && expectedSeq === undefined && missing === undefined);
  if (expectedSeq === undefined && missing === undefined && request.ackedSeq > lastSeq) {
    // The kit holds answers for commands this server does not know: it lost them (backup restore).
    expectedSeq = lastSeq + 1;
  }
  const answer: PushAnswer = { results, lastSeq, serverTime: new Date().toISOString() };
  if (expectedSeq !== undefined) answer.expectedSeq = expectedSeq;
  if (missing !== undefined) answer.missingAttachments = missing;
  return answer;
}

function validDate(value: string): Date | null {
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t) : null;
}

function storedResult(row: {
  command_id: string;
  seq: number;
  result: unknown;
  applied_at: Date;
}): CommandResult {
  const outcome = (typeof row.result === 'string' ? JSON.parse(row.result) : row.result) as CommandOutcome;
  return {
    id: row.command_id,
    seq: Number(row.seq),
    appliedAt: new Date(row.applied_at).toISOString(),
    ...outcome,
  };
}

async function applyOne(
  ctx: PushContext,
  trx: Transaction<Database>,
  kit: KitRow,
  command: SyncCommand,
  clerks: Map<string, boolean>,
): Promise<CommandOutcome> {
  const handler = Object.hasOwn(ctx.handlers, command.type) ? ctx.handlers[command.type] : undefined;
  if (!handler)
    return { outcome: 'rejected', problem: problemOf('KIT_COMMAND_UNKNOWN', { type: command.type }) };
  const schema = handler.schema ?? (COMMAND_SCHEMAS as Record<string, TSchema>)[command.type];
  if (schema) {
    const validate = validatorFor(schema);
    if (!validate(command.payload)) {
      const fields = (validate.errors ?? []).map((e) => e.instancePath || '/');
      return { outcome: 'rejected', problem: problemOf('KIT_COMMAND_INVALID', {}, [...new Set(fields)]) };
    }
  }
  let known = clerks.get(command.clerkId);
  if (known === undefined) {
    const clerk = /^[0-9a-f-]{36}$/i.test(command.clerkId)
      ? await trx
          .selectFrom('staff_users')
          .select('id')
          .where('id', '=', command.clerkId)
          .where('authority_id', '=', kit.authority_id)
          .where('disabled_at', 'is', null)
          .where(sql<boolean>`'clerk' = any(roles)`)
          .executeTakeFirst()
      : undefined;
    known = !!clerk;
    clerks.set(command.clerkId, known);
  }
  if (!known) return { outcome: 'rejected', problem: problemOf('KIT_CLERK_UNKNOWN') };

  const scope: KitScope & { prefix: string } = {
    kitId: kit.id,
    authorityId: kit.authority_id,
    municipalityIds: kit.municipality_ids,
    locationIds: kit.location_ids,
    prefix: kit.prefix,
  };
  const actor: AuditActor = {
    authorityId: kit.authority_id,
    userId: command.clerkId,
    username: null,
    role: 'clerk',
    kitId: kit.id,
    reason: null,
    requestId: ctx.requestId ?? null,
  };
  await sql`savepoint kit_command`.execute(trx);
  let outcome: CommandOutcome;
  try {
    const result = await handler.apply(command.payload, {
      trx,
      kit: scope,
      command,
      actor,
      recordChanges: (refs) =>
        recordChanges(
          trx,
          refs.map((r) => ({ ...r, authorityId: kit.authority_id })),
        ),
    });
    await sql`release savepoint kit_command`.execute(trx);
    outcome = { outcome: 'applied', result };
  } catch (error) {
    await sql`rollback to savepoint kit_command`.execute(trx);
    outcome = outcomeOfError(error);
  }
  await recordAudit(trx, actor, {
    action: `kit.command.${command.type}`,
    resourceType: 'kit_command',
    resourceId: command.id,
    result: outcome.outcome === 'applied' ? 'success' : 'failure',
    errorCode: outcome.outcome === 'applied' ? null : outcome.problem.code,
    details: { seq: command.seq, outcome: outcome.outcome, syncedBy: ctx.sentBy.username },
  });
  return outcome;
}

/** Business-rule failures become stored outcomes; anything transient is thrown (nothing stored). */
function outcomeOfError(error: unknown): CommandOutcome {
  if (error instanceof AppError) {
    if (error.status >= 500) throw error;
    const problem = problemOf(
      error.code,
      error.params,
      error.fieldErrors.map((f) => f.path),
    );
    if (error.code === 'KIT_COMMAND_CONFLICT' || /(_VERSION_CONFLICT|_STALE)$/.test(error.code)) {
      const current = (error.extensions as { current?: { version: number; data?: unknown } }).current;
      return { outcome: 'conflict', problem, ...(current ? { current } : {}) };
    }
    return { outcome: 'rejected', problem };
  }
  if (isRetryable(error)) throw error;
  const code = pgErrorCode(error);
  // Data exceptions and integrity violations will fail the same way every time.
  if (code && /^(22|23)/.test(code))
    return { outcome: 'rejected', problem: problemOf('KIT_COMMAND_INVALID') };
  throw error;
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorRegistry, code);
}
