import { addDays, type IsoDate } from '../time';

/**
 * Who is invited before an ID expires (#14) — the rules, pure, so they are tested without a
 * database. The server loads the candidates (ID cards and passports ending in the window, with
 * the holder's status, current main residence and blocks) and the planned office days, and this
 * decides.
 *
 * - Only ID cards and passports (not temporary ones) with status `valid` whose last valid day is
 *   today or within `windowDays` after today.
 * - Only persons registered here (`resident`), not deceased, with a current main (or sole)
 *   residence; a person who moved away or died is never written to.
 * - Not when a new document of the same kind is already applied for.
 * - Only when the village of that residence (or its parent, for an Ortslage) has a planned office
 *   day that offers the service, at least `leadDays` after today (the letter has to arrive) and
 *   before the document's last valid day; the earliest such day is offered.
 * - A person with an information block (§ 51 BMG) or a conditional block (§ 52 BMG) is invited by
 *   letter to the address in the register only — the authority writing to its own resident is no
 *   disclosure to a third party; no other channel is used, not even with a consent to e-mail
 *   (docs/privacy.md, ADR 34).
 * - Everybody else with a confirmed, not ended consent to e-mail invitations gets an e-mail
 *   instead of a letter; without one, a letter.
 */

export type InvitableKind = 'id_card' | 'passport';
export const INVITABLE_KINDS: readonly InvitableKind[] = ['id_card', 'passport'];

/** Days between preparing an invitation and the earliest office day it offers (post, reading, booking). */
export const INVITATION_LEAD_DAYS = 7;

export interface InvitationCandidate {
  personId: string;
  documentId: string;
  documentKind: string;
  documentStatus: string;
  validUntil: IsoDate | null;
  personStatus: string;
  deceasedOn: IsoDate | null;
  /** The village of the current main or sole residence and its parent village; empty = none. */
  residenceVillageIds: string[];
  /** An information block or conditional block is in force. */
  blocked: boolean;
  /** A new document of the same kind has been applied for. */
  renewalPending: boolean;
  /** A confirmed consent to e-mail invitations that has not ended (see consentState). */
  emailConsent?: boolean;
}

export interface InvitationOfficeDay {
  id: string;
  date: IsoDate;
  villageId: string | null;
  /** Which of the two services the day offers. */
  kinds: InvitableKind[];
}

export type ExclusionReason =
  | 'not_invitable'
  | 'outside_window'
  | 'not_resident'
  | 'deceased'
  | 'no_main_residence'
  | 'renewal_pending'
  | 'no_office_day';

export const EXCLUSION_REASONS: readonly ExclusionReason[] = [
  'not_invitable',
  'outside_window',
  'not_resident',
  'deceased',
  'no_main_residence',
  'renewal_pending',
  'no_office_day',
];

export interface SelectedInvitation {
  personId: string;
  documentId: string;
  documentKind: InvitableKind;
  validUntil: IsoDate;
  officeDayId: string;
  officeDayDate: IsoDate;
  channel: InvitationChannel;
  blocked: boolean;
}

export type InvitationChannel = 'letter' | 'email';

/** Letter or e-mail: e-mail only with a confirmed consent and never with a block (§§ 51, 52 BMG). */
export function channelFor(c: Pick<InvitationCandidate, 'blocked' | 'emailConsent'>): InvitationChannel {
  return c.emailConsent && !c.blocked ? 'email' : 'letter';
}

export interface Selection {
  invitations: SelectedInvitation[];
  excluded: Record<ExclusionReason, number>;
}

export interface SelectionInput {
  today: IsoDate;
  windowDays: number;
  leadDays?: number;
  candidates: InvitationCandidate[];
  officeDays: InvitationOfficeDay[];
}

/** The last day of the window: documents whose last valid day is on or before it are due. */
export function windowEnd(today: IsoDate, windowDays: number): IsoDate {
  return addDays(today, windowDays);
}

