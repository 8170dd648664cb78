import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';
import { type SearchChannel, type SearchResponse, searchCatalog } from './catalog-api';

/**
 * Search as you type: waits `delayMs` after the last keystroke, cancels the request before, and
 * shows nothing (no error) for input the API would refuse — errors belong to an explicit submit.
 */
export function useCatalogSearch(
  channel: SearchChannel,
  delayMs = 200,
  limit = 10,
  /** A 115 agent acting for a caller's authority (X-Acting-For, ADR 27). */
  actingFor?: string,
) {
  const [response, setResponse] = useState<SearchResponse | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<AbortController | undefined>(undefined);

  const run = useCallback(
    async (q: string, reportErrors: boolean): Promise<SearchResponse | null> => {
      clearTimeout(timer.current);
      inflight.current?.abort();
      const controller = new AbortController();
      inflight.current = controller;
      setLoading(true);
      try {
        const r = await searchCatalog(q, channel, {
          signal: controller.signal,
          limit,
          ...(actingFor ? { headers: { 'x-acting-for': actingFor } } : {}),
        });
        setResponse(r);
        setError(null);
        return r;
      } catch (e) {
        if ((e as Error).name === 'AbortError') return null;
        setResponse(null);
        if (reportErrors && e instanceof ApiError) setError(e);
        else if (reportErrors) setError(new ApiError(0, 'NETWORK_ERROR', String((e as Error).message)));
        return null;
      } finally {
        if (inflight.current === controller) setLoading(false);
      }
    },
    [channel, limit, actingFor],
  );

  /** As the user types. */
  const type = useCallback(
    (q: string) => {
      clearTimeout(timer.current);
      setError(null);
      if (q.replace(/[^\p{L}\p{N}]/gu, '').length < 2) {
        inflight.current?.abort();
        setResponse(null);
        setLoading(false);
        return;
      }
      timer.current = setTimeout(() => void run(q, false), delayMs);
    },
    [run, delayMs],
  );

  /** On submit: search now and report what the API refuses. */
  const submit = useCallback((q: string) => run(q, true), [run]);

  const clear = useCallback(() => {
    clearTimeout(timer.current);
    inflight.current?.abort();
    setResponse(null);
    setError(null);
  }, []);

  useEffect(
    () => () => {
      clearTimeout(timer.current);
      inflight.current?.abort();
    },
    [],
  );

  return { response, loading, error, type, submit, clear };
}
