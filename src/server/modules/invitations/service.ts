import type { ServiceContent } from '../../../core/catalog/content';
import { uuidv7 } from '../../../core/ids';
import {
  countByChannel,
  type ExclusionReason,
  INVITABLE_KINDS,
  INVITATION_LEAD_DAYS,
  type InvitableKind,
  type InvitationCandidate,
  type InvitationOfficeDay,
  selectInvitations,
  windowEnd,
} from '../../../core/invitations/rules';
import { addDays, type IsoDate, localDate } from '../../../core/time';
import type { AppConfig } from '../../config';
import type { Db, Executor } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { enqueueJob } from '../../jobs/runner';
import { type AuditActor, recordAudit, SYSTEM_ACTOR } from '../audit/service';
import { activeConsents } from './consent';
import { queueInvitationMails } from './mail';

/**
 * Invitations before an ID expires (#14): the opt-in per authority, the preparation (monthly job
 * or "Jetzt vorbereiten"), the dry run. The rules are in src/core/invitations/rules.ts; this loads
 * their input and stores what they select. Each run is audited with counts only.
 */

/** The catalogue services an invitation is for, by address (slug) of the service page. */
export const INVITATION_SERVICE_SLUGS: Record<InvitableKind, string> = {
  id_card: 'personalausweis-beantragen',
  passport: 'reisepass-beantragen',
};

export interface InvitationSettings {
  enabled: boolean;
  /** The authority's own window, or null for the installation's default. */
  windowDays: number | null;
  /** The window a run uses now. */
  effectiveWindowDays: number;
}

export async function loadSettings(
  db: Executor,
  config: AppConfig,
  authorityId: string,
): Promise<InvitationSettings> {
  const row = await db
    .selectFrom('invitation_settings')
    .select(['enabled', 'window_days'])
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  return {
    enabled: row?.enabled ?? false,
    windowDays: row?.window_days ?? null,
    effectiveWindowDays: row?.window_days ?? config.invitationWindowDays,
  };
}

export async function saveSettings(
  db: Db,
  config: AppConfig,
  actor: AuditActor,
  authorityId: string,
  input: { enabled: boolean; windowDays: number | null },
): Promise<InvitationSettings> {
  return inTransaction(db, async (trx) => {
    const before = await loadSettings(trx, config, authorityId);
    await trx
      .insertInto('invitation_settings')
      .values({
        authority_id: authorityId,
        enabled: input.enabled,
        window_days: input.windowDays,
        updated_by: actor.userId,
      })
      .onConflict((oc) =>
        oc.column('authority_id').doUpdateSet({
          enabled: input.enabled,
          window_days: input.windowDays,
          updated_by: actor.userId,
          updated_at: new Date(),
        }),
      )
      .execute();
    const after = await loadSettings(trx, config, authorityId);
    await recordAudit(trx, actor, {
      action: 'invitation.settings',
      resourceType: 'invitation_settings',
      resourceId: authorityId,
      before: { enabled: before.enabled, windowDays: before.windowDays },
      after: { enabled: after.enabled, windowDays: after.windowDays },
    });
    return after;
  });
}

interface InvitationService {
  id: string;
  kind: InvitableKind;
  mobile: boolean;
  content: ServiceContent;
}

/** The published ID-card and passport services of the authority. */
export async function invitationServices(db: Executor, authorityId: string): Promise<InvitationService[]> {
  const rows = await db
    .selectFrom('catalog_published')
    .select(['service_id', 'slug', 'channels', 'content'])
    .where('authority_id', '=', authorityId)
    .where('slug', 'in', Object.values(INVITATION_SERVICE_SLUGS))
    .execute();
  return INVITABLE_KINDS.flatMap((kind) => {
    const row = rows.find((r) => r.slug === INVITATION_SERVICE_SLUGS[kind]);
    if (!row) return [];
    const content = (
      typeof row.content === 'string' ? JSON.parse(row.content) : row.content
    ) as ServiceContent;
    return [{ id: row.service_id, kind, mobile: row.channels.includes('mobile'), content }];
  });
}

