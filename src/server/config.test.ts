import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has a default for everything', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/data$/);
    expect(c.cookieSecure).toBe(false); // localhost
  });

  it('turns on Secure cookies outside localhost', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://buergerbuero.meerane.example' }).cookieSecure).toBe(true);
  });

  it('refuses nonsense with a clear message', () => {
    expect(() => loadConfig({ PORT: 'achtzig' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/postgres/);
    expect(() => loadConfig({ SEED_DEMO: 'vielleicht' })).toThrow(/true or false/);
  });

  it('lists every variable it reads in CONFIG_VARIABLES and in the README table', () => {
    const source = fs.readFileSync('src/server/config.ts', 'utf8');
    const read = new Set([...source.matchAll(/env(?:\.|, ')([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!));
    expect([...read].sort()).toEqual([...CONFIG_VARIABLES].sort());
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const name of CONFIG_VARIABLES) expect(readme, `README lacks ${name}`).toContain(`\`${name}\``);
  });
});
