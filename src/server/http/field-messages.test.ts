import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldMessage } from './problem';

/** Every .ts file below `dir` that is not a test. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') && !file.endsWith('.test.ts') ? [file] : [];
  });
}

const FALLBACK_DE = fieldMessage('format', 'de');
const FALLBACK_EN = fieldMessage('format', 'en');

describe('field error messages', () => {
  it('gives every field code the server sends its own words, not "not in the expected format"', () => {
    const codes = new Set<string>();
    for (const file of sources(path.resolve(import.meta.dirname, '..'))) {
      const text = readFileSync(file, 'utf8');
      // field errors built in place; those that bring their own `message` need no entry
      for (const m of text.matchAll(/\{\s*path:[^{}]*?code:\s*'([\w:]+)'[^{}]*\}/g))
        if (!m[0].includes('message:')) codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(10);
    const missing = [...codes].filter(
      (code) =>
        !['format', 'pattern'].includes(code) &&
        (fieldMessage(code, 'de') === FALLBACK_DE || fieldMessage(code, 'en') === FALLBACK_EN),
    );
    expect(missing).toEqual([]);
  });
});
