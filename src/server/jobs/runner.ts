import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { uuidv7 } from '../../core/ids';
import type { Db, Executor } from '../db/database';
import {
  currentAuthorityId,
  installationScope,
  runInScope,
  withAuthority,
  withInstallation,
} from '../db/scope';

export interface EnqueueOptions {
  type: string;
  payload?: Record<string, unknown>;
  authorityId?: string | null;
  runAt?: Date;
  maxAttempts?: number;
  /** At most one pending job per key (e.g. "reminder:<appointmentId>"). */
  dedupeKey?: string;
}

/** Puts a job in the queue. Call it inside the transaction whose commit should trigger the job. */
export async function enqueueJob(executor: Executor, options: EnqueueOptions): Promise<void> {
  await executor
    .insertInto('jobs')
    .values({
      id: uuidv7(),
      // A job belongs to the authority whose work enqueued it (row-level security, ADR 27).
      authority_id: options.authorityId ?? currentAuthorityId() ?? null,
      type: options.type,
      payload: JSON.stringify(options.payload ?? {}),
      run_at: options.runAt ?? new Date(),
      max_attempts: options.maxAttempts ?? 5,
      locked_until: null,
      last_error: null,
      dedupe_key: options.dedupeKey ?? null,
      finished_at: null,
    } as never)
    .onConflict((oc) =>
      oc
        .column('dedupe_key')
        .where('dedupe_key', 'is not', null)
        .where('status', 'in', ['pending', 'running'])
        .doNothing(),
    )
    .execute();
}

export type JobHandler = (payload: any, context: { jobId: string; attempt: number; db: Db }) => Promise<void>;

/**
 * Work that runs on its own timer while the runner runs (e.g. the audit chainer, which must not
 * wait behind a queue of jobs); stop() may be called without start() and must finish the work.
 */
export interface BackgroundService {
  name: string;
  start(): void;
  stop(): Promise<void>;
}

interface PeriodicTask {
  name: string;
  intervalMs: number;
  run: () => Promise<void>;
  /** When this process next asks the database whether the task is due (ms since epoch). */
  nextCheck: number;
}

/** Names this process in `periodic_runs.last_runner` (host and pid; no personal data). */
const RUNNER_ID = `${process.env.HOSTNAME ?? 'host'}:${process.pid}`.slice(0, 100);

/**
 * Claims one period of a periodic task installation-wide (ADR 25): moves `next_run_at` forward
 * by one interval in a single statement only if it was due. Of several processes asking at the
 * same moment exactly one gets the row back and runs the task; the others learn when it is next
 * due and ask again then.
 */
export async function claimPeriodicRun(
  executor: Executor,
  name: string,
  intervalMs: number,
  runner: string = RUNNER_ID,
): Promise<{ claimed: boolean; nextRunAt: Date }> {
  const seconds = intervalMs / 1000;
  const claimed = await sql<{ next_run_at: Date }>`
    insert into periodic_runs (name, next_run_at, last_run_at, last_runner)
    values (${name}, now() + make_interval(secs => ${seconds}), now(), ${runner})
    on conflict (name) do update
      set next_run_at = now() + make_interval(secs => ${seconds}), last_run_at = now(), last_runner = ${runner}
      where periodic_runs.next_run_at <= now()
    returning next_run_at`.execute(executor);
  if (claimed.rows[0]) return { claimed: true, nextRunAt: new Date(claimed.rows[0].next_run_at) };
  const row = await executor
    .selectFrom('periodic_runs')
    .select('next_run_at')
    .where('name', '=', name)
    .executeTakeFirst();
  return { claimed: false, nextRunAt: row ? new Date(row.next_run_at) : new Date(Date.now() + intervalMs) };
}

