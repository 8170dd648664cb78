import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../core/roles';
import { type Agent, createTestApp, type TestApp } from '../test/test-app';

/**
 * Schema fuzzing over every operation of the OpenAPI document, as an anonymous caller and as a
 * signed-in agent holding every role: wrong types, NUL bytes, lone surrogates, 1 MB strings, bad
 * UUIDs, numbers beyond any integer (1e23, 2^64), extra properties, wrong and missing bodies,
 * wrong content types, deep nesting — plus random bodies and queries from fast-check with a
 * fixed seed. Expected: never a 5xx, every error a problem document, and no operation that
 * takes an object body accepts an unknown property.
 *
 * FUZZ_TIMING=1 prints each operation's time and answers (to keep the run short in CI).
 */
const SEED = 20_260_909;
const RANDOM_RUNS_PER_OPERATION = 6;

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema }[];
  body?: { contentType: string; schema: Schema };
}
interface Finding {
  agent: string;
  what: string;
  request: string;
  status: number;
  detail: string;
}

let t: TestApp;
let doc: { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, Schema> } };
let operations: Operation[] = [];
const knownIds = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  operations = collectOperations();
  await collectKnownIds();
}, 120_000);
afterAll(async () => t?.close());

function collectOperations(): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      const contentType = Object.keys(content)[0];
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).map((p: any) => ({
          name: p.name,
          in: p.in,
          required: !!p.required,
          schema: p.schema ?? {},
        })),
        ...(contentType ? { body: { contentType, schema: content[contentType].schema ?? {} } } : {}),
      });
    }
  }
  return ops;
}

/** Real ids from the demo data, so that hostile bodies also reach handlers of existing records. */
async function collectKnownIds() {
  const first = async (query: string) => {
    try {
      const rows = await sql<{ v: string }>`${sql.raw(query)}`.execute(t.db);
      return rows.rows[0]?.v;
    } catch {
      return undefined;
    }
  };
  const entries: [string, string][] = [
    ['/api/register/persons/{id}', 'select id::text as v from register_persons limit 1'],
    ['{blockId}', 'select id::text as v from register_blocks limit 1'],
    ['/api/cases/{id}', 'select id::text as v from cases limit 1'],
    ['/api/documents/{id}', 'select id::text as v from case_documents limit 1'],
    ['/api/kits/{id}', 'select id::text as v from kits limit 1'],
    ['{kitId}', 'select id::text as v from kits limit 1'],
    ['/api/schedule/office-days/{id}', 'select id::text as v from office_days limit 1'],
    ['/api/booking/office-days/{id}', 'select id::text as v from office_days limit 1'],
    ['/api/schedule/home-visits/{id}', 'select id::text as v from home_visits limit 1'],
    ['/api/booking/staff/appointments/{id}', 'select id::text as v from appointments limit 1'],
    ['/api/queue/tickets/{id}', 'select id::text as v from tickets limit 1'],
    ['/api/notify/outbox/{id}', 'select id::text as v from outbox_messages limit 1'],
    ['/api/cash-registers/{id}', 'select id::text as v from cash_registers limit 1'],
    ['/api/payments/{id}', 'select id::text as v from payments limit 1'],
    ['/api/catalog/editor/services/{id}', 'select id::text as v from catalog_services limit 1'],
    ['/api/catalog/editor/synonyms/{id}', 'select id::text as v from catalog_synonyms limit 1'],
    ['/api/catalog/services/{slug}', 'select slug as v from catalog_services limit 1'],
    ['/api/places/locations/{id}', 'select id::text as v from locations limit 1'],
    ['{idOrSlug}', 'select slug as v from locations limit 1'],
    ['{location}', 'select slug as v from locations limit 1'],
    ['/api/queue/display/{slug}', 'select slug as v from locations limit 1'],
    ['/api/staff/{id}', "select id::text as v from staff_users where username <> 'admin' limit 1"],
  ];
  for (const [key, query] of entries) {
    const v = await first(query);
    if (v) knownIds.set(key, v);
  }
}

