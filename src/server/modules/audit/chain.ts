import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Db, Executor } from '../../db/database';
import type { AuditKeys } from './keys';
import { GENESIS_HASH, headMac, linkHash } from './link';

/**
 * The chainer (ADR 15): links committed audit rows into `audit_chain`, shortly after their commit,
 * in batches of one transaction each.
 *
 * Order: by (tx_id, seq) — the inserting transaction's id, then the insertion order inside it.
 * Only rows of transactions older than every transaction still running in this database are
 * linked (tx_id below audit_chain_horizon(), taken from the batch's first snapshot): those
 * transactions have all ended, so no row can later appear before the ones linked now. A transaction that commits late holds the chain
 * back until it ends instead of being skipped; an aborted one leaves nothing. Two transactions
 * that did not overlap are linked in the order they ran (an id is assigned at the first write).
 *
 * Several server processes may run the chainer: the head row is its lease (FOR UPDATE SKIP
 * LOCKED), so one links at a time and the others skip the round.
 */

export interface LinkResult {
  linked: number;
  /** Another process holds the head: nothing done this time. */
  busy: boolean;
}

interface HeadRow {
  chain_seq: number;
  tx_id: string;
  audit_seq: number;
  hash: string;
  horizon: string;
}

export async function linkPendingAuditRows(
  db: Db,
  keys: AuditKeys,
  options: { batchSize?: number } = {},
): Promise<LinkResult> {
  const batchSize = options.batchSize ?? 2000;
  const secret = keys.hmacKeys.get(keys.hmacKeyId)!;
  return db.transaction().execute(async (trx) => {
    // The horizon comes from this statement's snapshot; the rows below come from a later one, so
    // every transaction below the horizon has ended and its rows (if it committed) are visible.
    const head = (
      await sql<HeadRow>`
        select chain_seq::bigint as chain_seq, tx_id::text as tx_id, audit_seq::bigint as audit_seq, hash,
               audit_chain_horizon()::text as horizon
          from audit_chain_head where id = 1 for update skip locked`.execute(trx)
    ).rows[0];
    if (!head) return { linked: 0, busy: true };
    const rows = (
      await sql<{ seq: number; tx_id: string; content_hash: string }>`
        select seq::bigint as seq, tx_id::text as tx_id, content_hash from audit_log
         where (tx_id, seq) > (${head.tx_id}::xid8, ${head.audit_seq}::bigint) and tx_id < ${head.horizon}::xid8
         order by audit_log.tx_id, audit_log.seq -- the columns, not the text aliases above (text sorts 1001 before 998)
         limit ${batchSize}`.execute(trx)
    ).rows;
    if (rows.length === 0) return { linked: 0, busy: false };
    let prev = Number(head.chain_seq) === 0 ? GENESIS_HASH : head.hash;
    let position = Number(head.chain_seq);
    const links: [number, number, string, string, string][] = [];
    for (const row of rows) {
      position++;
      const hash = linkHash(secret, position, keys.hmacKeyId, row.content_hash, prev);
      links.push([position, Number(row.seq), keys.hmacKeyId, prev, hash]);
      prev = hash;
    }
    const last = rows.at(-1)!;
    const newHead = { chainSeq: position, txId: last.tx_id, auditSeq: Number(last.seq), hash: prev };
    await sql`
      with links as (
        insert into audit_chain (chain_seq, audit_seq, key_id, prev_hash, hash)
        select (l->>0)::bigint, (l->>1)::bigint, l->>2, l->>3, l->>4
          from jsonb_array_elements(${JSON.stringify(links)}::jsonb) l
        returning 1
      )
      update audit_chain_head
         set chain_seq = ${newHead.chainSeq}, tx_id = ${newHead.txId}::xid8, audit_seq = ${newHead.auditSeq},
             hash = ${newHead.hash}, key_id = ${keys.hmacKeyId}, mac = ${headMac(secret, newHead)},
             updated_at = now()
       where id = 1 and (select count(*) from links) = ${links.length}`.execute(trx);
    return { linked: rows.length, busy: false };
  });
}

