import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import {
  CLOSE,
  type ClientMessage,
  type GuestKind,
  mayPeerSend,
  type ParticipantRole,
  type PeerInfo,
  parseClientMessage,
  type ServerMessage,
} from '../../../core/video/protocol';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { withAuthority, withInstallation } from '../../db/scope';
import type { LiveBus } from '../../live/bus';
import { callByTerminalToken, type EndedCall, guestByToken, touchTerminal } from './calls';
import { iceConfigFor } from './turn';

/**
 * The signalling hub of video calls (#11, ADR 22). Each server process keeps the sockets
 * connected to it; everything a socket says goes onto the live bus channel of its call, and
 * every process hands what arrives on that channel to its own sockets of the call. So the
 * terminal, the clerk and a guest may be connected to different processes behind a load
 * balancer. Media never pass here: only offers, answers, candidates, chat lines and form data,
 * relayed and forgotten.
 *
 * Who may join a call's socket:
 * - the terminal, with the per-call token it got when the citizen started (first message `auth`);
 * - the clerk who answered the call, by staff session (cookie) and a matching Origin header;
 * - a guest, with the token its single-use invitation gave (first message `auth`).
 */
export const callChannel = (callId: string) => `video:call:${callId}`;
export const lobbyChannel = (authorityId: string) => `video:lobby:${authorityId}`;

/** What travels on a call's bus channel. */
export type CallEvent =
  | { e: 'joined'; peer: PeerInfo; key: string }
  | { e: 'left'; peerId: string; key: string }
  | { e: 'to'; to: string; msg: ServerMessage }
  | { e: 'all'; msg: ServerMessage; except?: string }
  | { e: 'role'; role: ParticipantRole; msg: ServerMessage }
  | { e: 'ended'; outcome: EndedCall['outcome']; by: EndedCall['by'] };

interface Peer {
  info: PeerInfo;
  /** The same key connecting again replaces the older socket (a reload, a rejoin). */
  key: string;
  callId: string;
  authorityId: string;
  socket: WebSocket;
  alive: boolean;
  /** Messages in the current 10-second window (flood guard). */
  budget: number;
}

/** Messages one socket may send in ten seconds (candidates come in bursts; chat is slow). */
const MESSAGES_PER_WINDOW = 300;
const AUTH_TIMEOUT_MS = 5_000;
const SERVER_PING_MS = 15_000;

function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/** Origins a browser page of ours connects from: the public URL, or the host it was served from. */
export function originAllowed(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  if (origin === new URL(publicUrl).origin) return true;
  return origin === `${request.protocol}://${request.host}`;
}

export class CallHub {
  private readonly calls = new Map<string, Map<string, Peer>>();
  private readonly subscriptions = new Map<string, () => void>();
  private readonly pinger: ReturnType<typeof setInterval>;
  private readonly windowTimer: ReturnType<typeof setInterval>;

  constructor(
    private readonly db: Db,
    private readonly bus: LiveBus,
    private readonly config: AppConfig,
    private readonly log: FastifyBaseLogger,
  ) {
    this.pinger = setInterval(() => this.pingAll(), SERVER_PING_MS);
    this.pinger.unref();
    this.windowTimer = setInterval(() => {
      for (const peers of this.calls.values()) for (const p of peers.values()) p.budget = MESSAGES_PER_WINDOW;
    }, 10_000);
    this.windowTimer.unref();
  }

  /** Sockets of this process (tests and the health of a process). */
  localPeers(callId: string): PeerInfo[] {
    return [...(this.calls.get(callId)?.values() ?? [])].map((p) => p.info);
  }

  publish(callId: string, event: CallEvent): Promise<void> {
    return this.bus.publish(callChannel(callId), event).catch((error: Error) => {
      this.log.warn({ err: { message: error.message } }, 'video: publish failed');
    });
  }

  announceLobby(authorityId: string): Promise<void> {
    return this.bus.publish(lobbyChannel(authorityId), { e: 'changed' }).catch(() => {});
  }

