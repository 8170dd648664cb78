import { sql } from 'kysely';
import { uuidv7 } from '../../../core/ids';
import type { Locale } from '../../../core/locale';
import type { CallOutcome, GuestKind, VideoQueueEntry } from '../../../core/video/protocol';
import { estimateWait, type WaitEstimate } from '../../../core/video/wait';
import type { Executor } from '../../db/database';
import { hashToken, newToken } from '../../http/auth';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import { markAttendance } from '../booking/service';
import { findCallableVideoAppointment, videoAppointmentSummaries } from '../booking/video-appointments';
import type { AttachmentView } from '../cases/attachments';
import { type CaptureResult, captureCase } from '../cases/service';
import { getPublishedServicesByIds } from '../catalog/service';
import type { EnrolledTerminal } from './terminals';

/**
 * Video calls (#11): a terminal asks, a clerk answers, either hangs up. The rows hold metadata
 * only — when, where, who answered, how it ended — and the tokens' hashes; what was said, shown
 * or typed is never stored (ADR 22).
 */

/** The terminal's per-call token is valid this long (and never after the call ended). */
export const CALL_TOKEN_HOURS = 4;
/** An invitation link for a third participant is valid this long and once. */
export const INVITE_MINUTES = 30;
/** A clerk counts as present this long after the video page's last sign of life. */
export const PRESENCE_SECONDS = 45;
/** A waiting call whose terminal has not been heard of this long is abandoned. */
export const WAITING_SILENCE_SECONDS = 60;
/** An answered call whose terminal has not been heard of this long ended by losing the connection. */
export const ACTIVE_SILENCE_SECONDS = 180;
/** Still images one call may carry. */
export const MAX_IMAGES_PER_CALL = 20;

export type CallRow = Awaited<ReturnType<typeof loadCall>>;

export async function loadCall(db: Executor, id: string) {
  return db.selectFrom('video_calls').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Presence and the queue
// ---------------------------------------------------------------------------------------------

/** The clerk's video page is open (heartbeat of its socket). */
export async function touchPresence(db: Executor, userId: string, authorityId: string, now = new Date()) {
  await db
    .insertInto('video_presence')
    .values({ user_id: userId, authority_id: authorityId, seen_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ seen_at: now, authority_id: authorityId }))
    .execute();
}

export async function clearPresence(db: Executor, userId: string) {
  await db.deleteFrom('video_presence').where('user_id', '=', userId).execute();
}

/** Median minutes of answered calls of the last 30 days (null: none yet). */
async function typicalCallMinutes(db: Executor, authorityId: string, now: Date): Promise<number | null> {
  const row = await sql<{ minutes: number | null }>`
    select percentile_cont(0.5) within group (order by extract(epoch from (ended_at - accepted_at)) / 60) as minutes
    from video_calls
    where authority_id = ${authorityId} and status = 'ended' and accepted_at is not null
      and ended_at > ${new Date(now.getTime() - 30 * 86_400_000)}`.execute(db);
  const minutes = row.rows[0]?.minutes;
  return minutes === null || minutes === undefined ? null : Number(minutes);
}

export interface Availability extends WaitEstimate {
  waiting: number;
  clerksReady: number;
}

/** Whether a clerk is there now and the expected wait of a new caller (the terminal's entry). */
export async function availability(
  db: Executor,
  authorityId: string,
  now = new Date(),
): Promise<Availability> {
  const since = new Date(now.getTime() - PRESENCE_SECONDS * 1000);
  const [presence, calls, typical] = await Promise.all([
    db
      .selectFrom('video_presence')
      .select('user_id')
      .where('authority_id', '=', authorityId)
      .where('seen_at', '>', since)
      .execute(),
    db
      .selectFrom('video_calls')
      .select(['status', 'accepted_by'])
      .where('authority_id', '=', authorityId)
      .where('status', '<>', 'ended')
      .execute(),
    typicalCallMinutes(db, authorityId, now),
  ]);
  const ready = new Set(presence.map((p) => p.user_id));
  const busy = new Set(
    calls.filter((c) => c.status === 'active' && c.accepted_by).map((c) => c.accepted_by!),
  );
  const waiting = calls.filter((c) => c.status === 'waiting').length;
  const estimate = estimateWait({
    waiting,
    clerksReady: ready.size,
    clerksBusy: [...busy].filter((u) => ready.has(u)).length,
    typicalCallMinutes: typical,
  });
  return { ...estimate, waiting, clerksReady: ready.size };
}

