import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app';
import { openDatabase } from '../db/connection';
import { DEMO } from '../modules/places/demo-ids';
import {
  clerkSocket,
  enrolTerminal,
  listen,
  openLobby,
  startCall,
  terminalSocket,
} from '../modules/video/test-support';
import { createStaffSession, createTestApp, type TestApp, testConfig } from '../test/test-app';
import { createTestDatabase, isPostgresRun } from '../test/test-db';
import { INLINE_LIMIT_BYTES, type LiveBus, MemoryBus, PgBus } from './bus';

function collect(bus: LiveBus, channel: string): unknown[] {
  const got: unknown[] = [];
  bus.subscribe(channel, (m) => got.push(m));
  return got;
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the in-process live bus (PGlite) (#11)', () => {
  it('delivers to the subscribers of a channel only, after publish returns, as a copy', async () => {
    const bus = new MemoryBus();
    const a = collect(bus, 'video:call:a');
    const b = collect(bus, 'video:call:b');
    const message = { type: 'chat', text: 'hallo' };
    await bus.publish('video:call:a', message);
    expect(a).toEqual([]); // not synchronously
    await until(() => a.length === 1);
    expect(a[0]).toEqual(message);
    expect(a[0]).not.toBe(message);
    expect(b).toEqual([]);
    await bus.close();
  });

  it('keeps delivering when one subscriber throws, and stops after unsubscribe', async () => {
    const bus = new MemoryBus();
    bus.subscribe('c', () => {
      throw new Error('boom');
    });
    const got: unknown[] = [];
    const off = bus.subscribe('c', (m) => got.push(m));
    await bus.publish('c', 1);
    await until(() => got.length === 1);
    off();
    await bus.publish('c', 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([1]);
  });

  it('refuses channel names that are not plain words', async () => {
    const bus = new MemoryBus();
    await expect(bus.publish("x'; drop table", 1)).rejects.toThrow(/invalid live channel/);
    expect(() => bus.subscribe('', () => {})).toThrow();
  });
});

describe.runIf(isPostgresRun())(
  'the live bus on a PostgreSQL server: LISTEN/NOTIFY between processes (#11)',
  () => {
    let t: TestApp;
    let one: PgBus;
    let two: PgBus;

    beforeAll(async () => {
      t = await createTestApp({ template: 'empty' });
      one = new PgBus(t.database.url!, t.db);
      two = new PgBus(t.database.url!, t.db);
      await Promise.all([one.whenReady(), two.whenReady()]);
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
      await t?.close();
    });

    it('carries a message from one process to the other, in order', async () => {
      const got = collect(two, 'video:call:x');
      const mine = collect(one, 'video:call:x');
      for (let i = 0; i < 20; i++) await one.publish('video:call:x', { i });
      await until(() => got.length === 20 && mine.length === 20);
      expect(got).toEqual(Array.from({ length: 20 }, (_, i) => ({ i })));
    });

    it('carries a message larger than a notification through live_messages', async () => {
      const got = collect(two, 'video:call:big');
      const sdp = `v=0\r\n${'a=candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host\r\n'.repeat(400)}`;
      expect(sdp.length).toBeGreaterThan(INLINE_LIMIT_BYTES * 2);
      await one.publish('video:call:big', { type: 'signal', description: { type: 'offer', sdp } });
      await until(() => got.length === 1);
      expect((got[0] as { description: { sdp: string } }).description.sdp).toBe(sdp);
      const stored = await t.db.selectFrom('live_messages').select('channel').execute();
      expect(stored.map((s) => s.channel)).toContain('video:call:big');
    });
  },
);

describe.runIf(isPostgresRun())(
  'two server processes on one database relay a call’s signalling (#11)',
  () => {
    let close: (() => Promise<void>)[] = [];

    afterAll(async () => {
      for (const c of close.reverse()) await c();
      close = [];
    });

    it('terminal on one process, clerk on the other: offer, answer, chat and hang-up cross', async () => {
      const first = await createTestDatabase('demo');
      const second = await openDatabase({ databaseUrl: first.url!, poolMax: 5 });
      const appA = await buildApp(testConfig(), first);
      const appB = await buildApp(testConfig(), second);
      close.push(
        () => first.close(),
        () => second.close(),
        () => appA.close(),
        () => appB.close(),
      );
      await listen(appA);
      await listen(appB);
      expect(appA.live.kind).toBe('postgres');
      await Promise.all([(appA.live as PgBus).whenReady(), (appB.live as PgBus).whenReady()]);

      const a = { app: appA, db: first.db };
      const b = { app: appB, db: second.db };
      const coordinator = await createStaffSession(first.db, appA, ['coordinator']);
      const clerk = await createStaffSession(first.db, appB, ['clerk']);
      const terminal = await enrolTerminal(a, coordinator, DEMO.locations.gemeindeamtSchoenberg);
      // The clerk's page is open on process B; the terminal starts its call on process A.
      const lobby = await openLobby(b, clerk);
      const started = await startCall(a, terminal.cookie);
      expect(started.statusCode).toBe(201);
      const { callId, token } = started.json();
      // The list on process B learns of it through the bus.
      await lobby.next('queue' as never, (m: never) =>
        (m as { calls: { id: string }[] }).calls.some((c) => c.id === callId),
      );
      const term = await terminalSocket(a, callId, token);
      expect((await clerk.post(`/api/video/calls/${callId}/accept`)).statusCode).toBe(200);
      await term.next('call.accepted');
      const desk = await clerkSocket(b, clerk, callId);
      const joined = await term.next('peer.joined');
      const sdp = `v=0\r\n${'a=x\r\n'.repeat(2500)}`; // larger than one notification
      term.send({ type: 'signal', to: joined.peer.id, description: { type: 'offer', sdp } });
      const offer = await desk.next('signal');
      expect(offer.description?.sdp).toBe(sdp);
      desk.send({ type: 'signal', to: offer.from.id, description: { type: 'answer', sdp: 'v=0 answer' } });
      expect((await term.next('signal')).description?.type).toBe('answer');
      desk.send({ type: 'chat', text: 'Guten Tag aus Meerane' });
      expect((await term.next('chat')).text).toBe('Guten Tag aus Meerane');
      // Hang-up on process B ends the terminal's socket on process A.
      await clerk.post(`/api/video/calls/${callId}/end`);
      expect((await term.next('call.ended')).by).toBe('clerk');
      lobby.close();
    });
  },
);
