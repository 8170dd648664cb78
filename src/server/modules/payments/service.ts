import type { Selectable } from 'kysely';
import { formatReceiptNumber } from '../../../core/cases/numbers';
import {
  computeFee,
  type FeeInput,
  FeeInputError,
  type FeeLine,
  type FeeSchedule,
} from '../../../core/catalog/fees';
import { uuidv7 } from '../../../core/ids';
import { addDays, type IsoDate, localDate } from '../../../core/time';
import type { Executor } from '../../db/database';
import { pgConstraint, pgErrorCode } from '../../db/transaction';
import { AppError } from '../../http/errors';
import { type AuditActor, recordAudit } from '../audit/service';
import type {
  CashClosingsTable,
  CashRegistersTable,
  CashTotals,
  FeeClaimsTable,
  PaymentMethod,
  PaymentsTable,
  SuspenseProblem,
} from './tables';

/**
 * Fees and cash. A case's fee is a claim computed from the catalogue's fee rules (computeFee);
 * payments settle it — cash, card (the terminal is outside our system: its reference is kept),
 * invoice, or a waiver with its reason. Every entry gets the next gap-free receipt number of its
 * cash register and year; a kit's register numbers offline, and its number is accepted only if
 * it is the next one. A day's cash report closes the register: no entries for that day
 * afterwards, and entries are never changed — corrections are reversal entries.
 *
 * A kit's receipt whose fee cannot be booked to its case (the case was rejected, the fee was
 * settled meanwhile …) is booked as an unassigned entry (`suspense`, ungeklärte Einzahlung) under
 * its number: the number is used and the money is in the box, so the register stays gap-free and
 * the cash report balances. The clerk clears it by assigning it to a case or by a reversal (ADR 11).
 *
 * The functions take the caller's transaction and actor, so a kit's sync command runs them
 * exactly like the desk does.
 */

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

export interface FeeClaimView {
  id: string;
  caseId: string;
  amountCents: number;
  lines: FeeLine[];
  status: Selectable<FeeClaimsTable>['status'];
  /** The clerk fixes the amount when taking the fee (the catalogue has no confirmed amount). */
  amountUnconfirmed: boolean;
  waivers: { id: string; label: { de: string; en: string } }[];
}

function toClaimView(c: Selectable<FeeClaimsTable>): FeeClaimView {
  return {
    id: c.id,
    caseId: c.case_id,
    amountCents: c.amount_cents,
    lines: c.lines,
    status: c.status,
    amountUnconfirmed: c.amount_unconfirmed,
    waivers: (c.schedule.waivers ?? []).map((w) => ({ id: w.id, label: w.label })),
  };
}

export interface PaymentView {
  id: string;
  registerId: string;
  receiptNumber: string;
  businessDate: string;
  caseId: string;
  kind: 'payment' | 'reversal' | 'suspense';
  reversesId: string | null;
  /** The reversal of this entry (of a suspense entry: the entry that cleared it). */
  reversedById: string | null;
  /** A payment made by assigning a suspense entry: that entry. */
  clearedFromId: string | null;
  /** Of a suspense entry: why it could not be booked to its case. */
  problem: SuspenseProblem | null;
  /** Of a suspense entry: the kit's case number. */
  reference: string | null;
  method: PaymentMethod;
  amountCents: number;
  lines: FeeLine[];
  waiverId: string | null;
  waiverReason: string | null;
  terminalReference: string | null;
  invoiceRecipient: string | null;
  reason: string | null;
  recordedBy: string | null;
  recordedAt: string;
  closed: boolean;
}

function toPaymentView(p: Selectable<PaymentsTable>, reversedById: string | null = null): PaymentView {
  return {
    id: p.id,
    registerId: p.register_id,
    receiptNumber: p.receipt_label,
    businessDate: p.business_date,
    caseId: p.case_id,
    kind: p.kind,
    reversesId: p.reverses_id,
    reversedById,
    clearedFromId: p.cleared_from_id,
    problem: p.problem,
    reference: p.reference,
    method: p.method,
    amountCents: p.amount_cents,
    lines: p.lines,
    waiverId: p.waiver_id,
    waiverReason: p.waiver_reason,
    terminalReference: p.terminal_reference,
    invoiceRecipient: p.invoice_recipient,
    reason: p.reason,
    recordedBy: p.recorded_by_name,
    recordedAt: p.recorded_at.toISOString(),
    closed: p.closing_id !== null,
  };
}

export interface CashRegisterView {
  id: string;
  code: string;
  name: string;
  kind: 'desk' | 'kit';
  kitId: string | null;
  locationId: string | null;
  closedThrough: string | null;
}

function toRegisterView(r: Selectable<CashRegistersTable>): CashRegisterView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    kitId: r.kit_id,
    locationId: r.location_id,
    closedThrough: r.closed_through,
  };
}

export interface CashClosingView {
  id: string;
  registerId: string;
  businessDate: string;
  entries: number;
  firstReceipt: string | null;
  lastReceipt: string | null;
  totals: CashTotals;
  countedCashCents: number | null;
  closedBy: string | null;
  closedAt: string;
}

