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
const SignedCents = Type.Integer({ minimum: -10_000_000, maximum: 10_000_000 });
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

export const PAYMENT_METHODS = ['cash', 'card', 'invoice', 'waiver'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const COMMAND_SCHEMAS = {
  /**
   * A service captured for a citizen: the case with its form data, files, the kit's case number
   * and the access code printed on the receipt offline. Submitted at once when nothing is due.
   */
  'case.capture': Type.Object(
    {
      caseId: Uuid,
      caseNumber: ShortText(40),
      accessCode: Type.Optional(Type.String({ minLength: 10, maxLength: 11 })),
      serviceId: Uuid,
      formKey: ShortText(80),
      /** The resident from the register, if the service is for a known person. */
      personId: Type.Union([Uuid, Type.Null()]),
      formData: Type.Record(Type.String({ maxLength: 80 }), Type.Unknown()),
      attachments: Type.Array(AttachmentUse, { maxItems: 20 }),
      locationId: Type.Optional(Type.Union([Uuid, Type.Null()])),
      capturedAt: Instant,
    },
    { additionalProperties: false },
  ),
  /**
   * A fee taken on site with the kit register's receipt number; the case is then submitted. The
   * receipt is booked whatever happens: if the fee cannot be booked to the case (the case was
   * rejected, the fee settled meanwhile …) it becomes an unassigned entry the clerk clears later,
   * and the result says so (`suspense`).
   */
  'fee.pay': Type.Object(
    {
      paymentId: Uuid,
      receiptNumber: ShortText(40),
      caseId: Uuid,
      /** The kit's case number, so the town hall can find the capture behind an unassigned entry. */
      caseNumber: Type.Optional(ShortText(40)),
      amountCents: Cents,
      method: Type.Union(PAYMENT_METHODS.map((m) => Type.Literal(m))),
      terminalReference: Type.Optional(Type.String({ maxLength: 80 })),
      invoiceRecipient: Type.Optional(Type.String({ maxLength: 300 })),
      waiverId: Type.Optional(Type.String({ maxLength: 80 })),
      waiverReason: Type.Optional(Type.String({ maxLength: 500 })),
      paidAt: Instant,
    },
    { additionalProperties: false },
  ),
  /**
   * Money of an unassigned entry paid back on site (Erstattung): a reversal in the kit register
   * with the next receipt number. `paymentId` is the fee.pay's paymentId (the unassigned entry).
   */
  'fee.refund': Type.Object(
    {
      refundId: Uuid,
      paymentId: Uuid,
      receiptNumber: ShortText(40),
      caseId: Uuid,
      caseNumber: Type.Optional(ShortText(40)),
      /** The amount paid back (positive). */
      amountCents: Cents,
      method: Type.Union(PAYMENT_METHODS.map((m) => Type.Literal(m))),
      reason: ShortText(500),
      refundedAt: Instant,
    },
    { additionalProperties: false },
  ),
  /** A ready document (ID card, passport) handed over on site. baseVersion = the case version seen. */
  'case.handOver': Type.Object(
    {
      caseId: Uuid,
      handedTo: Type.Union([Type.Literal('applicant'), Type.Literal('authorised')]),
      authorisedName: Type.Optional(Type.String({ maxLength: 200 })),
      handedOverAt: Instant,
      signature: Type.Optional(AttachmentUse),
      note: Type.Optional(Type.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  /** A ticket of the kit's queue (walk-in or booked citizen), recorded once when it is finished. */
  'ticket.record': Type.Object(
    {
      ticketId: Uuid,
      code: ShortText(20),
      kind: Type.Union([Type.Literal('walk_in'), Type.Literal('appointment')]),
      locationId: Uuid,
      date: Type.String({ format: 'date' }),
      appointmentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
      serviceIds: Type.Optional(Type.Array(Uuid, { maxItems: 10 })),
      status: Type.Union([Type.Literal('done'), Type.Literal('no_show'), Type.Literal('cancelled')]),
      arrivedAt: Instant,
      firstCalledAt: Type.Optional(Type.Union([Instant, Type.Null()])),
      servedAt: Type.Optional(Type.Union([Instant, Type.Null()])),
      finishedAt: Type.Optional(Type.Union([Instant, Type.Null()])),
    },
    { additionalProperties: false },
  ),
  /** The kit's cash report (Kassenabschluss) for a day; refused if the server's totals differ. */
  'cash.close': Type.Object(
    {
      reportId: Uuid,
      businessDate: Type.String({ format: 'date' }),
      countedCashCents: Type.Optional(Type.Union([Cents, Type.Null()])),
      /** May be negative: a day with more refunds than takings. */
      totals: Type.Object(
        { cash: SignedCents, card: SignedCents, invoice: SignedCents, waiver: SignedCents },
        { additionalProperties: false },
      ),
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

/**
 * The part of an applied `fee.pay`/`fee.refund` result that says its receipt was booked as an
 * unassigned entry (ADR 11): the money is on record, but not with the case — the clerk clears it.
 */
export interface SuspenseNotice {
  paymentId: string;
  problem: { code: string; de: string; en: string };
}

export function suspenseOf(result: unknown): SuspenseNotice | null {
  if (!result || typeof result !== 'object') return null;
  const r = result as { outcome?: string; result?: { suspense?: SuspenseNotice } };
  return r.outcome === 'applied' && r.result?.suspense ? r.result.suspense : null;
}
