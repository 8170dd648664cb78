import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * Process caches of rarely changing tables (ADR 14), kept honest by the database: a statement
 * trigger on each watched table sends NOTIFY bk_table_change with the table's name after the change
 * commits (bk_notify_table_change, migration 0021); every process LISTENs on a connection of its
 * own and drops the caches that read that table. A cache serves nothing while the listener is not
 * connected (at start, after a dropped connection — which may have lost notifications — until it
 * is back), and a value loaded while a change arrived is not kept.
 */

const CHANNEL = 'bk_table_change';

export interface ChangeSource {
  /**
   * Calls onChange(table) for each change, and onLive(false) when notifications may be missed
   * from now on (connection lost), onLive(true) when they arrive again.
   */
  start(onChange: (table: string) => void, onLive: (live: boolean) => void): void;
  close(): Promise<void>;
}

/** LISTEN on a dedicated connection of a PostgreSQL server; reconnects after a failure. */
export function serverChangeSource(connectionString: string): ChangeSource {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  return {
    start(onChange, onLive) {
      const connect = async () => {
        if (closed) return;
        const c = new pg.Client({ connectionString, application_name: 'buergerkoffer-listen' });
        client = c;
        const lost = () => {
          if (client !== c) return;
          client = undefined;
          onLive(false);
          c.end().catch(() => {});
          if (!closed) retry = setTimeout(() => void connect(), 1000);
        };
        c.on('error', lost);
        c.on('end', lost);
        c.on('notification', (message) => {
          if (message.channel === CHANNEL && message.payload) onChange(message.payload);
        });
        try {
          await c.connect();
          await c.query(`listen ${CHANNEL}`);
          if (client === c && !closed) onLive(true);
        } catch {
          lost();
        }
      };
      void connect();
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}

/** PGlite delivers notifications in this process by the time the committing query returns. */
export function pgliteChangeSource(pglite: PGlite): ChangeSource {
  let unsubscribe: (() => Promise<void>) | undefined;
  let closed = false;
  return {
    start(onChange, onLive) {
      void pglite
        .listen(CHANNEL, (payload) => onChange(payload))
        .then((off) => {
          if (closed) return off();
          unsubscribe = off;
          onLive(true);
        })
        .catch(() => onLive(false));
    },
    async close() {
      closed = true;
      if (unsubscribe && !pglite.closed) await unsubscribe().catch(() => {});
    },
  };
}

/** The listener of one database and the caches that depend on it. */
class ChangeHub {
  private started = false;
  live = false;
  private readonly caches = new Set<TableCache<unknown>>();

  constructor(private readonly source: ChangeSource) {}

  attach(cache: TableCache<unknown>): void {
    this.caches.add(cache);
    if (this.started) return;
    this.started = true;
    this.source.start(
      (table) => {
        for (const c of this.caches) if (c.tables.includes(table)) c.invalidate();
      },
      (live) => {
        this.live = live;
        for (const c of this.caches) c.invalidate();
      },
    );
  }

  close(): Promise<void> {
    this.live = false;
    return this.source.close();
  }
}

const hubs = new WeakMap<object, ChangeHub>();

/** Called by openDatabase: where the caches of this database hear of changes. */
export function registerChangeSource(db: object, source: ChangeSource): () => Promise<void> {
  const hub = new ChangeHub(source);
  hubs.set(db, hub);
  return () => hub.close();
}

/**
 * A map of values loaded from `tables`, dropped whenever one of them changes. Without a change
 * source (a database opened elsewhere) it caches nothing.
 */
export class TableCache<V> {
  private readonly values = new Map<string, V>();
  private generation = 0;
  private readonly hub: ChangeHub | undefined;

  constructor(
    db: object,
    readonly tables: string[],
  ) {
    this.hub = hubs.get(db);
    this.hub?.attach(this as TableCache<unknown>);
  }

  invalidate(): void {
    this.generation++;
    this.values.clear();
  }

  /** The values for `keys`, loading the missing ones with `load` (one call for all of them). */
  async getMany(
    keys: string[],
    load: (missing: string[]) => Promise<Map<string, V>>,
  ): Promise<Map<string, V>> {
    const live = this.hub?.live === true;
    const found = new Map<string, V>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      const value = live ? this.values.get(key) : undefined;
      if (value !== undefined) found.set(key, value);
      else missing.push(key);
    }
    if (missing.length === 0) return found;
    const generation = this.generation;
    const loaded = await load(missing);
    // Keep only what no change has overtaken while it was loading.
    const keep = live && this.hub?.live === true && generation === this.generation;
    for (const [key, value] of loaded) {
      found.set(key, value);
      if (keep) this.values.set(key, value);
    }
    return found;
  }

  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const result = await this.getMany([key], async () => {
      const value = await load();
      return new Map(value === undefined ? [] : [[key, value]]);
    });
    return result.get(key);
  }
}