export type QueueEntry = VideoQueueEntry;

/** The open calls of the authority, oldest first (the clerks' list). No names of citizens. */
export async function queueEntries(
  db: Executor,
  authorityId: string,
  userId: string,
  now = new Date(),
): Promise<QueueEntry[]> {
  const rows = await db
    .selectFrom('video_calls as c')
    .innerJoin('locations as l', 'l.id', 'c.location_id')
    .leftJoin('staff_users as u', 'u.id', 'c.accepted_by')
    .select([
      'c.id',
      'c.status',
      'c.kind',
      'c.location_id',
      'l.name as location_name',
      'c.locale',
      'c.requested_at',
      'c.accepted_at',
      'c.accepted_by',
      'u.display_name',
      'c.terminal_seen_at',
      'c.appointment_id',
    ])
    .where('c.authority_id', '=', authorityId)
    .where('c.status', '<>', 'ended')
    .orderBy('c.requested_at')
    .execute();
  const appointments = await videoAppointmentSummaries(
    db,
    rows.flatMap((r) => (r.appointment_id ? [r.appointment_id] : [])),
  );
  const serviceIds = [...new Set([...appointments.values()].flatMap((a) => a.serviceIds))];
  const services = new Map(
    (serviceIds.length ? await getPublishedServicesByIds(db, serviceIds) : []).map((s) => [s.id, s.name]),
  );
  return rows.map((r) => {
    const a = r.appointment_id ? appointments.get(r.appointment_id) : undefined;
    return {
      id: r.id,
      status: r.status as 'waiting' | 'active',
      kind: r.kind,
      locationId: r.location_id,
      locationName: r.location_name,
      locale: r.locale,
      requestedAt: r.requested_at.toISOString(),
      acceptedAt: r.accepted_at?.toISOString() ?? null,
      mine: r.accepted_by === userId,
      acceptedByName: r.accepted_by ? r.display_name : null,
      terminalConnected: now.getTime() - r.terminal_seen_at.getTime() < 20_000,
      booking: a
        ? {
            startsAt: a.startsAt.toISOString(),
            services: a.serviceIds.flatMap((id) => (services.has(id) ? [services.get(id)!] : [])),
          }
        : null,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The terminal starts a call
// ---------------------------------------------------------------------------------------------

export interface StartedCall {
  id: string;
  token: string;
  kind: 'walk_in' | 'booked';
  expiresAt: Date;
  /** Calls of this terminal that were still open and have been ended now. */
  ended: EndedCall[];
}

export async function startCall(
  trx: Executor,
  terminal: EnrolledTerminal,
  input: { bookingNumber?: string | undefined; locale: Locale },
  now = new Date(),
): Promise<StartedCall> {
  let appointmentId: string | null = null;
  if (input.bookingNumber !== undefined) {
    const appointment = await findCallableVideoAppointment(
      trx,
      {
        authorityId: terminal.authorityId,
        locationId: terminal.locationId,
        bookingNumber: input.bookingNumber,
      },
      now,
    );
    if (!appointment)
      throw new AppError('VIDEO_BOOKING_NOT_FOUND', {}, [{ path: '/bookingNumber', code: 'notFound' }]);
    appointmentId = appointment.id;
  } else {
    const a = await availability(trx, terminal.authorityId, now);
    if (!a.available) throw new AppError('VIDEO_NO_CLERK_AVAILABLE');
  }
  // The terminal holds one open call: an older one (a crashed page, a lost token) ends now, as
  // does an open call for the same appointment.
  const stale = await trx
    .selectFrom('video_calls')
    .select('id')
    .where('status', '<>', 'ended')
    .where((eb) =>
      eb.or([
        eb('terminal_id', '=', terminal.id),
        ...(appointmentId ? [eb('appointment_id', '=', appointmentId)] : []),
      ]),
    )
    .forUpdate()
    .execute();
  const ended: EndedCall[] = [];
  for (const s of stale) {
    const e = await endCall(trx, s.id, 'terminal', { now });
    if (e) ended.push(e);
  }
  const token = newToken();
  const id = uuidv7();
  const expiresAt = new Date(now.getTime() + CALL_TOKEN_HOURS * 3_600_000);
  await trx
    .insertInto('video_calls')
    .values({
      id,
      authority_id: terminal.authorityId,
      terminal_id: terminal.id,
      location_id: terminal.locationId,
      kind: appointmentId ? 'booked' : 'walk_in',
      appointment_id: appointmentId,
      locale: input.locale,
      token_hash: hashToken(token),
      token_expires_at: expiresAt,
      requested_at: now,
      terminal_seen_at: now,
      accepted_at: null,
      accepted_by: null,
      ended_at: null,
      ended_by: null,
      outcome: null,
      case_id: null,
    })
    .execute();
  return { id, token, kind: appointmentId ? 'booked' : 'walk_in', expiresAt, ended };
}

/** The open call of a terminal's per-call token; null if the token is wrong, expired or the call ended. */
export async function callByTerminalToken(db: Executor, callId: string, token: string, now = new Date()) {
  if (!token || token.length > 200) return null;
  const row = await db
    .selectFrom('video_calls')
    .selectAll()
    .where('id', '=', callId)
    .where('token_hash', '=', hashToken(token))
    .where('token_expires_at', '>', now)
    .where('status', '<>', 'ended')
    .executeTakeFirst();
  return row ?? null;
}

/** The terminal is still there (its socket spoke); at most one write in 10 seconds unless `force`. */
export async function touchTerminal(
  db: Executor,
  callId: string,
  options: { now?: Date; force?: boolean } = {},
) {
  const now = options.now ?? new Date();
  let q = db
    .updateTable('video_calls')
    .set({ terminal_seen_at: now })
    .where('id', '=', callId)
    .where('status', '<>', 'ended');
  if (!options.force) q = q.where('terminal_seen_at', '<', new Date(now.getTime() - 10_000));
  await q.execute();
}

// ---------------------------------------------------------------------------------------------
// The clerk answers
// ---------------------------------------------------------------------------------------------

export async function acceptCall(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  userId: string,
  callId: string,
  now = new Date(),
): Promise<void> {
  const call = await trx
    .selectFrom('video_calls')
    .selectAll()
    .where('id', '=', callId)
    .where('authority_id', '=', authorityId)
    .forUpdate()
    .executeTakeFirst();
  if (!call) throw new AppError('VIDEO_CALL_NOT_FOUND');
  if (call.status === 'ended') throw new AppError('VIDEO_CALL_ENDED');
  if (call.status === 'active') {
    if (call.accepted_by === userId) return;
    throw new AppError('VIDEO_CALL_TAKEN');
  }
  const other = await trx
    .selectFrom('video_calls')
    .select('id')
    .where('accepted_by', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (other) throw new AppError('VIDEO_ALREADY_IN_CALL');
  await trx
    .updateTable('video_calls')
    .set({ status: 'active', accepted_at: now, accepted_by: userId })
    .where('id', '=', callId)
    .execute();
  if (call.appointment_id) await markAttendance(trx, call.appointment_id, 'attended');
  await recordAudit(trx, actor, {
    action: 'video.accept',
    resourceType: 'video_call',
    resourceId: callId,
    details: {
      kind: call.kind,
      locationId: call.location_id,
      waitSeconds: Math.round((now.getTime() - call.requested_at.getTime()) / 1000),
    },
  });
}

/** The call for its clerk: refuses anyone but the clerk who answered it. */
export async function callOfClerk(db: Executor, authorityId: string, userId: string, callId: string) {
  const call = await db
    .selectFrom('video_calls')
    .selectAll()
    .where('id', '=', callId)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!call) throw new AppError('VIDEO_CALL_NOT_FOUND');
  if (call.accepted_by !== userId) throw new AppError('VIDEO_CALL_NOT_YOURS');
  return call;
}

// ---------------------------------------------------------------------------------------------
// Ending
// ---------------------------------------------------------------------------------------------

export interface EndedCall {
  id: string;
  authorityId: string;
  outcome: CallOutcome;
  by: 'terminal' | 'clerk' | 'system';
}

/**
 * Ends an open call once (a second end is a no-op returning null). The outcome follows from what
 * happened: never answered → abandoned; a case captured → case; lost → connection_lost; else advice.
 */
export async function endCall(
  trx: Executor,
  callId: string,
  by: 'terminal' | 'clerk' | 'system',
  options: { now?: Date; lost?: boolean; authorityId?: string } = {},
): Promise<EndedCall | null> {
  const now = options.now ?? new Date();
  let q = trx
    .updateTable('video_calls')
    .set((eb) => ({
      status: 'ended',
      ended_at: now,
      ended_by: by,
      outcome: eb
        .case()
        .when('accepted_at', 'is', null)
        .then('abandoned')
        .when('case_id', 'is not', null)
        .then('case')
        .when(sql<boolean>`${options.lost ?? false}`)
        .then('connection_lost')
        .else('advice')
        .end() as never,
    }))
    .where('id', '=', callId)
    .where('status', '<>', 'ended');
  if (options.authorityId) q = q.where('authority_id', '=', options.authorityId);
  const row = await q.returning(['id', 'authority_id', 'outcome']).executeTakeFirst();
  if (!row) return null;
  // The guests' tokens die with the call.
  await trx
    .updateTable('video_invites')
    .set({ expires_at: now })
    .where('call_id', '=', callId)
    .where('expires_at', '>', now)
    .execute();
  return { id: row.id, authorityId: row.authority_id, outcome: row.outcome!, by };
}

/**
 * Ends calls whose terminal went silent (a page closed without hanging up, a dead network) and
 * forgets clerks whose page is gone. Idempotent; runs every few seconds in every process.
 */
export async function sweepCalls(db: Executor, now = new Date()): Promise<EndedCall[]> {
  const stale = await db
    .selectFrom('video_calls')
    .select(['id', 'status'])
    .where('status', '<>', 'ended')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', '=', 'waiting'),
          eb('terminal_seen_at', '<', new Date(now.getTime() - WAITING_SILENCE_SECONDS * 1000)),
        ]),
        eb.and([
          eb('status', '=', 'active'),
          eb('terminal_seen_at', '<', new Date(now.getTime() - ACTIVE_SILENCE_SECONDS * 1000)),
        ]),
        eb('token_expires_at', '<', now),
      ]),
    )
    .execute();
  const ended: EndedCall[] = [];
  for (const s of stale) {
    const e = await endCall(db, s.id, 'system', { now, lost: s.status === 'active' });
    if (e) ended.push(e);
  }
  await db
    .deleteFrom('video_presence')
    .where('seen_at', '<', new Date(now.getTime() - 4 * PRESENCE_SECONDS * 1000))
    .execute();
  return ended;
}

