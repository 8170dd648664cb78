import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { solvedChallenge } from '../antibot/test-support';
import {
  at,
  bookDirect,
  contact,
  freeWorkingDay,
  outbox,
  type PlannedDay,
  planDay,
} from '../booking/test-support';
import { SERVICE_IDS } from '../catalog/demo-ids';
import { DEMO } from './demo-ids';
import { type AddedAuthority, addAuthority } from './test-support';

/**
 * Many authorities in one installation, through the API (#12, ADR 27): each authority's citizen
 * portal at `/<slug>/…` or its own host name, and the 115 desk booking for the caller's authority
 * without reading any register. Runs on PGlite (the application's wall) and on a server (both
 * walls, the application as a role bound by row-level security).
 */
const A = DEMO.authorityMeerane;
const PA_SLUG = 'personalausweis-beantragen';
let t: TestApp;
let b: AddedAuthority; // a second portal, joined the 115
let c: AddedAuthority; // a third portal, not joined
let centre: AddedAuthority; // the 115 service centre
let dayA: PlannedDay;
let dayB: PlannedDay;
let agent: Agent;
const HOST_C = 'termine.beispiel-c.example';

beforeAll(async () => {
  // The demo authority is the installation's default portal (PORTAL_DEFAULT_AUTHORITY).
  t = await createTestApp({ config: { portalDefaultAuthority: 'meerane' } });
  b = await addAuthority(t, { n: 201, slug: 'beispiel-b', joined115: true });
  c = await addAuthority(t, { n: 202, slug: 'beispiel-c', host: HOST_C });
  centre = await addAuthority(t, {
    n: 203,
    slug: 'servicecenter-115',
    kind: 'service_centre',
    catalogue: false,
  });
  const date = freeWorkingDay(12);
  dayA = await planDay(t, await t.login('coordinator'), { date, desks: 1 });
  dayB = await planDay(t, await t.login('coordinator', { authorityId: b.id }), {
    date,
    desks: 1,
    locationId: b.locationId,
  });
  agent = await t.login('hotline', { authorityId: centre.id });
});
afterAll(async () => t?.close());

async function serviceIds(agentOrCitizen: Agent, url: string, headers?: Record<string, string>) {
  const res = await agentOrCitizen.get(url, headers);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().services as { id: string }[]).map((s) => s.id).sort();
}

