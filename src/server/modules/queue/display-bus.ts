import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../../db/database';
import type { DisplayCall } from './service';

/** The PostgreSQL channel calls travel on between server processes (ADR 25). */
export const DISPLAY_CHANNEL = 'bk_display_call';

/**
 * Calls pushed to the call displays (server-sent events) at once. A call made in this process is
 * emitted here directly; on a PostgreSQL server it is also sent with `pg_notify`, and a dedicated
 * connection LISTENs, so a display connected to another process shows it at once too (#12).
 * A call carries a ticket code and a desk, nothing about the person. Displays also poll the
 * database every few seconds, which covers a lost connection until it is back.
 */
export class DisplayBus {
  private readonly emitter = new EventEmitter();
  private readonly origin = randomUUID();
  private listener: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: { db?: Db; databaseUrl?: string; log?: FastifyBaseLogger } = {}) {
    this.emitter.setMaxListeners(0);
  }

  /** Starts listening on a PostgreSQL server; without one (PGlite) the bus stays in-process. */
  async start(): Promise<void> {
    if (!this.options.databaseUrl || this.closed) return;
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    const again = () => {
      if (this.listener === client) this.listener = undefined;
      client.removeAllListeners();
      client.end().catch(() => undefined);
      if (!this.closed && !this.retry)
        this.retry = setTimeout(() => {
          this.retry = undefined;
          void this.start();
        }, 1000);
    };
    client.on('error', (error) => {
      this.options.log?.warn({ err: { message: error.message } }, 'display bus connection lost');
      again();
    });
    client.on('end', again);
    client.on('notification', (message) => {
      if (message.channel !== DISPLAY_CHANNEL || !message.payload) return;
      try {
        const { o, l, c } = JSON.parse(message.payload) as { o: string; l: string; c: DisplayCall };
        if (o !== this.origin) this.emitter.emit(l, c);
      } catch {
        // not ours
      }
    });
    try {
      await client.connect();
      await client.query(`listen ${DISPLAY_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.options.log?.warn({ err: { message: (error as Error).message } }, 'display bus cannot listen');
      again();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.listener;
    this.listener = undefined;
    if (client) {
      client.removeAllListeners();
      await client.end().catch(() => undefined);
    }
  }

  publish(locationId: string, call: DisplayCall): void {
    this.emitter.emit(locationId, call);
    if (!this.options.databaseUrl || !this.options.db) return;
    const payload = JSON.stringify({ o: this.origin, l: locationId, c: call });
    sql`select pg_notify(${DISPLAY_CHANNEL}, ${payload})`.execute(this.options.db).catch((error) => {
      this.options.log?.warn({ err: { message: (error as Error).message } }, 'display bus cannot notify');
    });
  }

  subscribe(locationId: string, listener: (call: DisplayCall) => void): () => void {
    this.emitter.on(locationId, listener);
    return () => this.emitter.off(locationId, listener);
  }
}
