import type { Localized } from '../../../core/catalog/types';
import type { AttachmentUse, PaymentMethod } from '../../../core/sync/commands';

/** A resident in the kit's replica (the register subset the server sends, see registerSubsetForMunicipality). */
export interface KitResident {
  familyName: string;
  givenNames: string;
  callName?: string | null;
  birthName?: string | null;
  birthDate: string;
  birthPlace?: string | null;
  sex?: string;
  nationalities: string[];
  householdId?: string | null;
  version: number;
  residences: {
    kind: string;
    movedInOn: string;
    address: { street: string; houseNumber: string; postalCode: string; city: string; [k: string]: unknown };
  }[];
  blocks: string[];
  idDocuments: { kind: string; validUntil: string | null; status: string }[];
}

export interface KitMunicipality {
  name: string;
}

/** What the kit keeps locally about one capture (sealed, store "capture"). */
export interface CaptureRecord {
  caseId: string;
  caseNumber: string;
  accessCode: string;
  serviceId: string;
  serviceName: Localized;
  formKey: string;
  personId: string | null;
  personName: string;
  formData: Record<string, unknown>;
  files: AttachmentUse[];
  fee: { totalCents: number; lines: { label: Localized; amountCents: number }[] } | null;
  payment: { receiptNumber: string; method: Exclude<PaymentMethod, 'waiver'>; amountCents: number } | null;
  capturedAt: string;
  clerkId: string;
  /** Business day (Berlin). */
  date: string;
}

/**
 * A fee paid back on site after the server booked it as an unassigned entry (ADR 11): a payout
 * under its own kit receipt number, counted in that day's cash report (sealed, store "refund").
 */
export interface RefundRecord {
  refundId: string;
  /** The unassigned entry (the fee.pay's paymentId) and its receipt. */
  paymentId: string;
  paidReceiptNumber: string;
  caseId: string;
  caseNumber: string | null;
  receiptNumber: string;
  method: Exclude<PaymentMethod, 'waiver'>;
  amountCents: number;
  reason: string;
  /** Business day (Berlin). */
  date: string;
  refundedAt: string;
}
