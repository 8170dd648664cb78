import { createHash } from 'node:crypto';
import { uuidv7 } from '../../../core/ids';
import {
  CONSENT_CONFIRM_DAYS,
  type ConsentState,
  consentState,
  maskEmail,
  normaliseEmail,
} from '../../../core/invitations/rules';
import type { Locale } from '../../../core/locale';
import { localDate, zonedDateTimeToInstant } from '../../../core/time';
import type { Db, Executor } from '../../db/database';
import { filterAuthorityId } from '../../db/scope';
import { inTransaction } from '../../db/transaction';
import { hashToken, newToken } from '../../http/auth';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '../audit/service';
import { queueMail } from '../notify/service';
import type { ConsentEndReason } from './tables';

/**
 * The consent record for invitations by e-mail (#14, ADR 34). A clerk records the address the
 * resident gives at the desk for this one purpose; the resident confirms it with the link in a
 * confirmation mail (double opt-in) — only then does a run write by e-mail. The consent ends when
 * it is withdrawn (at the desk, or by the link in any invitation mail), when a new address
 * replaces it, or when the person moves away or dies; its address is then removed and its
 * SHA-256 kept as proof of what was consented to, until the retention period ends.
 */

export const CONSENT_PURPOSE = 'id_expiry_invitation' as const;
const DAY = 24 * 60 * 60_000;
/** Unconfirmed consents go 30 days after their end; ended ones at the end of the third year. */
const UNCONFIRMED_KEEP_DAYS = 30;
const PROOF_KEEP_YEARS = 3;

export interface ConsentView {
  id: string;
  state: ConsentState;
  /** The address while the consent is open; null once ended (only its hash is kept). */
  email: string | null;
  locale: Locale;
  givenAt: string;
  givenWhere: 'desk';
  confirmBy: string;
  confirmedAt: string | null;
  endedAt: string | null;
  endReason: ConsentEndReason | null;
}

type ConsentRow = {
  id: string;
  authority_id: string;
  person_id: string;
  email: string | null;
  locale: 'de' | 'en';
  given_at: Date;
  given_where: 'desk';
  confirm_by: Date;
  confirmed_at: Date | null;
  ended_at: Date | null;
  end_reason: ConsentEndReason | null;
};

const COLUMNS = [
  'id',
  'authority_id',
  'person_id',
  'email',
  'locale',
  'given_at',
  'given_where',
  'confirm_by',
  'confirmed_at',
  'ended_at',
  'end_reason',
] as const;

function view(row: ConsentRow, now: Date): ConsentView {
  return {
    id: row.id,
    state: consentState(
      { confirmBy: row.confirm_by, confirmedAt: row.confirmed_at, endedAt: row.ended_at },
      now,
    ),
    email: row.email,
    locale: row.locale,
    givenAt: row.given_at.toISOString(),
    givenWhere: row.given_where,
    confirmBy: row.confirm_by.toISOString(),
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    endedAt: row.ended_at?.toISOString() ?? null,
    endReason: row.end_reason,
  };
}

/** What the audit trail keeps of a consent: state and a masked address, never the address. */
function auditState(v: ConsentView | null) {
  return v
    ? { id: v.id, state: v.state, email: v.email ? maskEmail(v.email) : null, endReason: v.endReason }
    : null;
}

export const emailSha256 = (email: string) =>
  createHash('sha256').update(normaliseEmail(email).toLowerCase()).digest('hex');

export const consentUrl = (publicUrl: string, token: string) =>
  `${publicUrl.replace(/\/$/, '')}/einwilligung/${token}`;

/** Confirmed consents that have not ended, of the given persons (the run's e-mail channel). */
export async function activeConsents(db: Executor, authorityId: string, personIds: string[]) {
  if (personIds.length === 0) return [];
  return db
    .selectFrom('invitation_consents')
    .select(['id', 'person_id', 'email', 'locale', 'given_at'])
    .where('authority_id', '=', authorityId)
    .where('person_id', 'in', personIds)
    .where('purpose', '=', CONSENT_PURPOSE)
    .where('ended_at', 'is', null)
    .where('confirmed_at', 'is not', null)
    .execute();
}

