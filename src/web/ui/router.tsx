import {
  type AnchorHTMLAttributes,
  type MouseEvent,
  type ReactNode,
  useContext,
  useEffect,
  useSyncExternalStore,
} from 'react';
import { portalHref } from '../../core/portal';
import { appPath, inPortal, type PortalInfo, portalBase, readPortalInfo } from './portal-base';
import { ServerLocationContext } from './server-render';

/**
 * A small router on the History API: enough for our apps, no dependency. Paths are plain
 * strings; patterns use ":name" segments and a trailing "*" for "anything below".
 */
const listeners = new Set<() => void>();
/** In-app navigations since the document loaded (links, navigate(), Back and Forward). */
let navigations = 0;
function notify() {
  for (const l of listeners) l();
}
if (typeof window !== 'undefined')
  window.addEventListener('popstate', () => {
    navigations++;
    notify();
  });

/** True once the user has moved within the app; false on the page the document loaded with. */
export function hasNavigated(): boolean {
  return navigations > 0;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The app's path: the address without the portal prefix (`/meerane/leistungen` → `/leistungen`). */
export function usePath(): string {
  const server = useContext(ServerLocationContext);
  return useSyncExternalStore(subscribe, appPath, () => server?.path ?? appPath());
}

const NO_PORTAL: PortalInfo = { base: '', name: null };

/** The page's portal: its address prefix and the authority's name (server: the request's; browser: the page's meta). */
export function usePortal(): PortalInfo {
  const server = useContext(ServerLocationContext);
  const base = useSyncExternalStore(subscribe, portalBase, () => server?.portal?.base ?? portalBase());
  if (server) return server.portal ?? NO_PORTAL;
  if (typeof document === 'undefined') return NO_PORTAL;
  return { base, name: readPortalInfo(document, window.location.pathname).name };
}

export function useSearch(): URLSearchParams {
  const server = useContext(ServerLocationContext);
  const search = useSyncExternalStore(
    subscribe,
    () => window.location.search,
    () => server?.search ?? window.location.search,
  );
  return new URLSearchParams(search);
}

/**
 * Path prefixes where in-app navigation replaces the history entry instead of adding one: the
 * public terminal, so that Back never returns to the previous person's pages (ADR 0019).
 */
const REPLACE_ONLY = ['/terminal'];

/**
 * Goes to an app path (`/leistungen`); below a portal's `/<slug>` the address keeps the prefix
 * (staff apps live at the installation's address and never get it, core/portal.ts).
 */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const here = appPath();
  const replaceOnly = REPLACE_ONLY.some((p) => here === p || here.startsWith(`${p}/`));
  const address = inPortal(to);
  if (options.replace || replaceOnly) window.history.replaceState(null, '', address);
  else window.history.pushState(null, '', address);
  navigations++;
  window.scrollTo(0, 0);
  notify();
}

export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const wildcard = pattern.endsWith('/*');
  const p = (wildcard ? pattern.slice(0, -2) : pattern).split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (wildcard ? s.length < p.length : s.length !== p.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(s[i]!);
    else if (seg !== s[i]) return null;
  }
  if (wildcard) params['*'] = s.slice(p.length).join('/');
  return params;
}

export interface Route {
  path: string;
  render: (params: Record<string, string>) => ReactNode;
}

/** Renders the first route that matches the current path, or `fallback`. */
export function Routes({ routes, fallback }: { routes: Route[]; fallback: ReactNode }) {
  const path = usePath();
  for (const r of routes) {
    const params = matchPath(r.path, path);
    if (params) return <>{r.render(params)}</>;
  }
  return <>{fallback}</>;
}

/**
 * A link to an app path or an API file (`/api/…/calendar.ics`): below a portal's `/<slug>` the
 * address carries the prefix, on the server and in the browser alike (hydration sees the same).
 */
export function Link({
  href,
  children,
  onClick,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { base } = usePortal();
  const address = portalHref(base, href);
  function handle(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    if (rest.target || !href.startsWith('/') || href.startsWith('/api/')) return;
    // The kit is a separate app with its own document; switch documents to reach it.
    if (href.startsWith('/koffer') !== appPath().startsWith('/koffer')) return;
    event.preventDefault();
    navigate(href);
  }
  return (
    <a href={address} onClick={handle} {...rest}>
      {children}
    </a>
  );
}

/**
 * Moves focus to the page heading after an in-app navigation, so screen readers announce the new
 * page. Not on the page the document loaded with: there the browser's own start is right, and a
 * focused heading would show a focus box nobody asked for (#10). The heading gets tabindex=-1;
 * app.css hides the ring unless the user navigates by keyboard (:focus-visible).
 */
export function useFocusHeadingOnNavigate(): void {
  const path = usePath();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation
  useEffect(() => {
    if (!hasNavigated()) return;
    const from = document.activeElement;
    const focusHeading = (): boolean => {
      const h1 = document.querySelector<HTMLElement>('main h1');
      if (!h1) return false;
      // The user (or an error summary) moved focus meanwhile: leave it there.
      const moved = document.activeElement !== from && document.activeElement !== document.body;
      if (h1 !== document.activeElement && !moved && !document.querySelector('[data-error-summary]')) {
        h1.setAttribute('tabindex', '-1');
        h1.focus({ preventScroll: true });
      }
      return true;
    };
    if (focusHeading()) return;
    // A lazy page shows its heading a moment later: wait for it (not for ever).
    const main = document.querySelector('main');
    if (!main) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    const stop = setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      observer.disconnect();
      clearTimeout(stop);
    };
  }, [path]);
}

/**
 * The autocomplete token for a field, or "off" on the public terminal: the browser must not
 * remember one visitor's name or e-mail address and offer it to the next (#10 point 7).
 */
export function useAutofill(): (token: string) => string {
  const path = usePath();
  const terminal = REPLACE_ONLY.some((p) => path === p || path.startsWith(`${p}/`));
  return (token) => (terminal ? 'off' : token);
}

/**
 * For a plain `<a href>` (a file download such as a calendar feed): the address with the page's
 * portal prefix, the same on the server and in the browser.
 */
export function usePortalHref(): (href: string) => string {
  const { base } = usePortal();
  return (href) => portalHref(base, href);
}