/** Planned office days from `from` to `until` with the village of their place and the services they offer. */
async function loadOfficeDays(
  db: Executor,
  authorityId: string,
  services: InvitationService[],
  from: IsoDate,
  until: IsoDate,
): Promise<InvitationOfficeDay[]> {
  if (services.length === 0) return [];
  const rows = await db
    .selectFrom('office_days as d')
    .innerJoin('locations as l', 'l.id', 'd.location_id')
    .select(['d.id', 'd.date', 'd.service_ids', 'l.village_id'])
    .where('d.authority_id', '=', authorityId)
    .where('d.status', '=', 'planned')
    .where('l.active', '=', true)
    .where('l.village_id', 'is not', null)
    .where('d.date', '>=', from)
    .where('d.date', '<', until)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    villageId: r.village_id,
    kinds: services
      .filter((s) => (r.service_ids ? r.service_ids.includes(s.id) : s.mobile))
      .map((s) => s.kind),
  }));
}

const CHUNK = 1000;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * ID cards and passports of the authority whose last valid day is in the window, with what the
 * rules need about their holders. Person status, residence and blocks are decided by the rules.
 */
async function loadCandidates(
  db: Executor,
  authorityId: string,
  today: IsoDate,
  last: IsoDate,
): Promise<InvitationCandidate[]> {
  const docs = await db
    .selectFrom('register_id_documents as d')
    .innerJoin('register_persons as p', 'p.id', 'd.person_id')
    .select([
      'd.id',
      'd.person_id',
      'd.kind',
      'd.status',
      'd.valid_until',
      'p.status as person_status',
      'p.deceased_on',
    ])
    .where('d.authority_id', '=', authorityId)
    .where('d.kind', 'in', [...INVITABLE_KINDS])
    .where('d.status', '=', 'valid')
    .where('d.valid_until', '>=', today)
    .where('d.valid_until', '<=', last)
    .execute();
  if (docs.length === 0) return [];
  const personIds = [...new Set(docs.map((d) => d.person_id))];
  const villages = new Map<string, string[]>();
  const blocked = new Set<string>();
  const applied = new Set<string>();
  const consenting = new Set<string>();
  for (const ids of chunks(personIds)) {
    const residences = await db
      .selectFrom('register_residences as r')
      .innerJoin('register_dwellings as w', 'w.id', 'r.dwelling_id')
      .leftJoin('villages as v', 'v.id', 'w.village_id')
      .select(['r.person_id', 'w.village_id', 'w.kind as dwelling_kind', 'v.parent_village_id'])
      .where('r.person_id', 'in', ids)
      .where('r.kind', 'in', ['main', 'sole'])
      .where('r.moved_out_on', 'is', null)
      .where('r.deregistered_on', 'is', null)
      .where('r.moved_in_on', '<=', today)
      .execute();
    for (const r of residences) {
      const list = villages.get(r.person_id) ?? [];
      if (r.village_id) list.push(r.village_id);
      if (r.parent_village_id) list.push(r.parent_village_id);
      villages.set(r.person_id, list);
      // § 52 BMG: living in a care home, shelter or clinic is a conditional block.
      if (r.dwelling_kind !== 'standard') blocked.add(r.person_id);
    }
    const blocks = await db
      .selectFrom('register_blocks')
      .select('person_id')
      .where('person_id', 'in', ids)
      .where('kind', '=', 'information_block')
      .where('lifted_on', 'is', null)
      .where('valid_from', '<=', today)
      .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]))
      .execute();
    for (const b of blocks) blocked.add(b.person_id);
    const pending = await db
      .selectFrom('register_id_documents')
      .select(['person_id', 'kind'])
      .where('person_id', 'in', ids)
      .where('status', '=', 'applied')
      .execute();
    for (const p of pending) applied.add(`${p.person_id}|${p.kind}`);
    for (const c of await activeConsents(db, authorityId, ids)) consenting.add(c.person_id);
  }
  return docs.map((d) => ({
    personId: d.person_id,
    documentId: d.id,
    documentKind: d.kind,
    documentStatus: d.status,
    validUntil: d.valid_until,
    personStatus: d.person_status,
    deceasedOn: d.deceased_on,
    residenceVillageIds: villages.get(d.person_id) ?? [],
    blocked: blocked.has(d.person_id),
    renewalPending: applied.has(`${d.person_id}|${d.kind}`),
    emailConsent: consenting.has(d.person_id),
  }));
}

