import { inPortal } from './portal-base';

/**
 * Ends a visit at a public terminal (#10 point 7, ADR 0019): whatever the last person entered or
 * looked at must be gone before the next one steps up. A reusable function, for the terminal's
 * "Fertig" and inactivity timeout today and for the video consultation later.
 *
 * 1. Hooks registered by features run first (e.g. the booking journey gives back a held slot).
 * 2. Everything the page could have left in the browser is deleted: sessionStorage, localStorage,
 *    cookies readable by scripts, IndexedDB databases, Cache Storage.
 * 3. The document is replaced by a fresh one at the start page (location.replace): React state,
 *    form fields and the page's memory go with the old document, and the history entry it stood
 *    on is overwritten. The terminal never adds history entries of its own (the router replaces
 *    instead of pushing on /terminal), so Back leads to nothing of the previous person.
 */
type WipeHook = () => Promise<unknown> | unknown;

const hooks = new Set<WipeHook>();

/** Runs `hook` before the next wipe (at most 2 s are waited for it). Returns the unregister function. */
export function onKioskWipe(hook: WipeHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/**
 * A feature that must not be interrupted by the inactivity countdown while the visitor sits still
 * (a video consultation: waiting for the clerk, listening) holds the terminal awake. The
 * countdown resumes when the last hold is released; "Fertig" still wipes at once.
 */
let awakeHolds = 0;
const awakeListeners = new Set<() => void>();

export function keepKioskAwake(): () => void {
  awakeHolds++;
  for (const l of awakeListeners) l();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    awakeHolds--;
    for (const l of awakeListeners) l();
  };
}

export function kioskKeptAwake(): boolean {
  return awakeHolds > 0;
}

export function onKioskAwakeChange(listener: () => void): () => void {
  awakeListeners.add(listener);
  return () => awakeListeners.delete(listener);
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** Deletes every trace a page of this origin can reach from script. */
export async function clearBrowserState(): Promise<void> {
  try {
    window.sessionStorage.clear();
  } catch {
    // storage unavailable: nothing to clear
  }
  try {
    window.localStorage.clear();
  } catch {
    // storage unavailable: nothing to clear
  }
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim();
    // biome-ignore lint/suspicious/noDocumentCookie: expiring every script-readable cookie is the point
    if (name) document.cookie = `${name}=; path=/; max-age=0; SameSite=Lax`;
  }
  if (typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function') {
    const databases = await indexedDB.databases().catch(() => []);
    await Promise.all(databases.map((d) => (d.name ? deleteDatabase(d.name) : undefined)));
  }
  if (typeof caches !== 'undefined') {
    const keys = await caches.keys().catch(() => [] as string[]);
    await Promise.all(keys.map((k) => caches.delete(k)));
  }
}

/** Wipes the visit and shows a fresh start page. */
export async function wipeKioskSession(startPath = '/terminal'): Promise<void> {
  const pending = [...hooks].map((hook) =>
    Promise.resolve()
      .then(hook)
      .catch(() => undefined),
  );
  hooks.clear();
  await Promise.race([Promise.all(pending), new Promise((resolve) => setTimeout(resolve, 2000))]);
  await clearBrowserState();
  window.location.replace(inPortal(startPath));
}
