import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { AppError, type FieldError } from './errors';

// ESM/CJS interop: both packages export their main function as default of a CJS module.
const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const addFormats =
  (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

/**
 * An integer in this API is a PostgreSQL `integer` unless its schema states another range:
 * a schema for a 64-bit sequence number says `maximum: Number.MAX_SAFE_INTEGER` itself.
 */
export const INT32_MAX = 2_147_483_647;
export const INT32_MIN = -2_147_483_648;

function makeAjv(coerce: boolean) {
  const ajv = new Ajv({
    removeAdditional: false,
    useDefaults: true,
    allErrors: true,
    coerceTypes: coerce ? 'array' : false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SUBSCHEMA_SINGLE = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
];

/**
 * A copy of a schema in which every integer without a stated range gets the range of a
 * PostgreSQL integer: `?beforeSeq=1e23` or `2^64` in a body is refused with the field named,
 * instead of reaching the database. (TypeBox's symbol keys are dropped; Ajv does not need them.)
 */
export function withIntegerBounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withIntegerBounds);
  if (!schema || typeof schema !== 'object') return schema;
  const source = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (SUBSCHEMA_MAPS.includes(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withIntegerBounds(v)]),
      );
    } else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      out[key] = value.map(withIntegerBounds);
    } else if (SUBSCHEMA_SINGLE.includes(key) && value && typeof value === 'object') {
      out[key] = withIntegerBounds(value);
    } else {
      out[key] = value;
    }
  }
  const types = Array.isArray(out.type) ? out.type : [out.type];
  if (types.includes('integer')) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = INT32_MAX;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = INT32_MIN;
  }
  return out;
}

/**
 * Builds the validator compiler for one Fastify context from the schemas that context knows.
 * Given to Fastify as `schemaController.compilersFactory.buildValidator`, so a plugin that adds
 * schemas of its own (`app.addSchema`) gets this compiler too, not Fastify's default Ajv.
 *
 * Bodies are validated as sent: a number where text is expected is an error, not converted.
 * Query strings, path parameters and headers arrive as text and are converted to the declared types.
 * Unknown properties are rejected everywhere (the schemas say additionalProperties: false).
 */
export function createValidatorCompiler(
  sharedSchemas: Record<string, unknown>,
): FastifySchemaCompiler<unknown> {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  for (const [id, s] of Object.entries(sharedSchemas)) {
    const bounded = withIntegerBounds(s) as object;
    strict.addSchema(bounded, id);
    coercing.addSchema(bounded, id);
  }
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    return ajv.compile(withIntegerBounds(schema) as object);
  };
}

/** Fastify server option: every context builds its validator with createValidatorCompiler. */
export const schemaControllerOptions = {
  compilersFactory: {
    buildValidator: ((externalSchemas: unknown) =>
      createValidatorCompiler((externalSchemas ?? {}) as Record<string, unknown>)) as never,
  },
};

/** Half of a UTF-16 surrogate pair with no other half: no valid text, PostgreSQL refuses it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored as text, as a field error code; undefined if it can. */
export function unstorableTextCode(value: string): 'controlCharacter' | 'invalidCharacter' | undefined {
  if (value.includes('\u0000')) return 'controlCharacter';
  if (LONE_SURROGATE.test(value)) return 'invalidCharacter';
  return undefined;
}

function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Every string (and object key) in a value that PostgreSQL text cannot hold: NUL bytes and
 * lone surrogates. Walks without recursion, so a deeply nested body cannot overflow the stack.
 */
export function findUnstorableText(value: unknown, prefix: string, limit = 20): FieldError[] {
  const found: FieldError[] = [];
  const stack: { value: unknown; path: string }[] = [{ value, path: prefix }];
  while (stack.length > 0 && found.length < limit) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const code = unstorableTextCode(v);
      if (code) found.push({ path: path || '/', code });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${path}/${i}` });
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v) && !ArrayBuffer.isView(v)) {
      if (typeof (v as { pipe?: unknown }).pipe === 'function') continue; // a stream (raw upload)
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        const path2 = `${path}/${pointerSegment(key)}`;
        const code = unstorableTextCode(key);
        if (code) found.push({ path: path2, code });
        else stack.push({ value: (v as Record<string, unknown>)[key], path: path2 });
      }
    }
  }
  return found;
}

/**
 * preValidation hook for all routes: text PostgreSQL cannot store is refused with 400
 * VALIDATION_FAILED naming the field — in path parameters, the query and the body alike —
 * before a schema or a handler sees it.
 */
export async function rejectUnstorableText(request: FastifyRequest): Promise<void> {
  const errors = [
    ...findUnstorableText(request.params, '/params'),
    ...findUnstorableText(request.query, '/querystring'),
    ...findUnstorableText(request.body, ''),
  ];
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', {}, errors);
}
