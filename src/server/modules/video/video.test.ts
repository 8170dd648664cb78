import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../core/ids';
import { CLOSE } from '../../../core/video/protocol';
import { type Agent, createTestApp, type TestApp } from '../../test/test-app';
import { solvedChallenge } from '../antibot/test-support';
import { at, freeWorkingDay } from '../booking/test-support';
import { pngBytes, tempDataDir } from '../cases/test-support';
import { SERVICE_IDS } from '../catalog/demo-ids';
import { DEMO } from '../places/demo-ids';
import { DEMO_REGISTER } from '../register/demo-ids';
import { todayInBerlin } from '../schedule/service';
import { sweepCalls } from './calls';
import {
  clerkSocket,
  enrolTerminal,
  listen,
  openLobby,
  originOf,
  staffHeaders,
  startCall,
  TestSocket,
  terminalSocket,
} from './test-support';

const TURN_SECRET = 'a-test-secret-of-enough-length';

let t: TestApp;
let coordinator: Agent;
let clerk: Agent;
let otherClerk: Agent;
let terminal: { cookie: string; terminalId: string };

beforeAll(async () => {
  t = await createTestApp({
    config: {
      dataDir: tempDataDir(),
      turnUrls: ['turn:127.0.0.1:3478?transport=udp'],
      turnSecret: TURN_SECRET,
      bookingCutoffHours: 0,
    },
  });
  coordinator = await t.login('coordinator');
  clerk = await t.login('clerk');
  otherClerk = await t.login('clerk');
  terminal = await enrolTerminal(t, coordinator);
  await listen(t.app);
});
afterAll(async () => {
  await t?.close();
});

async function audit(action: string, resourceId?: string) {
  let q = t.db.selectFrom('audit_log').selectAll().where('action', '=', action);
  if (resourceId) q = q.where('resource_id', '=', resourceId);
  return q.execute();
}

/** Ends every open call (tests start from an empty queue). */
async function hangUpAll() {
  await t.db
    .updateTable('video_calls')
    .set({ status: 'ended', ended_at: new Date(), ended_by: 'system', outcome: 'abandoned' })
    .where('status', '<>', 'ended')
    .execute();
}

describe('terminals (#11)', () => {
  it('sets a terminal up once with its one-time code, and refuses the code a second time', async () => {
    const created = await coordinator.post('/api/video/terminals', {
      locationId: DEMO.locations.tettau,
      name: 'Terminal Tettau',
    });
    expect(created.statusCode).toBe(201);
    const { code } = created.json();
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const paired = await t
      .anonymous()
      .post('/api/video/terminal/pair', { code: code.toLowerCase().replace(/-/g, ' ') });
    expect(paired.statusCode).toBe(200);
    const cookie = String(paired.headers['set-cookie']);
    expect(cookie).toMatch(/bk_terminal=[^;]+; Max-Age=\d+; Path=\/api\/video; HttpOnly; SameSite=Strict/);
    const again = await t.anonymous().post('/api/video/terminal/pair', { code });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('VIDEO_PAIRING_CODE_INVALID');
    expect(await audit('video.terminal_pair', created.json().terminal.id)).toHaveLength(1);
  });

  it('refuses a wrong code and an expired one with the same answer', async () => {
    const wrong = await t.anonymous().post('/api/video/terminal/pair', { code: 'AAAA-BBBB-CCCC' });
    expect(wrong.json().code).toBe('VIDEO_PAIRING_CODE_INVALID');
    const created = await coordinator.post('/api/video/terminals', {
      locationId: DEMO.locations.koethel,
      name: 'Terminal Köthel',
    });
    await t.db
      .updateTable('video_terminals')
      .set({ pairing_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', created.json().terminal.id)
      .execute();
    const expired = await t.anonymous().post('/api/video/terminal/pair', { code: created.json().code });
    expect(expired.json().code).toBe('VIDEO_PAIRING_CODE_INVALID');
  });

  it('lets only coordinators and admins register terminals', async () => {
    const res = await clerk.post('/api/video/terminals', { locationId: DEMO.locations.tettau, name: 'X' });
    expect(res.statusCode).toBe(403);
  });

  it('a revoked terminal can no longer start calls', async () => {
    const other = await enrolTerminal(t, coordinator, DEMO.locations.koethel, 'Terminal zum Widerrufen');
    const lobby = await openLobby(t, clerk);
    const revoke = await coordinator.post(`/api/video/terminals/${other.terminalId}/revoke`);
    expect(revoke.statusCode).toBe(200);
    const res = await startCall(t, other.cookie);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('VIDEO_TERMINAL_NOT_ENROLLED');
    const status = await t.app.inject({
      method: 'GET',
      url: '/api/video/terminal',
      headers: { cookie: other.cookie },
    });
    expect(status.json().enrolled).toBe(false);
    lobby.close();
  });

  it('a browser that is not an enrolled terminal cannot start a call', async () => {
    const res = await startCall(t, 'bk_terminal=forged-token-of-some-length');
    expect(res.statusCode).toBe(403);
    expect((await startCall(t, '')).statusCode).toBe(403);
  });
});

describe('the terminal’s entry: availability and video hours (#11)', () => {
  it('says nobody is there, the next video hours and the phone number, and refuses a walk-in call', async () => {
    await hangUpAll();
    await t.db.deleteFrom('video_presence').execute();
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/video/terminal',
      headers: { cookie: terminal.cookie },
    });
    const body = res.json();
    expect(body).toMatchObject({
      enrolled: true,
      available: false,
      expectedWaitMinutes: null,
      phone: '03764 54-0',
    });
    expect(body.terminal.locationName).toContain('Schönberg');
    // The demo's video hours: Mondays and Thursdays 14–17 at the Gemeindeverwaltung Schönberg.
    expect(body.nextHours).toMatchObject({ startTime: '14:00', endTime: '17:00' });
    expect(body.nextHours.date >= todayInBerlin()).toBe(true);
    const call = await startCall(t, terminal.cookie);
    expect(call.statusCode).toBe(409);
    expect(call.json().code).toBe('VIDEO_NO_CLERK_AVAILABLE');
  });

  it('shows a clerk available with no wait while the video page is open, and a wait when callers queue', async () => {
    await hangUpAll();
    const lobby = await openLobby(t, clerk);
    const free = (
      await t.app.inject({ method: 'GET', url: '/api/video/terminal', headers: { cookie: terminal.cookie } })
    ).json();
    expect(free).toMatchObject({ available: true, expectedWaitMinutes: 0, waiting: 0 });
    const started = await startCall(t, terminal.cookie);
    expect(started.statusCode).toBe(201);
    const busy = (
      await t.app.inject({ method: 'GET', url: '/api/video/terminal', headers: { cookie: terminal.cookie } })
    ).json();
    expect(busy.waiting).toBe(1);
    expect(busy.expectedWaitMinutes).toBeGreaterThan(0);
    lobby.close();
    await hangUpAll();
  });
});

