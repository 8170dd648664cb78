import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorRegistry, errorSources, messageFor } from './errors';
import { renderErrorsDoc } from './errors-doc';

describe('error registry', () => {
  it('has a German and an English message and an error status for every code', () => {
    for (const [code, def] of Object.entries(errorRegistry)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(def.status, code).toBeGreaterThanOrEqual(400);
      expect(def.de.length, code).toBeGreaterThan(10);
      expect(def.en.length, code).toBeGreaterThan(10);
      expect(def.de, code).not.toEqual(def.en);
      // Both languages name the same parameters.
      const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(params(def.de), code).toEqual(params(def.en));
    }
  });

  it('defines every code in exactly one module (a spread would hide a second definition)', () => {
    const owners = new Map<string, string[]>();
    for (const [module, list] of Object.entries(errorSources)) {
      for (const code of Object.keys(list)) owners.set(code, [...(owners.get(code) ?? []), module]);
    }
    const twice = [...owners].filter(([, modules]) => modules.length > 1);
    expect(twice).toEqual([]);
    // Every list the registry joins is listed here, and nothing else.
    expect([...owners.keys()].sort()).toEqual(Object.keys(errorRegistry).sort());
  });

  it('fills parameters into messages', () => {
    expect(messageFor('ACCOUNT_LOCKED', 'de', { minutes: 15 })).toContain('15 Minuten');
  });

  it('is documented in docs/errors.md (npm run docs:errors)', () => {
    expect(fs.readFileSync('docs/errors.md', 'utf8')).toBe(renderErrorsDoc());
  });
});
