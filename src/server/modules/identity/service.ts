import type { FastifyRequest } from 'fastify';
import { type Selectable, sql } from 'kysely';
import { uuidv7 } from '../../../core/ids';
import { isOperator, type Role, requiresMfa } from '../../../core/roles';
import type { AppConfig } from '../../config';
import type { Db, Executor } from '../../db/database';
import { withAccountScope, withInstallation } from '../../db/scope';
import { inTransaction } from '../../db/transaction';
import { hashToken, NO_AUTHORITY, newToken, type StaffPrincipal } from '../../http/auth';
import { AppError } from '../../http/errors';
import { type AuditActor, auditActor, recordAudit } from '../audit/service';
import {
  dummyPasswordHash,
  generateOneTimePassword,
  hashPassword,
  isStrongPassword,
  verifyPassword,
} from './password';
import { openSession } from './sessions';
import {
  type AttemptLimits,
  attemptFailed,
  type Claim,
  claimAttempt,
  passwordSucceeded,
  signInCompleted,
} from './sign-in-attempts';
import {
  type AccountFactors,
  type SecondFactor,
  secondFactors,
  securityKeyRequired,
  stageAfterPassword,
  stageAfterSecondFactor,
} from './stages';
import type { SessionStage, StaffUsersTable } from './tables';
import { checkTotp, newTotpSecret, totpQrSvg, totpUri } from './totp';

type UserRow = Selectable<StaffUsersTable>;

export type IdentityConfig = Pick<
  AppConfig,
  | 'sessionIdleMinutes'
  | 'sessionAbsoluteHours'
  | 'loginMaxFailures'
  | 'loginLockoutMinutes'
  | 'loginAccountRateLimitPerMinute'
>;