describe('a call from the terminal to the clerk (#11)', () => {
  let lobby: TestSocket;
  let callId: string;
  let token: string;
  let term: TestSocket;
  let desk: TestSocket;

  beforeAll(async () => {
    await hangUpAll();
    lobby = await openLobby(t, clerk);
  });
  afterAll(() => {
    lobby?.close();
    term?.close();
    desk?.close();
  });

  it('puts the caller on the clerks’ live list with place, kind and language', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/video/calls',
      headers: { cookie: terminal.cookie, 'content-type': 'application/json', 'accept-language': 'en' },
      payload: {},
    });
    expect(res.statusCode).toBe(201);
    ({ callId, token } = res.json());
    expect(token.length).toBeGreaterThan(30);
    const queue = await lobby.next('queue' as never, (m: never) =>
      (m as { calls: { id: string }[] }).calls.some((c) => c.id === callId),
    );
    const entry = (queue as unknown as { calls: Record<string, unknown>[] }).calls.find(
      (c) => c.id === callId,
    )!;
    expect(entry).toMatchObject({
      status: 'waiting',
      kind: 'walk_in',
      locale: 'en',
      locationId: DEMO.locations.gemeindeamtSchoenberg,
      mine: false,
      booking: null,
    });
    // Only the hash of the token is stored.
    const row = await t.db
      .selectFrom('video_calls')
      .selectAll()
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('welcomes the terminal with short-lived TURN credentials that coturn can check, never the secret', async () => {
    term = await TestSocket.open(t.app, `/api/video/calls/${callId}/socket?as=terminal`, {
      origin: originOf(t.app),
    });
    term.send({ type: 'auth', token });
    const welcome = await term.next('welcome');
    expect(welcome.self.role).toBe('terminal');
    expect(welcome.status).toBe('waiting');
    const server = welcome.ice.iceServers[0]!;
    expect(server.urls).toEqual(['turn:127.0.0.1:3478?transport=udp']);
    const [expiry] = server.username!.split(':');
    const seconds = Number(expiry) - Date.now() / 1000;
    expect(seconds).toBeGreaterThan(3600);
    expect(seconds).toBeLessThanOrEqual(2 * 3600 + 1);
    expect(server.credential).toBe(createHmac('sha1', TURN_SECRET).update(server.username!).digest('base64'));
    expect(JSON.stringify(welcome)).not.toContain(TURN_SECRET);
  });

  it('lets the first clerk answer (audited) and tells the second one it is taken', async () => {
    const accepted = await clerk.post(`/api/video/calls/${callId}/accept`);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'active', locale: 'en' });
    await term.next('call.accepted');
    const second = await otherClerk.post(`/api/video/calls/${callId}/accept`);
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('VIDEO_CALL_TAKEN');
    const rows = await audit('video.accept', callId);
    expect(rows.map((r) => [r.actor_user_id, r.result])).toEqual([
      [clerk.userId, 'success'],
      [otherClerk.userId, 'failure'],
    ]);
  });

  it('relays offers, answers and candidates between terminal and clerk, addressed to one peer', async () => {
    desk = await clerkSocket(t, clerk, callId);
    const joined = await term.next('peer.joined');
    expect(joined.peer.role).toBe('clerk');
    const deskId = joined.peer.id;
    term.send({ type: 'signal', to: deskId, description: { type: 'offer', sdp: 'v=0 offer' } });
    const offer = await desk.next('signal');
    expect(offer.from.role).toBe('terminal');
    expect(offer.description).toEqual({ type: 'offer', sdp: 'v=0 offer' });
    desk.send({ type: 'signal', to: offer.from.id, description: { type: 'answer', sdp: 'v=0 answer' } });
    expect((await term.next('signal')).description?.type).toBe('answer');
    desk.send({
      type: 'signal',
      to: offer.from.id,
      candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
    });
    expect((await term.next('signal')).candidate?.candidate).toContain('typ host');
  });

  it('carries the chat both ways and to the sender (captions), and stores none of it', async () => {
    term.send({ type: 'chat', text: '  Ich höre Sie nicht gut.  ' });
    const atDesk = await desk.next('chat');
    expect(atDesk.text).toBe('Ich höre Sie nicht gut.');
    expect(atDesk.from.role).toBe('terminal');
    expect((await term.next('chat')).text).toBe('Ich höre Sie nicht gut.');
    desk.send({ type: 'chat', text: 'Ich schreibe mit.' });
    expect((await term.next('chat')).text).toBe('Ich schreibe mit.');
    const dump = JSON.stringify(await t.db.selectFrom('audit_log').selectAll().execute());
    expect(dump).not.toContain('höre Sie nicht');
    expect(JSON.stringify(await t.db.selectFrom('video_calls').selectAll().execute())).not.toContain('höre');
  });

  it('refuses a form push from the terminal and relays the clerk’s push to the terminal only', async () => {
    const form = {
      pushId: 'p1',
      serviceId: SERVICE_IDS.uebermittlungssperre,
      formKey: 'uebermittlungssperre',
      personId: DEMO_REGISTER.persons.erikaMustermann,
      context: { today: todayInBerlin(), hasPerson: true, personBirthDate: null, options: {} },
      data: {},
    };
    term.send({ type: 'form.push', form });
    expect((await term.next('error')).code).toBe('FORBIDDEN');
    desk.send({ type: 'form.push', form });
    expect((await term.next('form.push')).form.formKey).toBe('uebermittlungssperre');
    await expect(desk.next('form.push', () => true, 300)).rejects.toThrow();
    term.send({ type: 'form.submit', pushId: 'p1', data: { blocks: ['parties'] } });
    expect((await desk.next('form.submit')).data).toEqual({ blocks: ['parties'] });
  });

  it('takes a still image from the terminal by its per-call token, and shows it to the clerk only', async () => {
    const scan = pngBytes(800, 600, 7);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/video/calls/${callId}/images?kind=scan`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      payload: scan,
    });
    expect(res.statusCode).toBe(201);
    const image = await desk.next('image');
    expect(image.sha256).toBe(res.json().sha256);
    const wrong = await t.app.inject({
      method: 'POST',
      url: `/api/video/calls/${callId}/images?kind=scan`,
      headers: { authorization: `Bearer ${'x'.repeat(43)}`, 'content-type': 'image/png' },
      payload: scan,
    });
    expect(wrong.statusCode).toBe(401);
    const fake = await t.app.inject({
      method: 'POST',
      url: `/api/video/calls/${callId}/images?kind=scan`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      payload: Buffer.from('not a picture at all'),
    });
    expect(fake.statusCode).toBe(415);
    expect(fake.json().code).toBe('ATTACHMENT_CONTENT_MISMATCH');
    const detail = (await clerk.get(`/api/video/calls/${callId}`)).json();
    expect(detail.images).toHaveLength(1);
    expect(detail.images[0].sha256).toBe(image.sha256);
    expect((await otherClerk.get(`/api/video/calls/${callId}`)).statusCode).toBe(403);
  });

  it('captures the signed form as the call’s case with the same validation as the desk', async () => {
    const signature = await t.app.inject({
      method: 'POST',
      url: `/api/video/calls/${callId}/images?kind=signature`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      payload: pngBytes(480, 160, 3),
    });
    expect(signature.statusCode).toBe(201);
    const sha = signature.json().sha256;
    const invalid = await clerk.post(`/api/video/calls/${callId}/case`, {
      serviceId: SERVICE_IDS.uebermittlungssperre,
      personId: DEMO_REGISTER.persons.erikaMustermann,
      formData: { signature: sha },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors[0].path).toBe('/blocks');
    const id = uuidv7();
    const body = {
      id,
      serviceId: SERVICE_IDS.uebermittlungssperre,
      personId: DEMO_REGISTER.persons.erikaMustermann,
      formData: { blocks: ['parties'], signature: sha },
      pushId: 'p1',
    };
    const byOther = await otherClerk.post(`/api/video/calls/${callId}/case`, body);
    expect(byOther.statusCode).toBe(403);
    const res = await clerk.post(`/api/video/calls/${callId}/case`, body);
    expect(res.statusCode).toBe(201);
    // A double click gives the same case.
    const again = await clerk.post(`/api/video/calls/${callId}/case`, body);
    expect(again.json().number).toBe(res.json().number);
    const shown = await term.next('case');
    expect(shown).toMatchObject({ number: res.json().number, pushId: 'p1' });
    const c = await t.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ channel: 'terminal', location_id: DEMO.locations.gemeindeamtSchoenberg });
    const links = await t.db.selectFrom('case_attachments').selectAll().where('case_id', '=', id).execute();
    expect(links.map((l) => l.pointer).sort()).toEqual(['/signature', '/videoImages/0']);
    expect(await audit('video.case', callId)).toHaveLength(1);
    const second = await clerk.post(`/api/video/calls/${callId}/case`, { ...body, id: uuidv7() });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('VIDEO_CASE_EXISTS');
  });

  it('hang-up by the clerk ends the call on both sides with the outcome “case”', async () => {
    const res = await clerk.post(`/api/video/calls/${callId}/end`);
    expect(res.json().outcome).toBe('case');
    expect((await term.next('call.ended')).by).toBe('clerk');
    expect(await term.closedWith()).toBe(CLOSE.ended);
    expect(await desk.closedWith()).toBe(CLOSE.ended);
    // The token of an ended call is worth nothing.
    const late = await TestSocket.open(t.app, `/api/video/calls/${callId}/socket?as=terminal`, {
      origin: originOf(t.app),
    });
    late.send({ type: 'auth', token });
    expect(await late.closedWith()).toBe(CLOSE.forbidden);
  });
});

describe('nobody joins or reads another call (#11)', () => {
  let lobby: TestSocket;
  let a: { callId: string; token: string };
  let b: { callId: string; token: string };
  let other: { cookie: string; terminalId: string };

  beforeAll(async () => {
    await hangUpAll();
    lobby = await openLobby(t, clerk);
    other = await enrolTerminal(t, coordinator, DEMO.locations.tettau, 'Terminal Tettau 2');
    a = (await startCall(t, terminal.cookie)).json();
    b = (await startCall(t, other.cookie)).json();
    expect((await clerk.post(`/api/video/calls/${a.callId}/accept`)).statusCode).toBe(200);
  });
  afterAll(async () => {
    lobby?.close();
    await hangUpAll();
  });

  it('refuses one call’s token on another call', async () => {
    const s = await TestSocket.open(t.app, `/api/video/calls/${b.callId}/socket?as=terminal`, {
      origin: originOf(t.app),
    });
    s.send({ type: 'auth', token: a.token });
    expect(await s.closedWith()).toBe(CLOSE.forbidden);
  });

  it('refuses a clerk who did not answer the call, and a clerk of another authority', async () => {
    const s = await TestSocket.open(
      t.app,
      `/api/video/calls/${a.callId}/socket?as=clerk`,
      staffHeaders(t.app, otherClerk),
    );
    expect(await s.closedWith()).toBe(CLOSE.forbidden);
    const foreign = await t
      .login('clerk', { authorityId: DEMO.authorityMeerane.replace(/1$/, '9') })
      .catch(() => null);
    if (foreign) {
      const res = await foreign.post(`/api/video/calls/${b.callId}/accept`);
      expect(res.statusCode).toBe(404);
    }
  });

  it('refuses the clerk’s session from another site’s page or without an Origin', async () => {
    const evil = await TestSocket.open(
      t.app,
      `/api/video/calls/${a.callId}/socket?as=clerk`,
      staffHeaders(t.app, clerk, 'https://evil.example'),
    );
    expect(await evil.closedWith()).toBe(CLOSE.forbidden);
    const none = await TestSocket.open(t.app, `/api/video/calls/${a.callId}/socket?as=clerk`, {
      cookie: `bk_session=${clerk.cookie}`,
    });
    expect(await none.closedWith()).toBe(CLOSE.forbidden);
    const lobbyEvil = await TestSocket.open(
      t.app,
      '/api/video/lobby',
      staffHeaders(t.app, clerk, 'https://evil.example'),
    );
    expect(await lobbyEvil.closedWith()).toBe(CLOSE.forbidden);
    const anonymousLobby = await TestSocket.open(t.app, '/api/video/lobby', { origin: originOf(t.app) });
    expect(await anonymousLobby.closedWith()).toBe(CLOSE.forbidden);
  });

  it('closes a socket that does not authenticate in time, or speaks out of protocol', async () => {
    const silent = await TestSocket.open(t.app, `/api/video/calls/${a.callId}/socket?as=terminal`, {
      origin: originOf(t.app),
    });
    expect(await silent.closedWith(7000)).toBe(CLOSE.authTimeout);
    const rude = await TestSocket.open(t.app, `/api/video/calls/${a.callId}/socket?as=terminal`, {
      origin: originOf(t.app),
    });
    rude.send({ type: 'chat', text: 'hallo' });
    expect(await rude.closedWith()).toBe(CLOSE.forbidden);
    const s = await terminalSocket(t, a.callId, a.token);
    s.send('{"type":"signal","to":"x","description":{"type":"offer","sdp":"v"},"extra":1}');
    expect(await s.closedWith()).toBe(CLOSE.protocol);
    const n = await terminalSocket(t, a.callId, a.token);
    n.send({ type: 'chat', text: 'x'.repeat(501) });
    expect(await n.closedWith()).toBe(CLOSE.protocol);
  });

  it('closes a socket that floods the call', async () => {
    const s = await terminalSocket(t, a.callId, a.token);
    for (let i = 0; i < 320; i++) s.send({ type: 'ping' });
    expect(await s.closedWith()).toBe(CLOSE.protocol);
  });

  it('replaces an older socket of the same participant (a rejoin), telling the others', async () => {
    const desk = await clerkSocket(t, clerk, a.callId);
    const first = await terminalSocket(t, a.callId, a.token);
    const firstJoin = await desk.next('peer.joined', (m) => m.peer.role === 'terminal');
    const second = await terminalSocket(t, a.callId, a.token);
    expect(await first.closedWith()).toBe(CLOSE.replaced);
    const left = await desk.next('peer.left', (m) => m.peerId === firstJoin.peer.id);
    expect(left.peerId).toBe(firstJoin.peer.id);
    await desk.next('peer.joined', (m) => m.peer.role === 'terminal' && m.peer.id !== firstJoin.peer.id);
    second.close();
    desk.close();
  });

  it('does not let a terminal hang up another terminal’s call', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/video/calls/${b.callId}/hangup`,
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(res.statusCode).toBe(401);
    const row = await t.db
      .selectFrom('video_calls')
      .select('status')
      .where('id', '=', b.callId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('waiting');
  });
});

