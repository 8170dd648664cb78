import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/transaction';
import { createTestApp, type TestApp } from '../../test/test-app';
import { DEMO } from '../places/demo-ids';
import { queueSms } from './service';
import { destinationOf } from './smpp';
import { DATA_CODING_GSM7, DATA_CODING_UCS2, decodeSms, encodeSms, MAX_PARTS } from './sms-encoding';

/**
 * The vendor boundary (ADR 32): a real SMPP 3.4 server (the SMSC side of the `smpp` package) on a
 * local port, spoken to by the app's send job over TCP. The server can refuse binds, reject a
 * submit_sm, or drop the connection before it answers.
 */
const smpp = createRequire(import.meta.url)('smpp');

interface Submitted {
  destination: string;
  ton: number;
  dataCoding: number;
  esmClass: number;
  /** The text as the SMSC side of the `smpp` package decodes it (an independent decoder). */
  text: string;
  /** The concatenation information element (0x00, 0x03, reference, parts, part) or undefined. */
  concat: number[] | undefined;
  source: string;
}

const SYSTEM_ID = 'bk-test';
const PASSWORD = 'Smpp-Pw-9!';
let server: any;
let port = 0;
let submitted: Submitted[] = [];
let binds = 0;
/** What the server does with the next submit_sm calls: 'ok' | 'reject' | 'drop'. */
let plan: Array<'ok' | 'reject' | 'drop'> = [];

