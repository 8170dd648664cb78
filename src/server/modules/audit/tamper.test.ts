import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database';
import { createTestApp, type TestApp } from '../../test/test-app';
import { linkAllPendingAuditRows } from './chain';
import { writeCheckpoint } from './checkpoints';
import { contentHashOf, payloadHashOf } from './digests';
import { loadAuditKeys } from './keys';
import { GENESIS_HASH, headMac, linkHash } from './link';
import { recordAudit, SYSTEM_ACTOR } from './service';

/**
 * Attacks on the audit trail by someone who can write the database (and, in one case, also read
 * the HMAC key): each must be caught by /api/audit/verify (ADR 15).
 */

let t: TestApp;

interface Link {
  chainSeq: number;
  key: string;
  prev: string;
  hash: string;
  content: string;
  tx: string;
  seq: string;
}
beforeEach(async () => {
  t = await createTestApp();
  for (const i of [1, 2, 3, 4, 5]) {
    await recordAudit(
      t.db,
      { ...SYSTEM_ACTOR, username: 'sb.clerk', reason: `Vorgang ${i}` },
      { action: `test.row${i}`, resourceType: 'person', subjectPersonId: null, details: { i } },
    );
  }
  await linkAllPendingAuditRows(t.db, loadAuditKeys(t.config));
});
afterEach(async () => t?.close());

/** As a superuser would: switch the append-only triggers off for the change. */
async function behindTheTriggers(db: Db, change: () => Promise<unknown>) {
  for (const table of ['audit_log', 'audit_chain', 'audit_chain_head'])
    await sql`alter table ${sql.table(table)} disable trigger user`.execute(db);
  try {
    await change();
  } finally {
    for (const table of ['audit_log', 'audit_chain', 'audit_chain_head'])
      await sql`alter table ${sql.table(table)} enable trigger user`.execute(db);
  }
}

async function chainSeqOf(action: string): Promise<number> {
  const row = await t.db
    .selectFrom('audit_chain as c')
    .innerJoin('audit_log as a', 'a.seq', 'c.audit_seq')
    .select('c.chain_seq')
    .where('a.action', '=', action)
    .executeTakeFirstOrThrow();
  return Number(row.chain_seq);
}

async function verify() {
  const auditor = await t.login('auditor');
  const res = await auditor.get('/api/audit/verify');
  expect(res.statusCode).toBe(200);
  return res.json();
}

/** Recomputes every link from `from` on, as an attacker would with a key (or a guessed one). */
async function relink(db: Db, secret: Buffer, keyId: string, from: number) {
  const rows = await sql<{ chain_seq: number; content_hash: string; tx_id: string; seq: number }>`
    select c.chain_seq::bigint as chain_seq, a.content_hash, a.tx_id::text as tx_id, a.seq::bigint as seq
      from audit_chain c join audit_log a on a.seq = c.audit_seq order by c.chain_seq`.execute(db);
  let prev = GENESIS_HASH;
  for (const r of rows.rows) {
    const seq = Number(r.chain_seq);
    if (seq >= from) {
      const hash = linkHash(secret, seq, keyId, r.content_hash, prev);
      await sql`update audit_chain set prev_hash = ${prev}, hash = ${hash}, key_id = ${keyId} where chain_seq = ${seq}`.execute(
        db,
      );
      prev = hash;
    } else {
      prev = (await sql<{ hash: string }>`select hash from audit_chain where chain_seq = ${seq}`.execute(db))
        .rows[0]!.hash;
    }
    const head = { chainSeq: seq, txId: r.tx_id, auditSeq: Number(r.seq), hash: prev };
    await sql`update audit_chain_head set chain_seq = ${seq}, hash = ${prev}, key_id = ${keyId},
      mac = ${headMac(secret, head)} where id = 1`.execute(db);
  }
}

