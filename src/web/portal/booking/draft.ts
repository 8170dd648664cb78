import { useCallback, useState } from 'react';
import type { Hold } from '../../ui/booking-api';

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
  result: { bookingNumber: string; manageUrl: string; email: string | null; phone: string | null } | null;
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

export function useDraft(key: string): [Draft, (patch: Partial<Draft>) => Draft, () => void] {
  const [draft, setDraft] = useState<Draft>(() => read(key));
  const update = useCallback(
    (patch: Partial<Draft>) => {
      const next = { ...read(key), ...patch };
      try {
        window.sessionStorage.setItem(key, JSON.stringify(next));
      } catch {
        // private mode: keep it in memory only
      }
      setDraft(next);
      return next;
    },
    [key],
  );
  const reset = useCallback(() => {
    try {
      window.sessionStorage.removeItem(key);
    } catch {
      // ignore
    }
    setDraft(EMPTY_DRAFT);
  }, [key]);
  return [draft, update, reset];
}
