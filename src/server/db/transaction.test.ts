import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/test-db';
import type { DatabaseHandle } from './connection';
import { inTransaction } from './transaction';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase('empty');
});
afterAll(async () => handle?.close());

describe('transactions', () => {
  it('run again after a serialization failure or deadlock, and roll back the failed attempt', async () => {
    let attempts = 0;
    const result = await inTransaction(handle.db, async (trx) => {
      attempts++;
      await trx
        .insertInto('seed_runs')
        .values({ module: `retry-${attempts}`, kind: 'demo' })
        .execute();
      if (attempts === 1) throw Object.assign(new Error('could not serialize access'), { code: '40001' });
      if (attempts === 2) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      return 'done';
    });
    expect(result).toBe('done');
    expect(attempts).toBe(3);
    const rows = await handle.db
      .selectFrom('seed_runs')
      .select('module')
      .where('module', 'like', 'retry-%')
      .execute();
    expect(rows.map((r) => r.module)).toEqual(['retry-3']);
  });

  it('do not retry other errors', async () => {
    let attempts = 0;
    await expect(
      inTransaction(handle.db, async () => {
        attempts++;
        throw Object.assign(new Error('unique violation'), { code: '23505' });
      }),
    ).rejects.toThrow('unique violation');
    expect(attempts).toBe(1);
  });

  it('give up after the last attempt', async () => {
    let attempts = 0;
    await expect(
      inTransaction(
        handle.db,
        async () => {
          attempts++;
          throw Object.assign(new Error('still contended'), { code: '40001' });
        },
        { attempts: 3 },
      ),
    ).rejects.toThrow('still contended');
    expect(attempts).toBe(3);
  });
});