describe('a portal per authority (#12)', () => {
  it('answers /<slug>/… and the authority’s own host name with that authority’s catalogue', async () => {
    const citizen = t.anonymous();
    const own = Object.values(b.services).sort();
    expect(own.length).toBeGreaterThan(3);
    expect(await serviceIds(citizen, '/beispiel-b/api/catalog/services')).toEqual(own);
    // The installation's default portal (the demo authority) at the bare address and at its slug.
    const demo = await serviceIds(citizen, '/api/catalog/services');
    expect(demo).toContain(SERVICE_IDS[PA_SLUG]);
    expect(demo.filter((id) => own.includes(id))).toEqual([]);
    expect(await serviceIds(citizen, '/meerane/api/catalog/services')).toEqual(demo);
    // By host name.
    expect(await serviceIds(citizen, '/api/catalog/services', { host: HOST_C })).toEqual(
      Object.values(c.services).sort(),
    );
    // The same address of a service leads to each authority's own text.
    const page = await citizen.get(`/beispiel-b/api/catalog/services/${PA_SLUG}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().id).toBe(b.services[PA_SLUG]);
    // An unknown portal is no portal; the service centre has none.
    expect((await citizen.get('/nirgendwo/api/catalog/services')).statusCode).toBe(404);
    expect((await citizen.get('/servicecenter-115/api/catalog/services')).statusCode).toBe(404);
  });

  it('books on the second authority’s portal, and its office days are unknown on another portal', async () => {
    const citizen = t.anonymous();
    const days = await citizen.get(`/beispiel-b/api/booking/days?services=${b.services[PA_SLUG]}`);
    expect(days.statusCode, days.body).toBe(200);
    const listed = (days.json().days as { officeDay: { id: string } }[]).map((d) => d.officeDay.id);
    expect(listed).toContain(dayB.id);
    expect(listed).not.toContain(dayA.id);

    // A's portal knows nothing of B's day, and B's portal nothing of A's.
    // A hold needs a solved challenge (ADR 33) before the office day is looked at.
    const crossed = await citizen.post(
      '/api/booking/holds',
      { officeDayId: dayB.id, startsAt: at(dayB.date, '09:00'), serviceIds: [b.services[PA_SLUG]] },
      await solvedChallenge(citizen),
    );
    expect(crossed.statusCode).toBe(404);
    expect(crossed.json().code).toBe('OFFICE_DAY_NOT_FOUND');
    const slotsCrossed = await citizen.get(
      `/beispiel-b/api/booking/slots?officeDay=${dayA.id}&services=${SERVICE_IDS[PA_SLUG]}`,
    );
    expect(slotsCrossed.statusCode).toBe(404);

    const hold = await citizen.post(
      '/beispiel-b/api/booking/holds',
      { officeDayId: dayB.id, startsAt: at(dayB.date, '09:00'), serviceIds: [b.services[PA_SLUG]] },
      await solvedChallenge(citizen),
    );
    expect(hold.statusCode, hold.body).toBe(201);
    const { holdId, holdToken } = hold.json();
    const who = contact('Bürgerin von B (fiktiv)');
    const booked = await citizen.post('/beispiel-b/api/booking/appointments', {
      holdId,
      holdToken,
      contact: who,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    // The links in the answer and the mail lead to B's portal, where the token is found.
    const { manageUrl, manageToken } = booked.json();
    expect(manageUrl).toBe(`${t.config.publicUrl}/beispiel-b/termin/verwalten/${manageToken}`);
    const [mail] = await outbox(t, who.email);
    expect(mail!.text_body).toContain(manageUrl);
    const found = await citizen.post('/beispiel-b/api/booking/manage', { token: manageToken });
    expect(found.statusCode, found.body).toBe(200);
    expect((await citizen.post('/api/booking/manage', { token: manageToken })).statusCode).toBe(404);
    const row = await t.db
      .selectFrom('appointments')
      .select(['authority_id', 'channel'])
      .where('id', '=', booked.json().appointment.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ authority_id: b.id, channel: 'portal' });
  });
});

describe('the 115 desk answers for every authority that joined (#12)', () => {
  it('lists the joined authorities to the service centre’s agent — not one that did not join', async () => {
    const res = await agent.get('/api/places/hotline/authorities');
    expect(res.statusCode, res.body).toBe(200);
    const ids = (res.json().authorities as { id: string }[]).map((a) => a.id).sort();
    expect(ids).toEqual([A, b.id].sort());
    expect(ids).not.toContain(c.id);
  });

  it('books for a caller of each joined authority on that authority’s office day', async () => {
    for (const [authority, day, service] of [
      [A, dayA, SERVICE_IDS[PA_SLUG]],
      [b.id, dayB, b.services[PA_SLUG]],
    ] as const) {
      const acting = { 'x-acting-for': authority };
      // The caller's authority's services and office days.
      const services = await serviceIds(agent, '/api/booking/services', acting);
      expect(services).toContain(service);
      const slots = await agent.get(`/api/booking/slots?officeDay=${day.id}&services=${service}`, acting);
      expect(slots.statusCode, slots.body).toBe(200);
      const res = await agent.post(
        '/api/booking/staff/appointments',
        { officeDayId: day.id, startsAt: at(day.date, '10:00'), serviceIds: [service], contact: contact() },
        acting,
      );
      expect(res.statusCode, res.body).toBe(201);
      const row = await t.db
        .selectFrom('appointments')
        .select(['authority_id', 'channel'])
        .where('id', '=', res.json().id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ authority_id: authority, channel: 'hotline' });
    }
  });

  it('refuses an authority that did not join, another authority’s day, and anything beyond booking', async () => {
    const notJoined = await agent.get('/api/booking/services', { 'x-acting-for': c.id });
    expect(notJoined.statusCode).toBe(403);
    expect(notJoined.json().code).toBe('ACTING_FOR_NOT_ALLOWED');
    // Acting for B, A's office day is not there.
    const crossed = await agent.post(
      '/api/booking/staff/appointments',
      {
        officeDayId: dayA.id,
        startsAt: at(dayA.date, '10:30'),
        serviceIds: [SERVICE_IDS[PA_SLUG]],
        contact: contact(),
      },
      { 'x-acting-for': b.id },
    );
    expect(crossed.statusCode).toBe(404);
    // The register (and every route not opened to the 115) is closed while acting for someone.
    const register = await agent.get('/api/register/persons?q=Muster', { 'x-acting-for': b.id });
    expect(register.statusCode).toBe(403);
    // A forged header value is no authority.
    const forged = await agent.get('/api/booking/services', { 'x-acting-for': `${b.id}' or '1'='1` });
    expect(forged.statusCode).toBe(403);
    // An agent of an ordinary authority may not act for another one.
    const local = await t.login('hotline');
    const foreign = await local.get('/api/booking/services', { 'x-acting-for': b.id });
    expect(foreign.statusCode).toBe(403);
    // A citizen cannot use the header at all.
    const citizen = await t.anonymous().get('/api/booking/services', { 'x-acting-for': b.id });
    expect(citizen.statusCode).toBe(403);
  });
});

/**
 * Holes the isolation matrix (src/server/isolation-matrix.test.ts) found, each pinned here on its
 * own: all four held on a server (row-level security) and were open on PGlite, or — the cache of
 * waiting times — on both.
 */
describe('regressions found by the isolation matrix (#12)', () => {
  it('answers a portal with its own catalogue only: another authorityId finds nothing', async () => {
    const citizen = t.anonymous();
    const own = Object.values(b.services).sort();
    // Another authority's id in B's portal reads nothing, as row-level security answers on a server.
    expect(await serviceIds(citizen, `/beispiel-b/api/catalog/services?authorityId=${A}`)).toEqual([]);
    expect(await serviceIds(citizen, `/beispiel-b/api/catalog/services?authorityId=${b.id}`)).toEqual(own);
    const found = await citizen.get(`/beispiel-b/api/catalog/search?q=Personalausweis&authorityId=${A}`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().results).toEqual([]);
    // Without authorityId the search read every authority's catalogue on PGlite, too.
    const plain = await citizen.get('/beispiel-b/api/catalog/search?q=Personalausweis');
    const plainIds = (plain.json().results as { id: string }[]).map((r) => r.id);
    expect(plainIds.length).toBeGreaterThan(0);
    expect(plainIds.filter((id) => !own.includes(id))).toEqual([]);
  });

  it('serves each portal its own waiting times, never another portal’s cached answer', async () => {
    const citizen = t.anonymous();
    const ofA = await citizen.get('/meerane/api/queue/public/waiting-times');
    expect(ofA.statusCode).toBe(200);
    const aLocations = (ofA.json().locations as { id: string }[]).map((l) => l.id);
    expect(aLocations.length).toBeGreaterThan(0); // the demo queue runs today
    const ofB = await citizen.get('/beispiel-b/api/queue/public/waiting-times');
    expect(ofB.statusCode).toBe(200);
    const bLocations = (ofB.json().locations as { id: string }[]).map((l) => l.id);
    expect(bLocations.filter((id) => aLocations.includes(id))).toEqual([]);
  });

  it('does not confirm a hold of A on B’s portal, even with the hold’s token', async () => {
    const citizen = t.anonymous();
    const hold = await citizen.post(
      '/api/booking/holds',
      { officeDayId: dayA.id, startsAt: at(dayA.date, '11:00'), serviceIds: [SERVICE_IDS[PA_SLUG]] },
      await solvedChallenge(citizen),
    );
    expect(hold.statusCode, hold.body).toBe(201);
    const { holdId, holdToken } = hold.json();
    const crossed = await citizen.post('/beispiel-b/api/booking/appointments', {
      holdId,
      holdToken,
      contact: contact('Über B gebucht (fiktiv)'),
    });
    expect(crossed.statusCode).toBe(404);
    expect(crossed.json().code).toBe('BOOKING_TOKEN_INVALID');
    const row = await t.db
      .selectFrom('appointments')
      .select(['status', 'name'])
      .where('id', '=', holdId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'held', name: null });
  });

  it('does not render (write) a message of A’s outbox that B’s admin names', async () => {
    const booked = await bookDirect(t.anonymous(), dayA, '11:30');
    expect(booked.statusCode, booked.body).toBe(201);
    const message = await t.db
      .selectFrom('outbox_messages')
      .select(['id', 'subject'])
      .where('related_id', '=', booked.json().appointment.id)
      .executeTakeFirstOrThrow();
    expect(message.subject).toBeNull(); // queued by the database, rendered when first read
    const adminB = await t.login('admin', { authorityId: b.id });
    for (const url of [
      `/api/notify/outbox/${message.id}`,
      `/api/notify/outbox/${message.id}/attachments/0`,
    ]) {
      const res = await adminB.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('MAIL_NOT_FOUND');
    }
    const after = await t.db
      .selectFrom('outbox_messages')
      .select('subject')
      .where('id', '=', message.id)
      .executeTakeFirstOrThrow();
    expect(after.subject).toBeNull();
  });
});
