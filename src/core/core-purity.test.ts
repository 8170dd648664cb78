import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * src/core runs in the server, in the browser and in the offline kit. It must not import Node,
 * DOM or server code (DESIGN.md §3). Two checks: imports by file, and a compile without Node
 * or DOM types (tsconfig.core.json), which also catches globals like `document` or `Buffer`.
 */
const CORE = path.resolve('src/core');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const FORBIDDEN = [
  /^node:/,
  /^(fs|path|os|crypto|child_process|http|https|net|stream|url|util|worker_threads)$/,
  /^(fastify|@fastify\/|pg$|kysely|@electric-sql|pino|nodemailer|react|dexie)/,
];

describe('src/core stays pure', () => {
  it('imports nothing from Node, the server, the web apps or I/O libraries', () => {
    const offenders: string[] = [];
    for (const file of files(CORE)) {
      const source = fs.readFileSync(file, 'utf8');
      for (const m of source.matchAll(
        /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
      )) {
        const spec = m[1] ?? m[2]!;
        const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : null;
        if (resolved && !resolved.startsWith(CORE)) offenders.push(`${path.relative(CORE, file)} → ${spec}`);
        if (!resolved && FORBIDDEN.some((re) => re.test(spec)))
          offenders.push(`${path.relative(CORE, file)} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('compiles without Node or DOM types', () => {
    const tsc = path.resolve('node_modules/.bin/tsc');
    let output = '';
    try {
      execFileSync(tsc, ['-p', 'tsconfig.core.json'], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  }, 60_000);
});
