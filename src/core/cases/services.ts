import type { Channel } from '../catalog/types';
import { allowedTransitions, type CaseState } from './state-machine';

/**
 * How each service (by its form key) behaves as a case: when it is done, whose case it is,
 * and which documents it prints. The server carries out the effects (the register update, the
 * ID export); the kit uses the same table to know what it can finish offline.
 */
export type ServiceFlow =
  /** Done at the desk: the case is completed when it is submitted (Anmeldung, Meldebescheinigung …). */
  | 'immediate'
  /** A document is made elsewhere and handed over later (Personalausweis, Reisepass). */
  | 'pickup'
  /** Forwarded to another authority, which answers the citizen (Führungszeugnis). */
  | 'forward';

export type PersonRule =
  /** The person must be in the register with a current residence. */
  | 'resident'
  /** A register person, or a new person given in the form (moving in from elsewhere). */
  | 'resident_or_new'
  /** A register person, or anyone, with their data given in the form. */
  | 'anyone';

export type DocumentKind =
  | 'receipt'
  | 'registration_confirmation'
  | 'registration_certificate'
  | 'application_summary'
  | 'life_certificate';

export interface ServiceBehaviour {
  flow: ServiceFlow;
  person: PersonRule;
  /** Only for Germans (ID card and passport, § 1 PAuswG, § 1 PassG). */
  germanOnly?: boolean;
  /** The document the service issues besides receipt and application summary. */
  issues?: DocumentKind;
  /** Can be finished in the offline kit (DESIGN.md §5). */
  offline: boolean;
}

export const SERVICE_BEHAVIOUR: Readonly<Record<string, ServiceBehaviour>> = {
  anmeldung: {
    flow: 'immediate',
    person: 'resident_or_new',
    issues: 'registration_confirmation',
    offline: true,
  },
  abmeldung: { flow: 'immediate', person: 'resident', issues: 'registration_confirmation', offline: true },
  meldebescheinigung: {
    flow: 'immediate',
    person: 'resident',
    issues: 'registration_certificate',
    offline: true,
  },
  auskunftssperre: { flow: 'immediate', person: 'resident', offline: true },
  uebermittlungssperre: { flow: 'immediate', person: 'resident', offline: true },
  personalausweis: { flow: 'pickup', person: 'resident', germanOnly: true, offline: true },
  reisepass: { flow: 'pickup', person: 'resident', germanOnly: true, offline: true },
  'vorlaeufiger-personalausweis': { flow: 'immediate', person: 'resident', germanOnly: true, offline: false },
  aushaendigung: { flow: 'immediate', person: 'resident', offline: true },
  fuehrungszeugnis: { flow: 'forward', person: 'resident', offline: true },
  beglaubigung: { flow: 'immediate', person: 'anyone', offline: true },
  lebensbescheinigung: { flow: 'immediate', person: 'resident', issues: 'life_certificate', offline: true },
  'hundesteuer-anmeldung': { flow: 'immediate', person: 'resident', offline: true },
  'hundesteuer-abmeldung': { flow: 'immediate', person: 'resident', offline: true },
  fundsache: { flow: 'immediate', person: 'anyone', offline: true },
};

export function serviceBehaviour(formKey: string): ServiceBehaviour | undefined {
  return Object.hasOwn(SERVICE_BEHAVIOUR, formKey) ? SERVICE_BEHAVIOUR[formKey] : undefined;
}

/** Where a case came in (the citizen's channel). */
export const CASE_CHANNELS = ['town_hall', 'kit', 'terminal', 'portal', 'hotline'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

/** The catalogue's channel a case channel belongs to (for checking that a service is offered there). */
export const CATALOG_CHANNEL_OF: Record<CaseChannel, Channel> = {
  town_hall: 'town_hall',
  kit: 'mobile',
  terminal: 'terminal',
  portal: 'online',
  hotline: 'phone',
};

/**
 * The transitions a clerk may choose for a case of this flow (the state machine's edges that
 * make sense for the service): an immediate service completes on submission; only documents
 * made elsewhere go to pick-up; hand-over has its own step (handOver).
 */
export function transitionsFor(flow: ServiceFlow, from: CaseState): CaseState[] {
  return allowedTransitions(from).filter((to) => {
    if (to === 'ready_for_pickup') return flow === 'pickup';
    if (to === 'handed_over') return false;
    if (to === 'completed') return flow === 'forward';
    if (to === 'in_progress') return flow !== 'immediate';
    return true;
  });
}
