import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { uuidv7 } from '../../core/ids';
import type { DatabaseHandle } from '../db/connection';
import type { Db } from '../db/database';
import { withInstallation } from '../db/scope';

/**
 * A small publish/subscribe bus for live pushes between server processes (ADR 22): the video
 * call's signalling today, and anything else that must reach a browser connected to another
 * process (the call display, a desk's worklist). Channels are plain strings such as
 * `video:call:<id>`; messages are JSON values.
 *
 * - On a PostgreSQL server it uses LISTEN/NOTIFY on one dedicated connection per process: every
 *   process receives every message and hands it to its local subscribers of that channel.
 *   A notification carries at most 8000 bytes; a larger message is written to `live_messages`
 *   and the notification carries its id.
 * - On PGlite (one process by definition) it is an in-process emitter.
 *
 * Delivery is "at most once, in order per publishing process": a subscriber that was not
 * connected misses the message. Whatever must survive belongs in a table, with the bus only
 * saying "look again".
 */
export type LiveHandler = (message: unknown) => void;

export interface LiveBus {
  readonly kind: 'memory' | 'postgres';
  publish(channel: string, message: unknown): Promise<void>;
  /** Calls `handler` for every message on `channel`; returns the unsubscribe function. */
  subscribe(channel: string, handler: LiveHandler): () => void;
  close(): Promise<void>;
}

/** The PostgreSQL notification channel all processes listen on. */
export const PG_CHANNEL = 'bk_live';
/** Largest payload sent inline (PostgreSQL's limit is 8000 bytes, less a margin for the envelope). */
export const INLINE_LIMIT_BYTES = 7_500;
/** Rows of `live_messages` older than this are deleted. */
const STORED_TTL_MS = 5 * 60_000;

const CHANNEL_RE = /^[\w:.-]{1,200}$/;

function checkChannel(channel: string): void {
  if (!CHANNEL_RE.test(channel)) throw new Error(`invalid live channel name: ${channel}`);
}

class Subscribers {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  add(channel: string, handler: LiveHandler): () => void {
    checkChannel(channel);
    // One failing subscriber must not stop the others (nor the listener connection).
    const safe: LiveHandler = (message) => {
      try {
        handler(message);
      } catch {
        // the subscriber's own problem
      }
    };
    this.emitter.on(channel, safe);
    return () => this.emitter.off(channel, safe);
  }
  deliver(channel: string, message: unknown): void {
    this.emitter.emit(channel, message);
  }
  has(channel: string): boolean {
    return this.emitter.listenerCount(channel) > 0;
  }
  clear(): void {
    this.emitter.removeAllListeners();
  }
}

/** In-process bus (PGlite, tests). Messages are delivered asynchronously, like on PostgreSQL. */
export class MemoryBus implements LiveBus {
  readonly kind = 'memory' as const;
  private readonly subscribers = new Subscribers();
  async publish(channel: string, message: unknown): Promise<void> {
    checkChannel(channel);
    // A structured copy, so no subscriber shares an object with the publisher (as over the wire).
    const copy = JSON.parse(JSON.stringify(message)) as unknown;
    setImmediate(() => this.subscribers.deliver(channel, copy));
  }
  subscribe(channel: string, handler: LiveHandler): () => void {
    return this.subscribers.add(channel, handler);
  }
  async close(): Promise<void> {
    this.subscribers.clear();
  }
}

interface Envelope {
  /** channel */
  c: string;
  /** the message, inline */
  m?: unknown;
  /** or the id of its row in live_messages */
  r?: string;
}

/**
 * LISTEN/NOTIFY on a PostgreSQL server. One dedicated client listens (reconnecting with backoff
 * if the server restarts); publishing uses the app's pool.
 */
export class PgBus implements LiveBus {
  readonly kind = 'postgres' as const;
  private readonly subscribers = new Subscribers();
  private client: pg.Client | null = null;
  private closed = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private lastCleanup = 0;
  private ready: Promise<void>;

