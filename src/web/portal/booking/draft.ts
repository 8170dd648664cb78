import { useCallback, useRef, useState } from 'react';
import type { Appointment, Hold } from '../../ui/booking-api';

/**
 * What the citizen has chosen so far in the booking journey. Kept in sessionStorage so a reload
 * or the back button does not lose it; cleared when the booking is done.
 */
export interface Draft {
  serviceIds: string[];
  locationSlug: string | null;
  officeDayId: string | null;
  startsAt: string | null;
  hold: Hold | null;
  contact: { name: string; email: string; phone: string };
  /** One key per booking attempt: a retry after a lost answer books once. */
  idempotencyKey: string | null;
  result: BookingDone | null;
}

/** What the confirmation page shows (kept so that a reload of it shows the same). */
export interface BookingDone {
  bookingNumber: string;
  manageUrl: string;
  /** The manage link's secret: the calendar file is fetched with it. */
  manageToken?: string;
  email: string | null;
  phone: string | null;
  /** Older drafts (before #10) have no appointment: the page then shows the number only. */
  appointment?: Appointment;
  /** Booked in video hours: the citizen calls from the terminal with the booking number (#11). */
  video?: boolean;
}

export const EMPTY_DRAFT: Draft = {
  serviceIds: [],
  locationSlug: null,
  officeDayId: null,
  startsAt: null,
  hold: null,
  contact: { name: '', email: '', phone: '' },
  idempotencyKey: null,
  result: null,
};

function read(key: string): Draft {
  try {
    const raw = window.sessionStorage.getItem(key);
    if (raw) return { ...EMPTY_DRAFT, ...(JSON.parse(raw) as Partial<Draft>) };
  } catch {
    // storage unavailable or damaged: start empty
  }
  return EMPTY_DRAFT;
}

/**
 * `persist` = false on the public terminal: the next person at the screen must not find the
 * previous one's choices or contact details, so nothing outlives the page.
 */
export function useDraft(key: string, persist = true): [Draft, (patch: Partial<Draft>) => Draft, () => void] {
  const [draft, setDraft] = useState<Draft>(() => (persist ? read(key) : EMPTY_DRAFT));
  const memory = useRef<Draft>(draft);
  const update = useCallback(
    (patch: Partial<Draft>) => {
      const next = { ...(persist ? read(key) : memory.current), ...patch };
      memory.current = next;
      if (persist) {
        try {
          window.sessionStorage.setItem(key, JSON.stringify(next));
        } catch {
          // private mode: keep it in memory only
        }
      }
      setDraft(next);
      return next;
    },
    [key, persist],
  );
  const reset = useCallback(() => {
    try {
      window.sessionStorage.removeItem(key);
    } catch {
      // ignore
    }
    memory.current = EMPTY_DRAFT;
    setDraft(EMPTY_DRAFT);
  }, [key]);
  return [draft, update, reset];
}