beforeAll(async () => {
  server = smpp.createServer({ debug: false }, (session: any) => {
    session.on('error', () => {});
    session.on('bind_transmitter', (pdu: any) => {
      binds++;
      if (pdu.system_id !== SYSTEM_ID || pdu.password !== PASSWORD) {
        session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
        session.close();
        return;
      }
      session.send(pdu.response());
    });
    session.on('submit_sm', (pdu: any) => {
      const next = plan.shift() ?? 'ok';
      if (next === 'drop') {
        session.destroy();
        return;
      }
      if (next === 'reject') {
        session.send(pdu.response({ command_status: smpp.ESME_RSYSERR }));
        return;
      }
      const message = pdu.short_message as { message: string; udh?: Buffer[] };
      submitted.push({
        destination: pdu.destination_addr,
        ton: pdu.dest_addr_ton,
        dataCoding: pdu.data_coding,
        esmClass: pdu.esm_class,
        text: message.message,
        concat: message.udh?.[0] ? [...message.udh[0]] : undefined,
        source: pdu.source_addr,
      });
      session.send(pdu.response({ message_id: `smsc-${submitted.length}` }));
    });
    session.on('enquire_link', (pdu: any) => session.send(pdu.response()));
    session.on('unbind', (pdu: any) => {
      session.send(pdu.response());
      session.close();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('text message encoding', () => {
  it('sends GSM-7 texts of up to 160 characters as one part, umlauts and € included', () => {
    const text = 'Kommen Sie am 12.01. um 10:00 Uhr? Bestätigen: https://x.example/b/ä [€5]';
    const encoded = encodeSms(text, 7);
    expect(encoded.dataCoding).toBe(DATA_CODING_GSM7);
    expect(encoded.parts).toHaveLength(1);
    expect(encoded.esmClass).toBe(0);
    expect(decodeSms(encoded.dataCoding, encoded.esmClass, encoded.parts)).toBe(text);
  });

  it('falls back to UCS-2 for characters outside GSM-7 and keeps emoji whole across parts', () => {
    const text = `Termin für Łukasz 🙂 ${'ß'.repeat(40)}${'🙂'.repeat(30)}`;
    const encoded = encodeSms(text, 3);
    expect(encoded.dataCoding).toBe(DATA_CODING_UCS2);
    expect(encoded.parts.length).toBeGreaterThan(1);
    for (const part of encoded.parts) expect(part.length - 6).toBeLessThanOrEqual(134);
    expect(decodeSms(encoded.dataCoding, encoded.esmClass, encoded.parts)).toBe(text);
  });

  it('replaces typographic dashes and quotes so a signature does not force UCS-2', () => {
    const encoded = encodeSms('Meerane–Schönberg · „Termin“ …', 1);
    expect(encoded.dataCoding).toBe(DATA_CODING_GSM7);
    expect(decodeSms(encoded.dataCoding, encoded.esmClass, encoded.parts)).toBe(
      'Meerane-Schönberg - "Termin" ...',
    );
  });

  it('splits long texts with a concatenation header and never splits an escape pair', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'Ä', '€', '[', ' ', 'ß', '\n', 'é', 'я'), {
          minLength: 0,
          maxLength: 600,
        }),
        fc.integer({ min: 0, max: 255 }),
        (chars, ref) => {
          const text = chars.join('');
          const encoded = encodeSms(text, ref);
          expect(decodeSms(encoded.dataCoding, encoded.esmClass, encoded.parts)).toBe(text);
          if (encoded.parts.length > 1) {
            encoded.parts.forEach((part, i) => {
              expect([...part.subarray(0, 6)]).toEqual([5, 0, 3, ref, encoded.parts.length, i + 1]);
              const body = part.subarray(6);
              expect(body.length).toBeLessThanOrEqual(encoded.dataCoding === DATA_CODING_GSM7 ? 153 : 134);
              if (encoded.dataCoding === DATA_CODING_GSM7) expect(body[body.length - 1]).not.toBe(0x1b);
            });
          }
        },
      ),
    );
  });

  it(`refuses a text longer than ${MAX_PARTS} parts rather than sending a flood`, () => {
    expect(() => encodeSms('x'.repeat(153 * MAX_PARTS + 1), 1)).toThrow(RangeError);
  });

  it('reads German and international numbers, refuses what is not a number', () => {
    expect(destinationOf('+49 170 1234567')).toEqual({ addr: '491701234567', ton: 1, npi: 1 });
    expect(destinationOf('0049-170/1234567')).toEqual({ addr: '491701234567', ton: 1, npi: 1 });
    expect(destinationOf('0170 1234567')).toEqual({ addr: '01701234567', ton: 2, npi: 1 });
    expect(() => destinationOf('call me')).toThrow(RangeError);
  });
});

describe('text messages over SMPP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      config: {
        smsSmppUrl: `smpp://127.0.0.1:${port}`,
        smsSmppSystemId: SYSTEM_ID,
        smsSmppPassword: PASSWORD,
        smsSourceAddr: 'Meerane',
      },
    });
    await t.app.jobs.drain(); // the demo data's own messages
  });
  afterAll(async () => t?.close());
  beforeEach(() => {
    submitted = [];
    plan = [];
  });

  async function queue(text: string, to = '+49 170 5550001'): Promise<string> {
    return inTransaction(t.db, (trx) =>
      queueSms(trx, {
        to,
        template: 'generic',
        locale: 'de',
        data: { subject: 'Termin', paragraphs: [text] },
        authorityId: DEMO.authorityMeerane,
        related: { type: 'appointment', id: '00000000-0000-7000-8000-000000000001' },
      }),
    );
  }

  async function row(id: string) {
    return t.db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async function retryNow(id: string) {
    await t.db
      .updateTable('jobs')
      .set({ run_at: new Date() })
      .where('dedupe_key', '=', `notify:${id}`)
      .execute();
    await t.app.jobs.drain();
  }

  it('submits the message and marks it sent only after submit_sm_resp OK', async () => {
    const id = await queue('Kommen Sie? Ja oder Absagen.');
    await t.app.jobs.drain();
    const sent = await row(id);
    expect(sent.status).toBe('sent');
    // The signature makes it two GSM-7 parts (the en dash and · are sent as - ).
    expect(sent.sms_parts).toEqual(submitted.map((_, i) => `smsc-${i + 1}`));
    expect(submitted.length).toBeGreaterThan(0);
    expect(submitted[0]!.destination).toBe('491705550001');
    expect(submitted[0]!.ton).toBe(1);
    expect(submitted[0]!.source).toBe('Meerane');
    expect(submitted.every((s) => s.dataCoding === DATA_CODING_GSM7)).toBe(true);
    expect(submitted.map((s) => s.text).join('')).toContain('Kommen Sie? Ja oder Absagen.');
    expect(submitted.map((s) => s.text).join('')).toContain('Meerane-Schönberg');
  });

  it('keeps a rejected message for the retry and sends it once when the SMSC takes it', async () => {
    plan = ['reject'];
    const id = await queue('Abgelehnt, dann angenommen.');
    await t.app.jobs.drain();
    const failed = await row(id);
    expect(failed.status).toBe('queued');
    expect(failed.last_error).toContain('submit_sm');
    expect(submitted).toHaveLength(0);
    await retryNow(id);
    const parts = submitted.length;
    expect(parts).toBeGreaterThan(0);
    expect((await row(id)).sms_parts).toHaveLength(parts);
    expect((await row(id)).status).toBe('sent');
    // A further run of the job (replayed) sends nothing again.
    await t.db
      .updateTable('jobs')
      .set({ status: 'pending', run_at: new Date() })
      .where('dedupe_key', '=', `notify:${id}`)
      .execute();
    await t.app.jobs.drain();
    expect(submitted).toHaveLength(parts);
  });

  it('reconnects after the SMSC drops the connection mid-message and sends only the missing parts', async () => {
    const long = 'Ihr Termin im Bürgerbüro. '.repeat(20); // > 1 part in GSM-7
    plan = ['ok', 'drop'];
    const id = await queue(long);
    await t.app.jobs.drain();
    const half = await row(id);
    expect(half.status).toBe('queued');
    expect(submitted).toHaveLength(1);
    const parts = (half.sms_parts as Array<string | null>).length;
    expect(parts).toBeGreaterThan(2);
    expect(half.sms_parts[0]).toBe('smsc-1');
    const bindsBefore = binds;
    await retryNow(id);
    expect(binds).toBe(bindsBefore + 1);
    expect((await row(id)).status).toBe('sent');
    expect(submitted).toHaveLength(parts); // first part once, the rest once
    // One concatenation reference across the retry, parts numbered 1…n.
    expect(new Set(submitted.map((s) => s.concat![2])).size).toBe(1);
    expect(submitted.map((s) => s.concat![4])).toEqual(Array.from({ length: parts }, (_, i) => i + 1));
    expect(submitted.every((s) => s.esmClass & 0x40)).toBe(true);
    expect(submitted.map((s) => s.text).join('')).toContain(long.trim());
  });

  it('sends a text with characters outside GSM-7 as UCS-2 that the SMSC reads back', async () => {
    const id = await queue('Termin für Łukasz Wójcik - bitte bestätigen');
    await t.app.jobs.drain();
    expect((await row(id)).status).toBe('sent');
    expect(submitted[0]!.dataCoding).toBe(DATA_CODING_UCS2);
    expect(submitted[0]!.text).toContain('Łukasz Wójcik - bitte');
  });

  it('keeps the message when the bind is refused and never writes the password into the outbox', async () => {
    const wrong = await createTestApp({
      config: {
        smsSmppUrl: `smpp://127.0.0.1:${port}`,
        smsSmppSystemId: SYSTEM_ID,
        smsSmppPassword: 'Falsches-Pw-1',
        smsSourceAddr: '4937641234',
      },
    });
    try {
      const id = await inTransaction(wrong.db, (trx) =>
        queueSms(trx, {
          to: '0170 5550002',
          template: 'generic',
          locale: 'de',
          data: { subject: 'Termin', paragraphs: ['Hallo'] },
          authorityId: DEMO.authorityMeerane,
        }),
      );
      await wrong.app.jobs.drain();
      const kept = await wrong.db
        .selectFrom('outbox_messages')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(kept.status).toBe('queued');
      expect(kept.last_error).toContain('bind_transmitter');
      expect(kept.last_error).not.toContain('Falsches-Pw-1');
      expect(submitted).toHaveLength(0);
    } finally {
      await wrong.close();
    }
  });
});