/** A resident of the authority (status gemeldet, alive) — else 404 or 409. */
async function residentOf(db: Executor, authorityId: string, personId: string) {
  const person = await db
    .selectFrom('register_persons')
    .select(['id', 'status', 'deceased_on'])
    .where('id', '=', personId)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!person) throw new AppError('REGISTER_PERSON_NOT_FOUND');
  return person;
}

async function latest(db: Executor, authorityId: string, personId: string, lock = false) {
  let q = db
    .selectFrom('invitation_consents')
    .select(COLUMNS)
    .where('authority_id', '=', authorityId)
    .where('person_id', '=', personId)
    .where('purpose', '=', CONSENT_PURPOSE)
    .orderBy('given_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) as ConsentRow | undefined;
}

/** The person's current (or last) consent, for the register's person view; the read is audited. */
export async function consentOfPerson(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  personId: string,
  now = new Date(),
): Promise<ConsentView | null> {
  return inTransaction(db, async (trx) => {
    await residentOf(trx, authorityId, personId);
    const row = await latest(trx, authorityId, personId);
    await recordAudit(trx, actor, {
      action: 'invitation.consent.read',
      resourceType: 'invitation_consent',
      resourceId: row?.id ?? null,
      subjectPersonId: personId,
    });
    return row ? view(row, now) : null;
  });
}

async function endConsent(
  trx: Executor,
  id: string,
  reason: ConsentEndReason,
  endedBy: string | null,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('invitation_consents')
    .set({ ended_at: now, end_reason: reason, ended_by: endedBy, email: null })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
  // The links of an ended consent have nothing left to do; the page then says "not found"
  // only for links never issued — a withdrawal link keeps answering "withdrawn" (idempotent).
  await trx
    .deleteFrom('invitation_consent_tokens')
    .where('consent_id', '=', id)
    .where('kind', '=', 'confirm')
    .execute();
}

/**
 * Records at the desk the address a resident gives for invitations by e-mail and sends the
 * confirmation mail (double opt-in). An open consent is replaced. Audited with before and after
 * (state and masked address).
 */
export async function recordConsent(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  personId: string,
  input: { email: string; locale: Locale },
  publicUrl: string,
  now = new Date(),
): Promise<ConsentView> {
  const email = normaliseEmail(input.email);
  return inTransaction(db, async (trx) => {
    const person = await residentOf(trx, authorityId, personId);
    if (person.status !== 'resident' || person.deceased_on) throw new AppError('CONSENT_NOT_RESIDENT');
    const before = await latest(trx, authorityId, personId, true);
    const beforeView = before ? view(before, now) : null;
    if (before && !before.ended_at) await endConsent(trx, before.id, 'replaced', actor.userId, now);
    const id = uuidv7();
    const confirmBy = new Date(now.getTime() + CONSENT_CONFIRM_DAYS * DAY);
    await trx
      .insertInto('invitation_consents')
      .values({
        id,
        authority_id: authorityId,
        person_id: personId,
        purpose: CONSENT_PURPOSE,
        email,
        email_sha256: emailSha256(email),
        locale: input.locale,
        given_at: now,
        given_where: 'desk',
        given_by: actor.userId,
        confirm_by: confirmBy,
      })
      .execute();
    const token = newToken();
    await trx
      .insertInto('invitation_consent_tokens')
      .values({ token_hash: hashToken(token), authority_id: authorityId, consent_id: id, kind: 'confirm' })
      .execute();
    await queueMail(trx, {
      to: email,
      template: 'invitations.consent-confirm',
      locale: input.locale,
      data: { confirmUrl: consentUrl(publicUrl, token), confirmBy: confirmBy.toISOString() },
      authorityId,
      related: { type: 'invitation_consent', id },
    });
    const after = view((await latest(trx, authorityId, personId))!, now);
    await recordAudit(trx, actor, {
      action: 'invitation.consent.record',
      resourceType: 'invitation_consent',
      resourceId: id,
      subjectPersonId: personId,
      before: auditState(beforeView),
      after: auditState(after),
    });
    return after;
  });
}

/** Withdrawal at the desk (the person asks in person, by letter or phone); idempotent, audited. */
export async function withdrawConsentAtDesk(
  db: Db,
  actor: AuditActor,
  authorityId: string,
  personId: string,
  now = new Date(),
): Promise<ConsentView | null> {
  return inTransaction(db, async (trx) => {
    await residentOf(trx, authorityId, personId);
    const before = await latest(trx, authorityId, personId, true);
    if (before && !before.ended_at) await endConsent(trx, before.id, 'withdrawn_at_desk', actor.userId, now);
    const after = before ? view((await latest(trx, authorityId, personId))!, now) : null;
    await recordAudit(trx, actor, {
      action: 'invitation.consent.withdraw',
      resourceType: 'invitation_consent',
      resourceId: before?.id ?? null,
      subjectPersonId: personId,
      before: auditState(before ? view(before, now) : null),
      after: auditState(after),
    });
    return after;
  });
}

/** What the citizen's page shows: no name, the address masked. */
export interface PublicConsentView {
  state: ConsentState;
  /** What the link may do: a confirmation link confirms or withdraws, a withdrawal link withdraws. */
  kind: 'confirm' | 'withdraw';
  email: string | null;
  confirmBy: string;
  endReason: ConsentEndReason | null;
}

const TOKEN_RE = /^[A-Za-z0-9_-]{32,64}$/;

async function byToken(db: Executor, token: string, lock = false) {
  if (!TOKEN_RE.test(token)) throw new AppError('CONSENT_TOKEN_INVALID');
  const link = await db
    .selectFrom('invitation_consent_tokens')
    .select(['consent_id', 'kind', 'authority_id'])
    .where('token_hash', '=', hashToken(token))
    // The portal's authority only: another authority's link is unknown on this portal, as
    // row-level security makes it on a server (ADR 27; found by the isolation matrix on PGlite).
    .$if(filterAuthorityId() !== undefined, (q) => q.where('authority_id', '=', filterAuthorityId()!))
    .executeTakeFirst();
  if (!link) throw new AppError('CONSENT_TOKEN_INVALID');
  let q = db.selectFrom('invitation_consents').select(COLUMNS).where('id', '=', link.consent_id);
  if (lock) q = q.forUpdate();
  const row = (await q.executeTakeFirst()) as ConsentRow | undefined;
  if (!row) throw new AppError('CONSENT_TOKEN_INVALID');
  return { row, kind: link.kind };
}

function publicView(row: ConsentRow, kind: 'confirm' | 'withdraw', now: Date): PublicConsentView {
  const v = view(row, now);
  return {
    state: v.state,
    kind,
    email: v.email ? maskEmail(v.email) : null,
    confirmBy: v.confirmBy,
    endReason: v.endReason,
  };
}

export async function consentByToken(
  db: Executor,
  token: string,
  now = new Date(),
): Promise<PublicConsentView> {
  const { row, kind } = await byToken(db, token);
  return publicView(row, kind, now);
}

/** The double opt-in: confirms the address. Idempotent; refused once expired or ended. */
export async function confirmConsentByToken(
  db: Db,
  actor: AuditActor,
  token: string,
  now = new Date(),
): Promise<PublicConsentView> {
  return inTransaction(db, async (trx) => {
    const { row, kind } = await byToken(trx, token, true);
    if (kind !== 'confirm') throw new AppError('CONSENT_TOKEN_INVALID');
    const state = view(row, now).state;
    if (state === 'active') return publicView(row, kind, now);
    if (state === 'ended') throw new AppError('CONSENT_ENDED');
    if (state === 'expired') throw new AppError('CONSENT_CONFIRMATION_EXPIRED');
    await trx
      .updateTable('invitation_consents')
      .set({ confirmed_at: now })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, actor, {
      action: 'invitation.consent.confirm',
      resourceType: 'invitation_consent',
      resourceId: row.id,
      subjectPersonId: row.person_id,
      authorityId: row.authority_id,
      before: { state },
      after: { state: 'active' },
    });
    return publicView({ ...row, confirmed_at: now }, kind, now);
  });
}