export interface RunCounts {
  /** ID cards and passports ending in the window that were looked at. */
  considered: number;
  /** Invitations the rules select (before taking out those already prepared). */
  selected: number;
  /** Of those, prepared in an earlier run (the unique key keeps them from being prepared twice). */
  alreadyInvited: number;
  /** New invitations; of them with an information or conditional block (letter only). */
  prepared: number;
  blocked: number;
  /** Letters and e-mails (one per person and office day). */
  letters: number;
  mails: number;
  excluded: Record<ExclusionReason, number>;
}

export interface RunResult extends RunCounts {
  runId: string | null;
  today: IsoDate;
  windowDays: number;
}

/** What the rules select now (no writes); used by the runs, the dry run and the demo seed. */
export async function select(db: Executor, config: AppConfig, authorityId: string, now: Date) {
  const settings = await loadSettings(db, config, authorityId);
  const today = localDate(now);
  const windowDays = settings.effectiveWindowDays;
  const last = windowEnd(today, windowDays);
  const services = await invitationServices(db, authorityId);
  const [candidates, officeDays] = await Promise.all([
    loadCandidates(db, authorityId, today, last),
    loadOfficeDays(db, authorityId, services, addDays(today, INVITATION_LEAD_DAYS), last),
  ]);
  const selection = selectInvitations({ today, windowDays, candidates, officeDays });
  return { settings, today, windowDays, candidates, selection };
}

async function alreadyPrepared(
  db: Executor,
  authorityId: string,
  documentIds: string[],
): Promise<Set<string>> {
  const done = new Set<string>();
  for (const ids of chunks(documentIds)) {
    const rows = await db
      .selectFrom('invitations')
      .select(['id_document_id', 'valid_until'])
      .where('authority_id', '=', authorityId)
      .where('id_document_id', 'in', ids)
      .execute();
    for (const r of rows) done.add(`${r.id_document_id}|${r.valid_until}`);
  }
  return done;
}

/** What "Jetzt vorbereiten" would prepare now (changes nothing; audited with counts). */
export async function previewInvitations(
  db: Db,
  config: AppConfig,
  actor: AuditActor,
  authorityId: string,
  now = new Date(),
): Promise<RunResult & { enabled: boolean }> {
  const { settings, today, windowDays, candidates, selection } = await select(db, config, authorityId, now);
  const done = await alreadyPrepared(
    db,
    authorityId,
    selection.invitations.map((i) => i.documentId),
  );
  const fresh = selection.invitations.filter((i) => !done.has(`${i.documentId}|${i.validUntil}`));
  const counts: RunCounts = {
    considered: candidates.length,
    selected: selection.invitations.length,
    alreadyInvited: selection.invitations.length - fresh.length,
    prepared: fresh.length,
    blocked: fresh.filter((i) => i.blocked).length,
    ...countByChannel(fresh),
    excluded: selection.excluded,
  };
  await recordAudit(db, actor, {
    action: 'invitation.preview',
    resourceType: 'invitation_run',
    authorityId,
    details: { today, windowDays, ...counts },
  });
  return { runId: null, today, windowDays, enabled: settings.enabled, ...counts };
}

