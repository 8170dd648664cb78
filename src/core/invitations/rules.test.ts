import { describe, expect, it } from 'vitest';
import { groupLetters, type InvitationCandidate, type InvitationOfficeDay, selectInvitations } from './rules';

const today = '2026-03-01';
const TETTAU = 'village-tettau';
const ORTSLAGE = 'village-ortslage';

const candidate = (over: Partial<InvitationCandidate> = {}): InvitationCandidate => ({
  personId: 'p1',
  documentId: 'd1',
  documentKind: 'id_card',
  documentStatus: 'valid',
  validUntil: '2026-05-01',
  personStatus: 'resident',
  deceasedOn: null,
  residenceVillageIds: [TETTAU],
  blocked: false,
  renewalPending: false,
  ...over,
});

const day = (over: Partial<InvitationOfficeDay> = {}): InvitationOfficeDay => ({
  id: 'od1',
  date: '2026-03-18',
  villageId: TETTAU,
  kinds: ['id_card', 'passport'],
  ...over,
});

const select = (
  candidates: InvitationCandidate[],
  officeDays: InvitationOfficeDay[] = [day()],
  windowDays = 120,
) => selectInvitations({ today, windowDays, candidates, officeDays });

describe('invitation rules (#14)', () => {
  it('invites a resident whose ID card ends in the window to the earliest office day in the village', () => {
    const s = select([candidate()], [day({ id: 'late', date: '2026-04-15' }), day({ id: 'early' })]);
    expect(s.invitations).toEqual([
      {
        personId: 'p1',
        documentId: 'd1',
        documentKind: 'id_card',
        validUntil: '2026-05-01',
        officeDayId: 'early',
        officeDayDate: '2026-03-18',
        channel: 'letter',
        blocked: false,
      },
    ]);
  });

  it('takes the window edges as inclusive: today and today + window days are in, a day more is not', () => {
    const last = '2026-06-29'; // 2026-03-01 + 120 days
    const s = select(
      [
        candidate({ documentId: 'today', validUntil: today }),
        candidate({ documentId: 'last', validUntil: last }),
        candidate({ documentId: 'after', validUntil: '2026-06-30' }),
        candidate({ documentId: 'gone', validUntil: '2026-02-28' }),
        candidate({ documentId: 'none', validUntil: null }),
      ],
      [day({ date: '2026-03-18' })],
    );
    // "today" is in the window but no office day lies before its end.
    expect(s.invitations.map((i) => i.documentId)).toEqual(['last']);
    expect(s.excluded.outside_window).toBe(3);
    expect(s.excluded.no_office_day).toBe(1);
  });

  it('invites nobody when the only office day is on or after the last valid day', () => {
    const s = select([candidate({ validUntil: '2026-03-18' })], [day({ date: '2026-03-18' })]);
    expect(s.invitations).toEqual([]);
    expect(s.excluded.no_office_day).toBe(1);
    expect(select([candidate({ validUntil: '2026-03-19' })]).invitations).toHaveLength(1);
  });

  it('offers no office day sooner than the lead time (the letter has to arrive)', () => {
    expect(select([candidate()], [day({ date: '2026-03-07' })]).invitations).toEqual([]);
    expect(select([candidate()], [day({ date: '2026-03-08' })]).invitations).toHaveLength(1);
  });

  it('offers only office days in the village of the main residence (or its parent) that offer the service', () => {
    expect(select([candidate()], [day({ villageId: 'elsewhere' })]).invitations).toEqual([]);
    expect(select([candidate({ residenceVillageIds: [ORTSLAGE, TETTAU] })]).invitations).toHaveLength(1);
    expect(select([candidate()], [day({ kinds: ['passport'] })]).invitations).toEqual([]);
    expect(
      select([candidate({ documentKind: 'passport' })], [day({ kinds: ['passport'] })]).invitations,
    ).toHaveLength(1);
  });

  it('never writes to a person who moved away, moved abroad or died, or has no main residence here', () => {
    const s = select([
      candidate({ documentId: 'a', personStatus: 'moved_away' }),
      candidate({ documentId: 'b', personStatus: 'moved_abroad' }),
      candidate({ documentId: 'c', personStatus: 'deceased' }),
      candidate({ documentId: 'd', deceasedOn: '2026-02-01' }),
      candidate({ documentId: 'e', residenceVillageIds: [] }),
    ]);
    expect(s.invitations).toEqual([]);
    expect(s.excluded).toMatchObject({ not_resident: 2, deceased: 2, no_main_residence: 1 });
  });

  it('invites a person with an information block by letter only, marked as blocked', () => {
    const s = select([candidate({ blocked: true })]);
    expect(s.invitations).toHaveLength(1);
    expect(s.invitations[0]).toMatchObject({ channel: 'letter', blocked: true });
  });

  it('skips temporary documents, documents not valid and renewals already applied for', () => {
    const s = select([
      candidate({ documentId: 'a', documentKind: 'temporary_id_card' }),
      candidate({ documentId: 'b', documentStatus: 'lost' }),
      candidate({ documentId: 'c', renewalPending: true }),
    ]);
    expect(s.invitations).toEqual([]);
    expect(s.excluded).toMatchObject({ not_invitable: 2, renewal_pending: 1 });
  });

  it('groups a person’s ID card and passport on the same office day into one letter', () => {
    const s = select([
      candidate({ documentId: 'pass', documentKind: 'passport' }),
      candidate({ documentId: 'card' }),
      candidate({ personId: 'p2', documentId: 'other' }),
    ]);
    const letters = groupLetters(s.invitations);
    expect(letters.map((l) => l.map((i) => i.documentId))).toEqual([['card', 'pass'], ['other']]);
  });
});
