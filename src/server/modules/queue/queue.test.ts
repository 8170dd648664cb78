import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newReference } from '../../../core/booking/contact';
import { uuidv7 } from '../../../core/ids';
import { zonedDateTimeToInstant } from '../../../core/time';
import { hashToken, newToken } from '../../http/auth';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { SYSTEM_ACTOR } from '../audit/service';
import { PA } from '../booking/test-support';
import { SERVICE_IDS } from '../catalog/demo-ids';
import { DEMO } from '../places/demo-ids';
import { DEMO_REGISTER } from '../register/demo-ids';
import { todayInBerlin } from '../schedule/service';
import { recordKitTicket } from './service';

let t: TestApp;
let clerk: Agent;
let clerk2: Agent;
const L: string = DEMO.locations.koethel;
const today = todayInBerlin();
const officeDayId = uuidv7();

/** An office day today (inserted directly: online booking for today has long closed). */
async function appointmentToday(name: string, minutesAfterMidnight: number) {
  const id = uuidv7();
  const number = newReference('T');
  const start = new Date(zonedDateTimeToInstant(today, '00:00').getTime() + minutesAfterMidnight * 60_000);
  await t.db
    .insertInto('appointments')
    .values({
      id,
      authority_id: DEMO.authorityMeerane,
      office_day_id: officeDayId,
      location_id: L,
      service_date: today,
      desk: 1,
      starts_at: start,
      ends_at: new Date(start.getTime() + 15 * 60_000),
      block_end: new Date(start.getTime() + 15 * 60_000),
      status: 'booked',
      hold_expires_at: null,
      booking_number: number,
      manage_token_hash: hashToken(newToken()),
      service_ids: [PA],
      duration_minutes: 15,
      name,
      email: `${id}@example.org`,
      phone: null,
      contact_key: `e:${id}@example.org`,
      locale: 'de',
      channel: 'portal',
      note: null,
      created_by: null,
      confirmed_at: new Date(),
      cancelled_at: null,
      cancel_reason: null,
    })
    .execute();
  return { id, number };
}

beforeAll(async () => {
  t = await createTestApp({ config: { queueNoShowAfterCalls: 3 } });
  clerk = await t.login('clerk');
  clerk2 = await t.login('clerk');
  await t.db
    .insertInto('office_days')
    .values({
      id: officeDayId,
      authority_id: DEMO.authorityMeerane,
      location_id: L,
      series_id: null,
      date: today,
      start_time: '00:00',
      end_time: '23:45',
      starts_at: zonedDateTimeToInstant(today, '00:00'),
      ends_at: zonedDateTimeToInstant(today, '23:45'),
      desks: 20,
      kit_id: null,
      service_ids: null,
      cancel_reason: null,
      note: null,
    })
    .execute();
});
afterAll(async () => t?.close());

const walkIn = (agent: Agent, locationId = L) => agent.post('/api/queue/tickets', { locationId });

