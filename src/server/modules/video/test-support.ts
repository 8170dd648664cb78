import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import type { ServerMessage } from '../../../core/video/protocol';
import { withInstallation } from '../../db/scope';
import type { Agent, TestApp } from '../../test/test-app';
import { DEMO } from '../places/demo-ids';
import { TERMINAL_COOKIE } from './terminals';

/** Helpers for the video tests (not a test file itself). */

/**
 * The tests talk to a listening server over real sockets (the `ws` client): @fastify/websocket's
 * injectWS sends the version header as a number, which ws 8.23 refuses with 400.
 */
export async function listen(app: FastifyInstance): Promise<string> {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return address;
}

/** The origin of pages served by the test server (the host the socket connects to). */
export function originOf(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server not listening');
  return `http://127.0.0.1:${address.port}`;
}

/** A socket of a test: every message it received, and waits for the next one that matches. */
export class TestSocket {
  readonly messages: Record<string, unknown>[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: {
    match: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }[] = [];
  private closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];
  ws!: WebSocket;

  static async open(
    app: FastifyInstance,
    path: string,
    headers: Record<string, string> = {},
  ): Promise<TestSocket> {
    const s = new TestSocket();
    const ws = new WebSocket(`${originOf(app).replace('http', 'ws')}${path}`, { headers });
    s.ws = ws;
    ws.on('message', (data: Buffer) => s.receive(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.on('close', (code: number, reason: Buffer) => {
      s.closed = { code, reason: reason.toString() };
      for (const w of s.closeWaiters.splice(0)) w(s.closed);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return s;
  }

  private receive(message: Record<string, unknown>) {
    this.messages.push(message);
    for (const w of [...this.waiters]) {
      if (w.match(message)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(message);
        return;
      }
    }
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message (already received or arriving within the timeout) of this type that matches. */
  next<T extends ServerMessage['type']>(
    type: T,
    match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 4000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const test = (m: Record<string, unknown>) =>
      m.type === type && match(m as unknown as Extract<ServerMessage, { type: T }>);
    const seen = this.messages.find(test);
    if (seen) {
      this.messages.splice(this.messages.indexOf(seen), 1);
      return Promise.resolve(seen as unknown as Extract<ServerMessage, { type: T }>);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${type} message within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        match: (m) => {
          if (!test(m)) return false;
          clearTimeout(timer);
          return true;
        },
        resolve: (m) => {
          // taken out of the list: a later next() waits for the following one
          this.messages.splice(this.messages.indexOf(m), 1);
          resolve(m as unknown as Extract<ServerMessage, { type: T }>);
        },
      });
    });
  }

  /** The close code, once the server closed the socket. */
  closedWith(timeoutMs = 4000): Promise<number> {
    if (this.closed) return Promise.resolve(this.closed.code);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`socket not closed within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.closeWaiters.push((c) => {
        clearTimeout(timer);
        resolve(c.code);
      });
    });
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Staff socket headers: the session cookie and the origin of our pages (or another one). */
export function staffHeaders(app: FastifyInstance, agent: Agent, origin?: string): Record<string, string> {
  return { cookie: `bk_session=${agent.cookie}`, origin: origin ?? originOf(app) };
}

/** Registers and pairs a terminal at a location; returns the cookie header of the device. */
export async function enrolTerminal(
  t: Pick<TestApp, 'app'>,
  coordinator: Agent,
  locationId: string = DEMO.locations.gemeindeamtSchoenberg,
  name = 'Terminal Foyer',
): Promise<{ cookie: string; terminalId: string }> {
  const created = await coordinator.post('/api/video/terminals', { locationId, name });
  if (created.statusCode !== 201) throw new Error(`terminal: ${created.statusCode} ${created.body}`);
  const { code, terminal } = created.json();
  const paired = await t.app.inject({ method: 'POST', url: '/api/video/terminal/pair', payload: { code } });
  if (paired.statusCode !== 200) throw new Error(`pair: ${paired.statusCode} ${paired.body}`);
  const raw = paired.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : [String(raw)];
  const value = list.map((c) => new RegExp(`^${TERMINAL_COOKIE}=([^;]*)`).exec(c)?.[1]).find(Boolean);
  return { cookie: `${TERMINAL_COOKIE}=${value}`, terminalId: terminal.id };
}

/** The clerk's lobby socket: opened, the clerk counts as available. */
export async function openLobby(t: Pick<TestApp, 'app' | 'db'>, clerk: Agent): Promise<TestSocket> {
  const lobby = await TestSocket.open(t.app, '/api/video/lobby', staffHeaders(t.app, clerk));
  await lobby.next('queue' as never);
  // Presence is written right after the socket opens.
  for (let i = 0; i < 50; i++) {
    const row = await withInstallation(
      t.db,
      (db) =>
        db
          .selectFrom('video_presence')
          .select('user_id')
          .where('user_id', '=', clerk.userId!)
          .executeTakeFirst(),
      'test: presence of the clerk',
    );
    if (row) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return lobby;
}

/** The terminal starts a call (walk-in unless a booking number is given). */
export async function startCall(
  t: Pick<TestApp, 'app'>,
  terminalCookie: string,
  body: Record<string, unknown> = {},
) {
  return t.app.inject({
    method: 'POST',
    url: '/api/video/calls',
    headers: { cookie: terminalCookie, 'content-type': 'application/json' },
    payload: body,
  });
}

/** The terminal's socket of a call, authenticated with its per-call token and welcomed. */
export async function terminalSocket(
  t: Pick<TestApp, 'app'>,
  callId: string,
  token: string,
): Promise<TestSocket> {
  const s = await TestSocket.open(t.app, `/api/video/calls/${callId}/socket?as=terminal`, {
    origin: originOf(t.app),
  });
  s.send({ type: 'auth', token });
  await s.next('welcome');
  return s;
}

export async function clerkSocket(
  t: Pick<TestApp, 'app'>,
  clerk: Agent,
  callId: string,
): Promise<TestSocket> {
  const s = await TestSocket.open(
    t.app,
    `/api/video/calls/${callId}/socket?as=clerk`,
    staffHeaders(t.app, clerk),
  );
  await s.next('welcome');
  return s;
}
