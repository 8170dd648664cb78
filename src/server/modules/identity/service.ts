import type { FastifyRequest } from 'fastify';
import { type Selectable, sql } from 'kysely';
import { uuidv7 } from '../../../core/ids';
import { type Role, requiresMfa } from '../../../core/roles';
import type { AppConfig } from '../../config';
import type { Db, Executor } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { hashToken, newToken, type StaffPrincipal } from '../../http/auth';
import { AppError } from '../../http/errors';
import { type AuditActor, auditActor, recordAudit } from '../audit/service';
import {
  dummyPasswordHash,
  generateOneTimePassword,
  hashPassword,
  isStrongPassword,
  verifyPassword,
} from './password';
import type { SessionStage, StaffUsersTable } from './tables';
import { checkTotp, newTotpSecret, totpQrSvg, totpUri } from './totp';

type UserRow = Selectable<StaffUsersTable>;

export type IdentityConfig = Pick<
  AppConfig,
  'sessionIdleMinutes' | 'sessionAbsoluteHours' | 'loginMaxFailures' | 'loginLockoutMinutes'
>;

/** The stage a fresh session starts in, after the password was right. */
function stageAfterPassword(
  user: Pick<UserRow, 'totp_enabled' | 'must_change_password' | 'roles'>,
): SessionStage {
  if (user.totp_enabled) return 'mfa_required';
  return stageAfterSecondFactor(user);
}

