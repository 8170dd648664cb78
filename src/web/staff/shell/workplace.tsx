import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

/**
 * Where this workstation works today: the location of its queue and the desk label. Kept in the
 * browser (it belongs to the device, not the person: the next colleague at the same desk keeps
 * it), shown in the staff shell and used by the queue screen. No personal data.
 */
export interface Workplace {
  locationId: string | null;
  locationName: string | null;
  desk: string;
}

interface WorkplaceState extends Workplace {
  setLocation(location: { id: string; name: string } | null): void;
  setDesk(desk: string): void;
}

const KEY = 'bk-workplace';
/** Keys the queue screen used before the shell kept the workplace. */
const OLD_LOCATION_KEY = 'bk-queue-location';
const OLD_DESK_KEY = 'bk-desk-label';

function read(): Workplace {
  const empty: Workplace = { locationId: null, locationName: null, desk: '' };
  try {
    const raw = window.localStorage.getItem(KEY);
    if (raw) {
      const v = JSON.parse(raw) as Partial<Workplace>;
      return {
        locationId: typeof v.locationId === 'string' ? v.locationId : null,
        locationName: typeof v.locationName === 'string' ? v.locationName : null,
        desk: typeof v.desk === 'string' ? v.desk : '',
      };
    }
    return {
      ...empty,
      locationId: window.localStorage.getItem(OLD_LOCATION_KEY),
      desk: window.localStorage.getItem(OLD_DESK_KEY) ?? '',
    };
  } catch {
    return empty;
  }
}

function write(w: Workplace): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(w));
  } catch {
    // storage may be unavailable; the workplace then lasts as long as the page
  }
}

const WorkplaceContext = createContext<WorkplaceState | null>(null);

export function WorkplaceProvider({ children }: { children: ReactNode }) {
  const [workplace, setWorkplace] = useState<Workplace>(read);
  const update = useCallback((patch: Partial<Workplace>) => {
    setWorkplace((current) => {
      const next = { ...current, ...patch };
      if (
        next.locationId === current.locationId &&
        next.locationName === current.locationName &&
        next.desk === current.desk
      )
        return current;
      write(next);
      return next;
    });
  }, []);
  const setLocation = useCallback(
    (l: { id: string; name: string } | null) =>
      update({ locationId: l?.id ?? null, locationName: l?.name ?? null }),
    [update],
  );
  const setDesk = useCallback((desk: string) => update({ desk: desk.trim().replace(/\s+/g, ' ') }), [update]);
  const value = useMemo<WorkplaceState>(
    () => ({ ...workplace, setLocation, setDesk }),
    [workplace, setLocation, setDesk],
  );
  return <WorkplaceContext.Provider value={value}>{children}</WorkplaceContext.Provider>;
}

export function useWorkplace(): WorkplaceState {
  const state = useContext(WorkplaceContext);
  if (!state) throw new Error('useWorkplace outside WorkplaceProvider');
  return state;
}
