/**
 * Helpers of the benchmarks that run the server in a child process: start it, read the CPU time of
 * a process and of the PostgreSQL backends that serve it (from /proc), stop it.
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const TICK_MS = 1000 / Number(execSync('getconf CLK_TCK').toString().trim() || 100);

/** User + system CPU time of a process in milliseconds (0 if it has gone). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after the closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

export interface BenchServer {
  child: ChildProcess;
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts bench/support/server.ts with the given environment and waits for its READY line. */
export async function startServer(
  env: Record<string, string>,
  options: { profileDir?: string } = {},
): Promise<BenchServer> {
  // With a profile directory the process writes a V8 CPU profile there when it ends.
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(here, 'server.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /READY (\S+)/.exec(buffered);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    child,
    pid: child.pid!,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * CPU time of the PostgreSQL backends with this application_name, summed over every backend seen
 * at any sample: call sample() now and then (a backend that ends between samples loses only its
 * last few milliseconds; the pool keeps its connections open during a run).
 */
export class BackendCpu {
  private readonly seen = new Map<number, { first: number; last: number }>();
  constructor(
    private readonly admin: pg.Client,
    private readonly database: string,
    private readonly applicationName: string,
  ) {}

  async sample(): Promise<void> {
    const { rows } = await this.admin.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1 and application_name = $2',
      [this.database, this.applicationName],
    );
    for (const { pid } of rows) {
      const now = cpuMs(pid);
      const entry = this.seen.get(pid);
      if (entry) entry.last = Math.max(entry.last, now);
      else this.seen.set(pid, { first: now, last: now });
    }
  }

  /** Starts counting from now: the CPU the backends have used so far is left out. */
  async reset(): Promise<void> {
    this.seen.clear();
    await this.sample();
  }

  total(): number {
    let sum = 0;
    for (const e of this.seen.values()) sum += e.last - e.first;
    return sum;
  }
}