/** The citizen withdraws by the link in a mail: no sign-in, idempotent, audited. */
export async function withdrawConsentByToken(
  db: Db,
  actor: AuditActor,
  token: string,
  now = new Date(),
): Promise<PublicConsentView> {
  return inTransaction(db, async (trx) => {
    const { row, kind } = await byToken(trx, token, true);
    if (row.ended_at) return publicView(row, kind, now);
    const before = view(row, now).state;
    await endConsent(trx, row.id, 'withdrawn_by_citizen', null, now);
    await recordAudit(trx, actor, {
      action: 'invitation.consent.withdraw',
      resourceType: 'invitation_consent',
      resourceId: row.id,
      subjectPersonId: row.person_id,
      authorityId: row.authority_id,
      before: { state: before },
      after: { state: 'ended', endReason: 'withdrawn_by_citizen' },
    });
    return publicView({ ...row, ended_at: now, end_reason: 'withdrawn_by_citizen', email: null }, kind, now);
  });
}

/**
 * Daily: ends the consents of persons who moved away or died, and those not confirmed in time;
 * then deletes ended consents after their retention (`invitations.consents`): never confirmed —
 * 30 days after the end; otherwise at the end of the third calendar year after the end (proof of
 * consent, Art. 7 Abs. 1 DSGVO). Audited per authority with counts only.
 */
