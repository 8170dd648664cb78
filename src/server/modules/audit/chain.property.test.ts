import fc from 'fast-check';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection';
import { withDatabase } from '../../test/global-setup';
import { testConfig } from '../../test/test-app';
import { createTestDatabase } from '../../test/test-db';
import { linkAllPendingAuditRows, linkPendingAuditRows } from './chain';
import { loadAuditKeys } from './keys';
import { verifyAuditChain } from './verify';

/**
 * The chainer against a model of interleaved, late and aborted transactions (ADR 15). Whatever
 * the interleaving:
 *
 * 1. the chain holds exactly the rows of committed transactions, each once;
 * 2. what was linked at any moment stays a prefix of the final chain (nothing is relinked, nothing
 *    is put before a linked row — so a late commit is never skipped);
 * 3. the chain is ordered by (transaction id, insertion), rows of one transaction in the order
 *    they were written;
 * 4. a transaction that committed before another one wrote its first row comes first;
 * 5. the whole chain verifies.
 *
 * On a PostgreSQL server every session is its own connection, so the transactions really overlap.
 * PGlite serves one connection: there the property runs over whole transactions (with
 * savepoints rolled back) and chaining at random points with random batch sizes.
 */

type Command =
  | { kind: 'begin'; session: number }
  | { kind: 'insert'; session: number }
  | { kind: 'savepoint-rollback'; session: number }
  | { kind: 'commit'; session: number }
  | { kind: 'abort'; session: number }
  | { kind: 'chain'; batch: number };

const SESSIONS = 4;
const config = testConfig();
const keys = loadAuditKeys(config);
let database: DatabaseHandle & { name: string };
let run = 0;
let lateCommits = 0;

beforeAll(async () => {
  database = await createTestDatabase('empty');
});
afterAll(async () => database?.close());

interface Tx {
  /** The chainer ran while this transaction had written and was still open: it committed late. */
  late?: boolean;
  id: number;
  firstWriteAt: number | null;
  committedAt: number | null;
  aborted: boolean;
  markers: string[];
}

/** Runs the commands; `exec(session, sql)` runs a statement on a session's connection. */
async function play(
  commands: Command[],
  exec: (session: number, text: string, values?: unknown[]) => Promise<void>,
  prefix: string,
) {
  const open = new Map<number, Tx>();
  const all: Tx[] = [];
  const snapshots: string[][] = [];
  let clock = 0;
  let marker = 0;
  const linked = async () =>
    (
      await sql<{ resource_id: string }>`
        select a.resource_id from audit_chain c join audit_log a on a.seq = c.audit_seq
         where a.resource_id like ${`${prefix}%`} order by c.chain_seq`.execute(database.db)
    ).rows.map((r) => r.resource_id);
  const insert = async (session: number, tx: Tx) => {
    const id = `${prefix}${String(marker++).padStart(4, '0')}`;
    await exec(
      session,
      `insert into audit_log (id, action, resource_type, resource_id, result) values (gen_random_uuid(), 'test.model', 'test', $1, 'success')`,
      [id],
    );
    tx.firstWriteAt ??= clock;
    tx.markers.push(id);
  };
  for (const c of commands) {
    clock++;
    switch (c.kind) {
      case 'begin':
        if (!open.has(c.session)) {
          await exec(c.session, 'begin');
          const tx: Tx = {
            id: all.length,
            firstWriteAt: null,
            committedAt: null,
            aborted: false,
            markers: [],
          };
          open.set(c.session, tx);
          all.push(tx);
        }
        break;
      case 'insert': {
        const tx = open.get(c.session);
        if (tx) await insert(c.session, tx);
        else {
          // a single statement is a transaction of its own
          const single: Tx = {
            id: all.length,
            firstWriteAt: null,
            committedAt: null,
            aborted: false,
            markers: [],
          };
          all.push(single);
          await insert(c.session, single);
          single.committedAt = clock;
        }
        break;
      }
      case 'savepoint-rollback': {
        const tx = open.get(c.session);
        if (tx) {
          // rows written after a savepoint that is rolled back are gone; the transaction goes on
          await exec(c.session, 'savepoint s');
          const lost: Tx = { id: -1, firstWriteAt: null, committedAt: null, aborted: true, markers: [] };
          await insert(c.session, lost);
          await exec(c.session, 'rollback to savepoint s');
          tx.firstWriteAt ??= lost.firstWriteAt;
        }
        break;
      }
      case 'commit':
      case 'abort': {
        const tx = open.get(c.session);
        if (tx) {
          await exec(c.session, c.kind === 'commit' ? 'commit' : 'rollback');
          if (c.kind === 'commit') tx.committedAt = clock;
          else tx.aborted = true;
          open.delete(c.session);
        }
        break;
      }
      case 'chain':
        for (const tx of open.values()) if (tx.markers.length) tx.late = true;
        await linkPendingAuditRows(database.db, keys, { batchSize: c.batch });
        snapshots.push(await linked());
        break;
    }
  }
  // The late ones: whatever is still open commits now, after everything else.
  for (const [session, tx] of open) {
    clock++;
    await exec(session, 'commit');
    tx.committedAt = clock;
  }
  await linkAllPendingAuditRows(database.db, keys);
  const final = await linked();
  return { all, snapshots, final };
}