describe('a third participant by invitation (#11)', () => {
  let callId: string;
  let token: string;
  let lobby: TestSocket;
  let device: { cookie: string };

  beforeAll(async () => {
    await hangUpAll();
    lobby = await openLobby(t, clerk);
    device = await enrolTerminal(t, coordinator, DEMO.locations.koethel, 'Terminal Gast');
    ({ callId, token } = (await startCall(t, device.cookie)).json());
    await clerk.post(`/api/video/calls/${callId}/accept`);
  });
  afterAll(async () => {
    lobby?.close();
    await hangUpAll();
  });

  it('joins an interpreter once by link; the link does not work twice; the call ending ends the guest', async () => {
    const invite = await clerk.post(`/api/video/calls/${callId}/invites`, { guestKind: 'interpreter' });
    expect(invite.statusCode).toBe(201);
    const url = new URL(invite.json().url);
    expect(url.pathname).toBe('/videoberatung/gast');
    expect(url.search).toBe('');
    const inviteToken = url.hash.slice(1);
    expect(await audit('video.invite', callId)).toHaveLength(1);
    const byOther = await otherClerk.post(`/api/video/calls/${callId}/invites`, { guestKind: 'colleague' });
    expect(byOther.statusCode).toBe(403);

    const redeemed = await t.anonymous().post('/api/video/invites/redeem', { token: inviteToken });
    expect(redeemed.statusCode).toBe(200);
    expect(redeemed.json()).toMatchObject({ callId, guestKind: 'interpreter' });
    const replay = await t.anonymous().post('/api/video/invites/redeem', { token: inviteToken });
    expect(replay.statusCode).toBe(410);

    const term = await terminalSocket(t, callId, token);
    const guest = await TestSocket.open(t.app, `/api/video/calls/${callId}/socket?as=guest`, {
      origin: originOf(t.app),
    });
    guest.send({ type: 'auth', token: redeemed.json().guestToken });
    const welcome = await guest.next('welcome');
    expect(welcome.self).toMatchObject({ role: 'guest', guestKind: 'interpreter' });
    const joined = await term.next('peer.joined', (m) => m.peer.role === 'guest');
    expect(joined.peer.guestKind).toBe('interpreter');
    // The guest may not push forms nor send the form answer.
    guest.send({ type: 'form.submit', pushId: 'x', data: {} });
    expect((await guest.next('error')).code).toBe('FORBIDDEN');

    await t.app.inject({
      method: 'POST',
      url: `/api/video/calls/${callId}/hangup`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await guest.next('call.ended')).by).toBe('terminal');
    expect(await guest.closedWith()).toBe(CLOSE.ended);
    const again = await TestSocket.open(t.app, `/api/video/calls/${callId}/socket?as=guest`, {
      origin: originOf(t.app),
    });
    again.send({ type: 'auth', token: redeemed.json().guestToken });
    expect(await again.closedWith()).toBe(CLOSE.forbidden);
  });

  it('refuses an invitation that expired unused', async () => {
    await hangUpAll();
    ({ callId, token } = (await startCall(t, device.cookie)).json());
    await clerk.post(`/api/video/calls/${callId}/accept`);
    const invite = await clerk.post(`/api/video/calls/${callId}/invites`, { guestKind: 'colleague' });
    await t.db
      .updateTable('video_invites')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('call_id', '=', callId)
      .execute();
    const res = await t.anonymous().post('/api/video/invites/redeem', {
      token: new URL(invite.json().url).hash.slice(1),
    });
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe('VIDEO_INVITE_INVALID');
  });
});