// ---------------------------------------------------------------------------------------------
// A third participant
// ---------------------------------------------------------------------------------------------

export async function createInvite(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  userId: string,
  callId: string,
  guestKind: GuestKind,
  now = new Date(),
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const call = await callOfClerk(trx, authorityId, userId, callId);
  if (call.status !== 'active') throw new AppError('VIDEO_CALL_ENDED');
  const token = newToken();
  const id = uuidv7();
  const expiresAt = new Date(now.getTime() + INVITE_MINUTES * 60_000);
  await trx
    .insertInto('video_invites')
    .values({
      id,
      authority_id: authorityId,
      call_id: callId,
      guest_kind: guestKind,
      token_hash: hashToken(token),
      expires_at: expiresAt,
      redeemed_at: null,
      guest_token_hash: null,
      created_by: userId,
    })
    .execute();
  await recordAudit(trx, actor, {
    action: 'video.invite',
    resourceType: 'video_call',
    resourceId: callId,
    details: { guestKind, inviteId: id, expiresAt },
  });
  return { id, token, expiresAt };
}

/**
 * The invitation link is opened: single use. Returns a token for the guest's socket, valid while
 * the call lasts. A second opening, an expired link or an ended call get the same refusal.
 */
export async function redeemInvite(
  trx: Executor,
  token: string,
  now = new Date(),
): Promise<{ callId: string; guestToken: string; guestKind: GuestKind }> {
  const guestToken = newToken();
  const row = await trx
    .updateTable('video_invites as i')
    .set({ redeemed_at: now, guest_token_hash: hashToken(guestToken) })
    .from('video_calls as c')
    .whereRef('c.id', '=', 'i.call_id')
    .where('i.token_hash', '=', hashToken(token))
    .where('i.redeemed_at', 'is', null)
    .where('i.expires_at', '>', now)
    .where('c.status', '=', 'active')
    .returning(['i.call_id', 'i.guest_kind', 'i.id', 'c.authority_id'])
    .executeTakeFirst();
  if (!row) throw new AppError('VIDEO_INVITE_INVALID');
  await trx
    .updateTable('video_calls')
    .set((eb) => ({ guests: eb('guests', '+', 1) }))
    .where('id', '=', row.call_id)
    .execute();
  await recordAudit(
    trx,
    {
      authorityId: row.authority_id,
      userId: null,
      username: null,
      role: 'guest',
      kitId: null,
      reason: null,
      requestId: null,
    },
    {
      action: 'video.invite_redeem',
      resourceType: 'video_call',
      resourceId: row.call_id,
      details: { inviteId: row.id },
    },
  );
  return { callId: row.call_id, guestToken, guestKind: row.guest_kind };
}

