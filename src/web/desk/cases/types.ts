import type { CaseState } from '../../../core/cases/state-machine';
import type { FeeSchedule } from '../../../core/catalog/fees';
import type { FormIssue } from '../../../core/forms/types';

/** Shapes of the cases and payments API as the desk reads them. */
export interface DeskService {
  id: string;
  slug: string;
  name: { de: string; en: string };
  shortText: { de: string; en: string };
  formKey: string;
  channels: string[];
  fees: FeeSchedule & { amountUnconfirmed?: boolean };
  flow: 'immediate' | 'pickup' | 'forward';
  person: 'resident' | 'resident_or_new' | 'anyone';
  germanOnly: boolean;
}

export interface FeeClaim {
  id: string;
  amountCents: number;
  lines: { label: { de: string; en: string }; amountCents: number }[];
  status: 'open' | 'paid' | 'waived' | 'invoiced' | 'free' | 'cancelled';
  amountUnconfirmed: boolean;
  waivers: { id: string; label: { de: string; en: string } }[];
}

export interface Payment {
  id: string;
  registerId: string;
  receiptNumber: string;
  businessDate: string;
  caseId: string;
  /** `suspense`: an unassigned entry (a kit receipt not booked to its case, ADR 11). */
  kind: 'payment' | 'reversal' | 'suspense';
  reversesId: string | null;
  reversedById: string | null;
  clearedFromId: string | null;
  problem: { code: string; de: string; en: string } | null;
  reference: string | null;
  method: 'cash' | 'card' | 'invoice' | 'waiver';
  amountCents: number;
  terminalReference: string | null;
  invoiceRecipient: string | null;
  waiverReason: string | null;
  reason: string | null;
  recordedBy: string | null;
  recordedAt: string;
  closed: boolean;
}

export interface CaseSummary {
  id: string;
  number: string;
  localNumber: string | null;
  serviceName: { de: string; en: string };
  formKey: string;
  subjectName: string;
  personId: string | null;
  status: CaseState;
  channel: string;
  capturedAt: string;
  updatedAt: string;
  feeStatus: FeeClaim['status'] | null;
  pickupAt: 'town_hall' | 'office_day' | null;
}

export interface CaseDetail extends CaseSummary {
  serviceId: string;
  formData: Record<string, unknown>;
  warnings: FormIssue[];
  result: Record<string, unknown>;
  accessCode: string;
  contactEmail: string | null;
  version: number;
  flow: 'immediate' | 'pickup' | 'forward';
  allowedTransitions: CaseState[];
  canHandOver: boolean;
  canExport: boolean;
  fee: FeeClaim | null;
  payments: Payment[];
  transitions: {
    from: CaseState | null;
    to: CaseState;
    reason: string | null;
    by: string | null;
    at: string;
  }[];
  notes: { id: string; author: string; text: string; at: string }[];
  attachments: { sha256: string; kind: string; pointer: string; mediaType: string; purged: boolean }[];
  documents: {
    id: string;
    kind: string;
    verificationCode: string;
    issuedAt: string;
    paymentId: string | null;
  }[];
  summary: { title: string; fields: { pointer: string; label: string; value: string }[] }[];
}

export interface CaptureResult {
  id: string;
  number: string;
  accessCode: string;
  status: CaseState;
  fee: FeeClaim | null;
  warnings: FormIssue[];
}
