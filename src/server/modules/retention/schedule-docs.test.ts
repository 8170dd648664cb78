import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RETENTION_SCHEDULE } from '../../../core/retention/schedule';
import { CONFIG_VARIABLES } from '../../config';

describe('docs/privacy.md shows the retention schedule of the code (#15)', () => {
  const doc = fs.readFileSync('docs/privacy.md', 'utf8');
  for (const rule of RETENTION_SCHEDULE) {
    it(`lists ${rule.kind} with its period and legal basis`, () => {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${rule.kind}\` |`));
      expect(row, `row for ${rule.kind}`).toBeDefined();
      expect(row).toContain(rule.basis);
      expect(row).toContain(rule.period.de);
    });
  }

  it('names only settings that exist (the audit module brings AUDIT_RETENTION_YEARS)', () => {
    for (const rule of RETENTION_SCHEDULE.filter((r) => r.setting && r.runBy !== 'audit'))
      expect(CONFIG_VARIABLES as readonly string[]).toContain(rule.setting);
  });
});
