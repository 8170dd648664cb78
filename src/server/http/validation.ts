import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ESM/CJS interop: both packages export their main function as default of a CJS module.
const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const addFormats =
  (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

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

/**
 * Bodies are validated as sent: a number where text is expected is an error, not converted.
 * Query strings, path parameters and headers arrive as text and are converted to the declared types.
 * Unknown properties are rejected everywhere (the schemas say additionalProperties: false).
 */
export function createValidatorCompiler(
  sharedSchemas: () => Record<string, unknown>,
): FastifySchemaCompiler<unknown> {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  let registered = false;
  return ({ schema, httpPart }) => {
    if (!registered) {
      for (const [id, s] of Object.entries(sharedSchemas())) {
        strict.addSchema(s as object, id);
        coercing.addSchema(s as object, id);
      }
      registered = true;
    }
    const ajv = httpPart === 'body' ? strict : coercing;
    return ajv.compile(schema as object);
  };
}
