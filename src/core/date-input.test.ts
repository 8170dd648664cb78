import { describe, expect, it } from 'vitest';
import { germanDate, parseDateInput } from './date-input';

describe('dates as people type them (#10)', () => {
  it('reads German and ISO dates', () => {
    expect(parseDateInput('31.12.2026')).toBe('2026-12-31');
    expect(parseDateInput(' 1.2.2026 ')).toBe('2026-02-01');
    expect(parseDateInput('01.02.26')).toBe('2026-02-01');
    expect(parseDateInput('2026-11-30')).toBe('2026-11-30');
  });

  it('refuses what is no real date', () => {
    for (const bad of ['31.02.2026', '2026-13-01', 'gestern', '', '1.1.', '12/31/2026']) {
      expect(parseDateInput(bad), bad).toBeNull();
    }
  });

  it('shows ISO dates the German way', () => {
    expect(germanDate('2026-03-07')).toBe('07.03.2026');
  });
});