describe('calls that end by themselves (#11)', () => {
  it('ends a waiting call whose terminal went silent as abandoned, and an answered one as connection lost', async () => {
    await hangUpAll();
    const lobby = await openLobby(t, clerk);
    const device = await enrolTerminal(t, coordinator, DEMO.locations.koethel, 'Terminal Still');
    const waiting = (await startCall(t, device.cookie)).json();
    const other = await enrolTerminal(t, coordinator, DEMO.locations.tettau, 'Terminal Tettau 3');
    const answered = (await startCall(t, other.cookie)).json();
    await clerk.post(`/api/video/calls/${answered.callId}/accept`);
    const desk = await clerkSocket(t, clerk, answered.callId);
    const now = Date.now();
    expect(await sweepCalls(t.db, new Date(now))).toEqual([]);
    const later = await sweepCalls(t.db, new Date(now + 200_000));
    expect(later.map((e) => [e.id, e.outcome]).sort()).toEqual(
      [
        [waiting.callId, 'abandoned'],
        [answered.callId, 'connection_lost'],
      ].sort(),
    );
    await t.app.jobs.drain();
    desk.close();
    lobby.close();
  });

  it('a new call from the same terminal ends its stale open call', async () => {
    await hangUpAll();
    const lobby = await openLobby(t, clerk);
    const device = await enrolTerminal(t, coordinator, DEMO.locations.koethel, 'Terminal Neustart');
    const first = (await startCall(t, device.cookie)).json();
    const term = await terminalSocket(t, first.callId, first.token);
    const second = await startCall(t, device.cookie);
    expect(second.statusCode).toBe(201);
    expect((await term.next('call.ended')).outcome).toBe('abandoned');
    const rows = await t.db
      .selectFrom('video_calls')
      .select(['id', 'status'])
      .where('terminal_id', '=', device.terminalId)
      .where('status', '<>', 'ended')
      .execute();
    expect(rows.map((r) => r.id)).toEqual([second.json().callId]);
    lobby.close();
    await hangUpAll();
  });

  it('limits how often one terminal may start calls (rate limit per device)', async () => {
    await hangUpAll();
    const lobby = await openLobby(t, clerk);
    const flooder = await enrolTerminal(t, coordinator, DEMO.locations.koethel, 'Terminal Flut');
    const codes: number[] = [];
    for (let i = 0; i < 9; i++) codes.push((await startCall(t, flooder.cookie)).statusCode);
    expect(codes.filter((c) => c === 201).length).toBeLessThanOrEqual(6);
    expect(codes.at(-1)).toBe(429);
    // Spoofing X-Forwarded-For does not help: the limit follows the device cookie.
    const spoofed = await t.app.inject({
      method: 'POST',
      url: '/api/video/calls',
      headers: {
        cookie: flooder.cookie,
        'content-type': 'application/json',
        'x-forwarded-for': '203.0.113.9',
      },
      payload: {},
    });
    expect(spoofed.statusCode).toBe(429);
    // … and one terminal never holds more than one open call.
    const open = await t.db
      .selectFrom('video_calls')
      .select('id')
      .where('terminal_id', '=', flooder.terminalId)
      .where('status', '<>', 'ended')
      .execute();
    expect(open).toHaveLength(1);
    lobby.close();
    await hangUpAll();
  });
});