export async function maintainConsents(
  db: Db,
  now = new Date(),
): Promise<{ ended: number; deleted: number }> {
  return inTransaction(db, async (trx) => {
    const open = await trx
      .selectFrom('invitation_consents as c')
      .innerJoin('register_persons as p', 'p.id', 'c.person_id')
      .select(['c.id', 'c.authority_id', 'c.confirmed_at', 'c.confirm_by', 'p.status', 'p.deceased_on'])
      .where('c.ended_at', 'is', null)
      .execute();
    const perAuthority = new Map<string, Record<string, number>>();
    let ended = 0;
    for (const c of open) {
      const reason: ConsentEndReason | null =
        c.deceased_on || c.status === 'deceased'
          ? 'deceased'
          : c.status !== 'resident'
            ? 'moved_away'
            : !c.confirmed_at && c.confirm_by.getTime() <= now.getTime()
              ? 'not_confirmed'
              : null;
      if (!reason) continue;
      await endConsent(trx, c.id, reason, null, now);
      const counts = perAuthority.get(c.authority_id) ?? {};
      counts[reason] = (counts[reason] ?? 0) + 1;
      perAuthority.set(c.authority_id, counts);
      ended++;
    }
    for (const [authorityId, counts] of perAuthority)
      await recordAudit(trx, SYSTEM_ACTOR, {
        action: 'invitation.consent.end',
        resourceType: 'invitation_consent',
        authorityId,
        details: counts,
      });
    const unconfirmedBefore = new Date(now.getTime() - UNCONFIRMED_KEEP_DAYS * DAY);
    // Ended in year Y → kept to the end of Y + 3 → deleted from 1 January of Y + 4 (Berlin).
    const proofBefore = zonedDateTimeToInstant(
      `${String(Number(localDate(now).slice(0, 4)) - PROOF_KEEP_YEARS).padStart(4, '0')}-01-01`,
      '00:00',
    );
    const deleted = await trx
      .deleteFrom('invitation_consents')
      .where('ended_at', 'is not', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('confirmed_at', 'is', null), eb('ended_at', '<', unconfirmedBefore)]),
          eb('ended_at', '<', proofBefore),
        ]),
      )
      .returning('authority_id')
      .execute();
    const deletedPer = new Map<string, number>();
    for (const r of deleted) deletedPer.set(r.authority_id, (deletedPer.get(r.authority_id) ?? 0) + 1);
    for (const [authorityId, count] of deletedPer)
      await recordAudit(trx, SYSTEM_ACTOR, {
        action: 'retention.apply',
        resourceType: 'retention',
        resourceId: 'invitations.consents',
        authorityId,
        details: { kind: 'invitations.consents', action: 'delete', count },
      });
    return { ended, deleted: deleted.length };
  });
}
