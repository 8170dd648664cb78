import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { FastifyRequest } from 'fastify';
import { type Selectable, sql } from 'kysely';
import { uuidv7 } from '../../../core/ids';
import { REGISTER_READER_ROLES, type Role, requiresMfa } from '../../../core/roles';
import type { Db, Executor } from '../../db/database';
import { withAccountScope, withInstallation } from '../../db/scope';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { type AuditActor, auditActor, recordAudit } from '../audit/service';
import {
  accountFactors,
  advanceSession,
  type IdentityService,
  type LoginResult,
  refuseSuspendedAuthority,
  type StageChange,
} from './service';
import { openSession } from './sessions';
import { claimAttempt, signInCompleted } from './sign-in-attempts';
import { securityKeyRequired, stageAfterSecondFactor } from './stages';
import type { ChallengePurpose, StaffSecurityKeysTable } from './tables';

/**
 * Security keys and passkeys (WebAuthn, ADR 0013). The relying party is PUBLIC_URL: its host
 * name is the RP ID and its origin the only origin accepted, so an assertion made for a
 * look-alike site is worth nothing here (that is what makes the key phishing-resistant).
 *
 * Each ceremony starts with a one-time challenge kept in the database for five minutes and used
 * once. A key used as second factor is a claimed attempt like a TOTP code (sign-in-attempts.ts);
 * a key that signs in without a password must verify the user (PIN or biometrics).
 */
const CHALLENGE_MINUTES = 5;
const CEREMONY_TIMEOUT_MS = 120_000;

type KeyRow = Selectable<StaffSecurityKeysTable>;

export interface RelyingParty {
  /** PUBLIC_URL, read at each request (tests set it once the port is known). */
  publicUrl(): string;
}

export interface SecurityKeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  discoverable: boolean | null;
  deviceType: 'singleDevice' | 'multiDevice';
  backedUp: boolean;
  revokedAt: string | null;
  revokeReason: string | null;
}

export function toKeyView(k: KeyRow): SecurityKeyView {
  return {
    id: k.id,
    name: k.name,
    createdAt: k.created_at.toISOString(),
    lastUsedAt: k.last_used_at?.toISOString() ?? null,
    discoverable: k.discoverable,
    deviceType: k.device_type,
    backedUp: k.backed_up,
    revokedAt: k.revoked_at?.toISOString() ?? null,
    revokeReason: k.revoke_reason,
  };
}

export class SecurityKeyService {
  constructor(
    private readonly db: Db,
    private readonly identity: IdentityService,
    private readonly rp: RelyingParty,
  ) {}

  private relyingParty(): { rpID: string; origin: string } {
    const url = new URL(this.rp.publicUrl());
    return { rpID: url.hostname, origin: url.origin };
  }

  private async newChallenge(
    purpose: ChallengePurpose,
    challenge: string,
    scope: { sessionId?: string; userId?: string } = {},
  ): Promise<string> {
    const id = uuidv7();
    await this.db.deleteFrom('webauthn_challenges').where('expires_at', '<', new Date()).execute();
    await this.db
      .insertInto('webauthn_challenges')
      .values({
        id,
        purpose,
        challenge,
        session_id: scope.sessionId ?? null,
        user_id: scope.userId ?? null,
        expires_at: new Date(Date.now() + CHALLENGE_MINUTES * 60_000),
      })
      .execute();
    return id;
  }

  /** Takes a challenge out (it works once); refuses one that is unknown, expired or not this session's. */
  private async takeChallenge(
    id: string,
    purpose: ChallengePurpose,
    sessionId: string | null,
  ): Promise<string> {
    let query = this.db
      .deleteFrom('webauthn_challenges')
      .where('id', '=', id)
      .where('purpose', '=', purpose)
      .where('expires_at', '>', new Date());
    query = sessionId ? query.where('session_id', '=', sessionId) : query.where('session_id', 'is', null);
    const row = await query.returning('challenge').executeTakeFirst();
    if (!row) throw new AppError('SECURITY_KEY_CHALLENGE_EXPIRED');
    return row.challenge;
  }

  private async activeKeys(executor: Executor, userId: string): Promise<KeyRow[]> {
    return executor
      .selectFrom('staff_security_keys')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at')
      .execute();
  }

  async listOwn(userId: string): Promise<SecurityKeyView[]> {
    return (await this.activeKeys(this.db, userId)).map(toKeyView);
  }