/**
 * Database-backed job queue. The queue itself is installation work (it claims jobs of every
 * authority); each job then runs in its authority's scope, a job without an authority and every
 * periodic task at installation scope (ADR 27). Jobs are claimed with FOR UPDATE SKIP LOCKED and leased, so several
 * server processes can share one queue; a crashed worker's lease expires and the job is retried.
 * Failed jobs are retried with exponential back-off up to max_attempts, then marked failed.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly periodic: PeriodicTask[] = [];
  private readonly services: BackgroundService[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;

  constructor(
    private readonly db: Db,
    readonly log: FastifyBaseLogger,
    private readonly options: { pollMs?: number; leaseMs?: number } = {},
  ) {}

  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  /** A task run every intervalMs (holds expiry, reminder scan, retention). It must be idempotent. */
  every(name: string, intervalMs: number, run: () => Promise<void>): void {
    this.periodic.push({ name, intervalMs, run, nextCheck: 0 });
  }

  /** A service started and stopped with the runner. */
  background(service: BackgroundService): void {
    this.services.push(service);
  }

  start(): void {
    this.stopped = false;
    this.log.debug({ tasks: this.periodic.map((t) => t.name), runner: RUNNER_ID }, 'job runner started');
    // Background services (the audit chainer) work across authorities (ADR 27); timers they set
    // keep the scope they were started in.
    for (const service of this.services)
      runInScope(installationScope(`background ${service.name}`), () => service.start());
    const tick = async () => {
      if (this.stopped) return;
      try {
        await this.runDue();
      } catch (error) {
        this.log.error({ err: { message: (error as Error).message } }, 'job runner tick failed');
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 1000);
    };
    this.timer = setTimeout(tick, 50);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
    for (const service of this.services) {
      try {
        await runInScope(installationScope(`background ${service.name}`), () => service.stop());
      } catch (error) {
        this.log.error({ err: { message: (error as Error).message }, service: service.name }, 'stop failed');
      }
    }
  }

  /** Runs periodic tasks that are due and every job that is due now; returns how many jobs ran. */
  async runDue(now = Date.now(), force = false): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      for (const task of this.periodic) {
        if (now >= task.nextCheck) {
          try {
            // Once per period across every process on this database, not once per process.
            const claim = force
              ? { claimed: true, nextRunAt: new Date(Date.now() + task.intervalMs) }
              : await withInstallation(
                  this.db,
                  (db) => claimPeriodicRun(db, task.name, task.intervalMs),
                  'periodic task claim',
                );
            task.nextCheck = claim.nextRunAt.getTime();
            if (claim.claimed) {
              // The two-process test counts these lines: one per period across all processes.
              this.log.debug({ task: task.name, runner: RUNNER_ID }, 'periodic task claimed');
              await withInstallation(this.db, () => task.run(), `periodic task ${task.name}`);
            }
          } catch (error) {
            this.log.error(
              { err: { message: (error as Error).message }, task: task.name },
              'periodic task failed',
            );
          }
        }
      }
      let count = 0;
      while (await this.runOne()) count++;
      return count;
    } finally {
      this.running = false;
    }
  }

  /** Tests: run everything due, including periodic tasks regardless of their interval. */
  async drain(): Promise<number> {
    return this.runDue(Number.MAX_SAFE_INTEGER, true);
  }

  private async runOne(): Promise<boolean> {
    const types = [...this.handlers.keys()];
    if (types.length === 0) return false;
    const leaseMs = this.options.leaseMs ?? 5 * 60_000;
    const job = await withInstallation(this.db, () => this.claim(types, leaseMs), 'job queue');
    if (!job) return false;
    const run = () => this.execute(job);
    await (job.authority_id
      ? withAuthority(this.db, job.authority_id, run)
      : withInstallation(this.db, run, `job ${job.type}`));
    return true;
  }

  /** Claimed in one statement (one round trip): the oldest due job nobody else holds. */
  private claim(types: string[], leaseMs: number) {
    const now = new Date();
    return this.db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        attempts: eb('attempts', '+', 1),
        locked_until: new Date(now.getTime() + leaseMs),
      }))
      .where('id', '=', (eb) =>
        eb
          .selectFrom('jobs')
          .select('id')
          .where('type', 'in', types)
          .where((w) =>
            w.or([
              w.and([w('status', '=', 'pending'), w('run_at', '<=', now)]),
              w.and([w('status', '=', 'running'), w('locked_until', '<', now)]),
            ]),
          )
          .orderBy('run_at')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['id', 'type', 'payload', 'attempts', 'max_attempts', 'authority_id'])
      .executeTakeFirst();
  }

  private async execute(job: {
    id: string;
    type: string;
    payload: unknown;
    attempts: number;
    max_attempts: number;
  }): Promise<void> {
    const handler = this.handlers.get(job.type)!;
    try {
      await handler(job.payload, { jobId: job.id, attempt: job.attempts, db: this.db });
      await this.db
        .updateTable('jobs')
        .set({ status: 'done', finished_at: new Date(), locked_until: null })
        .where('id', '=', job.id)
        .execute();
    } catch (error) {
      const failed = job.attempts >= job.max_attempts;
      const backoffMs = Math.min(3_600_000, 2 ** job.attempts * 15_000);
      await this.db
        .updateTable('jobs')
        .set({
          status: failed ? 'failed' : 'pending',
          run_at: new Date(Date.now() + backoffMs),
          locked_until: null,
          last_error: String((error as Error).message ?? error).slice(0, 1000),
          ...(failed ? { finished_at: new Date() } : {}),
        })
        .where('id', '=', job.id)
        .execute();
      this.log.warn({ jobId: job.id, type: job.type, attempt: job.attempts, failed }, 'job failed');
    }
  }
}