describe('tampering with the audit trail', () => {
  it('is fine untouched', async () => {
    expect(await verify()).toMatchObject({ intact: true, problems: [] });
  });

  it('detects a row edited behind the triggers’ back', async () => {
    const target = await chainSeqOf('test.row3');
    await behindTheTriggers(t.db, () =>
      sql`update audit_log set reason = 'nachträglich geändert' where action = 'test.row3'`.execute(t.db),
    );
    expect(await verify()).toMatchObject({
      intact: false,
      firstBrokenSeq: target,
      reason: 'payload_mismatch',
    });
  });

  it('detects a kept field edited and its digest recomputed without the key', async () => {
    const target = await chainSeqOf('test.row2');
    await behindTheTriggers(t.db, async () => {
      await sql`update audit_log set result = 'denied' where action = 'test.row2'`.execute(t.db);
      await sql`update audit_log a set content_hash = ${contentHashOf('a')} where action = 'test.row2'`.execute(
        t.db,
      );
    });
    const result = await verify();
    expect(result).toMatchObject({ intact: false, firstBrokenSeq: target, reason: 'link_mismatch' });
  });

  it('detects a row deleted with the triggers off', async () => {
    const target = await chainSeqOf('test.row4');
    await behindTheTriggers(t.db, () => sql`delete from audit_log where action = 'test.row4'`.execute(t.db));
    expect(await verify()).toMatchObject({ intact: false, firstBrokenSeq: target, reason: 'row_missing' });
  });

  it('detects a row deleted together with its link', async () => {
    const target = await chainSeqOf('test.row4');
    await behindTheTriggers(t.db, async () => {
      await sql`delete from audit_chain where chain_seq = ${target}`.execute(t.db);
      await sql`delete from audit_log where action = 'test.row4'`.execute(t.db);
    });
    expect(await verify()).toMatchObject({ intact: false, firstBrokenSeq: target, reason: 'row_missing' });
  });

  // The verifier reads each link as a line of text the database writes from the stored columns:
  // a separator hidden in a stored text must not let the attacker supply the verdicts that follow
  // it (the digest checks the database computed) for a row edited without the key.
  it.each([
    [
      'fields after the link before (spaces)',
      (l: Link) => ({ prev_hash: `${l.prev} ${l.hash} 7 ${l.tx} ${l.seq}` }),
    ],
    [
      'fields of an older line layout (spaces)',
      (l: Link) => ({ prev_hash: `${l.prev} ${l.hash} ${l.tx} ${l.seq} ${l.content} 7` }),
    ],
    [
      'a whole forged line (line break in the key id)',
      (l: Link) => ({
        key_id: `${l.key}|${l.content}|${l.prev} ${l.hash} 7 ${l.tx} ${l.seq}\n${l.chainSeq}|${l.key}`,
      }),
    ],
    ['a field separator in the key id', (l: Link) => ({ key_id: `${l.key}|${l.content.slice(0, 8)}` })],
  ])('detects an edited row whose link hides forged fields: %s', async (_name, forge) => {
    const target = await chainSeqOf('test.row3');
    const link = (
      await sql<Link>`
        select c.chain_seq::bigint as "chainSeq", c.key_id as key, c.prev_hash as prev, c.hash,
               a.content_hash as content, a.tx_id::text as tx, a.seq::text as seq
          from audit_chain c join audit_log a on a.seq = c.audit_seq where c.chain_seq = ${target}`.execute(
        t.db,
      )
    ).rows[0]!;
    const change = forge(link);
    await behindTheTriggers(t.db, async () => {
      await sql`update audit_log set reason = 'nachträglich geändert' where action = 'test.row3'`.execute(
        t.db,
      );
      for (const [column, value] of Object.entries(change))
        await sql`update audit_chain set ${sql.id(column)} = ${value} where chain_seq = ${target}`.execute(
          t.db,
        );
    });
    const result = await verify();
    expect(result.intact).toBe(false);
    // A line break adds a line: the range it is in is broken, from its start.
    expect(result.firstBrokenSeq).toBeGreaterThanOrEqual(1);
    expect(result.firstBrokenSeq).toBeLessThanOrEqual(target);
  });

  it('detects rows cut off the end of the chain', async () => {
    const last = await chainSeqOf('test.row5');
    await behindTheTriggers(t.db, async () => {
      await sql`delete from audit_chain where chain_seq >= ${last - 1}`.execute(t.db);
      await sql`delete from audit_log where action in ('test.row4', 'test.row5')`.execute(t.db);
      // The attacker moves the head back, but cannot make its MAC without the key.
      const prev = await sql<{
        hash: string;
      }>`select hash from audit_chain where chain_seq = ${last - 2}`.execute(t.db);
      await sql`update audit_chain_head set chain_seq = ${last - 2}, hash = ${prev.rows[0]!.hash} where id = 1`.execute(
        t.db,
      );
    });
    expect(await verify()).toMatchObject({ intact: false, reason: 'head_mismatch' });
  });

  it('detects the whole chain recomputed without the key', async () => {
    await behindTheTriggers(t.db, async () => {
      await sql`update audit_log set details = '{"i": 99}' where action = 'test.row1'`.execute(t.db);
      await sql`update audit_log a set payload_hash = ${payloadHashOf('a')} where action = 'test.row1'`.execute(
        t.db,
      );
      await sql`update audit_log a set content_hash = ${contentHashOf('a')} where action = 'test.row1'`.execute(
        t.db,
      );
      await relink(t.db, randomBytes(32), loadAuditKeys(t.config).hmacKeyId, 1);
    });
    const result = await verify();
    expect(result).toMatchObject({ intact: false, firstBrokenSeq: 1, reason: 'link_mismatch' });
    expect(result.problems.map((p: { reason: string }) => p.reason)).toContain('head_mismatch');
  });

  it('detects history rewritten with the key after a checkpoint saw it', async () => {
    const keys = loadAuditKeys(t.config);
    const checkpoint = await writeCheckpoint(t.db, keys, t.config.auditCheckpointFile);
    expect(checkpoint).not.toBeNull();
    expect(await verify()).toMatchObject({ intact: true, checkpoints: { total: 1, matched: 1 } });
    const target = await chainSeqOf('test.row2');
    await behindTheTriggers(t.db, async () => {
      await sql`update audit_log set reason = 'umgeschrieben' where action = 'test.row2'`.execute(t.db);
      await sql`update audit_log a set payload_hash = ${payloadHashOf('a')} where action = 'test.row2'`.execute(
        t.db,
      );
      await sql`update audit_log a set content_hash = ${contentHashOf('a')} where action = 'test.row2'`.execute(
        t.db,
      );
      await relink(t.db, keys.hmacKeys.get(keys.hmacKeyId)!, keys.hmacKeyId, target);
      // … and the database's copies of the checkpoints go too; the file outside stays.
      await sql`alter table audit_checkpoints disable trigger user`.execute(t.db);
      await sql`delete from audit_checkpoints`.execute(t.db);
      await sql`alter table audit_checkpoints enable trigger user`.execute(t.db);
    });
    const result = await verify();
    expect(result).toMatchObject({ intact: false, reason: 'checkpoint_mismatch' });
    // The chain itself is consistent again: only the checkpoint tells.
    expect(result.problems.every((p: { reason: string }) => p.reason === 'checkpoint_mismatch')).toBe(true);
  });

  it('detects a forged or edited checkpoint', async () => {
    const keys = loadAuditKeys(t.config);
    await writeCheckpoint(t.db, keys, t.config.auditCheckpointFile);
    const file = t.config.auditCheckpointFile;
    const line = JSON.parse(fs.readFileSync(file, 'utf8').trim());
    fs.appendFileSync(file, `${JSON.stringify({ ...line, seq: line.seq - 1 })}\n`);
    expect(await verify()).toMatchObject({ intact: false, reason: 'checkpoint_signature' });
  });

  it('detects a payload erased before its retention period ended', async () => {
    const target = await chainSeqOf('test.row1');
    // The trigger lets an erasure through (it cannot know the period); verification can.
    await sql`update audit_log set payload_salt = null, actor_user_id = null, actor_username = null,
      actor_kit_id = null, resource_id = null, subject_person_id = null, reason = null, before = null,
      after = null, details = null, request_id = null, erased_at = now() where action = 'test.row1'`.execute(
      t.db,
    );
    expect(await verify()).toMatchObject({ intact: false, firstBrokenSeq: target, reason: 'erased_early' });
  });

  it('detects a payload written back into an erased row', async () => {
    const target = await chainSeqOf('test.row1');
    await sql`update audit_log set payload_salt = null, actor_user_id = null, actor_username = null,
      actor_kit_id = null, resource_id = null, subject_person_id = null, reason = null, before = null,
      after = null, details = null, request_id = null, erased_at = now() where action = 'test.row1'`.execute(
      t.db,
    );
    await behindTheTriggers(t.db, () =>
      sql`update audit_log set actor_username = 'jemand.anderes' where action = 'test.row1'`.execute(t.db),
    );
    const result = await verify();
    expect(result.problems).toContainEqual({ seq: target, reason: 'payload_mismatch' });
  });
});