/**
 * Links until nothing committed is left (tests, shutdown), waiting up to `waitMs` for rows held
 * back by the horizon: a transaction that had just ended when the horizon was taken (or one of
 * another database that pg_stat_activity did not show yet) holds a round back without anything
 * being wrong, so "nothing linked" alone does not mean "nothing left".
 */
export async function linkAllPendingAuditRows(db: Db, keys: AuditKeys, waitMs = 10_000): Promise<number> {
  let total = 0;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const result = await linkPendingAuditRows(db, keys);
    total += result.linked;
    if (result.linked > 0) continue;
    if (!result.busy && (await countPendingAuditRows(db)) === 0) return total;
    if (Date.now() > deadline) return total;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Committed rows the chainer has not linked yet (with those of running transactions, if visible). */
export async function countPendingAuditRows(db: Executor): Promise<number> {
  const row = (
    await sql<{ n: number }>`
      select count(*)::int as n from audit_log a, audit_chain_head h
       where h.id = 1 and (a.tx_id, a.seq) > (h.tx_id, h.audit_seq)`.execute(db)
  ).rows[0];
  return Number(row?.n ?? 0);
}

export interface ChainStatus {
  linked: number;
  pending: number;
  oldestPendingAt: Date | null;
  lastLinkedAt: Date | null;
  /** From the event to its link, over the last 1,000 links. */
  lagP50Ms: number | null;
  lagP99Ms: number | null;
}

export async function chainStatus(db: Executor): Promise<ChainStatus> {
  const row = (
    await sql<{
      linked: number;
      pending: number;
      oldest: Date | null;
      last_linked: Date | null;
      p50: number | null;
      p99: number | null;
    }>`
      with h as (select * from audit_chain_head where id = 1),
      recent as (
        select extract(epoch from c.linked_at - a.occurred_at) * 1000 as ms, c.linked_at
          from audit_chain c join audit_log a on a.seq = c.audit_seq
         where c.chain_seq > (select chain_seq from h) - 1000)
      select (select chain_seq from h)::bigint as linked,
             (select count(*) from audit_log a, h where (a.tx_id, a.seq) > (h.tx_id, h.audit_seq))::int as pending,
             (select min(occurred_at) from audit_log a, h where (a.tx_id, a.seq) > (h.tx_id, h.audit_seq)) as oldest,
             (select max(linked_at) from recent) as last_linked,
             (select percentile_cont(0.5) within group (order by ms) from recent) as p50,
             (select percentile_cont(0.99) within group (order by ms) from recent) as p99`.execute(db)
  ).rows[0]!;
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    linked: Number(row.linked),
    pending: Number(row.pending),
    oldestPendingAt: date(row.oldest),
    lastLinkedAt: date(row.last_linked),
    lagP50Ms: row.p50 === null ? null : Math.round(Number(row.p50)),
    lagP99Ms: row.p99 === null ? null : Math.round(Number(row.p99)),
  };
}

/**
 * Runs the chainer in this process: every `intervalMs` it links what has been committed, batch
 * after batch. stop() waits for the running pass and links once more.
 */
export class AuditChainer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly keys: AuditKeys,
    private readonly log: FastifyBaseLogger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.intervalMs);
      });
    }, delay);
  }

  private async pass(): Promise<void> {
    try {
      for (;;) {
        const result = await linkPendingAuditRows(this.db, this.keys);
        if (result.busy || result.linked === 0 || this.stopped) return;
      }
    } catch (error) {
      this.log.error({ err: { message: (error as Error).message } }, 'audit chainer pass failed');
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await linkAllPendingAuditRows(this.db, this.keys, 2_000).catch((error) =>
      this.log.error({ err: { message: (error as Error).message } }, 'audit chainer final pass failed'),
    );
  }
}
