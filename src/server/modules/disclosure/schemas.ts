import { type Static, Type } from '@sinclair/typebox';
import { Obj } from '../../http/schema';

/**
 * The disclosure (Auskunft nach Art. 15 DSGVO, § 10 BMG) as machine-readable JSON — schema
 * `buergerkoffer.disclosure/1`, documented in docs/privacy.md and in the OpenAPI document.
 */
const N = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const S = Type.String();

export const DisclosureRequestBody = Obj({
  identity: Type.Union([Type.Literal('desk_id_document'), Type.Literal('written_request')], {
    description: 'How the identity was checked (§ 10 Abs. 1 BMG): ID shown at the desk, or a written request',
  }),
  purpose: Type.String({ minLength: 3, maxLength: 500, description: 'Recorded in the audit trail' }),
  locale: Type.Optional(Type.Union([Type.Literal('de'), Type.Literal('en')])),
  /** Contact data the person gives to find their appointments (not stored). */
  email: Type.Optional(Type.String({ maxLength: 254 })),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
});
export type DisclosureRequest = Static<typeof DisclosureRequestBody>;

const Address = Type.Object({ kind: S, address: S, movedInOn: S, movedOutOn: N(S), current: Type.Boolean() });

export const DisclosureSchema = Type.Object({
  schema: Type.Literal('buergerkoffer.disclosure/1'),
  generatedAt: S,
  locale: Type.Union([Type.Literal('de'), Type.Literal('en')]),
  controller: Type.Object({ name: S, street: S, postalCode: S, city: S, email: N(S), phone: N(S) }),
  request: Type.Object({ identity: S, purpose: S }),
  person: Type.Object({
    familyName: S,
    givenNames: S,
    callName: N(S),
    birthName: N(S),
    doctoralDegree: N(S),
    birthDate: S,
    birthPlace: S,
    sex: S,
    nationalities: Type.Array(S),
    religion: N(S),
    maritalStatus: S,
    status: S,
    deceasedOn: N(S),
    restrictedOn: N(S),
  }),
  residences: Type.Array(Address),
  household: Type.Array(Type.Object({ familyName: S, givenNames: S, birthDate: S })),
  blocks: Type.Array(Type.Object({ kind: S, validFrom: S, validUntil: N(S), active: Type.Boolean() })),
  idDocuments: Type.Array(
    Type.Object({ kind: S, serialNumber: N(S), validUntil: N(S), status: S, issuingAuthority: N(S) }),
  ),
  history: Type.Array(Type.Object({ occurredOn: S, kind: S, recordedAt: S })),
  cases: Type.Array(
    Type.Object({
      number: S,
      service: S,
      status: S,
      channel: S,
      capturedAt: S,
      finishedAt: N(S),
      statements: Type.Array(
        Type.Object(
          {
            title: S,
            fields: Type.Array(Type.Object({ label: S, value: S }, { additionalProperties: true })),
          },
          {
            additionalProperties: true,
          },
        ),
      ),
      documents: Type.Array(Type.Object({ kind: S, issuedAt: S, revoked: Type.Boolean() })),
      fee: Type.Union([Type.Object({ amountCents: Type.Integer(), status: S }), Type.Null()]),
      payments: Type.Array(
        Type.Object({ receipt: S, businessDate: S, kind: S, method: S, amountCents: Type.Integer() }),
      ),
      notes: Type.Array(Type.Object({ createdAt: S, text: S })),
      attachments: Type.Array(
        Type.Object({
          kind: S,
          mediaType: S,
          sizeBytes: Type.Integer(),
          sha256: S,
          storedAt: S,
          deleted: Type.Boolean(),
        }),
      ),
    }),
  ),
  appointments: Type.Array(
    Type.Object({
      bookingNumber: S,
      date: S,
      startsAt: S,
      location: S,
      status: S,
      channel: S,
      name: S,
      contact: S,
    }),
  ),
  kitTransmissions: Type.Array(Type.Object({ kit: S, kind: S, deliveredAt: S })),
  /** Consents to invitations by e-mail (#14, ADR 34); an ended one has no address any more. */
  invitationConsents: Type.Array(
    Type.Object({
      email: N(S),
      locale: S,
      givenAt: S,
      confirmedAt: N(S),
      endedAt: N(S),
      endReason: N(S),
    }),
  ),
  accessLog: Type.Object({
    more: Type.Boolean(),
    entries: Type.Array(
      Type.Object({
        occurredAt: S,
        action: S,
        result: S,
        role: N(S),
        office: S,
        kit: N(S),
        system: Type.Boolean(),
        purpose: N(S),
      }),
    ),
  }),
  notes: Type.Array(S),
});
export type Disclosure = Static<typeof DisclosureSchema>;