function resolve(schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) {
    const name = s.$ref.split('/').pop()!;
    s = doc.components.schemas[name] ?? {};
  }
  return s;
}

const CANDIDATES = [
  'x',
  'K1',
  'KA1',
  '09:00',
  '2027-03-15',
  '0'.repeat(64),
  'abc-def',
  '01234567',
  '12345',
  'ABCD-EFGH',
  'a.b',
  'test.ics',
  'meerane.ics',
];

/** A value the schema accepts, as simple as possible (only required properties). */
function sample(schema: Schema | undefined, name = '', depth = 0): unknown {
  const s = resolve(schema);
  if (depth > 6) return null;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const alternatives = s.anyOf ?? s.oneOf;
  if (Array.isArray(alternatives)) {
    const nonNull = alternatives.find((a: Schema) => resolve(a).type !== 'null') ?? alternatives[0];
    return sample(nonNull, name, depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((x: string) => x !== 'null') : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'uuid') return knownIds.get(`{${name}}`) ?? '01900000-0000-7000-8000-0000000f0001';
      if (s.format === 'date') return '2027-03-15';
      if (s.format === 'date-time') return '2027-03-15T09:00:00.000Z';
      if (s.format === 'email') return 'fuzz@example.org';
      const min = s.minLength ?? 1;
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        const hit = CANDIDATES.find((c) => re.test(c) && c.length >= min);
        if (hit) return hit;
      }
      return 'x'.repeat(Math.max(1, Math.min(min, 50)));
    }
    case 'integer':
    case 'number':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items, name, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sample(s.properties?.[key], key, depth + 1);
      return out;
    }
    default:
      return 'x';
  }
}

/** JSON text of arrays nested this deep (built as text: JSON.stringify would overflow the stack). */
function nested(levels: number): string {
  return `${'['.repeat(levels)}"tief"${']'.repeat(levels)}`;
}

/** Values an attacker or a broken client sends in place of a field. */
const HOSTILE: { name: string; value?: unknown; raw?: string }[] = [
  { name: 'NUL byte', value: 'a\u0000b' },
  { name: 'lone surrogate', value: 'a\ud800b' },
  { name: '1 MB string', value: 'x'.repeat(1_000_000) },
  { name: 'bad UUID', value: '01900000-0000-7000-8000-00000000000g' },
  { name: 'path traversal', value: '../../../etc/passwd' },
  { name: 'SQL', value: "' OR 1=1; --" },
  { name: 'control characters', value: '\u0001\u001b[31m\u007f' },
  { name: 'unicode', value: 'Grüße \u202e 🇩🇪' },
  { name: 'empty', value: '' },
  { name: '1e23', value: 1e23 },
  { name: '2^64', raw: '18446744073709551616' },
  { name: '-2^63-1', raw: '-9223372036854775809' },
  { name: 'negative', value: -1 },
  { name: 'fraction', value: 0.5 },
  { name: 'boolean', value: true },
  { name: 'null', value: null },
  { name: 'array', value: ['a', 1] },
  { name: 'object', value: { a: 'b' } },
  { name: 'deep nesting', raw: nested(2000) },
  { name: 'impossible date', value: '2026-02-30' },
  { name: 'far-future date', value: '275760-09-14' },
];

const FOR_TEXT = [
  'NUL byte',
  'lone surrogate',
  '1 MB string',
  'bad UUID',
  'path traversal',
  'SQL',
  'control characters',
  'unicode',
  'empty',
  'impossible date',
  'far-future date',
  '1e23',
  'object',
];
const FOR_NUMBERS = ['1e23', '2^64', '-2^63-1', 'negative', 'fraction', 'NUL byte', 'null', '1 MB string'];
const FOR_STRUCTURES = ['NUL byte', 'null', 'array', 'object', 'deep nesting', '1 MB string', '2^64'];

