import type { Generated } from 'kysely';
import type { FeeInput, FeeLine, FeeSchedule } from '../../../core/catalog/fees';

export type CashRegisterKind = 'desk' | 'kit';
export type FeeClaimStatus = 'open' | 'paid' | 'waived' | 'invoiced' | 'free' | 'cancelled';
export type PaymentMethod = 'cash' | 'card' | 'invoice' | 'waiver';
/**
 * `suspense`: an unassigned entry (ungeklärte Einzahlung) — a kit's receipt that could not be
 * booked to its case; cleared later by a reversal, or by assigning it to a case (ADR 11).
 */
export type PaymentKind = 'payment' | 'reversal' | 'suspense';

/** Why an entry is unassigned, in both languages (the kit shows either offline). */
export interface SuspenseProblem {
  code: string;
  de: string;
  en: string;
}

export interface CashRegistersTable {
  id: string;
  authority_id: string;
  /** Printed in receipt numbers: RH1-Q-2026-0001; a kit's register uses the kit prefix. */
  code: string;
  name: string;
  kind: CashRegisterKind;
  kit_id: string | null;
  location_id: string | null;
  /** The last business day that is closed (Kassenabschluss); no entries on or before it. */
  closed_through: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface CashRegisterYearsTable {
  register_id: string;
  year: number;
  last_number: number;
}

export interface FeeClaimsTable {
  id: string;
  authority_id: string;
  /** The case the fee is for (cases module). */
  case_id: string;
  schedule: FeeSchedule;
  fee_input: FeeInput;
  lines: FeeLine[];
  amount_cents: number;
  /** The catalogue has no confirmed amount (e.g. an unchecked Saxon fee): the clerk fixes it when taking it. */
  amount_unconfirmed: Generated<boolean>;
  status: FeeClaimStatus;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PaymentsTable {
  id: string;
  authority_id: string;
  register_id: string;
  receipt_year: number;
  receipt_number: number;
  receipt_label: string;
  business_date: string;
  /** The case's fee claim; null for suspense entries and their reversals. */
  claim_id: string | null;
  /** The case the entry is for (of a suspense entry: the case it was meant for — it may not exist). */
  case_id: string;
  kind: PaymentKind;
  reverses_id: string | null;
  method: PaymentMethod;
  amount_cents: number;
  lines: FeeLine[];
  waiver_id: string | null;
  waiver_reason: string | null;
  terminal_reference: string | null;
  invoice_recipient: string | null;
  reason: string | null;
  recorded_by: string | null;
  recorded_by_name: string | null;
  kit_id: string | null;
  recorded_at: Generated<Date>;
  closing_id: string | null;
  /** Of a suspense entry: why it could not be booked to its case. */
  problem: SuspenseProblem | null;
  /** Of a suspense entry: the kit's case number, so the clerk can find the capture. */
  reference: string | null;
  /** A payment made by assigning a suspense entry to a case: that entry. */
  cleared_from_id: string | null;
}

export interface CashTotals {
  cash: number;
  card: number;
  invoice: number;
  waiver: number;
}

export interface CashClosingsTable {
  id: string;
  authority_id: string;
  register_id: string;
  business_date: string;
  entries: number;
  first_receipt: string | null;
  last_receipt: string | null;
  totals: CashTotals;
  counted_cash_cents: number | null;
  closed_by: string | null;
  closed_by_name: string | null;
  kit_id: string | null;
  closed_at: Generated<Date>;
}

/** Kysely table types of the payments module. */
export type PaymentsTables = {
  cash_registers: CashRegistersTable;
  cash_register_years: CashRegisterYearsTable;
  fee_claims: FeeClaimsTable;
  payments: PaymentsTable;
  cash_closings: CashClosingsTable;
};
