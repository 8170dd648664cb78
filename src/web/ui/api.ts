import { inPortal } from './portal-base';

/**
 * The one way the web apps talk to the API: JSON in and out, the chosen language, the CSRF token
 * for staff sessions, and problem documents turned into ApiError with field errors. Below a
 * portal's `/<slug>` every `/api/…` URL is asked for as `/<slug>/api/…` (ADR 27): the server
 * then answers in that portal's authority.
 */
export interface FieldProblem {
  path: string;
  code: string;
  message?: string;
  params?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
    readonly body: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }
  /** The message for one field (by JSON pointer, e.g. "/email"), if the API named it. */
  field(path: string): string | undefined {
    return this.errors.find((e) => e.path === path)?.message;
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function currentLocale(): string {
  return document.documentElement.lang === 'en' ? 'en' : 'de';
}

export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function api<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': currentLocale(),
    ...options.headers,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(inPortal(url), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(
      0,
      'NETWORK_ERROR',
      currentLocale() === 'en'
        ? 'No connection to the server. Please check the network and try again.'
        : 'Keine Verbindung zum Server. Bitte prüfen Sie die Verbindung und versuchen Sie es erneut.',
    );
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const problem = (typeof data === 'object' && data) || {};
    throw new ApiError(
      response.status,
      problem.code ?? `HTTP_${response.status}`,
      problem.detail ?? String(data),
      problem.errors ?? [],
      problem,
    );
  }
  return data as T;
}

export const get = <T>(url: string, options?: RequestOptions) => api<T>('GET', url, undefined, options);
export const post = <T>(url: string, body?: unknown, options?: RequestOptions) =>
  api<T>('POST', url, body ?? {}, options);
export const patch = <T>(url: string, body?: unknown, options?: RequestOptions) =>
  api<T>('PATCH', url, body ?? {}, options);
export const put = <T>(url: string, body?: unknown, options?: RequestOptions) =>
  api<T>('PUT', url, body ?? {}, options);
export const del = <T>(url: string, options?: RequestOptions) => api<T>('DELETE', url, undefined, options);

/**
 * A POST whose answer is a file (a PDF or JSON download): the bytes and the file name from
 * Content-Disposition; problem documents become ApiError as with `api`.
 */
export async function postForFile(url: string, body: unknown): Promise<{ blob: Blob; filename: string }> {
  const headers: Record<string, string> = {
    accept: 'application/pdf, application/json',
    'accept-language': currentLocale(),
    'content-type': 'application/json',
  };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(inPortal(url), {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(
      0,
      'NETWORK_ERROR',
      currentLocale() === 'en'
        ? 'No connection to the server. Please check the network and try again.'
        : 'Keine Verbindung zum Server. Bitte prüfen Sie die Verbindung und versuchen Sie es erneut.',
    );
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new ApiError(
      response.status,
      problem.code ?? `HTTP_${response.status}`,
      problem.detail ?? '',
      problem.errors ?? [],
      problem,
    );
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'download';
  return { blob: await response.blob(), filename };
}
