import type { Db } from './db/database';
import { withAuthority, withInstallation } from './db/scope';
import { AppError } from './http/errors';
import { SYSTEM_ACTOR } from './modules/audit/service';
import type { IdentityService } from './modules/identity/service';

export interface FirstAdmin {
  username: string;
  oneTimePassword: string;
}

/**
 * On first start with no staff account, creates the first administrator with a one-time
 * password. The caller prints it once; it is stored only as an Argon2id hash, must be changed
 * at first sign-in, and TOTP enrolment follows.
 */
export async function ensureFirstAdmin(db: Db, identity: IdentityService): Promise<FirstAdmin | undefined> {
  if (!(await identity.isEmpty())) return undefined;
  const authority = await withInstallation(
    db,
    (db) => db.selectFrom('authorities').select('id').orderBy('created_at').limit(1).executeTakeFirst(),
    'first start',
  );
  if (!authority) throw new Error('no authority in the database: seed the reference data first');
  const username = 'admin';
  try {
    const { oneTimePassword } = await withAuthority(db, authority.id, () =>
      identity.createStaff(
        { ...SYSTEM_ACTOR, authorityId: authority.id },
        {
          authorityId: authority.id,
          username,
          displayName: 'Erste Administratorin / First administrator',
          roles: ['admin'],
        },
      ),
    );
    return { username, oneTimePassword };
  } catch (error) {
    // Another process started on the same database at the same moment created it (#12) and
    // shows its one-time password; this one shows none.
    if (error instanceof AppError && error.code === 'USERNAME_TAKEN') return undefined;
    throw error;
  }
}
