import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { linkAllPendingAuditRows } from './chain';
import { loadAuditKeys } from './keys';
import { type ChainVerification, verifyAuditChain } from './verify';

/** Tests: links what is committed (the chainer does not run in tests) and verifies the chain. */
export async function linkAndVerifyAudit(t: { db: Db; config: AppConfig }): Promise<ChainVerification> {
  const keys = loadAuditKeys(t.config);
  await linkAllPendingAuditRows(t.db, keys);
  return verifyAuditChain(t.db, keys, {
    checkpointFile: t.config.auditCheckpointFile,
    retentionYears: t.config.auditRetentionYears,
  });
}