  constructor(
    private readonly connectionString: string,
    private readonly db: Db,
    private readonly log?: FastifyBaseLogger,
  ) {
    this.ready = this.connect(0);
  }

  /** Resolves once the listener connection is up (tests wait for it before publishing). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  private async connect(attempt: number): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: 'buergerkoffer-live',
    });
    client.on('notification', (n) => {
      if (n.channel === PG_CHANNEL && n.payload) void this.receive(n.payload);
    });
    client.on('error', (error) => {
      this.log?.warn({ err: { message: error.message } }, 'live bus connection lost');
      this.scheduleReconnect(client, attempt + 1);
    });
    client.on('end', () => this.scheduleReconnect(client, attempt + 1));
    try {
      await client.connect();
      await client.query(`listen ${PG_CHANNEL}`);
      this.client = client;
    } catch (error) {
      this.log?.warn({ err: { message: (error as Error).message } }, 'live bus could not listen');
      this.scheduleReconnect(client, attempt + 1);
    }
  }

  private readonly dead = new WeakSet<pg.Client>();

  private scheduleReconnect(client: pg.Client, attempt: number): void {
    if (this.closed || this.dead.has(client)) return;
    this.dead.add(client);
    if (this.client === client) this.client = null;
    client.removeAllListeners('end');
    void client.end().catch(() => {});
    clearTimeout(this.reconnectTimer);
    const delay = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
    this.reconnectTimer = setTimeout(() => {
      this.ready = this.connect(attempt);
    }, delay);
  }

  private async receive(payload: string): Promise<void> {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch {
      return;
    }
    if (typeof envelope.c !== 'string' || !this.subscribers.has(envelope.c)) return;
    if (envelope.r) {
      // The bus is the installation's transport (ADR 27): live_messages belong to no authority.
      const row = await withInstallation(
        this.db,
        (db) =>
          db.selectFrom('live_messages').select('payload').where('id', '=', envelope.r!).executeTakeFirst(),
        'live bus',
      ).catch(() => undefined);
      if (!row) return;
      this.subscribers.deliver(envelope.c, row.payload);
      return;
    }
    this.subscribers.deliver(envelope.c, envelope.m);
  }

  publish(channel: string, message: unknown): Promise<void> {
    checkChannel(channel);
    // The bus is the installation's transport (ADR 27): live_messages belong to no authority.
    return withInstallation(this.db, () => this.send(channel, message), 'live bus');
  }

  private async send(channel: string, message: unknown): Promise<void> {
    const inline = JSON.stringify({ c: channel, m: message } satisfies Envelope);
    if (Buffer.byteLength(inline, 'utf8') <= INLINE_LIMIT_BYTES) {
      await sql`select pg_notify(${PG_CHANNEL}, ${inline})`.execute(this.db);
      return;
    }
    const id = uuidv7();
    await this.db
      .insertInto('live_messages')
      .values({ id, channel, payload: JSON.stringify(message) as never })
      .execute();
    await sql`select pg_notify(${PG_CHANNEL}, ${JSON.stringify({ c: channel, r: id } satisfies Envelope)})`.execute(
      this.db,
    );
    const now = Date.now();
    if (now - this.lastCleanup > 60_000) {
      this.lastCleanup = now;
      await this.db
        .deleteFrom('live_messages')
        .where('created_at', '<', new Date(now - STORED_TTL_MS))
        .execute()
        .catch(() => {});
    }
  }

  subscribe(channel: string, handler: LiveHandler): () => void {
    return this.subscribers.add(channel, handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.subscribers.clear();
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
    }
  }
}

/** The bus for this database: LISTEN/NOTIFY on a PostgreSQL server, in-process on PGlite. */
export function createLiveBus(database: DatabaseHandle, log?: FastifyBaseLogger): LiveBus {
  if (database.kind === 'postgres') {
    // Without its URL the bus could only fall back to this process, and calls between processes
    // would silently never connect: refuse instead.
    if (!database.url) throw new Error('the live bus needs the PostgreSQL connection string');
    return new PgBus(database.url, database.db, log);
  }
  return new MemoryBus();
}
