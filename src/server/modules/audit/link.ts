import { createHmac } from 'node:crypto';

/** The chain's definition, shared by the chainer and the verifier (ADR 15). */

/** prev_hash of the first link. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * A link: HMAC-SHA-256 under the key `keyId` over the position, the key id, the row's digest and the
 * link before. The verifier has the database write this text (verify.ts) and hashes it as it comes.
 */
export function linkHash(
  secret: Buffer,
  chainSeq: number,
  keyId: string,
  contentHash: string,
  prevHash: string,
): string {
  return createHmac('sha256', secret).update(`${chainSeq}|${keyId}|${contentHash}|${prevHash}`).digest('hex');
}

export interface HeadPosition {
  chainSeq: number;
  txId: string;
  auditSeq: number;
  hash: string;
}

/** The MAC of the chain head: without the key, a head cannot be moved to a position it never had. */
export function headMac(secret: Buffer, head: HeadPosition): string {
  return createHmac('sha256', secret)
    .update(`head|${head.chainSeq}|${head.txId}|${head.auditSeq}|${head.hash}`)
    .digest('hex');
}

/** Compares two xid8 values given as decimal text (no BigInt per row). */
export function compareXid(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