/**
 * Prepares the invitations that are due and not prepared yet, in one transaction with its audit
 * row. Safe to repeat and to run in two processes at once: the unique key on (authority, ID
 * document, expiry) lets each invitation in once; a rerun prepares only what is new. When the
 * authority has not switched invitations on, nothing is prepared (`INVITATIONS_DISABLED`).
 */
export async function prepareInvitations(
  db: Db,
  config: AppConfig,
  actor: AuditActor,
  authorityId: string,
  options: { now?: Date; scheduled?: boolean; portalUrl?: string } = {},
): Promise<RunResult> {
  const now = options.now ?? new Date();
  return inTransaction(db, async (trx) => {
    const { settings, today, windowDays, candidates, selection } = await select(
      trx,
      config,
      authorityId,
      now,
    );
    if (!settings.enabled) throw new AppError('INVITATIONS_DISABLED');
    const runId = uuidv7();
    await trx
      .insertInto('invitation_runs')
      .values({
        id: runId,
        authority_id: authorityId,
        month: today.slice(0, 7),
        scheduled: !!options.scheduled,
        today,
        window_days: windowDays,
        prepared: 0,
        letters: 0,
        counts: JSON.stringify({}),
      })
      .execute();
    const inserted: typeof selection.invitations = [];
    for (const batch of chunks(selection.invitations)) {
      const rows = await trx
        .insertInto('invitations')
        .values(
          batch.map((i) => ({
            id: uuidv7(),
            authority_id: authorityId,
            run_id: runId,
            person_id: i.personId,
            id_document_id: i.documentId,
            document_kind: i.documentKind,
            valid_until: i.validUntil,
            office_day_id: i.officeDayId,
            channel: i.channel,
          })),
        )
        .onConflict((oc) => oc.columns(['authority_id', 'id_document_id', 'valid_until']).doNothing())
        .returning('id_document_id')
        .execute();
      const ids = new Set(rows.map((r) => r.id_document_id));
      inserted.push(...batch.filter((i) => ids.has(i.documentId)));
    }
    // The mails go out with the rows that caused them: in this transaction, once per invitation
    // (a retry or a second process inserts nothing and so mails nothing). A mail that cannot be
    // composed (the office day was cancelled meanwhile) becomes a letter.
    const mailed = await queueInvitationMails(
      trx,
      actor,
      authorityId,
      runId,
      inserted.filter((i) => i.channel === 'email'),
      // Links in mails go to the authority's portal (ADR 27): its tokens are found only there.
      options.portalUrl ?? config.publicUrl,
    );
    const asSent = inserted.map((i) =>
      i.channel === 'email' && !mailed.has(`${i.personId}|${i.officeDayId}`)
        ? { ...i, channel: 'letter' as const }
        : i,
    );
    const fallback = asSent.filter((i, n) => i.channel !== inserted[n]!.channel).map((i) => i.documentId);
    for (const ids of chunks(fallback))
      await trx
        .updateTable('invitations')
        .set({ channel: 'letter', consent_id: null })
        .where('run_id', '=', runId)
        .where('id_document_id', 'in', ids)
        .execute();
    const counts: RunCounts = {
      considered: candidates.length,
      selected: selection.invitations.length,
      alreadyInvited: selection.invitations.length - inserted.length,
      prepared: inserted.length,
      blocked: inserted.filter((i) => i.blocked).length,
      ...countByChannel(asSent),
      excluded: selection.excluded,
    };
    await trx
      .updateTable('invitation_runs')
      .set({
        prepared: counts.prepared,
        letters: counts.letters,
        mails: counts.mails,
        counts: JSON.stringify(counts),
        finished_at: new Date(),
      })
      .where('id', '=', runId)
      .execute();
    await recordAudit(trx, actor, {
      action: 'invitation.run',
      resourceType: 'invitation_run',
      resourceId: runId,
      authorityId,
      details: { today, windowDays, scheduled: !!options.scheduled, ...counts },
    });
    return { runId, today, windowDays, ...counts };
  });
}

