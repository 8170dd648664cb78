import { describe, expect, it } from 'vitest';
import {
  channelFor,
  consentState,
  countByChannel,
  type InvitationCandidate,
  maskEmail,
  normaliseEmail,
  selectInvitations,
} from './rules';

const candidate = (over: Partial<InvitationCandidate> = {}): InvitationCandidate => ({
  personId: 'p1',
  documentId: 'd1',
  documentKind: 'id_card',
  documentStatus: 'valid',
  validUntil: '2026-05-01',
  personStatus: 'resident',
  deceasedOn: null,
  residenceVillageIds: ['v'],
  blocked: false,
  renewalPending: false,
  ...over,
});
const days = [
  { id: 'od', date: '2026-03-18', villageId: 'v', kinds: ['id_card' as const, 'passport' as const] },
];
const select = (candidates: InvitationCandidate[]) =>
  selectInvitations({ today: '2026-03-01', windowDays: 120, candidates, officeDays: days });

describe('invitation channel with a consent to e-mail (#14, ADR 34)', () => {
  it('sends an e-mail to a person with a confirmed consent and a letter to everybody else', () => {
    const s = select([
      candidate({ personId: 'mail', documentId: 'a', emailConsent: true }),
      candidate({ personId: 'post', documentId: 'b', emailConsent: false }),
      candidate({ personId: 'none', documentId: 'c' }),
    ]);
    expect(s.invitations.map((i) => [i.personId, i.channel])).toEqual([
      ['mail', 'email'],
      ['post', 'letter'],
      ['none', 'letter'],
    ]);
  });

  it('writes a letter, never an e-mail, to a person with an information or conditional block', () => {
    expect(channelFor({ blocked: true, emailConsent: true })).toBe('letter');
    const s = select([candidate({ blocked: true, emailConsent: true })]);
    expect(s.invitations[0]).toMatchObject({ channel: 'letter', blocked: true });
  });

  it('does not let a consent bring in somebody the rules leave out (moved away, died, renewal applied for)', () => {
    const s = select([
      candidate({ documentId: 'a', personStatus: 'moved_away', emailConsent: true }),
      candidate({ documentId: 'b', personStatus: 'deceased', deceasedOn: '2026-01-01', emailConsent: true }),
      candidate({ documentId: 'c', renewalPending: true, emailConsent: true }),
    ]);
    expect(s.invitations).toEqual([]);
  });

  it('counts one mail or letter per person and office day', () => {
    const rows = [
      { personId: 'p1', officeDayId: 'od', channel: 'email' as const },
      { personId: 'p1', officeDayId: 'od', channel: 'email' as const },
      { personId: 'p2', officeDayId: 'od', channel: 'letter' as const },
      { personId: 'p3', officeDayId: 'od', channel: 'letter' as const },
    ];
    expect(countByChannel(rows)).toEqual({ letters: 2, mails: 1 });
  });
});

describe('consent state (double opt-in)', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  const by = new Date('2026-03-08T10:00:00Z');
  it('is pending until confirmed, expired after the confirmation deadline, active once confirmed', () => {
    expect(consentState({ confirmBy: by, confirmedAt: null, endedAt: null }, now)).toBe('pending');
    expect(consentState({ confirmBy: by, confirmedAt: null, endedAt: null }, by)).toBe('expired');
    expect(consentState({ confirmBy: by, confirmedAt: now, endedAt: null }, by)).toBe('active');
  });
  it('is ended once withdrawn, whatever else holds', () => {
    expect(consentState({ confirmBy: by, confirmedAt: now, endedAt: now }, now)).toBe('ended');
    expect(consentState({ confirmBy: by, confirmedAt: null, endedAt: now }, now)).toBe('ended');
  });
});

describe('addresses', () => {
  it('masks an address for the audit trail and the citizen page', () => {
    expect(maskEmail('ida.muster@example.org')).toBe('i***@example.org');
    expect(maskEmail('broken')).toBe('***');
  });
  it('normalises the domain, not the local part', () => {
    expect(normaliseEmail('  Ida.Muster@Example.ORG ')).toBe('Ida.Muster@example.org');
  });
});
