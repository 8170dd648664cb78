import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection';
import { testConfig } from '../../test/test-app';
import { createTestDatabase } from '../../test/test-db';
import { linkAllPendingAuditRows, linkPendingAuditRows } from './chain';
import { loadAuditKeys } from './keys';
import { verifyAuditChain } from './verify';

/**
 * Transaction ids are compared as numbers, never as text: across a power of ten ("9999" and
 * "10000") a text order puts the later transaction first, and the chainer would link it first and
 * then skip the earlier one for good. Found by the chain's property test in CI, where xids crossed
 * 1000; this test crosses the next power of ten on purpose, on both databases.
 */
const config = testConfig();
const keys = loadAuditKeys(config);
let database: DatabaseHandle & { name: string };

beforeAll(async () => {
  database = await createTestDatabase('empty');
});
afterAll(async () => database?.close());

const currentXid = async () =>
  Number((await sql<{ x: string }>`select pg_current_xact_id()::text as x`.execute(database.db)).rows[0]!.x);

describe('the chainer across a power of ten of transaction ids', () => {
  it('links the transaction before the boundary first and skips none', async (ctx) => {
    await linkAllPendingAuditRows(database.db, keys);
    let xid = await currentXid();
    const boundary = 10 ** String(xid).length;
    // A fresh PGlite database is always near 1,000; a long-running server may be too far from its
    // next power of ten to get there in a test (each id costs a round trip).
    if (boundary - xid > 30_000) ctx.skip();
    // Each autocommit statement that asks for its id uses one up; stop three short of the boundary.
    while (xid < boundary - 3) {
      const burn = Math.min(500, boundary - 3 - xid);
      for (let i = 0; i < burn; i++) await sql`select pg_current_xact_id()`.execute(database.db);
      xid = await currentXid();
    }
    const markers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = `xid-boundary-${i}`;
      await database.db.transaction().execute(async (trx) => {
        await sql`insert into audit_log (id, action, resource_type, resource_id, result)
                  values (gen_random_uuid(), 'test.boundary', 'test', ${id}, 'success')`.execute(trx);
      });
      markers.push(id);
    }
    const txIds = (
      await sql<{
        tx: string;
      }>`select tx_id::text as tx from audit_log where action = 'test.boundary' order by seq`.execute(
        database.db,
      )
    ).rows.map((r) => r.tx);
    // the rows really straddle the boundary
    expect(txIds.some((t) => Number(t) < boundary) && txIds.some((t) => Number(t) >= boundary)).toBe(true);

    // one row per round, as a busy chainer with small batches would
    for (let round = 0; round < 20; round++) await linkPendingAuditRows(database.db, keys, { batchSize: 1 });
    await linkAllPendingAuditRows(database.db, keys);
    const linked = (
      await sql<{ resource_id: string }>`
        select a.resource_id from audit_chain c join audit_log a on a.seq = c.audit_seq
         where a.action = 'test.boundary' order by c.chain_seq`.execute(database.db)
    ).rows.map((r) => r.resource_id);
    expect(linked).toEqual(markers);
    const result = await verifyAuditChain(database.db, keys, { checkpointFile: config.auditCheckpointFile });
    expect(result).toMatchObject({ intact: true, pending: 0, problems: [] });
  });
});