describe('booked video appointments (#11)', () => {
  it('books a video slot at the terminal’s location in the portal and starts the call with the booking number', async () => {
    await hangUpAll();
    await t.db.deleteFrom('video_presence').execute();
    const date = freeWorkingDay(7, 3);
    const planned = await coordinator.post('/api/schedule/office-days', {
      locationId: DEMO.locations.gemeindeamtSchoenberg,
      date,
      startTime: '09:00',
      endTime: '10:00',
      desks: 1,
      slotMinutes: 15,
      mode: 'video',
      allowOverlap: true,
    });
    expect(planned.statusCode).toBe(201);
    const day = planned.json().created[0];
    expect(day.mode).toBe('video');
    // Video hours offer the catalogue's terminal services (not the mobile ones).
    const slots = await t
      .anonymous()
      .get(`/api/booking/slots?officeDay=${day.id}&services=${SERVICE_IDS.meldebescheinigung}`);
    expect(slots.statusCode).toBe(200);
    const free = (slots.json().slots as { startsAt: string }[])[0]!;
    expect(free.startsAt).toBe(at(date, '09:00'));
    const booked = await t.anonymous().post(
      '/api/booking/appointments',
      {
        officeDayId: day.id,
        startsAt: free.startsAt,
        serviceIds: [SERVICE_IDS.meldebescheinigung],
        contact: { name: 'Erika Mustermann (fiktiv)', email: 'erika.video@example.org' },
      },
      await solvedChallenge(t.anonymous()),
    );
    expect(booked.statusCode).toBe(201);
    const number: string = booked.json().appointment.bookingNumber;
    expect(number).toMatch(/^T-/);
    const device = await enrolTerminal(
      t,
      coordinator,
      DEMO.locations.gemeindeamtSchoenberg,
      'Terminal Buchung',
    );
    // A week early the number does not start a call (and says no more than a wrong one).
    const early = await startCall(t, device.cookie, { bookingNumber: number });
    expect(early.statusCode).toBe(404);
    expect(early.json().code).toBe('VIDEO_BOOKING_NOT_FOUND');

    // The day has come: the video hours and the appointment move to now (the clock cannot be set).
    const shift = Date.now() + 10 * 60_000 - new Date(free.startsAt).getTime();
    const moved = (d: Date) => new Date(d.getTime() + shift);
    const dayRow = await t.db
      .selectFrom('office_days')
      .select(['starts_at', 'ends_at'])
      .where('id', '=', day.id)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('office_days')
      .set({ date: todayInBerlin(), starts_at: moved(dayRow.starts_at), ends_at: moved(dayRow.ends_at) })
      .where('id', '=', day.id)
      .execute();
    const apptRow = await t.db
      .selectFrom('appointments')
      .select(['id', 'starts_at', 'ends_at'])
      .where('booking_number', '=', number)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('appointments')
      .set({ starts_at: moved(apptRow.starts_at), ends_at: moved(apptRow.ends_at) })
      .where('id', '=', apptRow.id)
      .execute();

    // A wrong number tells nothing; the right one starts a booked call even with no clerk online yet.
    const wrong = await startCall(t, device.cookie, { bookingNumber: 'T-2222-2222' });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().code).toBe('VIDEO_BOOKING_NOT_FOUND');
    const elsewhere = await enrolTerminal(t, coordinator, DEMO.locations.tettau, 'Terminal Tettau 4');
    expect((await startCall(t, elsewhere.cookie, { bookingNumber: number })).statusCode).toBe(404);
    const res = await startCall(t, device.cookie, { bookingNumber: number.toLowerCase().replace(/-/g, ' ') });
    expect(res.statusCode).toBe(201);
    expect(res.json().kind).toBe('booked');
    const queue = (await clerk.get('/api/video/queue')).json().calls;
    const entry = queue.find((c: { id: string }) => c.id === res.json().callId);
    expect(entry.kind).toBe('booked');
    expect(entry.booking.services[0].de).toBe('Meldebescheinigung');
    expect(JSON.stringify(entry)).not.toContain('Erika');
    await clerk.post(`/api/video/calls/${res.json().callId}/accept`);
    const appointment = await t.db
      .selectFrom('appointments')
      .select('status')
      .where('booking_number', '=', number)
      .executeTakeFirstOrThrow();
    expect(appointment.status).toBe('attended');
    await hangUpAll();
  });

  it('offers only terminal services on video hours', async () => {
    const date = freeWorkingDay(14, 3);
    const planned = await coordinator.post('/api/schedule/office-days', {
      locationId: DEMO.locations.gemeindeamtSchoenberg,
      date,
      startTime: '08:00',
      endTime: '09:00',
      desks: 1,
      mode: 'video',
      allowOverlap: true,
    });
    expect(planned.statusCode).toBe(201);
    const day = planned.json().created[0];
    const slots = await t
      .anonymous()
      .get(`/api/booking/slots?officeDay=${day.id}&services=${SERVICE_IDS['personalausweis-beantragen']}`);
    expect(slots.json().code).toBe('SERVICE_NOT_OFFERED');
    // The write path (a function in the database) keeps the same rule: no identity card by video.
    const booked = await t.anonymous().post(
      '/api/booking/appointments',
      {
        officeDayId: day.id,
        startsAt: at(date, '08:00'),
        serviceIds: [SERVICE_IDS['personalausweis-beantragen']],
        contact: { name: 'Max Mustermann (fiktiv)', email: 'max.video@example.org' },
      },
      await solvedChallenge(t.anonymous()),
    );
    expect(booked.statusCode).toBe(422);
    expect(booked.json().code).toBe('SERVICE_NOT_OFFERED');
    const held = await t.anonymous().post(
      '/api/booking/holds',
      {
        officeDayId: day.id,
        startsAt: at(date, '08:00'),
        serviceIds: [SERVICE_IDS['personalausweis-beantragen']],
      },
      await solvedChallenge(t.anonymous()),
    );
    expect(held.json().code).toBe('SERVICE_NOT_OFFERED');
    const fine = await t.anonymous().post(
      '/api/booking/appointments',
      {
        officeDayId: day.id,
        startsAt: at(date, '08:00'),
        serviceIds: [SERVICE_IDS.meldebescheinigung],
        contact: { name: 'Max Mustermann (fiktiv)', email: 'max.video@example.org' },
      },
      await solvedChallenge(t.anonymous()),
    );
    expect(fine.statusCode).toBe(201);
  });
});