/** The factors that decide an account's sign-in steps: its keys and its authority's policy. */
export async function accountFactors(
  executor: Executor,
  user: Pick<UserRow, 'id' | 'authority_id' | 'roles' | 'totp_enabled' | 'must_change_password'>,
): Promise<AccountFactors> {
  const keys = await executor
    .selectFrom('staff_security_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', user.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  const policy = await executor
    .selectFrom('authority_security_policies')
    .select('require_security_key')
    .where('authority_id', '=', user.authority_id)
    .executeTakeFirst();
  return {
    roles: user.roles,
    totpEnabled: user.totp_enabled,
    securityKeys: Number(keys.n),
    mustChangePassword: user.must_change_password,
    policyRequiresKey: policy?.require_security_key ?? false,
  };
}

/**
 * Refuses the sign-in of an account whose authority the operator suspended (#12): on record,
 * after the password was right (that an authority is suspended is no secret: its portal says so).
 */
export async function refuseSuspendedAuthority(
  executor: Executor,
  actor: AuditActor,
  user: Pick<UserRow, 'id' | 'authority_id'>,
): Promise<void> {
  if (!user.authority_id) return;
  const authority = await executor
    .selectFrom('authorities')
    .select('status')
    .where('id', '=', user.authority_id)
    .executeTakeFirst();
  if (authority?.status !== 'suspended') return;
  await passwordSucceeded(executor, user.id);
  await recordAudit(executor, actor, {
    action: 'auth.login',
    resourceType: 'staff_user',
    resourceId: user.id,
    result: 'denied',
    errorCode: 'AUTHORITY_SUSPENDED',
  });
  throw new AppError('AUTHORITY_SUSPENDED');
}

/** A session that moved on a step: its new token (the old one is void) and CSRF token. */
export interface StageChange {
  stage: SessionStage;
  token: string;
  csrfToken: string;
}

/**
 * Moves a session to its next sign-in stage under a new token and CSRF token: a token seen at
 * an earlier step (password only) is worth nothing afterwards. Refuses a session that ended
 * meanwhile (e.g. a lockout revoked it while its code was checked).
 */
export async function advanceSession(
  executor: Executor,
  sessionId: string,
  stage: SessionStage,
): Promise<StageChange> {
  const token = newToken();
  const csrfToken = newToken(24);
  const res = await executor
    .updateTable('staff_sessions')
    .set({ stage, token_hash: hashToken(token), csrf_token: csrfToken })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError('SESSION_EXPIRED');
  return { stage, token, csrfToken };
}

export interface LoginResult {
  token: string;
  principal: StaffPrincipal;
}

export class IdentityService {
  constructor(
    private readonly db: Db,
    private readonly config: IdentityConfig,
  ) {}

  get sessionHours(): number {
    return this.config.sessionAbsoluteHours;
  }

  get limits(): AttemptLimits {
    return {
      maxFailures: this.config.loginMaxFailures,
      lockoutMinutes: this.config.loginLockoutMinutes,
      perMinute: this.config.loginAccountRateLimitPerMinute,
    };
  }

  /** Refuses an attempt the account does not allow now (locked or throttled), on record. */
  async refuseClaim(
    actor: AuditActor,
    userId: string,
    action: string,
    claim: Exclude<Claim, { ok: true }>,
  ): Promise<never> {
    const code = claim.reason === 'locked' ? 'ACCOUNT_LOCKED' : 'RATE_LIMITED';
    await recordAudit(this.db, actor, {
      action,
      resourceType: 'staff_user',
      resourceId: userId,
      result: 'denied',
      errorCode: code,
    });
    if (claim.reason === 'locked') throw new AppError('ACCOUNT_LOCKED', { minutes: claim.minutes });
    throw new AppError('RATE_LIMITED');
  }

  /** Records a wrong answer to a claimed attempt; throws ACCOUNT_LOCKED if it locked the account. */
  async failAttempt(
    actor: AuditActor,
    userId: string,
    kind: 'password' | 'second_factor',
    claim: { failures: number },
    entry: { action: string; errorCode: string; details?: unknown },
  ): Promise<void> {
    const locked = await inTransaction(this.db, async (trx) => {
      const minutes = await attemptFailed(trx, userId, kind, claim, this.limits);
      await recordAudit(trx, actor, {
        action: minutes !== null ? 'auth.lockout' : entry.action,
        resourceType: 'staff_user',
        resourceId: userId,
        result: 'failure',
        errorCode: minutes !== null ? 'ACCOUNT_LOCKED' : entry.errorCode,
        details: minutes !== null ? { kind, minutes, ...(entry.details as object) } : entry.details,
      });
      return minutes;
    });
    if (locked !== null) throw new AppError('ACCOUNT_LOCKED', { minutes: locked });
  }

  /** What the sign-in pages need to know about a session's account. */
  async sessionFactors(
    userId: string,
  ): Promise<{ secondFactors: SecondFactor[]; securityKeys: number; securityKeyRequired: boolean }> {
    const user = await this.user(this.db, userId);
    const factors = await accountFactors(this.db, user);
    return {
      secondFactors: secondFactors(factors),
      securityKeys: factors.securityKeys,
      securityKeyRequired: securityKeyRequired(factors),
    };
  }

  async loadSession(tokenHash: string): Promise<StaffPrincipal | 'expired' | undefined> {
    // The session names the authority: it is looked up before the authority is known (ADR 27).
    const row = await withInstallation(this.db, (db) => this.findSession(db, tokenHash), 'session lookup');
    if (!row) return undefined;
    return withAccountScope(this.db, row.authority_id, () => this.checkSession(row));
  }

  private findSession(db: Db, tokenHash: string) {
    return db
      .selectFrom('staff_sessions as s')
      .innerJoin('staff_users as u', 'u.id', 's.user_id')
      .leftJoin('authorities as a', 'a.id', 'u.authority_id')
      .select([
        's.id as session_id',
        's.stage',
        's.csrf_token',
        's.last_seen_at',
        's.absolute_expires_at',
        's.revoked_at',
        'u.id as user_id',
        'u.username',
        'u.display_name',
        'u.authority_id',
        'u.roles',
        'u.disabled_at',
        'u.totp_enabled',
        'a.status as authority_status',
      ])
      .where('s.token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  private async checkSession(
    row: NonNullable<Awaited<ReturnType<IdentityService['findSession']>>>,
  ): Promise<StaffPrincipal | 'expired'> {
    const now = Date.now();
    const idleLimit = row.last_seen_at.getTime() + this.config.sessionIdleMinutes * 60_000;
    // A suspended authority's staff are signed out at once (its sessions are also revoked).
    if (
      row.revoked_at ||
      row.disabled_at ||
      row.authority_status === 'suspended' ||
      row.absolute_expires_at.getTime() <= now ||
      idleLimit <= now
    ) {
      return 'expired';
    }
    // Touch at most once a minute: keeps the idle timeout honest without a write per request.
    if (now - row.last_seen_at.getTime() > 60_000) {
      await this.db
        .updateTable('staff_sessions')
        .set({ last_seen_at: new Date() })
        .where('id', '=', row.session_id)
        .execute();
    }
    return {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      authorityId: row.authority_id ?? NO_AUTHORITY,
      operator: isOperator(row.roles),
      roles: row.roles,
      sessionId: row.session_id,
      stage: row.stage,
      csrfToken: row.csrf_token,
      totpEnabled: row.totp_enabled,
    };
  }

  /**
   * Password check with lockout. Every attempt is recorded in the audit trail; a name that
   * matches no account is not (people type their password into that field by mistake).
   */
  async login(request: FastifyRequest, username: string, password: string): Promise<LoginResult> {
    // One sign-in for the installation: the user name is looked up before the authority is known.
    const user = await withInstallation(
      this.db,
      (db) =>
        db
          .selectFrom('staff_users')
          .selectAll()
          .where(sql`lower(username)`, '=', username.toLowerCase())
          .executeTakeFirst(),
      'sign-in lookup',
    );
    if (!user) {
      await verifyPassword(password, await dummyPasswordHash());
      await recordAudit(
        this.db,
        { ...auditActor(request), username: null },
        {
          action: 'auth.login',
          resourceType: 'staff_user',
          result: 'failure',
          errorCode: 'LOGIN_FAILED',
          authorityId: null,
          details: { account: 'unknown' },
        },
      );
      throw new AppError('LOGIN_FAILED');
    }
    return withAccountScope(this.db, user.authority_id, () => this.loginAs(request, user, password));
  }

  private async loginAs(request: FastifyRequest, user: UserRow, password: string): Promise<LoginResult> {
    const base: AuditActor = {
      ...auditActor(request),
      username: user.username,
      authorityId: user.authority_id,
      userId: user.id,
    };
    const claim = await claimAttempt(this.db, user.id, 'password', this.limits);
    if (!claim.ok) return this.refuseClaim(base, user.id, 'auth.login', claim);
    const ok = await verifyPassword(password, user.password_hash);
    if (!ok) {
      await this.failAttempt(base, user.id, 'password', claim, {
        action: 'auth.login',
        errorCode: 'LOGIN_FAILED',
      });
      throw new AppError('LOGIN_FAILED');
    }
    if (user.disabled_at) {
      await passwordSucceeded(this.db, user.id);
      await recordAudit(this.db, base, {
        action: 'auth.login',
        resourceType: 'staff_user',
        resourceId: user.id,
        result: 'denied',
        errorCode: 'ACCOUNT_DISABLED',
      });
      throw new AppError('ACCOUNT_DISABLED');
    }
    await refuseSuspendedAuthority(this.db, base, user);
    const stage = stageAfterPassword(await accountFactors(this.db, user));
    const opened = await inTransaction(this.db, async (trx) => {
      const session = await openSession(trx, user, stage, this.config.sessionAbsoluteHours, request);
      await passwordSucceeded(trx, user.id);
      // Without a second factor to ask for, the password completed the sign-in.
      if (stage !== 'mfa_required') await signInCompleted(trx, user.id);
      await recordAudit(trx, base, {
        action: 'auth.login',
        resourceType: 'staff_user',
        resourceId: user.id,
        details: { stage, sessionId: session.sessionId },
      });
      return session;
    });
    return { token: opened.token, principal: opened.principal };
  }

  private async user(executor: Executor, id: string) {
    return executor.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /**
   * Second step of sign-in: the TOTP code. Each code is an attempt claimed before it is checked
   * (sign-in-attempts.ts): wrong codes count across sessions and fresh sign-ins until a sign-in
   * is completed, and lock the account and all its half-signed-in sessions.
   */
  async verifySecondFactor(request: FastifyRequest, code: string): Promise<StageChange> {
    const staff = request.staff!;
    const actor = auditActor(request);
    const user = await this.user(this.db, staff.userId);
    const factors = await accountFactors(this.db, user);
    if (!secondFactors(factors).includes('totp')) {
      await recordAudit(this.db, actor, {
        action: 'auth.mfa',
        resourceType: 'staff_user',
        resourceId: user.id,
        result: 'denied',
        errorCode: 'SECURITY_KEY_REQUIRED',
      });
      throw new AppError('SECURITY_KEY_REQUIRED');
    }
    const claim = await claimAttempt(this.db, user.id, 'second_factor', this.limits);
    if (!claim.ok) return this.refuseClaim(actor, user.id, 'auth.mfa', claim);
    const step = user.totp_secret ? await checkTotp(user.totp_secret, code, user.totp_last_step) : null;
    // A code counts once, also when two requests bring it at the same moment.
    const fresh =
      step !== null &&
      Number(
        (
          await this.db
            .updateTable('staff_users')
            .set({ totp_last_step: step })
            .where('id', '=', user.id)
            .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
            .executeTakeFirst()
        ).numUpdatedRows,
      ) === 1;
    if (!fresh) {
      await this.failAttempt(actor, user.id, 'second_factor', claim, {
        action: 'auth.mfa',
        errorCode: 'TOTP_INVALID',
      });
      throw new AppError('TOTP_INVALID', {}, [{ path: '/code', code: 'codeWrong' }]);
    }
    const stage = stageAfterSecondFactor(factors);
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
        details: { method: 'totp', stage },
      });
      return change;
    });
  }

  /**
   * Changes the own password. The current password is checked as a claimed attempt (a session
   * thief cannot use this form to guess it); a sign-in stage that moves on gets a new token.
   */
  async changePassword(
    request: FastifyRequest,
    currentPassword: string,
    newPassword: string,
  ): Promise<{ stage: SessionStage; change: StageChange | null }> {
    const staff = request.staff!;
    const actor = auditActor(request);
    const user = await this.user(this.db, staff.userId);
    const claim = await claimAttempt(this.db, user.id, 'password', this.limits);
    if (!claim.ok) return this.refuseClaim(actor, user.id, 'auth.password_change', claim);
    if (!(await verifyPassword(currentPassword, user.password_hash))) {
      await this.failAttempt(actor, user.id, 'password', claim, {
        action: 'auth.password_change',
        errorCode: 'CURRENT_PASSWORD_WRONG',
      });
      throw new AppError('CURRENT_PASSWORD_WRONG', {}, [{ path: '/currentPassword', code: 'wrong' }]);
    }
    await passwordSucceeded(this.db, user.id);
    if (!isStrongPassword(newPassword, user.username))
      throw new AppError('PASSWORD_TOO_WEAK', {}, [{ path: '/newPassword', code: 'weak' }]);
    if (newPassword === currentPassword)
      throw new AppError('PASSWORD_REUSED', {}, [{ path: '/newPassword', code: 'reused' }]);
    const hash = await hashPassword(newPassword);
    const factors = { ...(await accountFactors(this.db, user)), mustChangePassword: false };
    const stage = staff.stage === 'active' ? 'active' : stageAfterSecondFactor(factors);
    return inTransaction(this.db, async (trx) => {
      await trx
        .updateTable('staff_users')
        .set({
          password_hash: hash,
          must_change_password: false,
          password_changed_at: new Date(),
          updated_at: new Date(),
          ...(stage === 'active' && staff.stage !== 'active' ? { last_login_at: new Date() } : {}),
        })
        .where('id', '=', user.id)
        .execute();
      // Other sessions of this account end: whoever knew the old password is signed out.
      await trx
        .updateTable('staff_sessions')
        .set({ revoked_at: new Date() })
        .where('user_id', '=', user.id)
        .where('id', '!=', staff.sessionId)
        .where('revoked_at', 'is', null)
        .execute();
      const change = stage !== staff.stage ? await advanceSession(trx, staff.sessionId, stage) : null;
      await recordAudit(trx, actor, {
        action: 'auth.password_change',
        resourceType: 'staff_user',
        resourceId: user.id,
      });
      return { stage, change };
    });
  }

  /** Starts TOTP enrolment: a new secret, not yet active until a code from it is confirmed. */
  async beginTotpEnrolment(
    request: FastifyRequest,
  ): Promise<{ secret: string; otpauthUri: string; qrSvg: string }> {
    const staff = request.staff!;
    const user = await this.user(this.db, staff.userId);
    if (user.totp_enabled)
      throw new AppError('VALIDATION_FAILED', {}, [{ path: '/', code: 'already_enabled' }]);
    const secret = newTotpSecret();
    await this.db
      .updateTable('staff_users')
      .set({ totp_secret: secret, totp_last_step: null })
      .where('id', '=', user.id)
      .execute();
    const uri = totpUri(secret, user.username);
    return { secret, otpauthUri: uri, qrSvg: await totpQrSvg(uri) };
  }

  async confirmTotpEnrolment(
    request: FastifyRequest,
    code: string,
  ): Promise<StageChange | { stage: SessionStage }> {
    const staff = request.staff!;
    const user = await this.user(this.db, staff.userId);
    const step =
      user.totp_secret && !user.totp_enabled ? await checkTotp(user.totp_secret, code, null) : null;
    if (step === null) {
      await recordAudit(this.db, auditActor(request), {
        action: 'auth.totp_enable',
        resourceType: 'staff_user',
        resourceId: user.id,
        result: 'failure',
        errorCode: 'TOTP_INVALID',
      });
      throw new AppError('TOTP_INVALID', {}, [{ path: '/code', code: 'codeWrong' }]);
    }
    const factors = { ...(await accountFactors(this.db, user)), totpEnabled: true };
    const stage = staff.stage === 'active' ? 'active' : stageAfterSecondFactor(factors);
    return inTransaction(this.db, async (trx) => {
      await trx
        .updateTable('staff_users')
        .set({
          totp_enabled: true,
          totp_last_step: step,
          updated_at: new Date(),
          ...(stage === 'active' && staff.stage !== 'active' ? { last_login_at: new Date() } : {}),
        })
        .where('id', '=', user.id)
        .execute();
      const change = stage !== staff.stage ? await advanceSession(trx, staff.sessionId, stage) : { stage };
      await recordAudit(trx, auditActor(request), {
        action: 'auth.totp_enable',
        resourceType: 'staff_user',
        resourceId: user.id,
      });
      return change;
    });
  }

  /** Switches TOTP off with a current code; the code is a claimed second-factor attempt. */
  async disableTotp(request: FastifyRequest, code: string): Promise<void> {
    const staff = request.staff!;
    const actor = auditActor(request);
    const user = await this.user(this.db, staff.userId);
    const factors = await accountFactors(this.db, user);
    if (requiresMfa(user.roles) && factors.securityKeys === 0) throw new AppError('TOTP_REQUIRED_FOR_ROLE');
    const claim = await claimAttempt(this.db, user.id, 'second_factor', this.limits);
    if (!claim.ok) return this.refuseClaim(actor, user.id, 'auth.totp_disable', claim);
    const step =
      user.totp_secret && user.totp_enabled
        ? await checkTotp(user.totp_secret, code, user.totp_last_step)
        : null;
    if (step === null) {
      await this.failAttempt(actor, user.id, 'second_factor', claim, {
        action: 'auth.totp_disable',
        errorCode: 'TOTP_INVALID',
      });
      throw new AppError('TOTP_INVALID', {}, [{ path: '/code', code: 'codeWrong' }]);
    }
    await inTransaction(this.db, async (trx) => {
      await trx
        .updateTable('staff_users')
        .set({ totp_enabled: false, totp_secret: null, totp_last_step: null, mfa_failures: 0 })
        .where('id', '=', user.id)
        .execute();
      await recordAudit(trx, actor, {
        action: 'auth.totp_disable',
        resourceType: 'staff_user',
        resourceId: user.id,
      });
    });
  }

  async logout(request: FastifyRequest, everywhere: boolean): Promise<void> {
    const staff = request.staff!;
    await inTransaction(this.db, async (trx) => {
      let q = trx
        .updateTable('staff_sessions')
        .set({ revoked_at: new Date() })
        .where('revoked_at', 'is', null);
      q = everywhere ? q.where('user_id', '=', staff.userId) : q.where('id', '=', staff.sessionId);
      await q.execute();
      await recordAudit(trx, auditActor(request), {
        action: everywhere ? 'auth.logout_everywhere' : 'auth.logout',
        resourceType: 'staff_user',
        resourceId: staff.userId,
      });
    });
  }

  // ---- administration of staff accounts (role admin, own authority only) ----

  async listStaff(authorityId: string) {
    return this.db
      .selectFrom('staff_users')
      .select([
        'id',
        'username',
        'display_name',
        'email',
        'roles',
        'totp_enabled',
        'disabled_at',
        'locked_until',
        'last_login_at',
        'created_at',
        'must_change_password',
      ])
      .select((eb) =>
        eb
          .selectFrom('staff_security_keys as k')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('k.user_id', '=', 'staff_users.id')
          .where('k.revoked_at', 'is', null)
          .as('security_keys'),
      )
      .where('authority_id', '=', authorityId)
      .orderBy('username')
      .execute();
  }

  /** Creates an account with a one-time password that the admin hands over; it must be changed at first sign-in. */
  async createStaff(
    actor: AuditActor,
    input: {
      /** null only for an installation operator (roles exactly ['operator'], ADR 24). */
      authorityId: string | null;
      username: string;
      displayName: string;
      email?: string | null;
      roles: Role[];
    },
  ): Promise<{ id: string; oneTimePassword: string }> {
    const oneTimePassword = generateOneTimePassword();
    const hash = await hashPassword(oneTimePassword);
    const id = uuidv7();
    try {
      await inTransaction(this.db, async (trx) => {
        await trx
          .insertInto('staff_users')
          .values({
            id,
            authority_id: input.authorityId,
            username: input.username,
            display_name: input.displayName,
            email: input.email ?? null,
            roles: input.roles,
            password_hash: hash,
            must_change_password: true,
            password_changed_at: null,
            totp_secret: null,
            totp_last_step: null,
            locked_until: null,
            disabled_at: null,
            last_login_at: null,
          })
          .execute();
        await recordAudit(trx, actor, {
          action: 'staff.create',
          resourceType: 'staff_user',
          resourceId: id,
          authorityId: input.authorityId,
          after: { username: input.username, displayName: input.displayName, roles: input.roles },
        });
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new AppError('USERNAME_TAKEN', {}, [{ path: '/username', code: 'taken' }]);
      throw error;
    }
    return { id, oneTimePassword };
  }

  async updateStaff(
    actor: AuditActor,
    authorityId: string,
    id: string,
    patch: { displayName?: string; email?: string | null; roles?: Role[]; disabled?: boolean },
  ): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const user = await trx
        .selectFrom('staff_users')
        .selectAll()
        .where('id', '=', id)
        .where('authority_id', '=', authorityId)
        .forUpdate()
        .executeTakeFirst();
      if (!user) throw new AppError('NOT_FOUND');
      const losesAdmin =
        user.roles.includes('admin') &&
        !user.disabled_at &&
        ((patch.roles && !patch.roles.includes('admin')) || patch.disabled === true);
      if (losesAdmin) {
        const others = await trx
          .selectFrom('staff_users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('authority_id', '=', authorityId)
          .where('id', '!=', id)
          .where('disabled_at', 'is', null)
          .where(sql<boolean>`'admin' = any(roles)`)
          .executeTakeFirstOrThrow();
        if (Number(others.n) === 0) throw new AppError('LAST_ADMIN');
      }
      const next = {
        display_name: patch.displayName ?? user.display_name,
        email: patch.email !== undefined ? patch.email : user.email,
        roles: patch.roles ?? user.roles,
        disabled_at:
          patch.disabled === undefined
            ? user.disabled_at
            : patch.disabled
              ? (user.disabled_at ?? new Date())
              : null,
        updated_at: new Date(),
      };
      await trx.updateTable('staff_users').set(next).where('id', '=', id).execute();
      if (patch.disabled === true || (patch.roles && patch.roles.join() !== user.roles.join())) {
        // A disabled account or changed roles take effect at once: its sessions end.
        await trx
          .updateTable('staff_sessions')
          .set({ revoked_at: new Date() })
          .where('user_id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
      }
      await recordAudit(trx, actor, {
        action: patch.disabled === true ? 'staff.disable' : 'staff.update',
        resourceType: 'staff_user',
        resourceId: id,
        before: {
          displayName: user.display_name,
          email: user.email,
          roles: user.roles,
          disabled: !!user.disabled_at,
        },
        after: {
          displayName: next.display_name,
          email: next.email,
          roles: next.roles,
          disabled: !!next.disabled_at,
        },
      });
    });
  }

  /** New one-time password; the account must change it and, for admins/auditors, re-enrol TOTP. */
  async resetStaffPassword(
    actor: AuditActor,
    authorityId: string,
    id: string,
    resetTotp: boolean,
  ): Promise<string> {
    const oneTimePassword = generateOneTimePassword();
    const hash = await hashPassword(oneTimePassword);
    await inTransaction(this.db, async (trx) => {
      const res = await trx
        .updateTable('staff_users')
        .set({
          password_hash: hash,
          must_change_password: true,
          failed_logins: 0,
          locked_until: null,
          updated_at: new Date(),
          ...(resetTotp ? { totp_enabled: false, totp_secret: null, totp_last_step: null } : {}),
        })
        .where('id', '=', id)
        .where('authority_id', '=', authorityId)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) throw new AppError('NOT_FOUND');
      await trx
        .updateTable('staff_sessions')
        .set({ revoked_at: new Date() })
        .where('user_id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      await recordAudit(trx, actor, {
        action: 'staff.reset_password',
        resourceType: 'staff_user',
        resourceId: id,
        details: { resetTotp },
      });
    });
    return oneTimePassword;
  }

  /** True if the database has no staff account yet (first start). */
  async isEmpty(): Promise<boolean> {
    const row = await withInstallation(
      this.db,
      (db) => db.selectFrom('staff_users').select('id').limit(1).executeTakeFirst(),
      'first start',
    );
    return !row;
  }
}
