/**
 * npm run bench -- <name>: runs bench/<name>.ts. Each benchmark prints its figures and ends with
 * one line of JSON.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { enterToolScope } from '../src/server/db/scope';

const dir = path.dirname(fileURLToPath(import.meta.url));
const name = process.argv[2];
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -3));
if (!name || !/^[\w-]+$/.test(name) || !existsSync(path.join(dir, `${name}.ts`))) {
  console.error(`usage: npm run bench -- <name>   (available: ${available.join(', ') || 'none'})`);
  process.exit(2);
}
// A benchmark's own set-up and checks (migrate, seed, counts) are installation work, as a
// command-line tool's (ADR 27); a server it starts scopes each of its requests itself.
enterToolScope(`bench ${name}`);
await import(pathToFileURL(path.join(dir, `${name}.ts`)).href);
