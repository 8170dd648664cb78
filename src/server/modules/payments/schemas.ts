import { Type } from '@sinclair/typebox';
import { IsoDate, Obj, Uuid } from '../../http/schema';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Localized = Type.Object({ de: Type.String(), en: Type.String() });
const Method = Type.Union([
  Type.Literal('cash'),
  Type.Literal('card'),
  Type.Literal('invoice'),
  Type.Literal('waiver'),
]);

export const FeeLineSchema = Type.Object({ label: Localized, amountCents: Type.Integer() });

export const FeeClaimSchema = Type.Object({
  id: Uuid,
  caseId: Uuid,
  amountCents: Type.Integer(),
  lines: Type.Array(FeeLineSchema),
  status: Type.Union(['open', 'paid', 'waived', 'invoiced', 'free', 'cancelled'].map((s) => Type.Literal(s))),
  amountUnconfirmed: Type.Boolean(),
  waivers: Type.Array(Type.Object({ id: Type.String(), label: Localized })),
});

export const PaymentSchema = Type.Object({
  id: Uuid,
  registerId: Uuid,
  receiptNumber: Type.String(),
  businessDate: Type.String(),
  caseId: Uuid,
  kind: Type.Union([Type.Literal('payment'), Type.Literal('reversal'), Type.Literal('suspense')]),
  reversesId: Nullable(Uuid),
  reversedById: Nullable(Uuid),
  clearedFromId: Nullable(Uuid),
  problem: Type.Union([
    Type.Object({ code: Type.String(), de: Type.String(), en: Type.String() }),
    Type.Null(),
  ]),
  reference: Nullable(Type.String()),
  method: Method,
  amountCents: Type.Integer(),
  lines: Type.Array(FeeLineSchema),
  waiverId: Nullable(Type.String()),
  waiverReason: Nullable(Type.String()),
  terminalReference: Nullable(Type.String()),
  invoiceRecipient: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  recordedBy: Nullable(Type.String()),
  recordedAt: Type.String(),
  closed: Type.Boolean(),
});

export const CashRegisterSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('desk'), Type.Literal('kit')]),
  kitId: Nullable(Uuid),
  locationId: Nullable(Uuid),
  closedThrough: Nullable(Type.String()),
});

const Totals = Type.Object({
  cash: Type.Integer(),
  card: Type.Integer(),
  invoice: Type.Integer(),
  waiver: Type.Integer(),
});

export const CashClosingSchema = Type.Object({
  id: Uuid,
  registerId: Uuid,
  businessDate: Type.String(),
  entries: Type.Integer(),
  firstReceipt: Nullable(Type.String()),
  lastReceipt: Nullable(Type.String()),
  totals: Totals,
  countedCashCents: Type.Union([Type.Integer(), Type.Null()]),
  closedBy: Nullable(Type.String()),
  closedAt: Type.String(),
});

export const RegisterDaySchema = Type.Object({
  register: CashRegisterSchema,
  businessDate: Type.String(),
  entries: Type.Array(PaymentSchema),
  totals: Totals,
  closing: Type.Union([CashClosingSchema, Type.Null()]),
  unclosedEarlierDays: Type.Array(Type.String()),
});

export const RecordPaymentBody = Obj({
  id: Type.Optional(Uuid),
  caseId: Uuid,
  registerId: Uuid,
  method: Method,
  amountCents: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
  waiverId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  waiverReason: Type.Optional(Type.String({ maxLength: 500 })),
  terminalReference: Type.Optional(Type.String({ maxLength: 80 })),
  invoiceRecipient: Type.Optional(Type.String({ maxLength: 400 })),
});

export const SuspenseEntrySchema = Type.Intersect([
  PaymentSchema,
  Type.Object({
    register: Type.Object({
      id: Uuid,
      code: Type.String(),
      name: Type.String(),
      kind: Type.Union([Type.Literal('desk'), Type.Literal('kit')]),
    }),
    clearing: Type.Union([
      Type.Object({
        reversalId: Uuid,
        receiptNumber: Type.String(),
        at: Type.String(),
        by: Nullable(Type.String()),
        assignedCaseId: Nullable(Uuid),
        assignedReceiptNumber: Nullable(Type.String()),
      }),
      Type.Null(),
    ]),
  }),
]);

export const SuspenseQuery = Obj({ cleared: Type.Optional(Type.Boolean()) });

export const AssignSuspenseBody = Obj({
  id: Type.Optional(Uuid),
  /** The case, by its number (RH1-2026-00012 or a kit's K1-2026-0003). */
  caseNumber: Type.String({ minLength: 3, maxLength: 40 }),
  registerId: Uuid,
  note: Type.Optional(Type.String({ maxLength: 300 })),
  terminalReference: Type.Optional(Type.String({ maxLength: 80 })),
  invoiceRecipient: Type.Optional(Type.String({ maxLength: 400 })),
});

export const AssignmentSchema = Type.Object({ reversal: PaymentSchema, payment: PaymentSchema });

export const ReversePaymentBody = Obj({
  id: Type.Optional(Uuid),
  reason: Type.String({ minLength: 1, maxLength: 500 }),
  registerId: Type.Optional(Uuid),
});

export const CloseRegisterBody = Obj({
  id: Type.Optional(Uuid),
  businessDate: IsoDate,
  countedCashCents: Type.Optional(
    Type.Union([Type.Integer({ minimum: 0, maximum: 100_000_000 }), Type.Null()]),
  ),
});

export const RegisterDayParams = Obj({ id: Uuid, date: IsoDate });
