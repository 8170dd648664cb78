/**
 * Whether the server answered lately. `navigator.onLine` only knows whether there is a network
 * interface; in a village hall the laptop can be "online" to the LTE router and still reach
 * nothing. Every kit request reports here; the status bar shows offline when either says so.
 */
type Listener = (reachable: boolean) => void;
let reachable = true;
const listeners = new Set<Listener>();

export function reportReachable(ok: boolean): void {
  if (ok === reachable) return;
  reachable = ok;
  for (const l of listeners) l(ok);
}

export function isReachable(): boolean {
  return reachable;
}

export function onReachability(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A cheap check whether the server answers (used while it did not). */
export async function probeServer(): Promise<boolean> {
  try {
    const response = await fetch('/health', { cache: 'no-store' });
    reportReachable(response.ok);
    return response.ok;
  } catch {
    reportReachable(false);
    return false;
  }
}
