import { type Static, type TSchema, Type } from '@sinclair/typebox';

/**
 * The named commands the field kit queues offline and the server executes (STYLE.md: mutations as
 * named commands). One typed map: the kit builds payloads of these types, the server validates
 * them with the same schemas and runs the handler registered for the name.
 */
const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Cents = Type.Integer({ minimum: 0, maximum: 10_000_000 });
const ShortText = (max = 200) => Type.String({ minLength: 1, maxLength: max });

/** A captured file used by a command, by its SHA-256 (uploaded before the command). */
export const AttachmentUse = Type.Object(
  {
    sha256: Sha256,
    kind: Type.Union([Type.Literal('photo'), Type.Literal('signature'), Type.Literal('scan')]),
    mime: Type.Union([
      Type.Literal('image/jpeg'),
      Type.Literal('image/png'),
      Type.Literal('application/pdf'),
    ]),
    size: Type.Integer({ minimum: 1, maximum: 10 * 1024 * 1024 }),
  },
  { additionalProperties: false },
);
export type AttachmentUse = Static<typeof AttachmentUse>;

export const PAYMENT_METHODS = ['cash', 'card', 'invoice'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const FeeLine = Type.Object({ label: ShortText(200), amountCents: Cents }, { additionalProperties: false });

export const COMMAND_SCHEMAS = {
  /** A service captured for a citizen: the case with its form data, files and kit case number. */
  'case.capture': Type.Object(
    {
      caseId: Uuid,
      caseNumber: ShortText(40),
      serviceId: Uuid,
      formKey: ShortText(80),
      /** The resident from the register, if the service is for a known person. */
      personId: Type.Union([Uuid, Type.Null()]),
      formData: Type.Record(Type.String({ maxLength: 80 }), Type.Unknown()),
      attachments: Type.Array(AttachmentUse, { maxItems: 20 }),
      appointmentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
      ticketId: Type.Optional(Type.Union([Uuid, Type.Null()])),
      capturedAt: Instant,
    },
    { additionalProperties: false },
  ),
  /** A fee taken on site, with the kit's receipt number (gap-free per kit register). */
  'fee.pay': Type.Object(
    {
      paymentId: Uuid,
      receiptNumber: ShortText(40),
      caseId: Type.Union([Uuid, Type.Null()]),
      amountCents: Cents,
      method: Type.Union(PAYMENT_METHODS.map((m) => Type.Literal(m))),
      cardReference: Type.Optional(Type.String({ maxLength: 80 })),
      waiverReason: Type.Optional(Type.String({ maxLength: 500 })),
      lines: Type.Array(FeeLine, { minItems: 1, maxItems: 20 }),
      paidAt: Instant,
    },
    { additionalProperties: false },
  ),
  /** A ready document (ID card, passport) handed over on site. baseVersion = the case version seen. */
  'case.handOver': Type.Object(
    {
      caseId: Uuid,
      handedOverAt: Instant,
      signature: Type.Optional(AttachmentUse),
      note: Type.Optional(Type.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  /** A walk-in drew a ticket on the kit (kit-prefixed number). */
  'ticket.draw': Type.Object(
    {
      ticketId: Uuid,
      number: ShortText(20),
      officeDayId: Type.Union([Uuid, Type.Null()]),
      locationId: Type.Union([Uuid, Type.Null()]),
      drawnAt: Instant,
    },
    { additionalProperties: false },
  ),
  /** A ticket or a booked citizen was called and served (times for the waiting-time figures). */
  'ticket.close': Type.Object(
    {
      ticketId: Uuid,
      calledAt: Type.Union([Instant, Type.Null()]),
      finishedAt: Instant,
      outcome: Type.Union([Type.Literal('served'), Type.Literal('no_show')]),
    },
    { additionalProperties: false },
  ),
  /** A booked citizen arrived. */
  'appointment.checkIn': Type.Object(
    { appointmentId: Uuid, checkedInAt: Instant },
    { additionalProperties: false },
  ),
  /** The kit's cash report (Kassenabschluss) at the end of the day. */
  'cash.close': Type.Object(
    {
      reportId: Uuid,
      firstReceipt: Type.Union([ShortText(40), Type.Null()]),
      lastReceipt: Type.Union([ShortText(40), Type.Null()]),
      receipts: Type.Integer({ minimum: 0 }),
      totals: Type.Object({ cash: Cents, card: Cents, invoice: Cents }, { additionalProperties: false }),
      closedAt: Instant,
    },
    { additionalProperties: false },
  ),
} satisfies Record<string, TSchema>;

export type CommandType = keyof typeof COMMAND_SCHEMAS;
export type CommandPayload<T extends CommandType> = Static<(typeof COMMAND_SCHEMAS)[T]>;
export const COMMAND_TYPES = Object.keys(COMMAND_SCHEMAS) as CommandType[];

export function isCommandType(type: string): type is CommandType {
  return Object.hasOwn(COMMAND_SCHEMAS, type);
}