export interface RunSummary {
  id: string;
  month: string;
  scheduled: boolean;
  today: string;
  windowDays: number;
  prepared: number;
  letters: number;
  mails: number;
  blocked: number;
  alreadyInvited: number;
  startedAt: string;
}

export async function listRuns(db: Executor, authorityId: string, limit = 12): Promise<RunSummary[]> {
  const rows = await db
    .selectFrom('invitation_runs')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('finished_at', 'is not', null)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const counts = (typeof r.counts === 'string' ? JSON.parse(r.counts) : r.counts) as Partial<RunCounts>;
    return {
      id: r.id,
      month: r.month,
      scheduled: r.scheduled,
      today: r.today,
      windowDays: r.window_days,
      prepared: r.prepared,
      letters: r.letters,
      mails: r.mails,
      blocked: counts.blocked ?? 0,
      alreadyInvited: counts.alreadyInvited ?? 0,
      startedAt: r.started_at.toISOString(),
    };
  });
}

export const MONTHLY_JOB = 'invitations.monthly';

/**
 * Once a month per authority that switched invitations on: every process checks every hour; the
 * first that inserts the authority's row for the month (Europe/Berlin) enqueues the run. The job
 * queue hands it to one process and retries it; the run itself is safe to repeat.
 */
export async function scheduleMonthlyInvitations(db: Db, now = new Date()): Promise<string[]> {
  const month = localDate(now).slice(0, 7);
  const enabled = await db
    .selectFrom('invitation_settings')
    .select('authority_id')
    .where('enabled', '=', true)
    .execute();
  const started: string[] = [];
  for (const { authority_id: authorityId } of enabled) {
    const ok = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('invitation_months')
        .values({ authority_id: authorityId, month })
        .onConflict((oc) => oc.columns(['authority_id', 'month']).doNothing())
        .returning('month')
        .executeTakeFirst();
      if (!inserted) return false;
      await enqueueJob(trx, {
        type: MONTHLY_JOB,
        authorityId,
        payload: { authorityId, month },
        dedupeKey: `invitations:${authorityId}:${month}`,
      });
      return true;
    });
    if (ok) started.push(authorityId);
  }
  return started;
}

/** Ids of the invitations of a run (for the letters), oldest first. */
export async function runInvitations(db: Executor, authorityId: string, runId: string) {
  const run = await db
    .selectFrom('invitation_runs')
    .selectAll()
    .where('id', '=', runId)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!run) throw new AppError('INVITATION_RUN_NOT_FOUND');
  const rows = await db
    .selectFrom('invitations')
    .select(['id', 'person_id', 'id_document_id', 'document_kind', 'valid_until', 'office_day_id', 'channel'])
    .where('run_id', '=', runId)
    .where('authority_id', '=', authorityId)
    .orderBy('id')
    .execute();
  return { run, rows };
}

/**
 * Retention (`invitations.prepared` in the schedule): an invitation is kept until the day after
 * the document's last valid day — until then it keeps the document from being invited twice and
 * the letter can be printed again; then it is deleted. The runs keep their counts. Audited with
 * the count only.
 */
export async function deleteExpiredInvitations(db: Db, now = new Date()): Promise<number> {
  const today = localDate(now);
  return inTransaction(db, async (trx) => {
    const rows = await trx
      .deleteFrom('invitations')
      .where('valid_until', '<', today)
      .returning('authority_id')
      .execute();
    const perAuthority = new Map<string, number>();
    for (const r of rows) perAuthority.set(r.authority_id, (perAuthority.get(r.authority_id) ?? 0) + 1);
    for (const [authorityId, count] of perAuthority)
      await recordAudit(trx, SYSTEM_ACTOR, {
        action: 'retention.apply',
        resourceType: 'retention',
        resourceId: 'invitations.prepared',
        authorityId,
        details: { kind: 'invitations.prepared', action: 'delete', count, today },
      });
    return rows.length;
  });
}
