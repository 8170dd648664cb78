import { errorRegistry } from './errors';

/** docs/errors.md, generated from the registry so the two cannot drift apart. */
export function renderErrorsDoc(): string {
  const lines = [
    '# Error codes',
    '',
    'Every problem the API answers with, as RFC 9457 `application/problem+json`:',
    '`{ type, title, status, detail, code, instance, errors?: [{ path, code, message }] }`.',
    'The `detail` is in German, or in English when the request prefers it (`Accept-Language`).',
    "Generated from `src/server/http/errors.ts` and the modules' `errors.ts` by `npm run docs:errors`.",
    '',
    '| code | status | message (de) | message (en) |',
    '| --- | --- | --- | --- |',
  ];
  for (const [code, def] of Object.entries(errorRegistry).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `| \`${code}\` | ${def.status} | ${def.de.replace(/\|/g, '\\|')} | ${def.en.replace(/\|/g, '\\|')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
