import type { Localized } from '../catalog/types';

/**
 * The life of a case (Vorgang). Every change of state goes through `checkTransition`, on the
 * server and in the offline kit alike; the server records each transition in the audit trail.
 *
 *   captured ─► submitted ─► in_progress ─► ready_for_pickup ─► handed_over
 *                   │              │
 *                   ├──────────────┴─► completed
 *                   └─► rejected (also from in_progress)
 *   cancelled from every state that is not final
 */
export const CASE_STATES = [
  'captured',
  'submitted',
  'in_progress',
  'ready_for_pickup',
  'handed_over',
  'completed',
  'rejected',
  'cancelled',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

const TRANSITIONS: Record<CaseState, readonly CaseState[]> = {
  captured: ['submitted', 'cancelled'],
  submitted: ['in_progress', 'completed', 'rejected', 'cancelled'],
  in_progress: ['ready_for_pickup', 'completed', 'rejected', 'cancelled'],
  ready_for_pickup: ['handed_over', 'cancelled'],
  handed_over: [],
  completed: [],
  rejected: [],
  cancelled: [],
};

export const FINAL_STATES: readonly CaseState[] = ['handed_over', 'completed', 'rejected', 'cancelled'];
export const OPEN_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !FINAL_STATES.includes(s));

export function isCaseState(value: string): value is CaseState {
  return (CASE_STATES as readonly string[]).includes(value);
}

export function allowedTransitions(from: CaseState): readonly CaseState[] {
  return TRANSITIONS[from];
}

export function canTransition(from: CaseState, to: CaseState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Transitions that need a reason given by the clerk (recorded with the transition). */
export const REASON_REQUIRED: readonly CaseState[] = ['rejected', 'cancelled'];

export type TransitionProblem =
  | { code: 'not_allowed'; from: CaseState; to: CaseState }
  | { code: 'reason_required'; to: CaseState };

export function checkTransition(
  from: CaseState,
  to: CaseState,
  reason?: string | null,
): TransitionProblem | null {
  if (!canTransition(from, to)) return { code: 'not_allowed', from, to };
  if (REASON_REQUIRED.includes(to) && !reason?.trim()) return { code: 'reason_required', to };
  return null;
}

/** Names of the states for clerks. */
export const CASE_STATE_LABELS: Record<CaseState, Localized> = {
  captured: { de: 'erfasst', en: 'captured' },
  submitted: { de: 'eingereicht', en: 'submitted' },
  in_progress: { de: 'in Bearbeitung', en: 'in progress' },
  ready_for_pickup: { de: 'abholbereit', en: 'ready for pick-up' },
  handed_over: { de: 'ausgehändigt', en: 'handed over' },
  completed: { de: 'abgeschlossen', en: 'completed' },
  rejected: { de: 'abgelehnt', en: 'rejected' },
  cancelled: { de: 'storniert', en: 'cancelled' },
};

/** What a citizen reads on the status page: plain language, what happens next. */
export const CASE_STATE_FOR_CITIZENS: Record<CaseState, Localized> = {
  captured: {
    de: 'Ihr Antrag wurde aufgenommen und wird in Kürze an die Stadtverwaltung übertragen.',
    en: 'Your application has been taken and will soon be passed to the town administration.',
  },
  submitted: {
    de: 'Ihr Antrag ist bei uns eingegangen. Wir melden uns, wenn etwas fehlt.',
    en: 'We have received your application. We will contact you if anything is missing.',
  },
  in_progress: {
    de: 'Ihr Antrag wird bearbeitet. Sie müssen im Moment nichts tun.',
    en: 'Your application is being processed. There is nothing you need to do right now.',
  },
  ready_for_pickup: {
    de: 'Ihr Dokument liegt zur Abholung bereit. Bitte bringen Sie Ihren bisherigen Ausweis und, falls vorhanden, den PIN-Brief mit.',
    en: 'Your document is ready for pick-up. Please bring your old ID document and, if you have it, the PIN letter.',
  },
  handed_over: {
    de: 'Ihr Dokument wurde ausgehändigt. Der Vorgang ist abgeschlossen.',
    en: 'Your document has been handed over. The matter is closed.',
  },
  completed: {
    de: 'Ihr Anliegen ist erledigt. Der Vorgang ist abgeschlossen.',
    en: 'Your request has been dealt with. The matter is closed.',
  },
  rejected: {
    de: 'Ihr Antrag konnte nicht bewilligt werden. Sie erhalten eine schriftliche Begründung.',
    en: 'Your application could not be granted. You will receive the reasons in writing.',
  },
  cancelled: {
    de: 'Der Vorgang wurde beendet, ohne dass etwas ausgestellt wurde.',
    en: 'The matter was closed without anything being issued.',
  },
};
