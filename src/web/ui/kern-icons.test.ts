import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every KERN icon the web apps name exists in the KERN release we ship (@kern-ux/native 2.7.2 has
 * no "lock", for example: such a class draws nothing and the button loses its icon, #10).
 */
function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return /\.(tsx?|css)$/.test(e.name) && !e.name.includes('.test.') ? [p] : [];
  });
}

describe('KERN icons', () => {
  it('are all ones KERN provides', () => {
    const css = fs.readFileSync(path.resolve('node_modules/@kern-ux/native/dist/kern.css'), 'utf8');
    const provided = new Set([...css.matchAll(/\.kern-icon--([a-z0-9-]+)/g)].map((m) => m[1]));
    const used = new Map<string, string>();
    for (const file of files(path.resolve('src/web'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/kern-icon--([a-z0-9-]+)/g)) {
        if (m[1]!.endsWith('-')) continue; // a class built from a value (checked below)
        used.set(m[1]!, path.relative('src/web', file));
      }
    }
    // Icons chosen at run time (status badges, alerts).
    for (const tone of ['info', 'success', 'warning', 'danger']) used.set(tone, 'ui/components.tsx');
    const missing = [...used]
      .filter(([icon]) => !provided.has(icon))
      .map(([icon, file]) => `${icon} (${file})`);
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(10);
  });
});
