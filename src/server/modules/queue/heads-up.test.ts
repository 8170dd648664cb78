import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { DEMO } from '../places/demo-ids';
import { deleteStaleHeadsUps, sendAllDueHeadsUps } from './heads-up';

/** Queue heads-up and waiting times (#14), with a real SMTP server. */
let smtp: SMTPServer;
const received: { to: string[]; raw: string }[] = [];
let t: TestApp;
let clerk: Agent;
const L = DEMO.locations.pfaffrodaCareHome;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const port = (smtp.server.address() as { port: number }).port;
  t = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${port}`, queueHeadsUpMinutes: 10 } });
  clerk = await t.login('clerk');
  // A known pace: every recent service at this place took ten minutes.
  await t.db
    .updateTable('tickets')
    .set({ served_at: sql`finished_at - interval '10 minutes'` })
    .where('location_id', '=', L)
    .where('status', '=', 'done')
    .execute();
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

const headsUpMails = (to: string) =>
  t.db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('recipient', '=', to)
    .where('template', '=', 'queue.heads-up')
    .execute();

describe('queue heads-up', () => {
  it('tells a waiting citizen once, when about ten minutes are left, and forgets the address when the ticket closes', async () => {
    const email = `wartende.${Date.now().toString(36)}@example.org`;
    const walkIn = (body: object = {}) => clerk.post('/api/queue/tickets', { locationId: L, ...body });
    for (let i = 0; i < 3; i++) expect((await walkIn()).statusCode).toBe(201);
    const mine = await walkIn({ headsUp: { email, consent: true } });
    expect(mine.statusCode, mine.body).toBe(201);
    // Three ahead, ten minutes each, one desk.
    expect(mine.json().headsUp).toEqual({ requested: true, estimatedMinutes: 30, leadMinutes: 10 });
    expect(await headsUpMails(email)).toHaveLength(0);

    // One desk calls: two ahead, 20 minutes — not yet.
    expect((await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: '1' })).statusCode).toBe(
      200,
    );
    expect(await headsUpMails(email)).toHaveLength(0);
    // A second desk opens and calls: one ahead, two desks — about 5 minutes: now.
    expect((await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: '2' })).statusCode).toBe(
      200,
    );
    const mails = await headsUpMails(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Sie sind in etwa 5 Minuten dran (Nummer ${mine.json().code})`);

    // Further changes and the periodic run send nothing more.
    await sendAllDueHeadsUps(t.db, 10);
    const next = await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: '3' });
    expect(next.statusCode).toBe(200);
    expect(await headsUpMails(email)).toHaveLength(1);

    // The mail reaches a real SMTP server.
    await t.app.jobs.drain();
    const delivered = received.find((m) => m.to.includes(email));
    expect(delivered?.raw).toMatch(/Sie sind in etwa 5 Minuten dran/);

    // Closing the ticket deletes the address.
    const id = mine.json().id;
    expect(
      await t.db.selectFrom('ticket_heads_up').select('email').where('ticket_id', '=', id).execute(),
    ).toHaveLength(1);
    let called = next.json().ticket;
    while (called.id !== id) {
      await clerk.post(`/api/queue/tickets/${called.id}/status`, { status: 'done' });
      called = (await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: '3' })).json().ticket;
    }
    expect((await clerk.post(`/api/queue/tickets/${id}/status`, { status: 'done' })).statusCode).toBe(200);
    expect(
      await t.db.selectFrom('ticket_heads_up').select('email').where('ticket_id', '=', id).execute(),
    ).toHaveLength(0);
  });

  it('sends a text message to a mobile number in English, and at once when the citizen is next', async () => {
    // Empty the queue at the place first.
    for (;;) {
      const r = await clerk.post('/api/queue/call-next', { locationId: L, deskLabel: '9' });
      if (r.statusCode !== 200) break;
      await clerk.post(`/api/queue/tickets/${r.json().ticket.id}/status`, { status: 'done' });
    }
    const res = await clerk.post('/api/queue/tickets', {
      locationId: L,
      headsUp: { phone: '+49 171 2345678', consent: true, locale: 'en' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const sms = await t.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('recipient', '=', '01712345678')
      .where('template', '=', 'queue.heads-up')
      .execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.channel).toBe('sms');
    expect(sms[0]!.text_body).toContain('Your turn comes in about 1 minute.');
  });

  it('refuses an address without consent or in a wrong form, and keeps no ticket then', async () => {
    const before = await t.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('location_id', '=', L)
      .executeTakeFirstOrThrow();
    const noConsent = await clerk.post('/api/queue/tickets', {
      locationId: L,
      headsUp: { email: 'a@example.org', consent: false },
    });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().errors.map((e: { path: string }) => e.path)).toContain('/headsUp/consent');
    const bad = await clerk.post('/api/queue/tickets', {
      locationId: L,
      headsUp: { email: 'not-an-address', phone: '12', consent: true },
    });
    expect(bad.statusCode).toBe(400);
    const nothing = await clerk.post('/api/queue/tickets', { locationId: L, headsUp: { consent: true } });
    expect(nothing.statusCode).toBe(400);
    const after = await t.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('location_id', '=', L)
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('is for clerks only: anonymous callers and other roles cannot leave addresses', async () => {
    const body = { locationId: L, headsUp: { email: 'x@example.org', consent: true } };
    expect((await t.anonymous().post('/api/queue/tickets', body)).statusCode).toBe(401);
    expect((await (await t.login('hotline')).post('/api/queue/tickets', body)).statusCode).toBe(403);
  });

  it('deletes the addresses of tickets of past days that were never closed', async () => {
    const res = await clerk.post('/api/queue/tickets', {
      locationId: DEMO.locations.tettau,
      headsUp: { email: 'vergessen@example.org', consent: true },
    });
    expect(res.statusCode).toBe(201);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(await deleteStaleHeadsUps(t.db, tomorrow)).toBeGreaterThanOrEqual(1);
    expect(
      await t.db
        .selectFrom('ticket_heads_up')
        .select('email')
        .where('ticket_id', '=', res.json().id)
        .execute(),
    ).toHaveLength(0);
  });
});

describe('public waiting times', () => {
  it('shows counts per location with a queue today, no numbers or names, cached briefly', async () => {
    await clerk.post('/api/queue/tickets', { locationId: DEMO.locations.koethel });
    const res = await t.anonymous().get('/api/queue/public/waiting-times');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=30');
    const here = res.json().locations.find((l: { id: string }) => l.id === DEMO.locations.koethel);
    expect(here).toMatchObject({ waiting: expect.any(Number), estimatedMinutes: expect.any(Number) });
    expect(here.waiting).toBeGreaterThanOrEqual(1);
    expect(res.body).not.toMatch(/A \d{3}|@example/);
  });
});