  // ---- enrolment (the own account) -------------------------------------------------------

  async registrationOptions(
    request: FastifyRequest,
  ): Promise<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
    const staff = request.staff!;
    const { rpID } = this.relyingParty();
    const keys = await this.activeKeys(this.db, staff.userId);
    const options = await generateRegistrationOptions({
      rpName: 'Bürgerkoffer',
      rpID,
      userName: staff.username,
      userID: new TextEncoder().encode(staff.userId),
      userDisplayName: staff.displayName,
      timeout: CEREMONY_TIMEOUT_MS,
      attestationType: 'none',
      excludeCredentials: keys.map((k) => ({ id: k.credential_id, transports: k.transports })),
      // A discoverable credential ("passkey") can also sign in without the user name.
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    const challengeId = await this.newChallenge('registration', options.challenge, {
      sessionId: staff.sessionId,
      userId: staff.userId,
    });
    return { challengeId, options };
  }

  /** Enrols a key for the signed-in account; a sign-in waiting for a key moves on under a new token. */
  async register(
    request: FastifyRequest,
    input: { challengeId: string; name: string; response: RegistrationResponseJSON },
  ): Promise<{ key: SecurityKeyView; change: StageChange | null }> {
    const staff = request.staff!;
    const actor = auditActor(request);
    const expectedChallenge = await this.takeChallenge(input.challengeId, 'registration', staff.sessionId);
    const { rpID, origin } = this.relyingParty();
    let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verification = await verifyRegistrationResponse({
        response: input.response,
        expectedChallenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: false,
      });
    } catch (error) {
      await this.recordFailure(actor, staff.userId, 'auth.security_key_register', (error as Error).message);
      throw new AppError('SECURITY_KEY_INVALID');
    }
    if (!verification.verified) {
      await this.recordFailure(actor, staff.userId, 'auth.security_key_register', 'not verified');
      throw new AppError('SECURITY_KEY_INVALID');
    }
    const info = verification.registrationInfo;
    const user = await this.db
      .selectFrom('staff_users')
      .selectAll()
      .where('id', '=', staff.userId)
      .executeTakeFirstOrThrow();
    const id = uuidv7();
    try {
      return await inTransaction(this.db, async (trx) => {
        const row = await trx
          .insertInto('staff_security_keys')
          .values({
            id,
            authority_id: user.authority_id,
            user_id: user.id,
            credential_id: info.credential.id,
            public_key: info.credential.publicKey,
            sign_count: info.credential.counter,
            transports: (info.credential.transports ?? []).slice(0, 8),
            device_type: info.credentialDeviceType,
            backed_up: info.credentialBackedUp,
            discoverable: readDiscoverable(input.response),
            aaguid: info.aaguid,
            name: input.name.trim(),
            last_used_at: null,
            revoked_at: null,
            revoked_by: null,
            revoke_reason: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const factors = await accountFactors(trx, user);
        const stage = staff.stage === 'active' ? 'active' : stageAfterSecondFactor(factors);
        if (stage === 'active' && staff.stage !== 'active')
          await trx
            .updateTable('staff_users')
            .set({ last_login_at: new Date() })
            .where('id', '=', user.id)
            .execute();
        const change = stage !== staff.stage ? await advanceSession(trx, staff.sessionId, stage) : null;
        await recordAudit(trx, actor, {
          action: 'auth.security_key_register',
          resourceType: 'staff_security_key',
          resourceId: id,
          after: { name: row.name, discoverable: row.discoverable, deviceType: row.device_type },
          details: { stage },
        });
        return { key: toKeyView(row), change };
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new AppError('SECURITY_KEY_ALREADY_REGISTERED');
      throw error;
    }
  }

  /** The owner takes a key out of use (lost or replaced). Not the last one the account needs. */
  async revokeOwn(request: FastifyRequest, keyId: string): Promise<void> {
    const staff = request.staff!;
    await inTransaction(this.db, async (trx) => {
      const user = await trx
        .selectFrom('staff_users')
        .selectAll()
        .where('id', '=', staff.userId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const key = await trx
        .selectFrom('staff_security_keys')
        .selectAll()
        .where('id', '=', keyId)
        .where('user_id', '=', user.id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!key) throw new AppError('SECURITY_KEY_NOT_FOUND');
      const factors = await accountFactors(trx, user);
      const needsKey = securityKeyRequired(factors) || (requiresMfa(user.roles) && !user.totp_enabled);
      if (needsKey && factors.securityKeys <= 1) throw new AppError('LAST_SECURITY_KEY');
      await trx
        .updateTable('staff_security_keys')
        .set({ revoked_at: new Date(), revoked_by: user.id, revoke_reason: 'vom Inhaber entfernt' })
        .where('id', '=', key.id)
        .execute();
      await recordAudit(trx, auditActor(request), {
        action: 'auth.security_key_revoke',
        resourceType: 'staff_security_key',
        resourceId: key.id,
        before: { name: key.name },
        details: { by: 'owner' },
      });
    });
  }

  // ---- sign-in: the key as second factor -------------------------------------------------

  async secondFactorOptions(
    request: FastifyRequest,
  ): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
    const staff = request.staff!;
    const { rpID } = this.relyingParty();
    const keys = await this.activeKeys(this.db, staff.userId);
    if (keys.length === 0) throw new AppError('SECURITY_KEY_NOT_FOUND');
    const options = await generateAuthenticationOptions({
      rpID,
      timeout: CEREMONY_TIMEOUT_MS,
      userVerification: 'preferred',
      allowCredentials: keys.map((k) => ({ id: k.credential_id, transports: k.transports as never })),
    });
    const challengeId = await this.newChallenge('second_factor', options.challenge, {
      sessionId: staff.sessionId,
      userId: staff.userId,
    });
    return { challengeId, options };
  }

  /** Second step of sign-in with a key; wrong keys count towards the lockout like wrong codes. */
  async verifySecondFactor(
    request: FastifyRequest,
    input: { challengeId: string; response: AuthenticationResponseJSON },
  ): Promise<StageChange> {
    const staff = request.staff!;
    const actor = auditActor(request);
    const expectedChallenge = await this.takeChallenge(input.challengeId, 'second_factor', staff.sessionId);
    const claim = await claimAttempt(this.db, staff.userId, 'second_factor', this.identity.limits);
    if (!claim.ok) return this.identity.refuseClaim(actor, staff.userId, 'auth.mfa', claim);
    const key = await this.db
      .selectFrom('staff_security_keys')
      .selectAll()
      .where('credential_id', '=', input.response.id)
      .executeTakeFirst();
    const problem =
      !key || key.user_id !== staff.userId
        ? 'unknown key'
        : key.revoked_at
          ? 'revoked key'
          : await this.checkAssertion(key, input.response, expectedChallenge, false);
    if (problem) {
      await this.identity.failAttempt(actor, staff.userId, 'second_factor', claim, {
        action: 'auth.mfa',
        errorCode: 'SECURITY_KEY_INVALID',
        details: { method: 'security_key', problem, keyId: key?.user_id === staff.userId ? key.id : null },
      });
      throw new AppError('SECURITY_KEY_INVALID');
    }
    const user = await this.db
      .selectFrom('staff_users')
      .selectAll()
      .where('id', '=', staff.userId)
      .executeTakeFirstOrThrow();
    const stage = stageAfterSecondFactor(await accountFactors(this.db, user));
    return inTransaction(this.db, async (trx) => {
      await signInCompleted(trx, user.id);
      if (stage === 'active')
        await trx
          .updateTable('staff_users')
          .set({ last_login_at: new Date() })
          .where('id', '=', user.id)
          .execute();
      const change = await advanceSession(trx, staff.sessionId, stage);
      await recordAudit(trx, actor, {
        action: 'auth.mfa',
        resourceType: 'staff_user',
        resourceId: user.id,
        details: { method: 'security_key', keyId: key!.id, stage },
      });
      return change;
    });
  }

  // ---- sign-in without a password (a passkey that verifies its user) ---------------------

  async passwordlessOptions(): Promise<{
    challengeId: string;
    options: PublicKeyCredentialRequestOptionsJSON;
  }> {
    const { rpID } = this.relyingParty();
    const options = await generateAuthenticationOptions({
      rpID,
      timeout: CEREMONY_TIMEOUT_MS,
      userVerification: 'required',
    });
    const challengeId = await this.newChallenge('passwordless', options.challenge);
    return { challengeId, options };
  }

  async signInWithoutPassword(
    request: FastifyRequest,
    input: { challengeId: string; response: AuthenticationResponseJSON },
  ): Promise<LoginResult> {
    const expectedChallenge = await this.takeChallenge(input.challengeId, 'passwordless', null);
    // The key names its holder and authority: looked up before the authority is known (ADR 27).
    const key = await withInstallation(
      this.db,
      (db) =>
        db
          .selectFrom('staff_security_keys')
          .selectAll()
          .where('credential_id', '=', input.response.id)
          .executeTakeFirst(),
      'passkey sign-in lookup',
    );
    if (!key) {
      // A key nobody enrolled: nothing to count against, nothing of it kept.
      await recordAudit(
        this.db,
        { ...auditActor(request), username: null },
        {
          action: 'auth.login',
          resourceType: 'staff_user',
          result: 'failure',
          errorCode: 'SECURITY_KEY_INVALID',
          authorityId: null,
          details: { method: 'passkey', account: 'unknown' },
        },
      );
      throw new AppError('SECURITY_KEY_INVALID');
    }
    return withAccountScope(this.db, key.authority_id, () =>
      this.signInWithKey(request, key, input.response, expectedChallenge),
    );
  }

  private async signInWithKey(
    request: FastifyRequest,
    key: KeyRow,
    response: AuthenticationResponseJSON,
    expectedChallenge: string,
  ): Promise<LoginResult> {
    const user = await this.db
      .selectFrom('staff_users')
      .selectAll()
      .where('id', '=', key.user_id)
      .executeTakeFirstOrThrow();
    const actor: AuditActor = {
      ...auditActor(request),
      authorityId: user.authority_id,
      userId: user.id,
      username: user.username,
    };
    const claim = await claimAttempt(this.db, user.id, 'second_factor', this.identity.limits);
    if (!claim.ok) return this.identity.refuseClaim(actor, user.id, 'auth.login', claim);
    const problem = key.revoked_at
      ? 'revoked key'
      : await this.checkAssertion(key, response, expectedChallenge, true);
    if (problem) {
      await this.identity.failAttempt(actor, user.id, 'second_factor', claim, {
        action: 'auth.login',
        errorCode: 'SECURITY_KEY_INVALID',
        details: { method: 'passkey', problem, keyId: key.id },
      });
      throw new AppError('SECURITY_KEY_INVALID');
    }
    if (user.disabled_at) {
      await recordAudit(this.db, actor, {
        action: 'auth.login',
        resourceType: 'staff_user',
        resourceId: user.id,
        result: 'denied',
        errorCode: 'ACCOUNT_DISABLED',
        details: { method: 'passkey' },
      });
      throw new AppError('ACCOUNT_DISABLED');
    }
    await refuseSuspendedAuthority(this.db, actor, user);
    const stage = stageAfterSecondFactor(await accountFactors(this.db, user));
    const opened = await inTransaction(this.db, async (trx) => {
      const session = await openSession(trx, user, stage, this.identity.sessionHours, request);
      await signInCompleted(trx, user.id);
      await recordAudit(trx, actor, {
        action: 'auth.login',
        resourceType: 'staff_user',
        resourceId: user.id,
        details: { method: 'passkey', keyId: key.id, stage, sessionId: session.sessionId },
      });
      return session;
    });
    return { token: opened.token, principal: opened.principal };
  }

  /**
   * Checks an assertion against the stored key: challenge, origin, RP ID, signature, user
   * verification when asked, and a signature counter that must move forward (a cloned key or
   * a replay shows as a counter that does not). Returns what is wrong, or null; on success the
   * key's counter and last use are stored — atomically, so the same assertion works once.
   */
  private async checkAssertion(
    key: KeyRow,
    response: AuthenticationResponseJSON,
    expectedChallenge: string,
    requireUserVerification: boolean,
  ): Promise<string | null> {
    const { rpID, origin } = this.relyingParty();
    if (requireUserVerification && response.response.userHandle) {
      const handle = Buffer.from(response.response.userHandle, 'base64url').toString('utf8');
      if (handle !== key.user_id) return 'user handle mismatch';
    }
    let newCounter: number;
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential: {
          id: key.credential_id,
          publicKey: new Uint8Array(key.public_key),
          counter: Number(key.sign_count),
          transports: key.transports as never,
        },
        requireUserVerification,
      });
      if (!result.verified) return 'signature';
      newCounter = result.authenticationInfo.newCounter;
    } catch (error) {
      return (error as Error).message.slice(0, 200);
    }
    const updated = await this.db
      .updateTable('staff_security_keys')
      .set({ sign_count: newCounter, last_used_at: new Date() })
      .where('id', '=', key.id)
      .where('revoked_at', 'is', null)
      .where(
        sql<boolean>`(sign_count = ${Number(key.sign_count)} and (sign_count < ${newCounter} or ${newCounter} = 0))`,
      )
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1 ? null : 'replayed';
  }

  private async recordFailure(actor: AuditActor, userId: string, action: string, problem: string) {
    await recordAudit(this.db, actor, {
      action,
      resourceType: 'staff_user',
      resourceId: userId,
      result: 'failure',
      errorCode: 'SECURITY_KEY_INVALID',
      details: { problem: problem.slice(0, 200) },
    });
  }

  // ---- administration ----------------------------------------------------------------------

  async listForStaff(authorityId: string, userId: string): Promise<SecurityKeyView[]> {
    const user = await this.db
      .selectFrom('staff_users')
      .select('id')
      .where('id', '=', userId)
      .where('authority_id', '=', authorityId)
      .executeTakeFirst();
    if (!user) throw new AppError('NOT_FOUND');
    const rows = await this.db
      .selectFrom('staff_security_keys')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map(toKeyView);
  }

  /**
   * An admin revokes a (lost) key of a colleague: it is refused from then on, and the account's
   * sessions end (one of them may have been opened with the lost key).
   */
  async revokeByAdmin(
    actor: AuditActor,
    authorityId: string,
    userId: string,
    keyId: string,
    reason: string,
  ): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const key = await trx
        .selectFrom('staff_security_keys')
        .selectAll()
        .where('id', '=', keyId)
        .where('user_id', '=', userId)
        .where('authority_id', '=', authorityId)
        .executeTakeFirst();
      if (!key) throw new AppError('SECURITY_KEY_NOT_FOUND');
      if (key.revoked_at) return;
      await trx
        .updateTable('staff_security_keys')
        .set({ revoked_at: new Date(), revoked_by: actor.userId, revoke_reason: reason.trim() })
        .where('id', '=', key.id)
        .execute();
      await trx
        .updateTable('staff_sessions')
        .set({ revoked_at: new Date() })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .execute();
      await recordAudit(trx, actor, {
        action: 'staff.security_key_revoke',
        resourceType: 'staff_security_key',
        resourceId: key.id,
        before: { name: key.name, userId },
        details: { by: 'admin' },
      });
    });
  }

  async policy(authorityId: string): Promise<{ requireSecurityKey: boolean; roles: Role[] }> {
    const row = await this.db
      .selectFrom('authority_security_policies')
      .select('require_security_key')
      .where('authority_id', '=', authorityId)
      .executeTakeFirst();
    return { requireSecurityKey: row?.require_security_key ?? false, roles: [...REGISTER_READER_ROLES] };
  }

  /** Takes effect at each account's next sign-in. */
  async setPolicy(actor: AuditActor, authorityId: string, requireSecurityKey: boolean) {
    await inTransaction(this.db, async (trx) => {
      const before = await trx
        .selectFrom('authority_security_policies')
        .select('require_security_key')
        .where('authority_id', '=', authorityId)
        .forUpdate()
        .executeTakeFirst();
      await trx
        .insertInto('authority_security_policies')
        .values({
          authority_id: authorityId,
          require_security_key: requireSecurityKey,
          updated_by: actor.userId,
        })
        .onConflict((oc) =>
          oc.column('authority_id').doUpdateSet({
            require_security_key: requireSecurityKey,
            updated_by: actor.userId,
            updated_at: new Date(),
          }),
        )
        .execute();
      await recordAudit(trx, actor, {
        action: 'security.policy_change',
        resourceType: 'authority_security_policy',
        resourceId: authorityId,
        before: { requireSecurityKey: before?.require_security_key ?? false },
        after: { requireSecurityKey },
      });
    });
    return this.policy(authorityId);
  }
}

function readDiscoverable(response: RegistrationResponseJSON): boolean | null {
  const rk = (response.clientExtensionResults as { credProps?: { rk?: unknown } } | undefined)?.credProps?.rk;
  return typeof rk === 'boolean' ? rk : null;
}