  /**
   * A socket upgraded on /api/video/calls/:id/socket. Listeners are attached at once (messages
   * may arrive before any await finishes); the first message must authenticate unless the
   * clerk's session already did.
   */
  attach(socket: WebSocket, request: FastifyRequest, callId: string, as: ParticipantRole | undefined): void {
    let peer: Peer | null = null;
    let authenticating = false;
    const pending: string[] = [];
    const refuse = (code: number, reason: string) => {
      socket.close(code, reason);
    };
    if (!/^[0-9a-f-]{36}$/.test(callId)) {
      refuse(CLOSE.forbidden, 'forbidden');
      return;
    }
    // A page of another site must not borrow a session or a token (cross-site WebSocket hijacking).
    if (request.headers.origin !== undefined && !originAllowed(request, this.config.publicUrl)) {
      refuse(CLOSE.forbidden, 'origin');
      return;
    }

    const timer = setTimeout(() => {
      if (!peer) refuse(CLOSE.authTimeout, 'auth timeout');
    }, AUTH_TIMEOUT_MS);

    const join = (found: Omit<Peer, 'socket' | 'alive' | 'budget'>) => {
      clearTimeout(timer);
      if (socket.readyState !== socket.OPEN) return;
      peer = { ...found, socket, alive: true, budget: MESSAGES_PER_WINDOW };
      this.add(peer);
      const ice = iceConfigFor(this.config, `${callId.slice(-12)}-${peer.info.role}`);
      // A socket's events come without the request's scope: every query names its own (ADR 27).
      void withAuthority(this.db, peer.authorityId, (db) =>
        db.selectFrom('video_calls').select('status').where('id', '=', callId).executeTakeFirst(),
      ).then((row) => {
        if (!peer) return;
        send(socket, { type: 'welcome', self: peer.info, callId, status: row?.status ?? 'ended', ice });
        void this.publish(callId, { e: 'joined', peer: peer.info, key: peer.key });
        if (peer.info.role === 'terminal') {
          const authorityId = peer.authorityId;
          void withAuthority(this.db, authorityId, (db) => touchTerminal(db, callId, { force: true })).catch(
            () => {},
          );
          void this.announceLobby(peer.authorityId);
        }
        for (const raw of pending.splice(0)) this.handle(peer, raw);
      });
    };

    const authenticate = async (message: ClientMessage) => {
      if (message.type !== 'auth') {
        refuse(CLOSE.forbidden, 'auth required');
        return;
      }
      if (as === 'guest') {
        // The token names the call's authority: looked up before it is known (ADR 27).
        const guest = await withInstallation(
          this.db,
          (db) => guestByToken(db, callId, message.token),
          'video guest token',
        );
        if (!guest) {
          refuse(CLOSE.forbidden, 'forbidden');
          return;
        }
        return join({
          info: { id: randomUUID(), role: 'guest', guestKind: guest.guest_kind as GuestKind },
          key: `guest:${guest.id}`,
          callId,
          authorityId: guest.authority_id,
        });
      }
      const call = await withInstallation(
        this.db,
        (db) => callByTerminalToken(db, callId, message.token),
        'video terminal token',
      );
      if (!call) {
        refuse(CLOSE.forbidden, 'forbidden');
        return;
      }
      return join({
        info: { id: randomUUID(), role: 'terminal' },
        key: 'terminal',
        callId,
        authorityId: call.authority_id,
      });
    };

    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        refuse(CLOSE.protocol, 'binary');
        return;
      }
      const raw = data.toString('utf8');
      if (peer) return this.handle(peer, raw);
      if (as === 'clerk' || authenticating) {
        if (pending.length > 50) {
          refuse(CLOSE.protocol, 'too early');
          return;
        }
        pending.push(raw);
        return;
      }
      const message = parseClientMessage(raw);
      if (!message) {
        refuse(CLOSE.protocol, 'protocol');
        return;
      }
      authenticating = true;
      authenticate(message).catch((error: Error) => {
        this.log.warn({ err: { message: error.message } }, 'video: socket auth failed');
        refuse(CLOSE.forbidden, 'forbidden');
      });
    });
    socket.on('pong', () => {
      if (peer) peer.alive = true;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (peer) this.remove(peer);
    });
    socket.on('error', () => {});

    if (as === 'clerk') {
      const staff = request.staff;
      if (
        staff?.stage !== 'active' ||
        !staff.roles.includes('clerk') ||
        request.headers.origin === undefined
      ) {
        refuse(CLOSE.forbidden, 'forbidden');
        return;
      }
      void withAuthority(this.db, staff.authorityId, (db) =>
        db
          .selectFrom('video_calls')
          .select(['authority_id', 'accepted_by', 'status'])
          .where('id', '=', callId)
          .executeTakeFirst(),
      )
        .then((call) => {
          if (
            !call ||
            call.authority_id !== staff.authorityId ||
            call.accepted_by !== staff.userId ||
            call.status !== 'active'
          ) {
            refuse(CLOSE.forbidden, 'forbidden');
            return;
          }
          join({
            info: { id: randomUUID(), role: 'clerk' },
            key: `clerk:${staff.userId}`,
            callId,
            authorityId: call.authority_id,
          });
        })
        .catch(() => refuse(CLOSE.forbidden, 'forbidden'));
    } else if (as !== 'terminal' && as !== 'guest') {
      refuse(CLOSE.forbidden, 'role');
    }
  }

  private handle(peer: Peer, raw: string): void {
    peer.alive = true;
    if (--peer.budget < 0) {
      peer.socket.close(CLOSE.protocol, 'flood');
      return;
    }
    const message = parseClientMessage(raw);
    if (!message || message.type === 'auth') {
      peer.socket.close(CLOSE.protocol, 'protocol');
      return;
    }
    if (!mayPeerSend(peer.info.role, message.type)) {
      send(peer.socket, { type: 'error', code: 'FORBIDDEN' });
      return;
    }
    const from = peer.info;
    switch (message.type) {
      case 'ping':
        send(peer.socket, { type: 'pong' });
        if (from.role === 'terminal')
          void withAuthority(this.db, peer.authorityId, (db) => touchTerminal(db, peer.callId)).catch(
            () => {},
          );
        return;
      case 'signal':
        void this.publish(peer.callId, {
          e: 'to',
          to: message.to,
          msg: {
            type: 'signal',
            from,
            ...(message.description ? { description: message.description } : {}),
            ...(message.candidate !== undefined ? { candidate: message.candidate } : {}),
          },
        });
        return;
      case 'chat':
        void this.publish(peer.callId, {
          e: 'all',
          msg: { type: 'chat', from, text: message.text, at: new Date().toISOString() },
        });
        return;
      case 'media':
        void this.publish(peer.callId, {
          e: 'all',
          except: from.id,
          msg: { type: 'media', from, audio: message.audio, video: message.video },
        });
        return;
      case 'form.push':
        void this.publish(peer.callId, {
          e: 'role',
          role: 'terminal',
          msg: { type: 'form.push', form: message.form },
        });
        return;
      case 'form.withdraw':
        void this.publish(peer.callId, {
          e: 'role',
          role: 'terminal',
          msg: { type: 'form.withdraw', pushId: message.pushId },
        });
        return;
      case 'form.submit':
        void this.publish(peer.callId, {
          e: 'role',
          role: 'clerk',
          msg: { type: 'form.submit', from, pushId: message.pushId, data: message.data },
        });
        return;
    }
  }

  private add(peer: Peer): void {
    let peers = this.calls.get(peer.callId);
    if (!peers) {
      peers = new Map();
      this.calls.set(peer.callId, peers);
      const callId = peer.callId;
      this.subscriptions.set(
        callId,
        this.bus.subscribe(callChannel(callId), (event) => this.deliver(callId, event as CallEvent)),
      );
    }
    peers.set(peer.info.id, peer);
  }

  private remove(peer: Peer): void {
    const peers = this.calls.get(peer.callId);
    if (!peers?.delete(peer.info.id)) return;
    void this.publish(peer.callId, { e: 'left', peerId: peer.info.id, key: peer.key });
    if (peer.info.role === 'terminal') void this.announceLobby(peer.authorityId);
    if (peers.size === 0) {
      // Keep listening a moment: our own "left" must still reach the others on this process.
      setTimeout(() => {
        if (this.calls.get(peer.callId)?.size === 0) {
          this.calls.delete(peer.callId);
          this.subscriptions.get(peer.callId)?.();
          this.subscriptions.delete(peer.callId);
        }
      }, 1_000).unref();
    }
  }

  /** An event of the call's channel reached this process: hand it to the local sockets. */
  private deliver(callId: string, event: CallEvent): void {
    const peers = this.calls.get(callId);
    if (!peers) return;
    for (const p of peers.values()) {
      switch (event.e) {
        case 'joined':
          if (p.info.id === event.peer.id) break;
          if (p.key === event.key) p.socket.close(CLOSE.replaced, 'replaced');
          else send(p.socket, { type: 'peer.joined', peer: event.peer });
          break;
        case 'left':
          if (p.info.id !== event.peerId) send(p.socket, { type: 'peer.left', peerId: event.peerId });
          break;
        case 'to':
          if (p.info.id === event.to) send(p.socket, event.msg);
          break;
        case 'all':
          if (p.info.id !== event.except) send(p.socket, event.msg);
          break;
        case 'role':
          if (p.info.role === event.role) send(p.socket, event.msg);
          break;
        case 'ended':
          send(p.socket, { type: 'call.ended', outcome: event.outcome, by: event.by });
          p.socket.close(CLOSE.ended, 'ended');
          break;
      }
    }
  }

  private pingAll(): void {
    for (const peers of this.calls.values()) {
      for (const p of peers.values()) {
        if (!p.alive) {
          p.socket.terminate();
          continue;
        }
        p.alive = false;
        if (p.socket.readyState === p.socket.OPEN) p.socket.ping();
      }
    }
  }

  close(): void {
    clearInterval(this.pinger);
    clearInterval(this.windowTimer);
    for (const peers of this.calls.values()) for (const p of peers.values()) p.socket.close(1001, 'shutdown');
    for (const unsubscribe of this.subscriptions.values()) unsubscribe();
    this.calls.clear();
    this.subscriptions.clear();
  }
}
