import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logger';

describe('logging', () => {
  it('logs the path of a request but never its query string (searches carry names)', () => {
    const options = loggerOptions('info') as { serializers: { req(r: unknown): unknown } };
    const logged = options.serializers.req({
      method: 'GET',
      url: '/api/register/persons?name=M%C3%BCller&birthDate=1950-01-01',
      id: 'r1',
    });
    expect(JSON.stringify(logged)).not.toContain('M%C3%BCller');
    expect(JSON.stringify(logged)).not.toContain('1950');
    expect(logged).toEqual({ method: 'GET', path: '/api/register/persons', id: 'r1' });
  });

  it('drops cookies, CSRF tokens and audit reasons from logged headers', () => {
    const options = loggerOptions('info') as { redact: { paths: string[]; remove: boolean } };
    expect(options.redact.paths).toEqual(
      expect.arrayContaining([
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'req.headers["x-audit-reason"]',
      ]),
    );
    expect(options.redact.remove).toBe(true);
  });
});
