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

  it('trusts no proxy unless told, and never every proxy', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.2, 10.0.1.0/24' }).trustProxy).toEqual([
      '10.0.0.2',
      '10.0.1.0/24',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/choose its own address/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(ConfigError);
  });

  it('lists every variable it reads in CONFIG_VARIABLES and in the README table', () => {
    const source = fs.readFileSync('src/server/config.ts', 'utf8');
    const read = new Set([...source.matchAll(/env(?:\.|, ')([A-Z][A-Z0-9_]+)/g)].map((m) => m[1]!));
    expect([...read].sort()).toEqual([...CONFIG_VARIABLES].sort());
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const name of CONFIG_VARIABLES) expect(readme, `README lacks ${name}`).toContain(`\`${name}\``);
  });
});