export function selectInvitations(input: SelectionInput): Selection {
  const lead = input.leadDays ?? INVITATION_LEAD_DAYS;
  const last = windowEnd(input.today, input.windowDays);
  const earliest = addDays(input.today, lead);
  const days = input.officeDays
    .filter((d) => d.villageId && d.date >= earliest)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
  const excluded = Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, 0])) as Record<
    ExclusionReason,
    number
  >;
  const invitations: SelectedInvitation[] = [];
  for (const c of input.candidates) {
    const reason = exclusion(c, input.today, last);
    if (reason) {
      excluded[reason]++;
      continue;
    }
    const kind = c.documentKind as InvitableKind;
    const until = c.validUntil!;
    const day = days.find(
      (d) => d.date < until && c.residenceVillageIds.includes(d.villageId!) && d.kinds.includes(kind),
    );
    if (!day) {
      excluded.no_office_day++;
      continue;
    }
    invitations.push({
      personId: c.personId,
      documentId: c.documentId,
      documentKind: kind,
      validUntil: until,
      officeDayId: day.id,
      officeDayDate: day.date,
      channel: channelFor(c),
      blocked: c.blocked,
    });
  }
  return { invitations, excluded };
}

function exclusion(c: InvitationCandidate, today: IsoDate, last: IsoDate): ExclusionReason | null {
  if (!(INVITABLE_KINDS as readonly string[]).includes(c.documentKind) || c.documentStatus !== 'valid')
    return 'not_invitable';
  if (!c.validUntil || c.validUntil < today || c.validUntil > last) return 'outside_window';
  if (c.deceasedOn || c.personStatus === 'deceased') return 'deceased';
  if (c.personStatus !== 'resident') return 'not_resident';
  if (c.residenceVillageIds.length === 0) return 'no_main_residence';
  if (c.renewalPending) return 'renewal_pending';
  return null;
}

/** Letters: one per person and office day, the documents in a fixed order. */
export function groupLetters<
  T extends { personId: string; officeDayId: string; documentKind: InvitableKind },
>(rows: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = `${row.personId}|${row.officeDayId}`;
    const list = groups.get(key) ?? [];
    list.push(row);
    groups.set(key, list);
  }
  return [...groups.values()].map((g) =>
    g.sort((a, b) => INVITABLE_KINDS.indexOf(a.documentKind) - INVITABLE_KINDS.indexOf(b.documentKind)),
  );
}

/** How long the confirmation link of a new consent works (double opt-in). */
export const CONSENT_CONFIRM_DAYS = 7;

export type ConsentState = 'pending' | 'active' | 'expired' | 'ended';

/**
 * The state of a consent to e-mail invitations: `pending` until the person confirms the address
 * by the link in the confirmation mail (double opt-in), `expired` when the link ran out
 * unconfirmed, `active` once confirmed, `ended` when withdrawn, replaced, or the person moved
 * away or died. Only an `active` consent lets a run send an e-mail.
 */
export function consentState(
  c: { confirmBy: Date; confirmedAt: Date | null; endedAt: Date | null },
  now: Date,
): ConsentState {
  if (c.endedAt) return 'ended';
  if (c.confirmedAt) return 'active';
  return now.getTime() < c.confirmBy.getTime() ? 'pending' : 'expired';
}

/** The address shown where the full one is not needed (audit, citizen page): "i***@example.org". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** The form an address is stored and compared in: trimmed, the domain in lower case. */
export function normaliseEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}

/** Mails of a run: one per person and office day, like letters. */
export function countByChannel<
  T extends { personId: string; officeDayId: string; channel: InvitationChannel },
>(rows: T[]): { letters: number; mails: number } {
  const letters = new Set<string>();
  const mails = new Set<string>();
  for (const r of rows) (r.channel === 'email' ? mails : letters).add(`${r.personId}|${r.officeDayId}`);
  return { letters: letters.size, mails: mails.size };
}