export async function guestByToken(db: Executor, callId: string, token: string, now = new Date()) {
  if (!token || token.length > 200) return null;
  const row = await db
    .selectFrom('video_invites as i')
    .innerJoin('video_calls as c', 'c.id', 'i.call_id')
    .select(['i.id', 'i.guest_kind', 'c.authority_id', 'c.status'])
    .where('i.call_id', '=', callId)
    .where('i.guest_token_hash', '=', hashToken(token))
    .where('c.status', '=', 'active')
    .where('c.token_expires_at', '>', now)
    .executeTakeFirst();
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Images and the case
// ---------------------------------------------------------------------------------------------

export async function recordImage(
  trx: Executor,
  call: { id: string; authority_id: string },
  attachment: AttachmentView,
): Promise<{ id: string; created: boolean }> {
  const bumped = await trx
    .updateTable('video_calls')
    .set((eb) => ({ images: eb('images', '+', 1) }))
    .where('id', '=', call.id)
    .where('images', '<', MAX_IMAGES_PER_CALL)
    .executeTakeFirst();
  if (Number(bumped.numUpdatedRows) === 0)
    throw new AppError('VIDEO_TOO_MANY_IMAGES', { max: MAX_IMAGES_PER_CALL });
  const id = uuidv7();
  const inserted = await trx
    .insertInto('video_call_images')
    .values({ id, authority_id: call.authority_id, call_id: call.id, attachment_id: attachment.id })
    .onConflict((oc) => oc.columns(['call_id', 'attachment_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id, created: true };
  // The same picture again: no second entry, and it does not count twice.
  await trx
    .updateTable('video_calls')
    .set((eb) => ({ images: eb('images', '-', 1) }))
    .where('id', '=', call.id)
    .execute();
  const existing = await trx
    .selectFrom('video_call_images')
    .select('id')
    .where('call_id', '=', call.id)
    .where('attachment_id', '=', attachment.id)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

export interface CallImage {
  id: string;
  sha256: string;
  mediaType: string;
  width: number | null;
  height: number | null;
  at: string;
}

export async function callImages(db: Executor, callId: string): Promise<CallImage[]> {
  const rows = await db
    .selectFrom('video_call_images as i')
    .innerJoin('attachments as a', 'a.id', 'i.attachment_id')
    .select(['i.id', 'a.sha256', 'a.media_type', 'a.width', 'a.height', 'i.created_at'])
    .where('i.call_id', '=', callId)
    .orderBy('i.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    sha256: r.sha256,
    mediaType: r.media_type,
    width: r.width,
    height: r.height,
    at: r.created_at.toISOString(),
  }));
}

export interface CaptureForCall {
  id?: string;
  serviceId: string;
  personId: string | null;
  formData: Record<string, unknown>;
}

/**
 * The clerk captures the case of the call: the same capture and validation as at the desk
 * (src/core/forms through captureCase), on channel 'terminal' at the terminal's location; the
 * still images of the call become the case's attachments. One case per call.
 */
export async function captureCallCase(
  trx: Executor,
  actor: AuditActor,
  authorityId: string,
  userId: string,
  callId: string,
  input: CaptureForCall,
  options: { locale: Locale; publicUrl: string },
): Promise<CaptureResult> {
  const call = await trx
    .selectFrom('video_calls')
    .selectAll()
    .where('id', '=', callId)
    .where('authority_id', '=', authorityId)
    .forUpdate()
    .executeTakeFirst();
  if (!call) throw new AppError('VIDEO_CALL_NOT_FOUND');
  if (call.accepted_by !== userId) throw new AppError('VIDEO_CALL_NOT_YOURS');
  if (call.case_id && call.case_id !== input.id) {
    const existing = await trx
      .selectFrom('cases')
      .select('number')
      .where('id', '=', call.case_id)
      .executeTakeFirst();
    throw new AppError('VIDEO_CASE_EXISTS', { number: existing?.number ?? '–' });
  }
  const [service] = await getPublishedServicesByIds(trx, [input.serviceId]);
  if (service && !service.channels.includes('terminal')) throw new AppError('VIDEO_SERVICE_NOT_ON_TERMINAL');
  const result = await captureCase(
    trx,
    { ...actor, reason: actor.reason ?? 'Videoberatung am Bürgerterminal' },
    {
      ...(input.id ? { id: input.id } : {}),
      authorityId,
      serviceId: input.serviceId,
      personId: input.personId,
      formData: input.formData,
      channel: 'terminal',
      locationId: call.location_id,
    },
    options,
  );
  if (!call.case_id) {
    await trx.updateTable('video_calls').set({ case_id: result.id }).where('id', '=', callId).execute();
    const images = await trx
      .selectFrom('video_call_images')
      .select('attachment_id')
      .where('call_id', '=', callId)
      .orderBy('created_at')
      .execute();
    if (images.length > 0) {
      await trx
        .insertInto('case_attachments')
        .values(
          images.map((img, i) => ({
            case_id: result.id,
            attachment_id: img.attachment_id,
            authority_id: authorityId,
            pointer: `/videoImages/${i}`,
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await recordAudit(trx, actor, {
      action: 'video.case',
      resourceType: 'video_call',
      resourceId: callId,
      details: { caseId: result.id, caseNumber: result.number, images: images.length },
    });
  }
  return result;
}
