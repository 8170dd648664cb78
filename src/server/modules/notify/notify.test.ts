import ICAL from 'ical.js';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/transaction';
import { createTestApp, type TestApp } from '../../test/test-app';
import '../booking/mail-templates';
import { at, bookDirect, contact, freeWorkingDay, planDay } from '../booking/test-support';
import { DEMO } from '../places/demo-ids';
import { queueMail } from './service';
import { renderMail } from './templates';

/** A real SMTP server in this process; every message it accepts lands in `received`. */
interface Received {
  from: string;
  to: string[];
  raw: string;
}
let smtp: SMTPServer;
let smtpPort = 0;
const received: Received[] = [];
let failNext = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (failNext > 0) {
        failNext--;
        return callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? (session.envelope.mailFrom as { address: string }).address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpPort = (smtp.server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The parts of a MIME message (enough for nodemailer's output: multipart, base64 or quoted-printable). */
function mimeParts(raw: string): { headers: string; body: string }[] {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1]!);
  let parts = [raw];
  for (const b of boundaries) parts = parts.flatMap((p) => p.split(`--${b}`));
  return parts
    .map((p) => {
      const i = p.indexOf('\r\n\r\n');
      return i < 0 ? null : { headers: p.slice(0, i), body: p.slice(i + 4).replace(/\r\n--$/, '') };
    })
    .filter((p): p is { headers: string; body: string } => !!p && !/multipart\//i.test(p.headers));
}

function decode(part: { headers: string; body: string }): string {
  if (/content-transfer-encoding:\s*base64/i.test(part.headers)) {
    return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  if (/content-transfer-encoding:\s*quoted-printable/i.test(part.headers)) {
    const bytes = part.body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return part.body;
}

describe('mail over SMTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      config: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, mailFrom: 'Bürgerbüro Test <test@meerane.example>' },
    });
  });
  afterAll(async () => t?.close());

  it('delivers the booking confirmation to a real SMTP server, with text, HTML and a parseable ICS', async () => {
    const coordinator = await t.login('coordinator');
    const day = await planDay(t, coordinator, { date: freeWorkingDay(5) });
    const who = contact('Mail Empfängerin (fiktiv)');
    const booking = await bookDirect(t.anonymous(), day, '10:00', undefined, who);
    expect(booking.statusCode).toBe(201);
    await t.app.jobs.drain();
    const mail = received.find((m) => m.to.includes(who.email))!;
    expect(mail).toBeDefined();
    expect(mail.from).toBe('test@meerane.example');
    const parts = mimeParts(mail.raw);
    const text = decode(parts.find((p) => /text\/plain/i.test(p.headers))!);
    const html = decode(parts.find((p) => /text\/html/i.test(p.headers))!);
    const ics = decode(parts.find((p) => /text\/calendar/i.test(p.headers))!);
    expect(text).toContain(booking.json().appointment.bookingNumber);
    expect(text).toContain(booking.json().manageUrl);
    expect(html).toContain('Mail Empfängerin (fiktiv)');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
    expect(event.startDate.toJSDate().toISOString()).toBe(at(day.date, '10:00'));
    expect(event.location).toContain('Hauptstraße 51');
    const row = await t.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('recipient', '=', who.email)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(row.sent_at).toBeTruthy();
  });

  it('retries when the SMTP server refuses for now, and records the attempt', async () => {
    failNext = 1;
    const id = await inTransaction(t.db, (trx) =>
      queueMail(trx, {
        to: 'retry@example.org',
        template: 'generic',
        locale: 'de',
        data: { subject: 'Nachricht', paragraphs: ['Hallo'] },
        authorityId: DEMO.authorityMeerane,
      }),
    );
    await t.app.jobs.drain();
    const afterFailure = await t.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(afterFailure.status).toBe('queued');
    expect(afterFailure.last_error).toContain('busy');
    const job = await t.db
      .selectFrom('jobs')
      .selectAll()
      .where('dedupe_key', '=', `notify:${id}`)
      .executeTakeFirstOrThrow();
    expect(job.status).toBe('pending');
    expect(job.attempts).toBe(1);
    // Make the retry due now and run it.
    await t.db.updateTable('jobs').set({ run_at: new Date() }).where('id', '=', job.id).execute();
    await t.app.jobs.drain();
    const sent = await t.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(sent.status).toBe('sent');
    expect(received.some((m) => m.to.includes('retry@example.org'))).toBe(true);
  });
});

describe('the outbox without SMTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('writes a mail only if the transaction commits', async () => {
    await expect(
      inTransaction(t.db, async (trx) => {
        await queueMail(trx, {
          to: 'rollback@example.org',
          template: 'generic',
          locale: 'de',
          data: { subject: 'x', paragraphs: [] },
        });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const rows = await t.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('recipient', '=', 'rollback@example.org')
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('keeps mails in the outbox for admins and coordinators ("Postausgang") and offers the ICS', async () => {
    const coordinator = await t.login('coordinator');
    const day = await planDay(t, coordinator, { date: freeWorkingDay(5) });
    const who = contact();
    await bookDirect(t.anonymous(), day, '09:00', undefined, who);
    await t.app.jobs.drain();
    const admin = await t.login('admin');
    const list = (await admin.get(`/api/notify/outbox?recipient=${encodeURIComponent(who.email)}`)).json()
      .messages;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ status: 'stored', template: 'booking.confirmation', attachmentCount: 1 });
    const one = (await coordinator.get(`/api/notify/outbox/${list[0].id}`)).json();
    expect(one.textBody).toContain('/termin/verwalten/');
    const ics = await coordinator.get(`/api/notify/outbox/${list[0].id}/attachments/0`);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VCALENDAR');
    const clerk = await t.login('clerk');
    expect((await clerk.get('/api/notify/outbox')).statusCode).toBe(403);
    const other = await t.login('admin', { authorityId: DEMO.authorityMeerane });
    expect((await other.get(`/api/notify/outbox/00000000-0000-7000-8000-000000000000`)).json().code).toBe(
      'MAIL_NOT_FOUND',
    );
  });
});

describe('mail templates', () => {
  it('render German and English, plain text and HTML, and escape what people typed', () => {
    const data = {
      bookingNumber: 'T-ABCD-EFGH',
      name: '<script>alert(1)</script>',
      startsAt: '2026-12-08T08:00:00.000Z',
      endsAt: '2026-12-08T08:15:00.000Z',
      locationName: 'Gemeindeverwaltung Schönberg',
      address: 'Hauptstraße 51, 08393 Schönberg',
      services: [{ de: 'Personalausweis beantragen', en: 'Apply for an ID card' }],
      manageUrl: 'https://example.org/termin/verwalten/abc',
    };
    const de = renderMail('booking.confirmation', 'de', data);
    const en = renderMail('booking.confirmation', 'en', data);
    expect(de.subject).toContain('Dienstag, 8. Dezember 2026');
    expect(de.text).toContain('09:00–09:15 Uhr');
    expect(en.subject).toContain('Tuesday, 8 December 2026');
    expect(en.text).toContain('Apply for an ID card');
    expect(de.html).not.toContain('<script>');
    expect(de.html).toContain('&lt;script&gt;');
    expect(de.html).toContain('lang="de"');
  });
});
