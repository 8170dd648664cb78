/**
 * Registers the kit's service worker (a same-origin script, as the CSP demands) with the scope
 * /koffer. An update found later waits until the clerk chooses "update" (no work is lost: the
 * outbox lives in IndexedDB, not in the page).
 */
export const SW_URL = '/koffer-sw.js';
export const SW_SCOPE = '/koffer';

type Listener = (waiting: ServiceWorker | null) => void;
const listeners = new Set<Listener>();
let waitingWorker: ServiceWorker | null = null;

function setWaiting(worker: ServiceWorker | null) {
  waitingWorker = worker;
  for (const l of listeners) l(worker);
}

export function onUpdateWaiting(listener: Listener): () => void {
  listeners.add(listener);
  listener(waitingWorker);
  return () => listeners.delete(listener);
}

export async function registerKitServiceWorker(): Promise<ServiceWorkerRegistration | undefined> {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return undefined;
  try {
    const registration = await navigator.serviceWorker.register(SW_URL, { scope: SW_SCOPE });
    if (registration.waiting && navigator.serviceWorker.controller) setWaiting(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => {
        if (installing.state === 'installed' && navigator.serviceWorker.controller) setWaiting(installing);
      });
    });
    return registration;
  } catch {
    return undefined;
  }
}

/** Looks for a newer kit version on the server (e.g. after KIT_VERSION_SKEW). */
export async function checkForUpdate(): Promise<boolean> {
  const registration = await navigator.serviceWorker?.getRegistration(SW_SCOPE);
  if (!registration) return false;
  await registration.update().catch(() => {});
  if (registration.waiting) setWaiting(registration.waiting);
  return !!registration.waiting;
}

/** Activates the waiting version and reloads the page with it. */
export function applyUpdate(): void {
  const worker = waitingWorker;
  if (!worker) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), {
    once: true,
  });
  worker.postMessage('skip-waiting');
}