/**
 * The hostile values worth sending to a field of this schema: everything its type might let
 * through, and a few of the wrong type (those are refused by the schema alike).
 */
function hostileFor(schema: Schema | undefined): (typeof HOSTILE)[number][] {
  const s = resolve(schema);
  const alternatives: Schema[] = s.anyOf ?? s.oneOf ?? [s];
  const types = new Set(alternatives.flatMap((a) => [resolve(a).type].flat()).filter(Boolean));
  if (types.size === 0) return HOSTILE; // anything goes: send everything
  const names = new Set<string>();
  if (types.has('string')) for (const n of FOR_TEXT) names.add(n);
  if (types.has('integer') || types.has('number')) for (const n of FOR_NUMBERS) names.add(n);
  if (types.has('array') || types.has('object') || types.has('boolean'))
    for (const n of FOR_STRUCTURES) names.add(n);
  return HOSTILE.filter((h) => names.has(h.name));
}

function asText(h: (typeof HOSTILE)[number]): string {
  if (h.raw !== undefined) return h.raw;
  return typeof h.value === 'string' ? h.value : JSON.stringify(h.value);
}

interface Built {
  path: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  contentType?: string;
}

function base(op: Operation): Built {
  const path: Record<string, string> = {};
  const query: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const p of op.params) {
    if (p.in === 'path') {
      const known =
        knownIds.get(op.path.slice(0, op.path.indexOf(`{${p.name}}`) + p.name.length + 2)) ??
        knownIds.get(`{${p.name}}`);
      // A stream (server-sent events) would never end for a real location: only bad ones here.
      const value = op.path.endsWith('/events') ? 'unbekannt' : (known ?? String(sample(p.schema, p.name)));
      path[p.name] = value;
    } else if (p.required) {
      const v = sample(p.schema, p.name);
      (p.in === 'query' ? query : headers)[p.name] = Array.isArray(v) ? v.join(',') : String(v);
    }
  }
  const built: Built = { path, query, headers };
  if (op.body) {
    built.contentType = op.body.contentType;
    if (op.body.contentType.includes('json')) built.body = sample(op.body.schema);
    else built.rawBody = 'not really a file';
  }
  return built;
}

/** Percent-encoding that also sends a lone surrogate (as the bytes a broken client would send). */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ue000')).replace(/%EE%80%80/g, '%ED%A0%80');
  }
}

function toInject(op: Operation, b: Built): InjectOptions {
  let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encode(b.path[name] ?? 'x'));
  const qs = Object.entries(b.query)
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .join('&');
  if (qs) url += `?${qs}`;
  const headers: Record<string, string> = { ...b.headers };
  let payload: string | undefined;
  if (b.rawBody !== undefined) payload = b.rawBody;
  else if (b.body !== undefined) payload = JSON.stringify(b.body);
  if (payload !== undefined) headers['content-type'] = b.contentType ?? 'application/json';
  return {
    method: op.method as InjectOptions['method'],
    url,
    headers,
    ...(payload !== undefined ? { payload } : {}),
  };
}

