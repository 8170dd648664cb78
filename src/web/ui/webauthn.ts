import {
  browserSupportsWebAuthn,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import { ApiError, del, get, post } from './api';
import type { StaffSession } from './session';

/**
 * Security keys and passkeys in the browser (WebAuthn via @simplewebauthn/browser): each
 * ceremony asks the server for options with a one-time challenge, lets the browser talk to the
 * key, and sends the answer back. Used by the staff sign-in, the account page and the kit.
 */
export function webAuthnAvailable(): boolean {
  return typeof window !== 'undefined' && browserSupportsWebAuthn();
}

/** The browser or the key did not produce an answer (cancelled, timed out, no matching key). */
export class KeyCeremonyFailed extends Error {
  constructor(readonly reason: 'cancelled' | 'alreadyRegistered' | 'unsupported') {
    super(reason);
    this.name = 'KeyCeremonyFailed';
  }
}

async function ceremony<T>(run: () => Promise<T>): Promise<T> {
  if (!webAuthnAvailable()) throw new KeyCeremonyFailed('unsupported');
  try {
    return await run();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const code = (error as { code?: string }).code;
    throw new KeyCeremonyFailed(
      code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED' ? 'alreadyRegistered' : 'cancelled',
    );
  }
}

interface Ceremony<O> {
  challengeId: string;
  options: O;
}

export interface SecurityKey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  discoverable: boolean | null;
  revokedAt: string | null;
  revokeReason: string | null;
}

export type StageAnswer = { stage: StaffSession['stage']; csrfToken?: string };

/** Second step of sign-in with a key (the session is at stage mfa_required). */
export function confirmWithSecurityKey(): Promise<StageAnswer> {
  return ceremony(async () => {
    const { challengeId, options } = await post<Ceremony<PublicKeyCredentialRequestOptionsJSON>>(
      '/api/auth/security-key/options',
    );
    const response = await startAuthentication({ optionsJSON: options });
    return post<StageAnswer>('/api/auth/security-key', { challengeId, response });
  });
}

/** Sign-in without a password: the passkey proves both factors. */
export function signInWithPasskey(): Promise<StaffSession> {
  return ceremony(async () => {
    const { challengeId, options } =
      await post<Ceremony<PublicKeyCredentialRequestOptionsJSON>>('/api/auth/passkey/options');
    const response = await startAuthentication({ optionsJSON: options });
    return post<StaffSession>('/api/auth/passkey', { challengeId, response });
  });
}

/** Enrols a key for the own account. */
export function enrolSecurityKey(name: string): Promise<StageAnswer & { key: SecurityKey }> {
  return ceremony(async () => {
    const { challengeId, options } = await post<Ceremony<PublicKeyCredentialCreationOptionsJSON>>(
      '/api/auth/security-keys/options',
    );
    const response = await startRegistration({ optionsJSON: options });
    return post<StageAnswer & { key: SecurityKey }>('/api/auth/security-keys', {
      challengeId,
      name,
      response,
    });
  });
}

export async function ownSecurityKeys(): Promise<SecurityKey[]> {
  return (await get<{ keys: SecurityKey[] }>('/api/auth/security-keys')).keys;
}

export function removeOwnSecurityKey(id: string): Promise<unknown> {
  return del(`/api/auth/security-keys/${id}`);
}
