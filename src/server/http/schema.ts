import { type ObjectOptions, type TObject, type TProperties, type TSchema, Type } from '@sinclair/typebox';

/**
 * Schema helpers for routes. Every object schema rejects unknown properties: a typo in a field
 * name is an error the caller sees, not silently dropped data.
 */
export function Obj<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDate = Type.String({ format: 'date', description: 'Local date YYYY-MM-DD (Europe/Berlin)' });
export const IsoDateTime = Type.String({ format: 'date-time' });
export const LocalTimeOfDay = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'HH:MM',
});
export const IdParams = Obj({ id: Uuid });

export const FieldErrorSchema = Type.Object({
  path: Type.String(),
  code: Type.String(),
  message: Type.Optional(Type.String()),
  params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** RFC 9457 problem document as this API sends it. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldErrorSchema)),
  },
  { additionalProperties: true, $id: 'Problem', description: 'application/problem+json' },
);

const problemRef = Type.Ref('Problem');

/** Response map entries for the problem statuses a route can answer with. */
export function problems(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const s of statuses) out[s] = problemRef;
  return out;
}

export const StaffSecurity = [{ sessionCookie: [] as string[], csrfHeader: [] as string[] }];
