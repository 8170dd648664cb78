import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * All UI text comes from the message catalogues (German and English). This scan finds words
 * written straight into JSX — text between tags and user-facing attributes — in src/web.
 */
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return e.name.endsWith('.tsx') && !e.name.endsWith('.test.tsx') ? [p] : [];
  });
}

const WORD = /[A-Za-zÄÖÜäöüß]{2,}/;

describe('web apps', () => {
  it('have no literal UI text in JSX', () => {
    const offenders: string[] = [];
    for (const file of files(path.resolve('src/web'))) {
      const source = fs.readFileSync(file, 'utf8').replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
      // Text nodes: ">Some words<" (not expressions in braces).
      // A text node is followed by a closing tag or an element; TypeScript generics (get<T>) are not.
      for (const m of source.matchAll(
        />([^<>{}]*)<(?=\/|[a-z]+[\s>/])(?!(?:void|string|number|boolean|unknown|any|never|null|undefined)\b)/g,
      )) {
        const text = m[1]!.trim();
        if (source[m.index - 1] === '=') continue;
        if (text && WORD.test(text) && !/^[=&|?:]/.test(text) && !/[;()=]/.test(text)) {
          offenders.push(`${path.relative('src/web', file)}: >${text}<`);
        }
      }
      for (const m of source.matchAll(/\s(aria-label|alt|title|placeholder|label|legend|hint)="([^"]*)"/g)) {
        if (WORD.test(m[2]!)) offenders.push(`${path.relative('src/web', file)}: ${m[1]}="${m[2]}"`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
