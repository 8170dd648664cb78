import { sql } from 'kysely';
import { it } from 'vitest';
import { testConfig } from '../../test/test-app';
import { createTestDatabase } from '../../test/test-db';
import { linkPendingAuditRows } from './chain';
import { loadAuditKeys } from './keys';

it('scratch', async () => {
  const database = await createTestDatabase('empty');
  const keys = loadAuditKeys(testConfig());
  const q = (t: string, v?: unknown[]) => database.pglite!.query(t, v);
  let n = 0;
  const ins = () =>
    q(
      `insert into audit_log (id, action, resource_type, resource_id, result) values (gen_random_uuid(), 'test.model', 'test', $1, 'success')`,
      [`m${n++}`],
    );
  const sp = async () => {
    await q('savepoint s');
    await ins();
    await q('rollback to savepoint s');
  };
  const chain = async (b: number) =>
    console.log(b, await linkPendingAuditRows(database.db, keys, { batchSize: b }));
  await q('begin');
  await q('commit');
  await chain(3);
  await q('begin');
  await ins();
  await ins();
  await ins();
  await ins();
  await sp();
  await q('commit');
  await q('begin');
  await ins();
  await ins();
  await ins();
  await ins();
  await sp();
  await q('commit');
  await chain(1);
  console.log(
    (await sql`select seq, tx_id::text, resource_id from audit_log order by seq`.execute(database.db)).rows,
  );
  console.log(
    (
      await sql`select c.chain_seq, a.resource_id from audit_chain c join audit_log a on a.seq = c.audit_seq order by 1`.execute(
        database.db,
      )
    ).rows,
  );
  await database.close();
}, 60000);
