import { ApiError, get, post } from '../../ui/api';
import { inPortal } from '../../ui/portal-base';

/** The terminal's side of the video API (#11). The per-call token lives in memory only. */
export interface TerminalStatus {
  enrolled: boolean;
  terminal: { name: string; locationName: string } | null;
  available: boolean;
  expectedWaitMinutes: number | null;
  waiting: number;
  nextHours: { date: string; startTime: string; endTime: string; open: boolean } | null;
  phone: string | null;
  authorityName: string | null;
}

export interface StartedCall {
  callId: string;
  token: string;
  kind: 'walk_in' | 'booked';
  expiresAt: string;
}

export const terminalStatus = () => get<TerminalStatus>('/api/video/terminal');

export const startVideoCall = (bookingNumber?: string) =>
  post<StartedCall>('/api/video/calls', bookingNumber ? { bookingNumber } : {});

export const pairTerminal = (code: string) =>
  post<{ terminal: { name: string; locationName: string } }>('/api/video/terminal/pair', { code });

/** Hangs up; `keepalive` lets it finish while the page is being replaced (the wipe). */
export async function hangUpCall(call: StartedCall, keepalive = false): Promise<void> {
  await fetch(inPortal(`/api/video/calls/${call.callId}/hangup`), {
    method: 'POST',
    headers: { authorization: `Bearer ${call.token}`, accept: 'application/json' },
    keepalive,
    credentials: 'same-origin',
  }).catch(() => undefined);
}

/** Sends a still image (document camera) or the signature of a pushed form; returns its SHA-256. */
export async function uploadCallImage(
  call: StartedCall,
  image: Blob,
  kind: 'scan' | 'signature',
  locale: string,
): Promise<{ sha256: string }> {
  let res: Response;
  try {
    res = await fetch(inPortal(`/api/video/calls/${call.callId}/images?kind=${kind}`), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${call.token}`,
        'content-type': image.type || 'image/jpeg',
        'accept-language': locale,
        accept: 'application/json',
      },
      body: image,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '');
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok)
    throw new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.detail ?? '', body.errors ?? []);
  return body;
}