function toClosingView(c: Selectable<CashClosingsTable>): CashClosingView {
  return {
    id: c.id,
    registerId: c.register_id,
    businessDate: c.business_date,
    entries: c.entries,
    firstReceipt: c.first_receipt,
    lastReceipt: c.last_receipt,
    totals: c.totals,
    countedCashCents: c.counted_cash_cents,
    closedBy: c.closed_by_name,
    closedAt: c.closed_at.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Cash registers
// ---------------------------------------------------------------------------------------------

/** The register with this code (or of this kit), created if missing. */
export async function ensureCashRegister(
  trx: Executor,
  input: {
    authorityId: string;
    code: string;
    name: string;
    kind: 'desk' | 'kit';
    kitId?: string | null;
    locationId?: string | null;
    id?: string;
  },
): Promise<CashRegisterView> {
  const existing = await trx
    .selectFrom('cash_registers')
    .selectAll()
    .where('authority_id', '=', input.authorityId)
    .where((eb) =>
      input.kitId
        ? eb.or([eb('kit_id', '=', input.kitId), eb('code', '=', input.code)])
        : eb('code', '=', input.code),
    )
    .executeTakeFirst();
  if (existing) return toRegisterView(existing);
  const row = await trx
    .insertInto('cash_registers')
    .values({
      id: input.id ?? uuidv7(),
      authority_id: input.authorityId,
      code: input.code,
      name: input.name,
      kind: input.kind,
      kit_id: input.kitId ?? null,
      location_id: input.locationId ?? null,
      closed_through: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRegisterView(row);
}

export async function listCashRegisters(db: Executor, authorityId: string): Promise<CashRegisterView[]> {
  const rows = await db
    .selectFrom('cash_registers')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('active', '=', true)
    .orderBy('kind')
    .orderBy('code')
    .execute();
  return rows.map(toRegisterView);
}

async function lockRegister(trx: Executor, authorityId: string, registerId: string) {
  const register = await trx
    .selectFrom('cash_registers')
    .selectAll()
    .where('id', '=', registerId)
    .where('authority_id', '=', authorityId)
    .where('active', '=', true)
    .forUpdate()
    .executeTakeFirst();
  if (!register) throw new AppError('CASH_REGISTER_NOT_FOUND');
  return register;
}

/** A kit books into its own register only; the desk never books into a kit's. */
function checkDevice(register: Selectable<CashRegistersTable>, actor: AuditActor) {
  if (register.kind === 'kit' ? register.kit_id !== actor.kitId : actor.kitId !== null) {
    throw new AppError('CASH_REGISTER_NOT_FOR_THIS_DEVICE');
  }
}

/**
 * The next receipt number of the register in the year of `businessDate`. Taken under the
 * register's row lock, so numbers are gap-free: a transaction that rolls back gives its number back.
 */
async function nextReceipt(
  trx: Executor,
  register: Selectable<CashRegistersTable>,
  businessDate: IsoDate,
  supplied: string | undefined,
): Promise<{ year: number; number: number; label: string }> {
  const year = Number(businessDate.slice(0, 4));
  const row = await trx
    .selectFrom('cash_register_years')
    .select('last_number')
    .where('register_id', '=', register.id)
    .where('year', '=', year)
    .executeTakeFirst();
  const number = (row?.last_number ?? 0) + 1;
  const label = formatReceiptNumber(register.code, year, number);
  if (supplied !== undefined && supplied.trim().toUpperCase() !== label) {
    throw new AppError('PAYMENT_RECEIPT_NUMBER_OUT_OF_SEQUENCE', { expected: label });
  }
  await trx
    .insertInto('cash_register_years')
    .values({ register_id: register.id, year, last_number: number })
    .onConflict((oc) => oc.columns(['register_id', 'year']).doUpdateSet({ last_number: number }))
    .execute();
  return { year, number, label };
}

function checkBusinessDate(register: Selectable<CashRegistersTable>, businessDate: IsoDate, today: IsoDate) {
  if (businessDate > today) throw new AppError('PAYMENT_BUSINESS_DATE_IN_FUTURE');
  if (register.closed_through && businessDate <= register.closed_through) {
    throw new AppError('CASH_REGISTER_CLOSED', { date: businessDate });
  }
}

// ---------------------------------------------------------------------------------------------
// Fee claims
// ---------------------------------------------------------------------------------------------

/** computeFee with its input problems as an AppError the caller can show. */
export function feeFor(schedule: FeeSchedule, input: FeeInput) {
  try {
    return computeFee(schedule, input);
  } catch (error) {
    if (error instanceof FeeInputError) {
      if (error.problem.code === 'UNKNOWN_WAIVER') throw new AppError('PAYMENT_WAIVER_UNKNOWN');
      throw new AppError('PAYMENT_FEE_INPUT_INVALID', { problem: error.problem.code });
    }
    throw error;
  }
}

/** The catalogue says its amount is not confirmed; the clerk then fixes the fee at the desk. */
function unconfirmed(schedule: FeeSchedule): boolean {
  return (schedule as FeeSchedule & { amountUnconfirmed?: boolean }).amountUnconfirmed === true;
}

const LOCAL_FEE_LABEL = {
  de: 'Gebühr nach örtlichem Kostenrecht (vom Bürgerbüro festgesetzt)',
  en: 'Fee under local cost law (fixed by the citizens\u2019 office)',
};

/**
 * The case's fee from the catalogue's schedule. A free service is settled from the start; a fee
 * whose amount the catalogue does not confirm stays open until the clerk fixes and takes it.
 */
export async function createFeeClaim(
  trx: Executor,
  input: { authorityId: string; caseId: string; schedule: FeeSchedule; feeInput: FeeInput },
): Promise<FeeClaimView> {
  const fee = feeFor(input.schedule, { ...input.feeInput, waiverId: undefined });
  const open = fee.totalCents > 0 || unconfirmed(input.schedule);
  const row = await trx
    .insertInto('fee_claims')
    .values({
      id: uuidv7(),
      authority_id: input.authorityId,
      case_id: input.caseId,
      schedule: JSON.stringify(input.schedule) as never,
      fee_input: JSON.stringify({ ...input.feeInput, waiverId: undefined }) as never,
      lines: JSON.stringify(fee.lines) as never,
      amount_cents: fee.totalCents,
      amount_unconfirmed: unconfirmed(input.schedule),
      status: open ? 'open' : 'free',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toClaimView(row);
}

export async function feeClaimsForCases(db: Executor, caseIds: string[]): Promise<Map<string, FeeClaimView>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db.selectFrom('fee_claims').selectAll().where('case_id', 'in', caseIds).execute();
  return new Map(rows.map((r) => [r.case_id, toClaimView(r)]));
}

/** A cancelled or rejected case owes nothing (any payment must be reversed first). */
export async function cancelFeeClaim(trx: Executor, caseId: string): Promise<void> {
  await trx
    .updateTable('fee_claims')
    .set({ status: 'cancelled', updated_at: new Date() })
    .where('case_id', '=', caseId)
    .where('status', '=', 'open')
    .execute();
}

export function claimSettled(claim: FeeClaimView | undefined): boolean {
  return claim?.status !== 'open';
}

// ---------------------------------------------------------------------------------------------
// Payments
// ---------------------------------------------------------------------------------------------

export interface RecordPaymentInput {
  /** Caller-supplied UUIDv7: repeating the same payment returns the stored one. */
  id?: string;
  authorityId: string;
  caseId: string;
  registerId: string;
  method: PaymentMethod;
  /** What the clerk took; must equal the computed fee (0 for a waiver). */
  amountCents?: number;
  waiverId?: string;
  waiverReason?: string;
  terminalReference?: string;
  invoiceRecipient?: string;
  /** A kit's own receipt number; accepted only if it is the register's next one. */
  receiptNumber?: string;
  /** The day of the entry (a kit: the day it was taken); default today in Berlin. */
  businessDate?: IsoDate;
  today?: IsoDate;
}

/** The case's fee claim, locked, when something is still to be paid on it. */
async function lockOpenClaim(trx: Executor, authorityId: string, caseId: string) {
  const claim = await trx
    .selectFrom('fee_claims')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('authority_id', '=', authorityId)
    .forUpdate()
    .executeTakeFirst();
  if (!claim) throw new AppError('PAYMENT_CLAIM_NOT_FOUND');
  if (claim.status === 'free') throw new AppError('PAYMENT_NOTHING_DUE');
  if (claim.status !== 'open') throw new AppError('PAYMENT_ALREADY_SETTLED');
  return claim;
}

function samePayment(p: Selectable<PaymentsTable>, input: RecordPaymentInput): boolean {
  return (
    p.case_id === input.caseId &&
    p.register_id === input.registerId &&
    p.method === input.method &&
    p.kind === 'payment' &&
    (input.amountCents === undefined || p.amount_cents === input.amountCents)
  );
}

export async function recordPayment(
  trx: Executor,
  actor: AuditActor,
  input: RecordPaymentInput,
): Promise<PaymentView> {
  if (input.id) {
    const existing = await trx
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (existing) {
      if (existing.authority_id !== input.authorityId || !samePayment(existing, input))
        throw new AppError('PAYMENT_ID_CONFLICT');
      return toPaymentView(existing);
    }
  }
  const today = input.today ?? localDate(new Date());
  const businessDate = input.businessDate ?? today;
  const register = await lockRegister(trx, input.authorityId, input.registerId);
  checkDevice(register, actor);
  checkBusinessDate(register, businessDate, today);
  const claim = await lockOpenClaim(trx, input.authorityId, input.caseId);

  let lines = claim.lines;
  let amount = claim.amount_cents;
  if (claim.amount_unconfirmed && input.method !== 'waiver') {
    // No confirmed amount in the catalogue: the clerk fixes it under local cost law.
    if (input.amountCents === undefined) throw new AppError('PAYMENT_AMOUNT_REQUIRED');
    if (input.amountCents !== amount)
      lines = [...lines, { label: LOCAL_FEE_LABEL, amountCents: input.amountCents - amount }];
    amount = input.amountCents;
  }
  if (input.method === 'waiver') {
    if (!input.waiverId || !input.waiverReason?.trim()) throw new AppError('PAYMENT_WAIVER_REASON_REQUIRED');
    const waived = feeFor(claim.schedule, { ...claim.fee_input, waiverId: input.waiverId });
    lines = waived.lines;
    amount = waived.totalCents;
  }
  if (input.method === 'card' && !input.terminalReference?.trim())
    throw new AppError('PAYMENT_TERMINAL_REFERENCE_REQUIRED');
  if (input.method === 'invoice' && !input.invoiceRecipient?.trim())
    throw new AppError('PAYMENT_INVOICE_RECIPIENT_REQUIRED');
  if (input.amountCents !== undefined && input.amountCents !== amount) {
    throw new AppError('PAYMENT_AMOUNT_MISMATCH', {
      expected: (amount / 100).toFixed(2).replace('.', ',') + ' €',
    });
  }

  const receipt = await nextReceipt(trx, register, businessDate, input.receiptNumber);
  const id = input.id ?? uuidv7();
  let row: Selectable<PaymentsTable>;
  try {
    row = await trx
      .insertInto('payments')
      .values({
        id,
        authority_id: input.authorityId,
        register_id: register.id,
        receipt_year: receipt.year,
        receipt_number: receipt.number,
        receipt_label: receipt.label,
        business_date: businessDate,
        claim_id: claim.id,
        case_id: input.caseId,
        kind: 'payment',
        reverses_id: null,
        method: input.method,
        amount_cents: amount,
        lines: JSON.stringify(lines) as never,
        waiver_id: input.method === 'waiver' ? input.waiverId! : null,
        waiver_reason: input.method === 'waiver' ? input.waiverReason!.trim() : null,
        terminal_reference: input.method === 'card' ? input.terminalReference!.trim() : null,
        invoice_recipient: input.method === 'invoice' ? input.invoiceRecipient!.trim() : null,
        reason: null,
        recorded_by: actor.userId,
        recorded_by_name: actor.username,
        kit_id: actor.kitId,
        closing_id: null,
        problem: null,
        reference: null,
        cleared_from_id: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (pgErrorCode(error) === '23514' && pgConstraint(error) === 'payments_register_open')
      throw new AppError('CASH_REGISTER_CLOSED', { date: businessDate });
    throw error;
  }
  const status = input.method === 'waiver' ? 'waived' : input.method === 'invoice' ? 'invoiced' : 'paid';
  await trx
    .updateTable('fee_claims')
    .set({ status, updated_at: new Date() })
    .where('id', '=', claim.id)
    .execute();
  await recordAudit(trx, actor, {
    action: 'payment.record',
    resourceType: 'payment',
    resourceId: id,
    after: {
      caseId: input.caseId,
      receipt: receipt.label,
      method: input.method,
      amountCents: amount,
      waiverId: row.waiver_id,
      businessDate,
    },
  });
  return toPaymentView(row);
}

export interface ReversePaymentInput {
  id?: string;
  authorityId: string;
  paymentId: string;
  /** Where the reversal is booked (default: the original's register). */
  registerId?: string;
  reason: string;
  receiptNumber?: string;
  businessDate?: IsoDate;
  today?: IsoDate;
}

/**
 * Corrects an entry by a reversal: a new entry with the negative amount and its own receipt
 * number, on an open day. The original stays untouched; the case's fee is due again. The
 * reversal of a suspense entry pays the money back (or, for a negative one, takes it back in).
 */
export async function reversePayment(
  trx: Executor,
  actor: AuditActor,
  input: ReversePaymentInput,
): Promise<PaymentView> {
  if (input.id) {
    const existing = await trx
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (existing) {
      if (existing.reverses_id !== input.paymentId) throw new AppError('PAYMENT_ID_CONFLICT');
      return toPaymentView(existing);
    }
  }
  const original = await trx
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', input.paymentId)
    .where('authority_id', '=', input.authorityId)
    .forUpdate()
    .executeTakeFirst();
  if (!original) throw new AppError('PAYMENT_NOT_FOUND');
  if (original.kind === 'reversal') throw new AppError('PAYMENT_NOT_REVERSIBLE');
  const already = await trx
    .selectFrom('payments')
    .select('id')
    .where('reverses_id', '=', original.id)
    .executeTakeFirst();
  if (already) throw new AppError('PAYMENT_ALREADY_REVERSED');
  if (!input.reason.trim())
    throw new AppError('VALIDATION_FAILED', {}, [{ path: '/reason', code: 'required' }]);
  const today = input.today ?? localDate(new Date());
  const businessDate = input.businessDate ?? today;
  const register = await lockRegister(trx, input.authorityId, input.registerId ?? original.register_id);
  checkDevice(register, actor);
  checkBusinessDate(register, businessDate, today);
  const receipt = await nextReceipt(trx, register, businessDate, input.receiptNumber);
  const id = input.id ?? uuidv7();
  const row = await trx
    .insertInto('payments')
    .values({
      id,
      authority_id: input.authorityId,
      register_id: register.id,
      receipt_year: receipt.year,
      receipt_number: receipt.number,
      receipt_label: receipt.label,
      business_date: businessDate,
      claim_id: original.claim_id,
      case_id: original.case_id,
      kind: 'reversal',
      reverses_id: original.id,
      method: original.method,
      amount_cents: -original.amount_cents,
      lines: JSON.stringify(original.lines.map((l) => ({ ...l, amountCents: -l.amountCents }))) as never,
      waiver_id: original.waiver_id,
      waiver_reason: original.waiver_reason,
      terminal_reference: original.terminal_reference,
      invoice_recipient: original.invoice_recipient,
      reason: input.reason.trim(),
      recorded_by: actor.userId,
      recorded_by_name: actor.username,
      kit_id: actor.kitId,
      closing_id: null,
      problem: null,
      reference: original.reference,
      cleared_from_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (original.claim_id) {
    await trx
      .updateTable('fee_claims')
      .set({ status: 'open', updated_at: new Date() })
      .where('id', '=', original.claim_id)
      .execute();
  }
  await recordAudit(trx, actor, {
    action: 'payment.reverse',
    resourceType: 'payment',
    resourceId: id,
    before: {
      paymentId: original.id,
      kind: original.kind,
      receipt: original.receipt_label,
      amountCents: original.amount_cents,
    },
    after: { receipt: receipt.label, amountCents: -original.amount_cents, reason: input.reason.trim() },
  });
  return toPaymentView(row);
}

// ---------------------------------------------------------------------------------------------
// Unassigned entries (ungeklärte Einzahlungen, ADR 11)
// ---------------------------------------------------------------------------------------------

const SUSPENSE_LABEL = {
  de: 'Ungeklärte Einzahlung (keinem Vorgang zugeordnet)',
  en: 'Unassigned payment (not booked to a case)',
};

export interface RecordSuspenseInput {
  /** The kit's id of the entry (the payment or refund it was meant to be). */
  id: string;
  authorityId: string;
  registerId: string;
  /** The case the money was meant for (it may not exist on the server). */
  caseId: string;
  method: PaymentMethod;
  /** What really went into (positive) or out of (negative) the cash box. */
  amountCents: number;
  /** The kit's receipt number: must be the register's next one. */
  receiptNumber: string;
  /** Why the entry could not be booked as meant. */
  problem: SuspenseProblem;
  /** The kit's case number, for the clerk who clears the entry. */
  reference?: string | null;
  terminalReference?: string | null;
  invoiceRecipient?: string | null;
  /** The day the kit took the money. */
  businessDate: IsoDate;
  today?: IsoDate;
}

/**
 * Books a kit's receipt that could not be booked as what it was meant to be as an unassigned
 * entry: the receipt number is used and the money is in (or out of) the box, so the register
 * stays gap-free and its cash report balances. Its day is the kit's day — never after the
 * server's today (a laptop clock ahead), and on the next open day when the kit's day is already
 * closed (an entry that arrives after the cash report belongs to the next one).
 */
export async function recordSuspense(
  trx: Executor,
  actor: AuditActor,
  input: RecordSuspenseInput,
): Promise<PaymentView> {
  const existing = await trx.selectFrom('payments').selectAll().where('id', '=', input.id).executeTakeFirst();
  if (existing) {
    if (
      existing.authority_id !== input.authorityId ||
      existing.kind !== 'suspense' ||
      existing.register_id !== input.registerId
    )
      throw new AppError('PAYMENT_ID_CONFLICT');
    return toPaymentView(existing);
  }
  const today = input.today ?? localDate(new Date());
  const register = await lockRegister(trx, input.authorityId, input.registerId);
  checkDevice(register, actor);
  let businessDate = input.businessDate;
  if (businessDate > today) businessDate = today;
  if (register.closed_through && businessDate <= register.closed_through)
    businessDate = addDays(register.closed_through, 1);
  const receipt = await nextReceipt(trx, register, businessDate, input.receiptNumber);
  const amount = input.method === 'waiver' ? 0 : input.amountCents;
  const row = await trx
    .insertInto('payments')
    .values({
      id: input.id,
      authority_id: input.authorityId,
      register_id: register.id,
      receipt_year: receipt.year,
      receipt_number: receipt.number,
      receipt_label: receipt.label,
      business_date: businessDate,
      claim_id: null,
      case_id: input.caseId,
      kind: 'suspense',
      reverses_id: null,
      method: input.method,
      amount_cents: amount,
      lines: JSON.stringify([{ label: SUSPENSE_LABEL, amountCents: amount }]) as never,
      waiver_id: null,
      waiver_reason: null,
      terminal_reference: input.terminalReference?.trim() || null,
      invoice_recipient: input.invoiceRecipient?.trim() || null,
      reason: null,
      recorded_by: actor.userId,
      recorded_by_name: actor.username,
      kit_id: actor.kitId,
      closing_id: null,
      problem: JSON.stringify(input.problem) as never,
      reference: input.reference?.trim() || null,
      cleared_from_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    action: 'payment.suspense',
    resourceType: 'payment',
    resourceId: row.id,
    after: {
      caseId: input.caseId,
      receipt: receipt.label,
      method: input.method,
      amountCents: amount,
      businessDate,
      problem: input.problem.code,
      reference: row.reference,
    },
  });
  return toPaymentView(row);
}

export interface AssignSuspenseInput {
  /** Id of the payment entry to the case (repeating returns the stored assignment). */
  id?: string;
  authorityId: string;
  /** The suspense entry. */
  paymentId: string;
  /** The case whose open fee the money settles. */
  caseId: string;
  /** The register the transfer is booked in (the desk's). */
  registerId: string;
  /** Stored with the reversal of the suspense entry, e.g. "zugeordnet zu Vorgang …". */
  reason: string;
  /** For a card or invoice entry that came without one. */
  terminalReference?: string;
  invoiceRecipient?: string;
  today?: IsoDate;
}

export interface Assignment {
  /** Clears the suspense entry (negative amount). */
  reversal: PaymentView;
  /** Settles the case's fee (positive amount); its receipt is the citizen's for the case. */
  payment: PaymentView;
}

/**
 * Assigns an unassigned entry to a case whose fee is open: a transfer (Umbuchung) booked as a
 * reversal of the suspense entry and a payment to the case's claim, on the same day in the same
 * register — together they move no cash, so the day's report still balances.
 */
export async function assignSuspense(
  trx: Executor,
  actor: AuditActor,
  input: AssignSuspenseInput,
): Promise<Assignment> {
  if (input.id) {
    const existing = await trx
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (existing) {
      if (existing.cleared_from_id !== input.paymentId || existing.case_id !== input.caseId)
        throw new AppError('PAYMENT_ID_CONFLICT');
      const reversal = await trx
        .selectFrom('payments')
        .selectAll()
        .where('reverses_id', '=', input.paymentId)
        .executeTakeFirstOrThrow();
      return { reversal: toPaymentView(reversal), payment: toPaymentView(existing) };
    }
  }
  const suspense = await trx
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', input.paymentId)
    .where('authority_id', '=', input.authorityId)
    .forUpdate()
    .executeTakeFirst();
  if (!suspense) throw new AppError('PAYMENT_NOT_FOUND');
  if (suspense.kind !== 'suspense') throw new AppError('PAYMENT_NOT_SUSPENSE');
  const cleared = await trx
    .selectFrom('payments')
    .select('id')
    .where('reverses_id', '=', suspense.id)
    .executeTakeFirst();
  if (cleared) throw new AppError('PAYMENT_SUSPENSE_CLEARED');
  if (suspense.amount_cents <= 0 || suspense.method === 'waiver')
    throw new AppError('PAYMENT_SUSPENSE_NOT_ASSIGNABLE');
  if (!input.reason.trim())
    throw new AppError('VALIDATION_FAILED', {}, [{ path: '/reason', code: 'required' }]);
  const today = input.today ?? localDate(new Date());
  const register = await lockRegister(trx, input.authorityId, input.registerId);
  checkDevice(register, actor);
  // The kit numbers its register itself: a transfer there would take numbers the kit hands out.
  if (register.kind === 'kit') throw new AppError('CASH_REGISTER_NOT_FOR_THIS_DEVICE');
  checkBusinessDate(register, today, today);
  const claim = await lockOpenClaim(trx, input.authorityId, input.caseId);
  const amount = suspense.amount_cents;
  let lines = claim.lines;
  if (claim.amount_unconfirmed) {
    if (amount !== claim.amount_cents)
      lines = [...lines, { label: LOCAL_FEE_LABEL, amountCents: amount - claim.amount_cents }];
  } else if (amount !== claim.amount_cents) {
    throw new AppError('PAYMENT_AMOUNT_MISMATCH', {
      expected: (claim.amount_cents / 100).toFixed(2).replace('.', ',') + ' €',
    });
  }
  const terminalReference = suspense.terminal_reference ?? (input.terminalReference?.trim() || null);
  const invoiceRecipient = suspense.invoice_recipient ?? (input.invoiceRecipient?.trim() || null);
  if (suspense.method === 'card' && !terminalReference)
    throw new AppError('PAYMENT_TERMINAL_REFERENCE_REQUIRED');
  if (suspense.method === 'invoice' && !invoiceRecipient)
    throw new AppError('PAYMENT_INVOICE_RECIPIENT_REQUIRED');

  const common = {
    authority_id: input.authorityId,
    register_id: register.id,
    business_date: today,
    method: suspense.method,
    waiver_id: null,
    waiver_reason: null,
    terminal_reference: terminalReference,
    invoice_recipient: invoiceRecipient,
    recorded_by: actor.userId,
    recorded_by_name: actor.username,
    kit_id: actor.kitId,
    closing_id: null,
    problem: null,
    reference: suspense.reference,
  };
  const out = await nextReceipt(trx, register, today, undefined);
  const reversal = await trx
    .insertInto('payments')
    .values({
      ...common,
      id: uuidv7(),
      receipt_year: out.year,
      receipt_number: out.number,
      receipt_label: out.label,
      claim_id: null,
      case_id: suspense.case_id,
      kind: 'reversal',
      reverses_id: suspense.id,
      amount_cents: -amount,
      lines: JSON.stringify(suspense.lines.map((l) => ({ ...l, amountCents: -l.amountCents }))) as never,
      reason: input.reason.trim(),
      cleared_from_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const into = await nextReceipt(trx, register, today, undefined);
  const payment = await trx
    .insertInto('payments')
    .values({
      ...common,
      id: input.id ?? uuidv7(),
      receipt_year: into.year,
      receipt_number: into.number,
      receipt_label: into.label,
      claim_id: claim.id,
      case_id: input.caseId,
      kind: 'payment',
      reverses_id: null,
      amount_cents: amount,
      lines: JSON.stringify(lines) as never,
      reason: null,
      cleared_from_id: suspense.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const status = suspense.method === 'invoice' ? 'invoiced' : 'paid';
  await trx
    .updateTable('fee_claims')
    .set({ status, updated_at: new Date() })
    .where('id', '=', claim.id)
    .execute();
  await recordAudit(trx, actor, {
    action: 'payment.assign',
    resourceType: 'payment',
    resourceId: suspense.id,
    before: { receipt: suspense.receipt_label, caseId: suspense.case_id, amountCents: amount },
    after: {
      caseId: input.caseId,
      reversalReceipt: out.label,
      receipt: into.label,
      reason: input.reason.trim(),
    },
  });
  return { reversal: toPaymentView(reversal), payment: toPaymentView(payment) };
}

export interface SuspenseEntryView extends PaymentView {
  register: { id: string; code: string; name: string; kind: 'desk' | 'kit' };
  /** How it was cleared: the reversal, and for an assignment the payment to the case. */
  clearing: {
    reversalId: string;
    receiptNumber: string;
    at: string;
    by: string | null;
    assignedCaseId: string | null;
    assignedReceiptNumber: string | null;
  } | null;
}

/** The authority's unassigned entries, oldest first — open ones only unless asked otherwise. */
export async function listSuspense(
  db: Executor,
  authorityId: string,
  options: { includeCleared?: boolean } = {},
): Promise<SuspenseEntryView[]> {
  const rows = await db
    .selectFrom('payments as p')
    .innerJoin('cash_registers as r', 'r.id', 'p.register_id')
    .leftJoin('payments as c', 'c.reverses_id', 'p.id')
    .leftJoin('payments as a', 'a.cleared_from_id', 'p.id')
    .selectAll('p')
    .select([
      'r.code as register_code',
      'r.name as register_name',
      'r.kind as register_kind',
      'c.id as clearing_id',
      'c.receipt_label as clearing_receipt',
      'c.recorded_at as clearing_at',
      'c.recorded_by_name as clearing_by',
      'a.case_id as assigned_case_id',
      'a.receipt_label as assigned_receipt',
    ])
    .where('p.authority_id', '=', authorityId)
    .where('p.kind', '=', 'suspense')
    .$if(!options.includeCleared, (q) => q.where('c.id', 'is', null))
    .orderBy('p.business_date')
    .orderBy('p.receipt_label')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    ...toPaymentView(r, r.clearing_id),
    register: { id: r.register_id, code: r.register_code, name: r.register_name, kind: r.register_kind },
    clearing: r.clearing_id
      ? {
          reversalId: r.clearing_id,
          receiptNumber: r.clearing_receipt!,
          at: new Date(r.clearing_at!).toISOString(),
          by: r.clearing_by,
          assignedCaseId: r.assigned_case_id,
          assignedReceiptNumber: r.assigned_receipt,
        }
      : null,
  }));
}

export async function getPayment(db: Executor, authorityId: string, id: string): Promise<PaymentView> {
  const row = await db
    .selectFrom('payments')
    .selectAll()
    .where('id', '=', id)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!row) throw new AppError('PAYMENT_NOT_FOUND');
  const reversal = await db
    .selectFrom('payments')
    .select('id')
    .where('reverses_id', '=', id)
    .executeTakeFirst();
  return toPaymentView(row, reversal?.id ?? null);
}

export async function paymentsForCases(db: Executor, caseIds: string[]): Promise<PaymentView[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where('case_id', 'in', caseIds)
    .orderBy('recorded_at')
    .execute();
  const reversedBy = new Map(rows.filter((r) => r.reverses_id).map((r) => [r.reverses_id!, r.id]));
  return rows.map((r) => toPaymentView(r, reversedBy.get(r.id) ?? null));
}

export async function getCashRegister(db: Executor, authorityId: string, id: string) {
  const row = await db
    .selectFrom('cash_registers')
    .selectAll()
    .where('id', '=', id)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!row) throw new AppError('CASH_REGISTER_NOT_FOUND');
  return toRegisterView(row);
}

// ---------------------------------------------------------------------------------------------
// The day of a register and its cash report
// ---------------------------------------------------------------------------------------------

function totalsOf(rows: Pick<Selectable<PaymentsTable>, 'method' | 'amount_cents'>[]): CashTotals {
  const totals: CashTotals = { cash: 0, card: 0, invoice: 0, waiver: 0 };
  for (const r of rows) totals[r.method] += r.amount_cents;
  return totals;
}

export interface RegisterDay {
  register: CashRegisterView;
  businessDate: string;
  entries: PaymentView[];
  totals: CashTotals;
  closing: CashClosingView | null;
  /** Days before this one with entries that no cash report covers yet. */
  unclosedEarlierDays: string[];
}

export async function registerDay(
  db: Executor,
  authorityId: string,
  registerId: string,
  businessDate: IsoDate,
): Promise<RegisterDay> {
  const register = await getCashRegister(db, authorityId, registerId);
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where('register_id', '=', registerId)
    .where('business_date', '=', businessDate)
    .orderBy('receipt_year')
    .orderBy('receipt_number')
    .execute();
  const closing = await db
    .selectFrom('cash_closings')
    .selectAll()
    .where('register_id', '=', registerId)
    .where('business_date', '=', businessDate)
    .executeTakeFirst();
  const earlier = await db
    .selectFrom('payments')
    .select('business_date')
    .distinct()
    .where('register_id', '=', registerId)
    .where('business_date', '<', businessDate)
    .where('closing_id', 'is', null)
    .orderBy('business_date')
    .execute();
  const reversedBy = await db
    .selectFrom('payments')
    .select(['id', 'reverses_id'])
    .where(
      'reverses_id',
      'in',
      rows.length ? rows.map((r) => r.id) : ['00000000-0000-0000-0000-000000000000'],
    )
    .execute();
  const reversed = new Map(reversedBy.map((r) => [r.reverses_id!, r.id]));
  return {
    register,
    businessDate,
    entries: rows.map((r) => toPaymentView(r, reversed.get(r.id) ?? null)),
    totals: totalsOf(rows),
    closing: closing ? toClosingView(closing) : null,
    unclosedEarlierDays: earlier.map((e) => e.business_date),
  };
}

export interface CloseRegisterInput {
  id?: string;
  authorityId: string;
  registerId: string;
  businessDate: IsoDate;
  /** Cash counted in the drawer (the difference is shown in the report). */
  countedCashCents?: number | null;
  /** A kit's own totals: the report is refused if the server's differ (an entry is missing). */
  expectedTotals?: Partial<CashTotals>;
  today?: IsoDate;
}

/**
 * Kassenabschluss: files every open entry of the register up to `businessDate` into one report
 * and closes the register through that day. Afterwards no entry can be made or changed for it.
 */
export async function closeCashRegister(
  trx: Executor,
  actor: AuditActor,
  input: CloseRegisterInput,
): Promise<CashClosingView> {
  if (input.id) {
    const existing = await trx
      .selectFrom('cash_closings')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (existing) return toClosingView(existing);
  }
  const today = input.today ?? localDate(new Date());
  const register = await lockRegister(trx, input.authorityId, input.registerId);
  checkDevice(register, actor);
  if (input.businessDate > today) throw new AppError('PAYMENT_BUSINESS_DATE_IN_FUTURE');
  if (register.closed_through && input.businessDate <= register.closed_through) {
    throw new AppError('CASH_DAY_ALREADY_CLOSED', { date: input.businessDate });
  }
  const rows = await trx
    .selectFrom('payments')
    .selectAll()
    .where('register_id', '=', register.id)
    .where('closing_id', 'is', null)
    .where('business_date', '<=', input.businessDate)
    .orderBy('receipt_year')
    .orderBy('receipt_number')
    .execute();
  const totals = totalsOf(rows);
  if (input.expectedTotals) {
    for (const key of ['cash', 'card', 'invoice'] as const) {
      const expected = input.expectedTotals[key];
      if (expected !== undefined && expected !== totals[key])
        throw new AppError('CASH_CLOSING_TOTALS_MISMATCH');
    }
  }
  const id = input.id ?? uuidv7();
  const row = await trx
    .insertInto('cash_closings')
    .values({
      id,
      authority_id: input.authorityId,
      register_id: register.id,
      business_date: input.businessDate,
      entries: rows.length,
      first_receipt: rows[0]?.receipt_label ?? null,
      last_receipt: rows[rows.length - 1]?.receipt_label ?? null,
      totals: JSON.stringify(totals) as never,
      counted_cash_cents: input.countedCashCents ?? null,
      closed_by: actor.userId,
      closed_by_name: actor.username,
      kit_id: actor.kitId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (rows.length > 0) {
    await trx
      .updateTable('payments')
      .set({ closing_id: id })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
  }
  await trx
    .updateTable('cash_registers')
    .set({ closed_through: input.businessDate })
    .where('id', '=', register.id)
    .execute();
  await recordAudit(trx, actor, {
    action: 'cash.close',
    resourceType: 'cash_register',
    resourceId: register.id,
    after: {
      closingId: id,
      businessDate: input.businessDate,
      entries: rows.length,
      totals,
      countedCashCents: input.countedCashCents ?? null,
    },
  });
  return toClosingView(row);
}
