import { Type } from '@sinclair/typebox';
import { Obj, Uuid } from '../../http/schema';

export const LocationKindSchema = Type.Union(
  (['town_hall', 'village_hall', 'care_home', 'community_centre', 'other'] as const).map((k) =>
    Type.Literal(k),
  ),
);

export const VillageSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String(),
  kind: Type.Union([Type.Literal('core'), Type.Literal('ortsteil'), Type.Literal('ortslage')]),
  parentVillageId: Type.Union([Uuid, Type.Null()]),
});

export const MunicipalitySchema = Type.Object({
  id: Uuid,
  authorityId: Uuid,
  name: Type.String(),
  ags: Type.String(),
  ars: Type.Union([Type.String(), Type.Null()]),
  postalCode: Type.String(),
  population: Type.Union([Type.Integer(), Type.Null()]),
  populationDate: Type.Union([Type.String(), Type.Null()]),
  villages: Type.Array(VillageSchema),
});

export const LocationSchema = Type.Object({
  id: Uuid,
  authorityId: Uuid,
  municipalityId: Uuid,
  villageId: Type.Union([Uuid, Type.Null()]),
  name: Type.String(),
  slug: Type.String(),
  kind: LocationKindSchema,
  street: Type.String(),
  postalCode: Type.String(),
  city: Type.String(),
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  stepFree: Type.Boolean(),
  accessibilityNotes: Type.Union([Type.String(), Type.Null()]),
  openingNotes: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
});

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const NullableText = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

export const LocationInput = Obj({
  municipalityId: Uuid,
  villageId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  name: Text(200),
  slug: Type.String({ minLength: 2, maxLength: 80, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }),
  kind: LocationKindSchema,
  street: Text(200),
  postalCode: Type.String({ pattern: '^[0-9]{5}$' }),
  city: Text(120),
  latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
  longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
  stepFree: Type.Boolean(),
  accessibilityNotes: Type.Optional(NullableText(1000)),
  openingNotes: Type.Optional(NullableText(1000)),
  active: Type.Optional(Type.Boolean()),
});

export const LocationPatch = Type.Partial(LocationInput, { additionalProperties: false });
