import type { FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import { uuidv7 } from '../../../core/ids';
import { isOperator } from '../../../core/roles';
import type { Executor } from '../../db/database';
import { hashToken, NO_AUTHORITY, newToken, type StaffPrincipal } from '../../http/auth';
import type { SessionStage, StaffUsersTable } from './tables';

export interface OpenedSession {
  token: string;
  sessionId: string;
  principal: StaffPrincipal;
}

/**
 * Opens a staff session at `stage` inside the sign-in's transaction — the one way a sign-in (by
 * password or by passkey) creates a session: a fresh token (only its hash is stored), a CSRF
 * token, the absolute expiry, and the last sign-in time once the session is active.
 */
export async function openSession(
  trx: Executor,
  user: Selectable<StaffUsersTable>,
  stage: SessionStage,
  hours: number,
  request: FastifyRequest,
): Promise<OpenedSession> {
  const token = newToken();
  const csrf = newToken(24);
  const sessionId = uuidv7();
  await trx
    .insertInto('staff_sessions')
    .values({
      id: sessionId,
      authority_id: user.authority_id,
      user_id: user.id,
      token_hash: hashToken(token),
      csrf_token: csrf,
      stage,
      absolute_expires_at: new Date(Date.now() + hours * 3_600_000),
      revoked_at: null,
      user_agent: (request.headers['user-agent'] ?? '').slice(0, 300) || null,
    })
    .execute();
  if (stage === 'active')
    await trx
      .updateTable('staff_users')
      .set({ last_login_at: new Date() })
      .where('id', '=', user.id)
      .execute();
  return {
    token,
    sessionId,
    principal: {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      authorityId: user.authority_id ?? NO_AUTHORITY,
      operator: isOperator(user.roles),
      roles: user.roles,
      sessionId,
      stage,
      csrfToken: csrf,
      totpEnabled: user.totp_enabled,
    },
  };
}
