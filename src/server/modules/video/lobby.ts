import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { CLOSE, type LobbyServerMessage } from '../../../core/video/protocol';
import type { AppConfig } from '../../config';
import type { Db } from '../../db/database';
import { withAuthority } from '../../db/scope';
import type { LiveBus } from '../../live/bus';
import { clearPresence, queueEntries, touchPresence } from './calls';
import { lobbyChannel, originAllowed } from './socket';

interface LobbySocket {
  socket: WebSocket;
  userId: string;
  authorityId: string;
  lastPresence: number;
  refresh: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The clerks' video page listens here (#11): the live list of waiting callers, pushed whenever a
 * call starts, is answered or ends anywhere (the lobby channel of the authority on the live bus).
 * An open lobby socket is also the clerk's presence: "a clerk is available" on the terminal.
 */
export class LobbyHub {
  private readonly sockets = new Set<LobbySocket>();
  private readonly subscriptions = new Map<string, { count: number; unsubscribe: () => void }>();

  constructor(
    private readonly db: Db,
    private readonly bus: LiveBus,
    private readonly config: AppConfig,
    private readonly log: FastifyBaseLogger,
  ) {}

  attach(socket: WebSocket, request: FastifyRequest): void {
    const staff = request.staff;
    if (
      staff?.stage !== 'active' ||
      !staff.roles.includes('clerk') ||
      !originAllowed(request, this.config.publicUrl)
    ) {
      socket.close(CLOSE.forbidden, 'forbidden');
      return;
    }
    const entry: LobbySocket = {
      socket,
      userId: staff.userId,
      authorityId: staff.authorityId,
      lastPresence: Date.now(),
      refresh: undefined,
    };
    this.sockets.add(entry);
    this.listen(entry.authorityId);
    socket.on('message', (data: Buffer) => {
      let type: unknown;
      try {
        type = (JSON.parse(data.toString('utf8')) as { type?: unknown }).type;
      } catch {
        type = undefined;
      }
      if (type !== 'ping') {
        socket.close(CLOSE.protocol, 'protocol');
        return;
      }
      this.send(entry, { type: 'pong' });
      if (Date.now() - entry.lastPresence > 10_000) {
        entry.lastPresence = Date.now();
        void withAuthority(this.db, entry.authorityId, (db) =>
          touchPresence(db, entry.userId, entry.authorityId),
        ).catch(() => {});
      }
    });
    socket.on('close', () => {
      clearTimeout(entry.refresh);
      this.sockets.delete(entry);
      this.unlisten(entry.authorityId);
      const stillHere = [...this.sockets].some((s) => s.userId === entry.userId);
      if (!stillHere)
        void withAuthority(this.db, entry.authorityId, (db) => clearPresence(db, entry.userId))
          .then(() => this.announce(entry.authorityId))
          .catch(() => {});
    });
    socket.on('error', () => {});
    // Socket events and bus deliveries come without the request's scope: each query names its
    // authority (ADR 27).
    void withAuthority(this.db, entry.authorityId, (db) => touchPresence(db, entry.userId, entry.authorityId))
      .then(() => this.announce(entry.authorityId))
      .catch((error: Error) => this.log.warn({ err: { message: error.message } }, 'video: presence failed'));
    this.schedule(entry, 0);
  }

  announce(authorityId: string): Promise<void> {
    return this.bus.publish(lobbyChannel(authorityId), { e: 'changed' }).catch(() => {});
  }

  private listen(authorityId: string): void {
    const existing = this.subscriptions.get(authorityId);
    if (existing) {
      existing.count++;
      return;
    }
    const unsubscribe = this.bus.subscribe(lobbyChannel(authorityId), () => {
      for (const s of this.sockets) if (s.authorityId === authorityId) this.schedule(s, 150);
    });
    this.subscriptions.set(authorityId, { count: 1, unsubscribe });
  }

  private unlisten(authorityId: string): void {
    const existing = this.subscriptions.get(authorityId);
    if (!existing) return;
    if (--existing.count > 0) return;
    existing.unsubscribe();
    this.subscriptions.delete(authorityId);
  }

  /** Sends the list again soon; several changes in a moment make one message. */
  private schedule(entry: LobbySocket, delayMs: number): void {
    if (entry.refresh) return;
    entry.refresh = setTimeout(() => {
      entry.refresh = undefined;
      void withAuthority(this.db, entry.authorityId, (db) =>
        queueEntries(db, entry.authorityId, entry.userId),
      )
        .then((calls) => this.send(entry, { type: 'queue', calls, at: new Date().toISOString() }))
        .catch((error: Error) => this.log.warn({ err: { message: error.message } }, 'video: queue failed'));
    }, delayMs);
  }

  private send(entry: LobbySocket, message: LobbyServerMessage): void {
    if (entry.socket.readyState === entry.socket.OPEN) entry.socket.send(JSON.stringify(message));
  }

  close(): void {
    for (const s of this.sockets) {
      clearTimeout(s.refresh);
      s.socket.close(1001, 'shutdown');
    }
    for (const sub of this.subscriptions.values()) sub.unsubscribe();
    this.subscriptions.clear();
    this.sockets.clear();
  }
}
