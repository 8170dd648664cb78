import { uuidv7 } from '../../../core/ids';
import type { AppConfig } from '../../config';
import type { Executor } from '../../db/database';
import { DEMO } from '../places/demo-ids';
import { CONSENT_PURPOSE, emailSha256 } from './consent';
import { select } from './service';

/** How many demo residents get a confirmed consent, so that a demo run produces letters and mails. */
export const DEMO_CONSENTS = 3;

/**
 * Demo data (#14, ADR 34): of the residents the rules would invite today (the demo register is
 * generated, its expiry dates spread over the year), the first few without a block get a
 * confirmed consent to invitations by e-mail with a fictitious example.org address — so that
 * "Jetzt vorbereiten" on a demo database sends mails to them and letters to everybody else.
 */
export async function seedInvitationConsentsDemo(
  db: Executor,
  config: AppConfig,
  now = new Date(),
): Promise<void> {
  const authorityId = DEMO.authorityMeerane;
  // The test templates seed with a partial config: the window is then the default of 120 days.
  const window = { ...config, invitationWindowDays: config.invitationWindowDays ?? 120 };
  const { selection } = await select(db, window, authorityId, now);
  const persons = [...new Set(selection.invitations.filter((i) => !i.blocked).map((i) => i.personId))]
    .sort()
    .slice(0, DEMO_CONSENTS);
  for (const [n, personId] of persons.entries()) {
    const email = `einladung.demo${n + 1}@example.org`;
    const givenAt = new Date(now.getTime() - (30 + n) * 24 * 60 * 60_000);
    await db
      .insertInto('invitation_consents')
      .values({
        id: uuidv7(),
        authority_id: authorityId,
        person_id: personId,
        purpose: CONSENT_PURPOSE,
        email,
        email_sha256: emailSha256(email),
        locale: n === 2 ? 'en' : 'de',
        given_at: givenAt,
        given_where: 'desk',
        given_by: null,
        confirm_by: new Date(givenAt.getTime() + 7 * 24 * 60 * 60_000),
        confirmed_at: new Date(givenAt.getTime() + 60 * 60_000),
      })
      .execute();
  }
}