describe('the queue on the day', () => {
  it('gives walk-ins unique numbers per location and day', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await walkIn(clerk)).json().code);
    expect(codes).toEqual(['A001', 'A002', 'A003']);
    expect((await walkIn(clerk, DEMO.locations.tettau)).json().code).toBe('A001');
    // In parallel too: no two tickets share a number.
    const parallel = await Promise.all(Array.from({ length: 10 }, () => walkIn(clerk2)));
    const numbers = parallel.map((r) => r.json().code);
    expect(new Set(numbers).size).toBe(10);
  });

  it('checks booked citizens in by booking number, however it is typed, and only once', async () => {
    const a = await appointmentToday('Gebuchte Person (fiktiv)', 6 * 60);
    const typed = a.number.toLowerCase().replace(/-/g, ' ');
    const res = await clerk.post('/api/queue/check-in', { locationId: L, bookingNumber: typed });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'appointment', code: 'T001', name: 'Gebuchte Person (fiktiv)' });
    const again = await clerk.post('/api/queue/check-in', { locationId: L, appointmentId: a.id });
    expect(again.json()).toMatchObject({ code: 'ALREADY_CHECKED_IN' });
    expect(again.json().detail).toContain('T001');
    const elsewhere = await clerk.post('/api/queue/check-in', {
      locationId: DEMO.locations.tettau,
      appointmentId: a.id,
    });
    expect(elsewhere.json().code).toBe('CHECKIN_WRONG_DAY');
    const state = (await clerk.get(`/api/queue/state?location=${L}`)).json();
    expect(
      state.appointments.find((x: { appointmentId: string }) => x.appointmentId === a.id).ticketCode,
    ).toBe('T001');
  });

  it('never gives two clerks calling at once the same citizen', async () => {
    // Empty the queue first.
    for (;;) {
      const r = await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 9' });
      if (r.statusCode !== 200) break;
      await clerk.post(`/api/queue/tickets/${r.json().ticket.id}/status`, { status: 'done' });
    }
    for (let i = 0; i < 8; i++) await walkIn(clerk);
    const clerks = [clerk, clerk2, await t.login('clerk'), await t.login('clerk')];
    const calls = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        clerks[i % 4]!.post('/api/queue/call-next', { locationId: L, deskLabel: `Platz ${i + 1}` }),
      ),
    );
    expect(calls.every((c) => c.statusCode === 200)).toBe(true);
    const ids = calls.map((c) => c.json().ticket.id);
    expect(new Set(ids).size).toBe(8);
    for (const id of ids) await clerk.post(`/api/queue/tickets/${id}/status`, { status: 'done' });
    const empty = await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 1' });
    expect(empty.statusCode).toBe(409);
    expect(empty.json().code).toBe('QUEUE_EMPTY');
  });

  it('calls booked citizens at their time ahead of later walk-ins, serves and finishes with timestamps', async () => {
    const w = (await walkIn(clerk)).json();
    const a = await appointmentToday('Termin Früh (fiktiv)', 1);
    const booked = (await clerk.post('/api/queue/check-in', { locationId: L, appointmentId: a.id })).json();
    const first = (await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 1' })).json();
    expect(first.ticket.id).toBe(booked.id);
    expect(first.call).toMatchObject({ code: booked.code, deskLabel: 'Platz 1', kind: 'call' });
    const serving = await clerk.post(`/api/queue/tickets/${booked.id}/status`, { status: 'serving' });
    expect(serving.json().servedAt).toBeTruthy();
    const done = (await clerk.post(`/api/queue/tickets/${booked.id}/status`, { status: 'done' })).json();
    expect(done.finishedAt).toBeTruthy();
    expect(done.serviceMinutes).toBe(0);
    expect(done.waitingMinutes).not.toBeNull();
    const appointment = await t.db
      .selectFrom('appointments')
      .select('status')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(appointment.status).toBe('attended');
    const second = (await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 1' })).json();
    expect(second.ticket.id).toBe(w.id);
    const twice = await clerk.post(`/api/queue/tickets/${booked.id}/status`, { status: 'serving' });
    expect(twice.json().code).toBe('TICKET_STATE');
  });

  it('recalls, and marks a no-show after the configured number of calls', async () => {
    const w = (await walkIn(clerk)).json();
    let called = (await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 2' })).json();
    while (called.ticket.id !== w.id) {
      await clerk.post(`/api/queue/tickets/${called.ticket.id}/status`, { status: 'done' });
      called = (await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 2' })).json();
    }
    const r1 = (await clerk.post(`/api/queue/tickets/${w.id}/recall`, { deskLabel: 'Platz 2' })).json();
    expect(r1.ticket.callCount).toBe(2);
    expect(r1.call.kind).toBe('recall');
    const r2 = (await clerk.post(`/api/queue/tickets/${w.id}/recall`, { deskLabel: 'Platz 2' })).json();
    expect(r2.ticket.callCount).toBe(3);
    const r3 = (await clerk.post(`/api/queue/tickets/${w.id}/recall`, { deskLabel: 'Platz 2' })).json();
    expect(r3.ticket.status).toBe('no_show');
    expect(r3.call).toBeNull();
  });

  it('shows ticket numbers and desks on the public display, never names, and pushes calls as events', async () => {
    const display = await t.anonymous().get('/api/queue/display/feuerwehrhaus-koethel');
    expect(display.statusCode).toBe(200);
    expect(display.json().calls.length).toBeGreaterThan(0);
    expect(display.body).not.toContain('fiktiv');
    expect(display.body).not.toContain('@');

    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const response = await fetch(`${address}/api/queue/display/feuerwehrhaus-koethel/events`, {
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      const deadline = Date.now() + 10_000;
      while (!text.includes(needle) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    };
    await readUntil('event: state');
    await walkIn(clerk);
    const call = (await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 7' })).json();
    await readUntil(`"code":"${call.ticket.code}"`);
    expect(text).toMatch(
      new RegExp(`event: (call|state)\\ndata: .*"code":"${call.ticket.code}".*"deskLabel":"Platz 7"`),
    );
    controller.abort();
  });

  it('records a ticket the kit served offline exactly once', async () => {
    const actor = { ...SYSTEM_ACTOR, authorityId: DEMO.authorityMeerane, kitId: null };
    const input = {
      kitId: uuidv7(),
      kitRef: uuidv7(),
      locationId: L,
      date: today,
      code: 'K1-004',
      kind: 'walk_in' as const,
      status: 'done' as const,
      arrivedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
      firstCalledAt: new Date(Date.now() - 20 * 60_000).toISOString(),
      servedAt: new Date(Date.now() - 19 * 60_000).toISOString(),
      finishedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    };
    const first = await t.db
      .transaction()
      .execute((trx) => recordKitTicket(trx, actor, DEMO.authorityMeerane, input));
    const again = await t.db
      .transaction()
      .execute((trx) => recordKitTicket(trx, actor, DEMO.authorityMeerane, input));
    expect(again.id).toBe(first.id);
    expect(first).toMatchObject({ code: 'K1-004', waitingMinutes: 10, serviceMinutes: 14 });
  });

  it('is for clerks', async () => {
    const hotline = await t.login('hotline');
    expect((await walkIn(hotline)).statusCode).toBe(403);
    expect((await t.anonymous().post('/api/queue/tickets', { locationId: L })).statusCode).toBe(401);
  });
});

describe('a desk has at most one active call (#10)', () => {
  const deskCalls = async (desk: string) =>
    (
      await t.db
        .selectFrom('queue_calls')
        .select('ticket_id')
        .where('location_id', '=', L)
        .where('service_date', '=', today)
        .where('desk_label', '=', desk)
        .execute()
    ).map((r) => r.ticket_id);
  const activeAt = async (desk: string) =>
    t.db
      .selectFrom('tickets')
      .select(['id', 'code'])
      .where('location_id', '=', L)
      .where('service_date', '=', today)
      .where('status', 'in', ['called', 'serving'])
      .where('desk_label', '=', desk)
      .execute();

  it('answers a second "call next" with the current call instead of calling someone else', async () => {
    for (let i = 0; i < 3; i++) await walkIn(clerk);
    const first = await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 11' });
    expect(first.statusCode).toBe(200);
    expect(first.json().alreadyActive).toBe(false);
    // The same desk typed differently is the same desk.
    const again = await clerk2.post('/api/queue/call-next', { locationId: L, deskLabel: '  platz   11 ' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      alreadyActive: true,
      ticket: { id: first.json().ticket.id, status: 'called' },
      call: { id: first.json().call.id },
    });
    expect(await activeAt('Platz 11')).toHaveLength(1);
    expect(await deskCalls('Platz 11')).toEqual([first.json().ticket.id]);

    // Serving still counts as the desk's active call; after finishing, the next person is called.
    const id = first.json().ticket.id;
    await clerk.post(`/api/queue/tickets/${id}/status`, { status: 'serving' });
    expect(
      (await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 11' })).json(),
    ).toMatchObject({ alreadyActive: true, ticket: { id, status: 'serving' } });
    await clerk.post(`/api/queue/tickets/${id}/status`, { status: 'done' });
    const next = (await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 11' })).json();
    expect(next.alreadyActive).toBe(false);
    expect(next.ticket.id).not.toBe(id);
    await clerk.post(`/api/queue/tickets/${next.ticket.id}/status`, { status: 'done' });
  });

  it('calls exactly one ticket when a desk double-clicks, even with twelve requests at once', async () => {
    for (let i = 0; i < 6; i++) await walkIn(clerk);
    const agents = [clerk, clerk2, await t.login('clerk')];
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        agents[i % 3]!.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 12' }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(200));
    const ids = new Set(results.map((r) => r.json().ticket.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.json().alreadyActive === false)).toHaveLength(1);
    expect(await activeAt('Platz 12')).toHaveLength(1);
    expect(await deskCalls('Platz 12')).toHaveLength(1);
    // Meanwhile other desks still get other people.
    const [a, b] = await Promise.all([
      clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 13' }),
      clerk2.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 14' }),
    ]);
    expect(new Set([[...ids][0], a.json().ticket.id, b.json().ticket.id]).size).toBe(3);
  });

  it('refuses to recall a ticket to a desk that has called someone else', async () => {
    await walkIn(clerk);
    const at15 = (await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 15' })).json();
    const res = await clerk.post(`/api/queue/tickets/${at15.ticket.id}/recall`, { deskLabel: 'Platz 13' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DESK_BUSY' });
    expect(res.json().detail).toContain('Platz 13');
  });

  it('holds in the database too: a second active call at a desk is refused by the index', async () => {
    await walkIn(clerk);
    const called = (await activeAt('Platz 15'))[0]!;
    const waiting = await t.db
      .selectFrom('tickets')
      .select('id')
      .where('location_id', '=', L)
      .where('service_date', '=', today)
      .where('status', '=', 'waiting')
      .executeTakeFirstOrThrow();
    await expect(
      t.db
        .updateTable('tickets')
        .set({ status: 'called', desk_label: 'PLATZ 15' })
        .where('id', '=', waiting.id)
        .execute(),
    ).rejects.toMatchObject({ code: '23505', constraint: 'tickets_one_active_call_per_desk' });
    expect((await activeAt('Platz 15')).map((r) => r.id)).toEqual([called.id]);
  });
});

describe('queue and casework (#10)', () => {
  it('links the cases captured while serving a ticket, and counts the appointment as attended', async () => {
    // Finish whatever an earlier test left at this desk.
    for (;;) {
      const r = await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 20' });
      if (r.statusCode !== 200) break;
      await clerk.post(`/api/queue/tickets/${r.json().ticket.id}/status`, { status: 'done' });
    }
    const a = await appointmentToday('Vorgang Person (fiktiv)', 120);
    const booked = (await clerk.post('/api/queue/check-in', { locationId: L, appointmentId: a.id })).json();
    const called = (
      await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: 'Platz 20' })
    ).json();
    expect(called.ticket.id).toBe(booked.id);
    const serving = await clerk.post(`/api/queue/tickets/${booked.id}/status`, { status: 'serving' });
    expect(serving.json()).toMatchObject({ status: 'serving', cases: [] });
    const attended = await t.db
      .selectFrom('appointments')
      .select('status')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    expect(attended.status).toBe('attended');

    const body = {
      serviceId: SERVICE_IDS.uebermittlungssperre,
      personId: DEMO_REGISTER.persons.juergenMuellerLuedenscheidt,
      formData: { blocks: ['jubilees'] },
      ticketId: booked.id,
    };
    const first = await clerk.post('/api/cases', body);
    expect(first.statusCode, first.body).toBe(201);
    const caseId = first.json().id;
    // A repeated capture of the same case (a retry) links it once.
    const again = await clerk.post('/api/cases', { ...body, id: caseId });
    expect(again.statusCode, again.body).toBe(201);
    const second = await clerk.post('/api/cases', { ...body, formData: { blocks: ['parties'] } });
    expect(second.statusCode).toBe(201);

    const done = (await clerk.post(`/api/queue/tickets/${booked.id}/status`, { status: 'done' })).json();
    expect(done.cases).toEqual([
      { id: caseId, number: first.json().number, serviceId: SERVICE_IDS.uebermittlungssperre },
      { id: second.json().id, number: second.json().number, serviceId: SERVICE_IDS.uebermittlungssperre },
    ]);
    // The case belongs to the place where the ticket was served.
    const row = await t.db
      .selectFrom('cases')
      .select('location_id')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(row.location_id).toBe(L);
    const state = (await clerk.get(`/api/queue/state?location=${L}`)).json();
    expect(state.tickets.find((x: { id: string }) => x.id === booked.id).cases).toHaveLength(2);
  });

  it('refuses a ticket of another authority or one that does not exist, and captures nothing', async () => {
    const before = await t.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await clerk.post('/api/cases', {
      serviceId: SERVICE_IDS.uebermittlungssperre,
      personId: DEMO_REGISTER.persons.juergenMuellerLuedenscheidt,
      formData: { blocks: ['jubilees'] },
      ticketId: uuidv7(),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('TICKET_NOT_FOUND');
    const after = await t.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