function stageAfterSecondFactor(
  user: Pick<UserRow, 'totp_enabled' | 'must_change_password' | 'roles'>,
): SessionStage {
  if (user.must_change_password) return 'password_change_required';
  if (!user.totp_enabled && requiresMfa(user.roles)) return 'mfa_enrolment_required';
  return 'active';
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

  async loadSession(tokenHash: string): Promise<StaffPrincipal | 'expired' | undefined> {
    const row = await this.db
      .selectFrom('staff_sessions as s')
      .innerJoin('staff_users as u', 'u.id', 's.user_id')
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
      ])
      .where('s.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return undefined;
    const now = Date.now();
    const idleLimit = row.last_seen_at.getTime() + this.config.sessionIdleMinutes * 60_000;
    if (row.revoked_at || row.disabled_at || row.absolute_expires_at.getTime() <= now || idleLimit <= now) {
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
      authorityId: row.authority_id,
      roles: row.roles,
      sessionId: row.session_id,
      stage: row.stage,
      csrfToken: row.csrf_token,
      totpEnabled: row.totp_enabled,
    };
  }

  /** Password check with lockout. Every attempt is recorded in the audit trail. */
  async login(request: FastifyRequest, username: string, password: string): Promise<LoginResult> {
    const actor: AuditActor = { ...auditActor(request), username };
    const user = await this.db
      .selectFrom('staff_users')
      .selectAll()
      .where(sql`lower(username)`, '=', username.toLowerCase())
      .executeTakeFirst();
    if (!user) {
      await verifyPassword(password, await dummyPasswordHash());
      await recordAudit(this.db, actor, {
        action: 'auth.login',
        resourceType: 'staff_user',
        result: 'failure',
        errorCode: 'LOGIN_FAILED',
      });
      throw new AppError('LOGIN_FAILED');
    }
    const base = { ...actor, authorityId: user.authority_id, userId: user.id };
    if (user.locked_until && user.locked_until.getTime() > Date.now()) {
      await recordAudit(this.db, base, {
        action: 'auth.login',
        resourceType: 'staff_user',
        resourceId: user.id,
        result: 'denied',
        errorCode: 'ACCOUNT_LOCKED',
      });
      throw new AppError('ACCOUNT_LOCKED', {
        minutes: Math.ceil((user.locked_until.getTime() - Date.now()) / 60000),
      });
    }
    const ok = await verifyPassword(password, user.password_hash);
    if (!ok) {
      const failures = user.failed_logins + 1;
      const lock = failures >= this.config.loginMaxFailures;
      await inTransaction(this.db, async (trx) => {
        await trx
          .updateTable('staff_users')
          .set({
            failed_logins: lock ? 0 : failures,
            locked_until: lock
              ? new Date(Date.now() + this.config.loginLockoutMinutes * 60_000)
              : user.locked_until,
          })
          .where('id', '=', user.id)
          .execute();
        await recordAudit(trx, base, {
          action: lock ? 'auth.lockout' : 'auth.login',
          resourceType: 'staff_user',
          resourceId: user.id,
          result: 'failure',
          errorCode: lock ? 'ACCOUNT_LOCKED' : 'LOGIN_FAILED',
        });
      });
      if (lock) throw new AppError('ACCOUNT_LOCKED', { minutes: this.config.loginLockoutMinutes });
      throw new AppError('LOGIN_FAILED');
    }
    if (user.disabled_at) {
      await recordAudit(this.db, base, {
        action: 'auth.login',
        resourceType: 'staff_user',
        resourceId: user.id,
        result: 'denied',
        errorCode: 'ACCOUNT_DISABLED',
      });
      throw new AppError('ACCOUNT_DISABLED');
    }
    const stage = stageAfterPassword(user);
    const token = newToken();
    const csrf = newToken(24);
    const sessionId = uuidv7();
    await inTransaction(this.db, async (trx) => {
      await trx
        .insertInto('staff_sessions')
        .values({
          id: sessionId,
          authority_id: user.authority_id,
          user_id: user.id,
          token_hash: hashToken(token),
          csrf_token: csrf,
          stage,
          absolute_expires_at: new Date(Date.now() + this.config.sessionAbsoluteHours * 3_600_000),
          revoked_at: null,
          user_agent: (request.headers['user-agent'] ?? '').slice(0, 300) || null,
        })
        .execute();
      await trx
        .updateTable('staff_users')
        .set({
          failed_logins: 0,
          locked_until: null,
          ...(stage === 'active' ? { last_login_at: new Date() } : {}),
        })
        .where('id', '=', user.id)
        .execute();
      await recordAudit(trx, base, {
        action: 'auth.login',
        resourceType: 'staff_user',
        resourceId: user.id,
        details: { stage, sessionId },
      });
    });
    return {
      token,
      principal: {
        userId: user.id,
        username: user.username,
        displayName: user.display_name,
        authorityId: user.authority_id,
        roles: user.roles,
        sessionId,
        stage,
        csrfToken: csrf,
        totpEnabled: user.totp_enabled,
      },
    };
  }

  private async user(executor: Executor, id: string) {
    return executor.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  private async setStage(executor: Executor, sessionId: string, stage: SessionStage): Promise<void> {
    await executor.updateTable('staff_sessions').set({ stage }).where('id', '=', sessionId).execute();
  }

  /** Second step of sign-in: the TOTP code. Wrong codes count towards the lockout like passwords. */
  async verifySecondFactor(request: FastifyRequest, code: string): Promise<SessionStage> {
    const staff = request.staff!;
    const user = await this.user(this.db, staff.userId);
    const step = user.totp_secret ? await checkTotp(user.totp_secret, code, user.totp_last_step) : null;
    if (step === null) {
      const failures = user.failed_logins + 1;
      const lock = failures >= this.config.loginMaxFailures;
      await inTransaction(this.db, async (trx) => {
        await trx
          .updateTable('staff_users')
          .set({
            failed_logins: lock ? 0 : failures,
            locked_until: lock ? new Date(Date.now() + this.config.loginLockoutMinutes * 60_000) : null,
          })
          .where('id', '=', user.id)
          .execute();
        if (lock)
          await trx
            .updateTable('staff_sessions')
            .set({ revoked_at: new Date() })
            .where('id', '=', staff.sessionId)
            .execute();
        await recordAudit(trx, auditActor(request), {
          action: 'auth.mfa',
          resourceType: 'staff_user',
          resourceId: user.id,
          result: 'failure',
          errorCode: lock ? 'ACCOUNT_LOCKED' : 'TOTP_INVALID',
        });
      });
      if (lock) throw new AppError('ACCOUNT_LOCKED', { minutes: this.config.loginLockoutMinutes });
      throw new AppError('TOTP_INVALID');
    }
    const stage = stageAfterSecondFactor(user);
    await inTransaction(this.db, async (trx) => {
      await trx
        .updateTable('staff_users')
        .set({
          totp_last_step: step,
          failed_logins: 0,
          ...(stage === 'active' ? { last_login_at: new Date() } : {}),
        })
        .where('id', '=', user.id)
        .execute();
      await this.setStage(trx, staff.sessionId, stage);
      await recordAudit(trx, auditActor(request), {
        action: 'auth.mfa',
        resourceType: 'staff_user',
        resourceId: user.id,
      });
    });
    return stage;
  }

  async changePassword(
    request: FastifyRequest,
    currentPassword: string,
    newPassword: string,
  ): Promise<SessionStage> {
    const staff = request.staff!;
    const user = await this.user(this.db, staff.userId);
    if (!(await verifyPassword(currentPassword, user.password_hash)))
      throw new AppError('CURRENT_PASSWORD_WRONG', {}, [{ path: '/currentPassword', code: 'wrong' }]);
    if (!isStrongPassword(newPassword, user.username))
      throw new AppError('PASSWORD_TOO_WEAK', {}, [{ path: '/newPassword', code: 'weak' }]);
    if (newPassword === currentPassword)
      throw new AppError('PASSWORD_REUSED', {}, [{ path: '/newPassword', code: 'reused' }]);
    const hash = await hashPassword(newPassword);
    const nextUser = { ...user, must_change_password: false };
    const stage = staff.stage === 'active' ? 'active' : stageAfterSecondFactor(nextUser);
    await inTransaction(this.db, async (trx) => {
      await trx
        .updateTable('staff_users')
        .set({
          password_hash: hash,
          must_change_password: false,
          password_changed_at: new Date(),
          updated_at: new Date(),
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
      await this.setStage(trx, staff.sessionId, stage);
      await recordAudit(trx, auditActor(request), {
        action: 'auth.password_change',
        resourceType: 'staff_user',
        resourceId: user.id,
      });
    });
    return stage;
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

  async confirmTotpEnrolment(request: FastifyRequest, code: string): Promise<SessionStage> {
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
      throw new AppError('TOTP_INVALID', {}, [{ path: '/code', code: 'invalid' }]);
    }
    const stage = staff.stage === 'mfa_enrolment_required' ? 'active' : staff.stage;
    await inTransaction(this.db, async (trx) => {
      await trx
        .updateTable('staff_users')
        .set({
          totp_enabled: true,
          totp_last_step: step,
          updated_at: new Date(),
          ...(stage === 'active' ? { last_login_at: new Date() } : {}),
        })
        .where('id', '=', user.id)
        .execute();
      await this.setStage(trx, staff.sessionId, stage);
      await recordAudit(trx, auditActor(request), {
        action: 'auth.totp_enable',
        resourceType: 'staff_user',
        resourceId: user.id,
      });
    });
    return stage;
  }

  async disableTotp(request: FastifyRequest, code: string): Promise<void> {
    const staff = request.staff!;
    const user = await this.user(this.db, staff.userId);
    if (requiresMfa(user.roles)) throw new AppError('TOTP_REQUIRED_FOR_ROLE');
    const step =
      user.totp_secret && user.totp_enabled
        ? await checkTotp(user.totp_secret, code, user.totp_last_step)
        : null;
    if (step === null) throw new AppError('TOTP_INVALID', {}, [{ path: '/code', code: 'invalid' }]);
    await inTransaction(this.db, async (trx) => {
      await trx
        .updateTable('staff_users')
        .set({ totp_enabled: false, totp_secret: null, totp_last_step: null })
        .where('id', '=', user.id)
        .execute();
      await recordAudit(trx, auditActor(request), {
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
      .where('authority_id', '=', authorityId)
      .orderBy('username')
      .execute();
  }

  /** Creates an account with a one-time password that the admin hands over; it must be changed at first sign-in. */
  async createStaff(
    actor: AuditActor,
    input: {
      authorityId: string;
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
    const row = await this.db.selectFrom('staff_users').select('id').limit(1).executeTakeFirst();
    return !row;
  }
}