/** The mutations of one operation: each field with each hostile value, and the body as a whole. */
function mutations(op: Operation): { what: string; built: Built }[] {
  const out: { what: string; built: Built }[] = [{ what: 'valid', built: base(op) }];
  for (const p of op.params) {
    for (const h of p.in === 'path' ? HOSTILE : hostileFor(p.schema)) {
      if (p.in === 'path' && h.name === 'deep nesting') continue;
      const b = base(op);
      const target = p.in === 'path' ? b.path : p.in === 'query' ? b.query : b.headers;
      // A header value can only carry visible ASCII: the others cannot be sent at all.
      if (p.in === 'header' && [...asText(h)].some((c) => c < ' ' || c > '~')) continue;
      target[p.name] = asText(h);
      out.push({ what: `${p.in} ${p.name} = ${h.name}`, built: b });
    }
  }
  if (op.body?.contentType.includes('json')) {
    const schema = resolve(op.body.schema);
    const properties = Object.keys(schema.properties ?? {});
    for (const prop of properties) {
      for (const h of hostileFor(schema.properties[prop])) {
        const b = base(op);
        if (h.raw !== undefined) {
          const rest = JSON.stringify({ ...(b.body as object), [prop]: 0 });
          b.rawBody = rest.replace(`"${prop}":0`, `"${prop}":${h.raw}`);
        } else {
          b.body = { ...(b.body as object), [prop]: h.value };
        }
        out.push({ what: `body ${prop} = ${h.name}`, built: b });
      }
    }
    const whole: [string, (b: Built) => void][] = [
      ['extra property', (b) => (b.body = { ...(b.body as object), fuzzExtra: 1 })],
      ['body is an array', (b) => (b.body = [b.body])],
      ['body is a string', (b) => (b.body = 'text')],
      ['body is null', (b) => (b.rawBody = 'null')],
      ['body is empty', (b) => (b.rawBody = '')],
      ['malformed JSON', (b) => (b.rawBody = '{"a": ')],
      ['text/plain', (b) => (b.contentType = 'text/plain')],
      [
        'form encoded',
        (b) => Object.assign(b, { contentType: 'application/x-www-form-urlencoded', rawBody: 'a=b' }),
      ],
      ['XML', (b) => Object.assign(b, { contentType: 'application/xml', rawBody: '<a/>' })],
      ['deeply nested body', (b) => (b.rawBody = nested(5000))],
      ['NUL in a key', (b) => (b.body = { ...(b.body as object), 'a\u0000': 'x' })],
    ];
    for (const [what, change] of whole) {
      const b = base(op);
      change(b);
      out.push({ what, built: b });
    }
  } else if (op.method !== 'GET' && op.method !== 'DELETE') {
    const b = base(op);
    b.body = { fuzzExtra: 1 };
    b.contentType = 'application/json';
    out.push({ what: 'unexpected JSON body', built: b });
  }
  return out;
}

/** Random bodies and queries from fast-check (fixed seed): known names with arbitrary values. */
function randomMutations(op: Operation, index: number): { what: string; built: Built }[] {
  const anyValue = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom(...HOSTILE.filter((h) => h.value !== undefined).map((h) => h.value)),
  );
  const out: { what: string; built: Built }[] = [];
  const bodySchema = op.body?.contentType.includes('json') ? resolve(op.body.schema) : undefined;
  const bodyKeys = Object.keys(bodySchema?.properties ?? {});
  const queryKeys = op.params.filter((p) => p.in === 'query').map((p) => p.name);
  if (bodyKeys.length === 0 && queryKeys.length === 0) return out;
  const arb = fc.record({
    body: fc.dictionary(fc.constantFrom(...bodyKeys, 'fuzzExtra'), anyValue, { maxKeys: 4 }),
    query: fc.dictionary(
      fc.constantFrom(...(queryKeys.length ? queryKeys : ['q'])),
      fc.string({ unit: 'binary', maxLength: 30 }),
      { maxKeys: 3 },
    ),
  });
  for (const [i, r] of fc.sample(arb, { seed: SEED + index, numRuns: RANDOM_RUNS_PER_OPERATION }).entries()) {
    const b = base(op);
    if (bodySchema) b.body = { ...(b.body as object), ...r.body };
    if (queryKeys.length) Object.assign(b.query, r.query);
    out.push({ what: `random #${i}`, built: b });
  }
  return out;
}

function summary(options: InjectOptions): string {
  const body = typeof options.payload === 'string' ? options.payload : '';
  return `${options.method} ${String(options.url).slice(0, 160)} ${body.slice(0, 120)}`;
}

const MAX_SERVED = 8;
const PLAIN = ['bad UUID', 'path traversal', 'SQL', 'unicode', 'empty', 'impossible date', 'far-future date'];

