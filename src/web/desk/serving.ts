import { useSearch } from '../ui/router';

/**
 * The queue ticket a clerk is serving, carried from the queue through the register search and the
 * person's record to the new case (`?ticket=<id>&code=<A001>`), so the case is linked to the ticket
 * and every page shows whom the clerk is serving (#10).
 */
export interface Serving {
  ticketId: string;
  code: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[A-Za-z0-9-]{1,20}$/;

/** The ticket from the address, if it is well-formed (anything else is ignored). */
export function servingFrom(search: URLSearchParams): Serving | null {
  const ticketId = search.get('ticket') ?? '';
  const code = search.get('code') ?? '';
  return UUID.test(ticketId) && CODE.test(code) ? { ticketId, code } : null;
}

export function useServing(): Serving | null {
  return servingFrom(useSearch());
}

/** Query parameters that carry the ticket (and optional other values) to the next page. */
export function withServing(serving: Serving | null, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
  if (serving) {
    q.set('ticket', serving.ticketId);
    q.set('code', serving.code);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/**
 * A booked name split for the register search: the last word is taken as the family name, the
 * rest as given names; remarks in brackets are dropped. Only a prefill — the clerk corrects it.
 */
export function splitName(full: string): { familyName: string; givenNames: string } {
  const words = full
    .replace(/\([^)]*\)/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return { familyName: '', givenNames: '' };
  return { familyName: words[words.length - 1]!, givenNames: words.slice(0, -1).join(' ') };
}