function check({ all, snapshots, final }: Awaited<ReturnType<typeof play>>) {
  const committed = all.filter((t) => t.committedAt !== null && !t.aborted);
  lateCommits += committed.filter((t) => t.late).length;
  // 1. exactly the committed rows, each once
  expect([...final].sort()).toEqual(committed.flatMap((t) => t.markers).sort());
  // 2. every earlier state is a prefix of the final chain
  for (const s of snapshots) expect(final.slice(0, s.length)).toEqual(s);
  const position = new Map(final.map((m, i) => [m, i]));
  for (const tx of committed) {
    // 3. a transaction's rows in the order written, next to each other
    const at = tx.markers.map((m) => position.get(m)!);
    for (let i = 1; i < at.length; i++) expect(at[i]).toBe(at[i - 1]! + 1);
  }
  // 4. committed before the other's first write → earlier in the chain
  for (const a of committed)
    for (const b of committed) {
      if (a === b || !a.markers.length || !b.markers.length) continue;
      if (a.committedAt! < b.firstWriteAt!)
        expect(position.get(a.markers.at(-1)!)!).toBeLessThan(position.get(b.markers[0]!)!);
    }
}

async function expectOrderedAndIntact() {
  // 3. the chain as a whole is ordered by (transaction id, insertion)
  const disorder = await sql<{ n: number }>`
    select count(*)::int as n from (
      select a.tx_id, a.seq, lag(a.tx_id) over w as prev_tx, lag(a.seq) over w as prev_seq
        from audit_chain c join audit_log a on a.seq = c.audit_seq window w as (order by c.chain_seq)) x
     where (tx_id, seq) <= (prev_tx, prev_seq)`.execute(database.db);
  expect(disorder.rows[0]!.n).toBe(0);
  // 5. it verifies
  const result = await verifyAuditChain(database.db, keys, { checkpointFile: config.auditCheckpointFile });
  expect(result).toMatchObject({ intact: true, pending: 0, problems: [] });
}

const session = fc.integer({ min: 0, max: SESSIONS - 1 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 2, arbitrary: session.map((s) => ({ kind: 'begin' as const, session: s })) },
  { weight: 4, arbitrary: session.map((s) => ({ kind: 'insert' as const, session: s })) },
  { weight: 1, arbitrary: session.map((s) => ({ kind: 'savepoint-rollback' as const, session: s })) },
  { weight: 2, arbitrary: session.map((s) => ({ kind: 'commit' as const, session: s })) },
  { weight: 1, arbitrary: session.map((s) => ({ kind: 'abort' as const, session: s })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 5 }).map((b) => ({ kind: 'chain' as const, batch: b })) },
);

describe('the audit chainer against a model of transactions', () => {
  it.runIf(!!process.env.TEST_DATABASE_URL)(
    'links interleaved, late and aborted transactions in a fixed order and skips none (PostgreSQL)',
    async () => {
      const url = withDatabase(inject('testTemplates').adminUrl!, database.name);
      const clients = await Promise.all(
        Array.from({ length: SESSIONS }, async () => {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          return c;
        }),
      );
      try {
        await fc.assert(
          fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 60 }), async (commands) => {
            const prefix = `pg${run++}-`;
            const result = await play(
              commands,
              async (s, text, values) => {
                await clients[s]!.query(text, values);
              },
              prefix,
            );
            check(result);
          }),
          { numRuns: 100 },
        );
        await expectOrderedAndIntact();
        // The runs did hold the chain back with transactions that committed late.
        expect(lateCommits).toBeGreaterThan(3); // usually 10–30; random, so only "some"
      } finally {
        for (const c of clients) await c.query('rollback').catch(() => {});
        await Promise.all(clients.map((c) => c.end()));
      }
    },
    120_000,
  );

  it('links whole transactions, savepoints rolled back and chained at random points in a fixed order', async () => {
    // One connection: a transaction runs from begin to its end before the next one starts.
    const serial = fc
      .array(
        fc.record({
          inserts: fc.integer({ min: 0, max: 4 }),
          rolledBack: fc.boolean(),
          savepoint: fc.boolean(),
          chainAfter: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
        }),
        { minLength: 1, maxLength: 12 },
      )
      .map((txs) =>
        txs.flatMap<Command>((tx) => [
          { kind: 'begin', session: 0 },
          ...Array.from({ length: tx.inserts }, () => ({ kind: 'insert' as const, session: 0 })),
          ...(tx.savepoint ? [{ kind: 'savepoint-rollback' as const, session: 0 }] : []),
          { kind: tx.rolledBack ? 'abort' : 'commit', session: 0 },
          ...(tx.chainAfter ? [{ kind: 'chain' as const, batch: tx.chainAfter }] : []),
        ]),
      );
    // On PGlite straight to its one session; on a server through one connection of its own.
    const client =
      database.kind === 'postgres'
        ? new pg.Client({ connectionString: withDatabase(inject('testTemplates').adminUrl!, database.name) })
        : null;
    await client?.connect();
    try {
      await fc.assert(
        fc.asyncProperty(serial, async (commands) => {
          const result = await play(
            commands,
            async (_s, text, values) => {
              if (client) await client.query(text, values);
              else await database.pglite!.query(text, values);
            },
            `lite${run++}-`,
          );
          try {
            check(result);
          } catch (e) {
            console.log(
              JSON.stringify(
                (
                  await sql`select a.seq, a.tx_id::text, a.resource_id, c.chain_seq from audit_log a left join audit_chain c on c.audit_seq = a.seq where a.resource_id like ${`lite${run - 1}-%`} order by a.seq`.execute(
                    database.db,
                  )
                ).rows,
              ),
            );
            console.log(
              JSON.stringify((await sql`select * from audit_chain_head`.execute(database.db)).rows),
            );
            console.log(JSON.stringify(commands));
            console.log(JSON.stringify(result.snapshots));
            throw e;
          }
        }),
        { numRuns: 100, endOnFailure: true },
      );
    } finally {
      await client?.end();
    }
    await expectOrderedAndIntact();
  }, 120_000);
});
