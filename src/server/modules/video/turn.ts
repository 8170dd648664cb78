import { createHmac } from 'node:crypto';
import type { IceConfig } from '../../../core/video/protocol';
import type { AppConfig } from '../../config';

/**
 * TURN credentials in coturn's REST-API scheme (`use-auth-secret`, ADR 23): the username is
 * "<unix expiry>:<label>", the password base64(HMAC-SHA1(secret, username)). coturn checks both
 * without asking us, and refuses them after the expiry. The secret never leaves the server.
 */
export const TURN_CREDENTIAL_SECONDS = 2 * 3600;

export function turnCredential(
  secret: string,
  label: string,
  now = new Date(),
  ttlSeconds = TURN_CREDENTIAL_SECONDS,
): { username: string; credential: string; expiresAt: Date } {
  const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
  // The label only tells calls apart in coturn's log; it must not contain a colon.
  const username = `${expiry}:${label.replace(/[^\w-]/g, '')}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: new Date(expiry * 1000) };
}

/** What a participant's browser gets for its RTCPeerConnection. */
export function iceConfigFor(
  config: Pick<AppConfig, 'turnUrls' | 'turnSecret' | 'turnRelayOnly'>,
  label: string,
): IceConfig {
  if (config.turnUrls.length === 0 || !config.turnSecret)
    return { iceServers: [], iceTransportPolicy: 'all' };
  const { username, credential } = turnCredential(config.turnSecret, label);
  return {
    iceServers: [{ urls: [...config.turnUrls], username, credential }],
    iceTransportPolicy: config.turnRelayOnly ? 'relay' : 'all',
  };
}
