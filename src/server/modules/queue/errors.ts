import type { ErrorDefinitions } from '../../http/error-types';

/** Error codes of the queue module; src/server/http/errors.ts merges them into the one registry. */
export const queueErrors = {
  TICKET_NOT_FOUND: {
    status: 404,
    de: 'Diese Wartenummer gibt es nicht.',
    en: 'This ticket does not exist.',
  },
  QUEUE_EMPTY: {
    status: 409,
    de: 'Gerade wartet niemand.',
    en: 'Nobody is waiting right now.',
  },
  TICKET_STATE: {
    status: 409,
    de: 'Das geht mit dieser Wartenummer nicht mehr: sie ist {status}.',
    en: 'This is no longer possible with this ticket: it is {status}.',
  },
  CHECKIN_WRONG_DAY: {
    status: 409,
    de: 'Dieser Termin ist nicht heute an diesem Standort. Bitte prüfen Sie die Buchungsnummer.',
    en: 'This appointment is not today at this location. Please check the booking number.',
  },
  DESK_BUSY: {
    status: 409,
    de: 'An {desk} ist gerade Wartenummer {code} aufgerufen. Ein Platz ruft immer nur eine Person auf einmal auf.',
    en: 'Ticket {code} is currently called to {desk}. A desk calls only one person at a time.',
  },
  ALREADY_CHECKED_IN: {
    status: 409,
    de: 'Dieser Termin ist bereits eingecheckt (Wartenummer {code}).',
    en: 'This appointment is already checked in (ticket {code}).',
  },
} satisfies ErrorDefinitions;
