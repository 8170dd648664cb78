/**
 * The signalling protocol of a video consultation (#11): the messages that travel over the call's
 * WebSocket between the terminal, the clerk and an invited third party. Media never pass the
 * server (WebRTC peer-to-peer or through TURN); these messages only set the connection up and
 * carry the text chat, the form push and notices. Nothing of a message's content is stored.
 *
 * Shared by the server (which checks every incoming message with `parseClientMessage`) and the
 * browsers (which build them).
 */

export const PARTICIPANT_ROLES = ['terminal', 'clerk', 'guest'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const GUEST_KINDS = ['interpreter', 'colleague'] as const;
export type GuestKind = (typeof GUEST_KINDS)[number];

export const CALL_STATUSES = ['waiting', 'active', 'ended'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/**
 * How a call ended, for the evaluation (never its content): advice given, a case captured, the
 * caller left before a clerk answered, or the connection was lost and not restored.
 */
export const CALL_OUTCOMES = ['advice', 'case', 'abandoned', 'connection_lost'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Longest chat message in characters. */
export const CHAT_MAX_LENGTH = 500;
/** Longest session description (SDP) accepted from a browser. */
export const SDP_MAX_LENGTH = 64_000;
/** Largest JSON message a socket accepts (the form data of a pushed form is the largest). */
export const MESSAGE_MAX_BYTES = 128 * 1024;

/** The client pings this often; the client gives the connection up after `HEARTBEAT_TIMEOUT_MS` of silence. */
export const HEARTBEAT_INTERVAL_MS = 3_000;
export const HEARTBEAT_TIMEOUT_MS = 9_000;

export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

export interface SessionDescriptionInit {
  type: 'offer' | 'answer';
  sdp: string;
}

export interface PeerInfo {
  id: string;
  role: ParticipantRole;
  /** interpreter or colleague, for guests. */
  guestKind?: GuestKind;
}

export interface IceConfig {
  iceServers: { urls: string[]; username?: string; credential?: string }[];
  iceTransportPolicy: 'all' | 'relay';
}

/** The form a clerk shows on the terminal screen: a form of the shared renderer with its context. */
export interface FormPush {
  /** Changes with every push, so a late answer to an older push is recognised. */
  pushId: string;
  serviceId: string;
  formKey: string;
  personId: string | null;
  context: {
    today: string;
    hasPerson: boolean;
    personBirthDate: string | null;
    options: Record<string, { value: string; label: string; hint?: string }[]>;
  };
  /** Values the clerk filled in already (e.g. after a correction). */
  data: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Browser → server
// ---------------------------------------------------------------------------------------------

export type ClientMessage =
  /** First message of the terminal and of a guest: the per-call token (the clerk uses the session cookie). */
  | { type: 'auth'; token: string }
  | { type: 'ping' }
  /** An offer, answer or ICE candidate for one other participant. */
  | { type: 'signal'; to: string; description?: SessionDescriptionInit; candidate?: IceCandidateInit | null }
  | { type: 'chat'; text: string }
  /** The clerk shows a form on the terminal (relayed to the terminal only). */
  | { type: 'form.push'; form: FormPush }
  /** The clerk takes the form back. */
  | { type: 'form.withdraw'; pushId: string }
  /** The citizen sends the filled form to the clerk (relayed to the clerk only). */
  | { type: 'form.submit'; pushId: string; data: Record<string, unknown> }
  /** Microphone and camera state, for the other side's display. */
  | { type: 'media'; audio: boolean; video: boolean };

// ---------------------------------------------------------------------------------------------
// Server → browser
// ---------------------------------------------------------------------------------------------

export type ServerMessage =
  | {
      type: 'welcome';
      self: PeerInfo;
      callId: string;
      status: CallStatus;
      ice: IceConfig;
    }
  | { type: 'pong' }
  /** Someone joined: participants already in the call send it an offer. */
  | { type: 'peer.joined'; peer: PeerInfo }
  | { type: 'peer.left'; peerId: string }
  | {
      type: 'signal';
      from: PeerInfo;
      description?: SessionDescriptionInit;
      candidate?: IceCandidateInit | null;
    }
  | { type: 'chat'; from: PeerInfo; text: string; at: string }
  | { type: 'call.accepted' }
  | { type: 'call.ended'; outcome: CallOutcome; by: 'terminal' | 'clerk' | 'system' }
  | { type: 'form.push'; form: FormPush }
  | { type: 'form.withdraw'; pushId: string }
  | { type: 'form.submit'; from: PeerInfo; pushId: string; data: Record<string, unknown> }
  | { type: 'media'; from: PeerInfo; audio: boolean; video: boolean }
  /** A still image from the terminal's document camera reached the clerk. */
  | { type: 'image'; imageId: string; sha256: string; mediaType: string; at: string }
  /** The clerk captured the case of this call: the citizen sees its number and access code. */
  | { type: 'case'; number: string; accessCode: string; pushId: string | null }
  | { type: 'error'; code: string };

/** Close codes of the call socket (4000–4999 are the application's). */
export const CLOSE = {
  /** No or a wrong token, no session, wrong origin: this socket may not join this call. */
  forbidden: 4403,
  /** No auth message in time. */
  authTimeout: 4408,
  /** The same participant connected again elsewhere; this older socket is closed. */
  replaced: 4409,
  /** The call has ended. */
  ended: 4410,
  /** A message broke the protocol (unknown type, too large, bad fields). */
  protocol: 4400,
} as const;

type Check = (value: unknown) => boolean;
const isString =
  (max: number, min = 0): Check =>
  (v) =>
    typeof v === 'string' && v.length >= min && v.length <= max;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function onlyKeys(value: Record<string, unknown>, allowed: string[]): boolean {
  return Object.keys(value).every((k) => allowed.includes(k));
}

function isCandidate(v: unknown): boolean {
  if (v === null) return true;
  if (!isObject(v) || !onlyKeys(v, ['candidate', 'sdpMid', 'sdpMLineIndex', 'usernameFragment']))
    return false;
  return (
    isString(4096)(v.candidate) &&
    (v.sdpMid === undefined || v.sdpMid === null || isString(64)(v.sdpMid)) &&
    (v.sdpMLineIndex === undefined ||
      v.sdpMLineIndex === null ||
      (Number.isInteger(v.sdpMLineIndex) &&
        (v.sdpMLineIndex as number) >= 0 &&
        (v.sdpMLineIndex as number) < 64)) &&
    (v.usernameFragment === undefined || v.usernameFragment === null || isString(256)(v.usernameFragment))
  );
}

function isDescription(v: unknown): boolean {
  return (
    isObject(v) &&
    onlyKeys(v, ['type', 'sdp']) &&
    (v.type === 'offer' || v.type === 'answer') &&
    isString(SDP_MAX_LENGTH, 1)(v.sdp)
  );
}

function isJsonData(v: unknown, depth = 0): boolean {
  if (depth > 8) return false;
  if (v === null || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v === 'string') return v.length <= 10_000 && !v.includes('\u0000');
  if (Array.isArray(v)) return v.length <= 200 && v.every((x) => isJsonData(x, depth + 1));
  if (isObject(v)) {
    const keys = Object.keys(v);
    return (
      keys.length <= 200 &&
      keys.every((k) => k.length <= 100 && !['__proto__', 'constructor', 'prototype'].includes(k)) &&
      keys.every((k) => isJsonData(v[k], depth + 1))
    );
  }
  return false;
}

function isFormPush(v: unknown): boolean {
  if (!isObject(v) || !onlyKeys(v, ['pushId', 'serviceId', 'formKey', 'personId', 'context', 'data']))
    return false;
  const c = v.context;
  return (
    isString(64, 1)(v.pushId) &&
    isString(64, 1)(v.serviceId) &&
    isString(64, 1)(v.formKey) &&
    (v.personId === null || isString(64, 1)(v.personId)) &&
    isObject(c) &&
    onlyKeys(c, ['today', 'hasPerson', 'personBirthDate', 'options']) &&
    isString(10, 10)(c.today) &&
    typeof c.hasPerson === 'boolean' &&
    (c.personBirthDate === null || isString(10, 10)(c.personBirthDate)) &&
    isJsonData(c.options) &&
    isObject(c.options) &&
    isObject(v.data) &&
    isJsonData(v.data)
  );
}

/**
 * Checks a message a browser sent: known type, known fields only, bounded sizes. Returns the
 * message, or null when it breaks the protocol (the server then closes the socket).
 */
export function parseClientMessage(raw: string): ClientMessage | null {
  if (raw.length > MESSAGE_MAX_BYTES) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isObject(value) || typeof value.type !== 'string') return null;
  const v = value;
  switch (v.type) {
    case 'auth':
      return onlyKeys(v, ['type', 'token']) && isString(200, 16)(v.token) ? (v as ClientMessage) : null;
    case 'ping':
      return onlyKeys(v, ['type']) ? { type: 'ping' } : null;
    case 'signal': {
      if (!onlyKeys(v, ['type', 'to', 'description', 'candidate']) || !isString(64, 1)(v.to)) return null;
      const hasDescription = v.description !== undefined;
      const hasCandidate = v.candidate !== undefined;
      if (hasDescription === hasCandidate) return null;
      if (hasDescription && !isDescription(v.description)) return null;
      if (hasCandidate && !isCandidate(v.candidate)) return null;
      return v as ClientMessage;
    }
    case 'chat': {
      if (!onlyKeys(v, ['type', 'text']) || typeof v.text !== 'string') return null;
      const text = v.text.split('\u0000').join('').trim();
      if (text.length === 0 || text.length > CHAT_MAX_LENGTH) return null;
      return { type: 'chat', text };
    }
    case 'form.push':
      return onlyKeys(v, ['type', 'form']) && isFormPush(v.form) ? (v as ClientMessage) : null;
    case 'form.withdraw':
      return onlyKeys(v, ['type', 'pushId']) && isString(64, 1)(v.pushId) ? (v as ClientMessage) : null;
    case 'form.submit':
      return onlyKeys(v, ['type', 'pushId', 'data']) &&
        isString(64, 1)(v.pushId) &&
        isObject(v.data) &&
        isJsonData(v.data)
        ? (v as ClientMessage)
        : null;
    case 'media':
      return onlyKeys(v, ['type', 'audio', 'video']) &&
        typeof v.audio === 'boolean' &&
        typeof v.video === 'boolean'
        ? (v as ClientMessage)
        : null;
    default:
      return null;
  }
}

/** Which roles may send which message types (the server refuses the rest). */
export function mayPeerSend(role: ParticipantRole, type: ClientMessage['type']): boolean {
  switch (type) {
    case 'form.push':
    case 'form.withdraw':
      return role === 'clerk';
    case 'form.submit':
      return role === 'terminal';
    default:
      return true;
  }
}

// ---------------------------------------------------------------------------------------------
// The clerks' lobby: the live list of callers
// ---------------------------------------------------------------------------------------------

export interface VideoQueueEntry {
  id: string;
  status: 'waiting' | 'active';
  kind: 'walk_in' | 'booked';
  locationId: string;
  locationName: string;
  /** The language the citizen uses on the terminal. */
  locale: 'de' | 'en';
  requestedAt: string;
  acceptedAt: string | null;
  /** Answered by the clerk asking. */
  mine: boolean;
  /** Who answered (for colleagues), if someone did. */
  acceptedByName: string | null;
  /** The terminal's socket was heard of recently. */
  terminalConnected: boolean;
  booking: { startsAt: string; services: { de: string; en: string }[] } | null;
}

export type LobbyServerMessage = { type: 'queue'; calls: VideoQueueEntry[]; at: string } | { type: 'pong' };

export type LobbyClientMessage = { type: 'ping' };