describe('call metadata in the evaluation (#11)', () => {
  it('counts calls, answers, waits and durations per terminal location beside the other channels', async () => {
    await hangUpAll();
    const evaluator = await t.login('evaluator');
    const res = await evaluator.get('/api/stats/overview');
    expect(res.statusCode).toBe(200);
    const video = res.json().videoCalls;
    const rows = await t.db.selectFrom('video_calls').selectAll().where('status', '=', 'ended').execute();
    expect(video.calls).toBe(rows.length);
    expect(video.answered).toBe(rows.filter((r) => r.accepted_at).length);
    expect(video.cases).toBe(rows.filter((r) => r.outcome === 'case').length);
    expect(video.cases).toBeGreaterThanOrEqual(1);
    expect(video.byLocation.map((l: { locationName: string }) => l.locationName)).toContain(
      'Gemeindeverwaltung Schönberg',
    );
    expect(video.waitMedianMinutes).not.toBeNull();
    // The places add up to the total, outcome by outcome.
    for (const key of ['calls', 'booked', 'answered', 'cases', 'abandoned', 'connectionLost'])
      expect(video.byLocation.reduce((sum: number, l: Record<string, number>) => sum + l[key]!, 0)).toBe(
        video[key],
      );
    expect(video.booked).toBe(rows.filter((r) => r.kind === 'booked').length);
    expect(video.abandoned).toBe(rows.filter((r) => r.outcome === 'abandoned').length);
    // A period without calls counts none.
    const empty = await evaluator.get('/api/stats/overview?from=2020-01-01&to=2020-01-31');
    expect(empty.json().videoCalls).toMatchObject({ calls: 0, byLocation: [], waitMedianMinutes: null });
    // Metadata only: the calls hold no column for what was said, shown or typed.
    expect(Object.keys(rows[0]!).sort()).toEqual(
      [
        'accepted_at',
        'accepted_by',
        'appointment_id',
        'authority_id',
        'case_id',
        'ended_at',
        'ended_by',
        'guests',
        'id',
        'images',
        'kind',
        'locale',
        'location_id',
        'outcome',
        'requested_at',
        'status',
        'terminal_id',
        'terminal_seen_at',
        'token_expires_at',
        'token_hash',
      ].sort(),
    );
  });
});
