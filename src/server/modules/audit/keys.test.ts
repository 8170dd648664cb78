import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/test-app';
import { mailAuditCheckpoint } from '../notify/audit-checkpoint-mail';
import { linkAllPendingAuditRows } from './chain';
import { writeCheckpoint } from './checkpoints';
import { AuditKeyError, loadAuditKeys, rotateHmacKey, rotateSigningKey } from './keys';
import { recordAudit, SYSTEM_ACTOR } from './service';
import { verifyAuditChain } from './verify';

function tempKeys() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-keys-'));
  return {
    dir,
    auditKeyFile: path.join(dir, 'hmac.key'),
    auditSigningKeyFile: path.join(dir, 'signing.key'),
    auditCheckpointFile: path.join(dir, 'checkpoints.jsonl'),
  };
}

describe('the audit keys (ADR 15)', () => {
  it('are created on first start, readable by the owner only, and the same on the next start', () => {
    const paths = tempKeys();
    const keys = loadAuditKeys(paths);
    expect(fs.statSync(paths.auditKeyFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(paths.auditSigningKeyFile).mode & 0o777).toBe(0o600);
    expect(keys.hmacKeys.get(keys.hmacKeyId)).toHaveLength(32);
    expect(keys.signingKeyId).toMatch(/^ed25519:[0-9a-f]{16}$/);
    const again = loadAuditKeys(paths, { reload: true });
    expect(again.hmacKeys.get(again.hmacKeyId)).toEqual(keys.hmacKeys.get(keys.hmacKeyId));
    expect(again.signingKeyId).toBe(keys.signingKeyId);
  });

  it('are refused when other users may read them', () => {
    const paths = tempKeys();
    loadAuditKeys(paths);
    fs.chmodSync(paths.auditKeyFile, 0o644);
    expect(() => loadAuditKeys(paths, { reload: true })).toThrow(AuditKeyError);
    expect(() => loadAuditKeys(paths, { reload: true })).toThrow(/chmod 600/);
  });

  it('rotate without making earlier links or checkpoints unverifiable', async () => {
    const paths = tempKeys();
    const t = await createTestApp({ config: paths });
    try {
      const first = loadAuditKeys(paths);
      await recordAudit(t.db, SYSTEM_ACTOR, { action: 'test.before-rotation', resourceType: 'test' });
      await linkAllPendingAuditRows(t.db, first);
      await writeCheckpoint(t.db, first, paths.auditCheckpointFile);

      const hmacId = rotateHmacKey(paths.auditKeyFile);
      const signingId = rotateSigningKey(paths.auditSigningKeyFile);
      const second = loadAuditKeys(paths, { reload: true });
      expect(second.hmacKeyId).toBe(hmacId);
      expect(second.hmacKeyId).not.toBe(first.hmacKeyId);
      expect(second.hmacKeys.has(first.hmacKeyId)).toBe(true);
      expect(second.signingKeyId).toBe(signingId);
      expect(second.verifyKeys.has(first.signingKeyId)).toBe(true);
      // The old private signing key is gone from the file; its public key stays.
      expect(fs.readFileSync(paths.auditSigningKeyFile, 'utf8').match(/BEGIN PRIVATE KEY/g)).toHaveLength(1);

      await recordAudit(t.db, SYSTEM_ACTOR, { action: 'test.after-rotation', resourceType: 'test' });
      await linkAllPendingAuditRows(t.db, second);
      await writeCheckpoint(t.db, second, paths.auditCheckpointFile);
      const keyIds = await t.db.selectFrom('audit_chain').select('key_id').distinct().execute();
      expect(keyIds.map((k) => k.key_id).sort()).toEqual([first.hmacKeyId, second.hmacKeyId].sort());
      const result = await verifyAuditChain(t.db, second, { checkpointFile: paths.auditCheckpointFile });
      expect(result).toMatchObject({ intact: true, checkpoints: { total: 2, matched: 2 } });
    } finally {
      await t.close();
    }
  });

  it('mail the day’s checkpoint to the auditors once (AUDIT_CHECKPOINT_MAIL)', async () => {
    const paths = tempKeys();
    const t = await createTestApp({ config: paths });
    try {
      const auditor = await t.login('auditor');
      await t.db
        .updateTable('staff_users')
        .set({ email: 'pruefung.fiktiv@example.org' })
        .where('id', '=', auditor.userId!)
        .execute();
      const keys = loadAuditKeys(paths);
      expect(await mailAuditCheckpoint(t.db)).toBe(0); // no checkpoint yet
      await linkAllPendingAuditRows(t.db, keys);
      const checkpoint = await writeCheckpoint(t.db, keys, paths.auditCheckpointFile);
      expect(await mailAuditCheckpoint(t.db)).toBe(1);
      expect(await mailAuditCheckpoint(t.db)).toBe(0);
      const mail = await t.db
        .selectFrom('outbox_messages')
        .selectAll()
        .where('recipient', '=', 'pruefung.fiktiv@example.org')
        .executeTakeFirstOrThrow();
      expect(mail.subject).toContain(String(checkpoint!.seq));
      expect(mail.text_body).toContain(checkpoint!.sig);
    } finally {
      await t.close();
    }
  });
});