async function fuzz(
  agentName: string,
  makeAgent: () => Promise<Agent>,
): Promise<{ findings: Finding[]; requests: number }> {
  const findings: Finding[] = [];
  let requests = 0;
  for (const [index, op] of operations.entries()) {
    // A fresh agent per operation: signing out or ending all sessions must not blind the rest.
    const agent = await makeAgent();
    const started = Date.now();
    const statuses: Record<number, number> = {};
    let all = [...mutations(op), ...randomMutations(op, index)];
    // A staff route refuses a caller without a session in onRequest, before it reads parameters
    // or body: every input gets the same 401. A sample of them checks that it stays so.
    if (!agent.cookie && op.params.every((p) => p.in !== 'header')) {
      const first = await agent.inject(toInject(op, all[0]!.built));
      if (first.statusCode === 401)
        all = all.filter((_, i) => i % 8 === 0 || all[i]!.what === 'extra property');
    }
    let served = 0;
    for (const { what, built } of all) {
      // An operation that has already served MAX_SERVED of these answers (an expensive one may
      // render a PDF each time) gets no more of the plain, printable values: they take the same
      // path as the ones it served. The values that break things are always sent.
      if (served >= MAX_SERVED && (what.startsWith('random') || PLAIN.some((p) => what.endsWith(`= ${p}`))))
        continue;
      const options = toInject(op, built);
      let res: LightMyRequestResponse;
      // An event stream that opened runs until the client leaves: leave after a moment.
      const stream = op.path.endsWith('/events');
      try {
        res = await agent.inject({ ...options, signal: AbortSignal.timeout(stream ? 1_000 : 20_000) });
      } catch (error) {
        if (stream && (error as Error).name === 'AbortError') continue;
        findings.push({
          agent: agentName,
          what,
          request: summary(options),
          status: 0,
          detail: String(error),
        });
        continue;
      }
      requests++;
      if (res.statusCode < 300) served++;
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      const problem = res.statusCode >= 400;
      if (res.statusCode >= 500) {
        findings.push({
          agent: agentName,
          what,
          request: summary(options),
          status: res.statusCode,
          detail: res.body.slice(0, 200),
        });
      } else if (problem && !String(res.headers['content-type']).includes('application/problem+json')) {
        findings.push({
          agent: agentName,
          what,
          request: summary(options),
          status: res.statusCode,
          detail: `not a problem document: ${res.headers['content-type']}`,
        });
      } else if (what === 'extra property' && res.statusCode < 300) {
        findings.push({
          agent: agentName,
          what,
          request: summary(options),
          status: res.statusCode,
          detail: 'an unknown property was accepted',
        });
      }
    }
    if (process.env.FUZZ_TIMING)
      console.log('OP', agentName, op.method, op.path, Date.now() - started, JSON.stringify(statuses));
  }
  return { findings, requests };
}

describe('every operation of the OpenAPI document under hostile input', () => {
  it('covers every operation', () => {
    expect(operations.length).toBeGreaterThan(100);
  });

  it('never answers 5xx to an anonymous caller', async () => {
    const { findings, requests } = await fuzz('anonymous', async () => t.anonymous());
    expect(requests).toBeGreaterThan(operations.length * 10);
    expect(findings).toEqual([]);
  }, 240_000);

  it('never answers 5xx to a signed-in agent holding every role', async () => {
    const { findings, requests } = await fuzz('all roles', async () => {
      const agent = await t.login([...ROLES]);
      // Register reads need a purpose; a stated one lets the fuzz reach the handlers.
      return {
        ...agent,
        inject: (options: InjectOptions) =>
          agent.inject({
            ...options,
            headers: { 'x-audit-reason': 'Fuzz-Test', ...(options.headers as object) },
          }),
      };
    });
    expect(requests).toBeGreaterThan(operations.length * 20);
    expect(findings).toEqual([]);
  }, 240_000);
});
