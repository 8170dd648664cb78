import {
  CLOSE,
  type ClientMessage,
  HEARTBEAT_INTERVAL_MS,
  HEARTBEAT_TIMEOUT_MS,
  type IceConfig,
  type PeerInfo,
  type ServerMessage,
} from '../../../core/video/protocol';
import { inPortal } from '../portal-base';

/**
 * One participant's side of a video call (#11): the call's WebSocket (signalling, chat, form
 * push) and one RTCPeerConnection per other participant (a mesh: terminal, clerk, perhaps an
 * interpreter). Media go peer-to-peer or through TURN, never through our server.
 *
 * Who offers: when someone joins, the participants already in the call send it an offer; the
 * newcomer only answers. So two offers never cross (no "glare"), also when a terminal rejoins
 * after a dropped network.
 *
 * A dead network shows as silence: a ping every 3 s, and after 9 s without any message from the
 * server the call counts as lost — the page says so and offers to rejoin.
 */
export type CallState =
  /** Opening the socket and authenticating. */
  | 'connecting'
  /** In the call (a clerk may not have answered yet: see `status`). */
  | 'open'
  /** The network dropped; `reconnect()` joins again. */
  | 'lost'
  /** The call is over (hung up by anyone). */
  | 'ended'
  /** The server refused this socket (wrong or expired token, not this clerk's call). */
  | 'refused';

export interface RemotePeer extends PeerInfo {
  stream: MediaStream | null;
  connection: RTCPeerConnectionState;
  audio: boolean;
  video: boolean;
}

export interface CallClientOptions {
  /** Path of the call's socket, e.g. /api/video/calls/<id>/socket?as=terminal. */
  path: string;
  /** The per-call token (terminal) or guest token; the clerk's session cookie needs none. */
  token?: string;
  localStream: MediaStream | null;
  onState(state: CallState, detail: { status?: 'waiting' | 'active' | 'ended'; outcome?: string }): void;
  onPeers(peers: RemotePeer[]): void;
  /** Chat lines, form push and answers, images, the case, errors. */
  onMessage(message: ServerMessage): void;
}

interface PeerEntry {
  info: PeerInfo;
  pc: RTCPeerConnection;
  stream: MediaStream | null;
  pendingCandidates: RTCIceCandidateInit[];
  audio: boolean;
  video: boolean;
}

export class CallClient {
  private ws: WebSocket | null = null;
  private readonly peers = new Map<string, PeerEntry>();
  private ice: IceConfig = { iceServers: [], iceTransportPolicy: 'all' };
  private self: PeerInfo | null = null;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private state: CallState = 'connecting';
  private closedByUs = false;
  private mediaState = { audio: true, video: true };

  constructor(private readonly options: CallClientOptions) {}

  get me(): PeerInfo | null {
    return this.self;
  }

  connect(): void {
    this.closedByUs = false;
    this.setState('connecting');
    const url = new URL(inPortal(this.options.path), window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.lastHeard = Date.now();
      if (this.options.token) this.send({ type: 'auth', token: this.options.token });
      this.startHeartbeat();
    };
    ws.onmessage = (event) => {
      if (ws !== this.ws) return;
      this.lastHeard = Date.now();
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      void this.receive(message);
    };
    ws.onclose = (event) => {
      if (ws !== this.ws) return;
      this.stopHeartbeat();
      if (this.closedByUs || this.state === 'ended') return;
      if (event.code === CLOSE.ended) this.finish('ended', {});
      else if (event.code === CLOSE.forbidden || event.code === CLOSE.replaced) this.finish('refused', {});
      else this.lose();
    };
  }

  /** Joins the same call again after a lost connection (same token, new socket, new peer connections). */
  reconnect(): void {
    this.closePeers();
    this.dropSocket();
    this.connect();
  }

  send(message: ClientMessage): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  setMedia(audio: boolean, video: boolean): void {
    this.mediaState = { audio, video };
    for (const t of this.options.localStream?.getAudioTracks() ?? []) t.enabled = audio;
    for (const t of this.options.localStream?.getVideoTracks() ?? []) t.enabled = video;
    this.send({ type: 'media', audio, video });
  }

  /** Leaves the call on this side (the caller tells the server separately who hung up). */
  close(): void {
    this.closedByUs = true;
    this.stopHeartbeat();
    this.closePeers();
    this.dropSocket();
  }

  private setState(
    state: CallState,
    detail: { status?: 'waiting' | 'active' | 'ended'; outcome?: string } = {},
  ) {
    this.state = state;
    this.options.onState(state, detail);
  }

  private finish(state: 'ended' | 'refused', detail: { outcome?: string }) {
    this.stopHeartbeat();
    this.closePeers();
    this.dropSocket();
    this.setState(state, detail);
  }

  private lose() {
    this.stopHeartbeat();
    this.closePeers();
    this.dropSocket();
    this.setState('lost');
  }

  private dropSocket() {
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) {
      ws.onclose = null;
      ws.close(1000);
    }
  }

  private startHeartbeat() {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeard > HEARTBEAT_TIMEOUT_MS) {
        this.lose();
        return;
      }
      this.send({ type: 'ping' });
    }, HEARTBEAT_INTERVAL_MS);
  }

  private stopHeartbeat() {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private emitPeers() {
    this.options.onPeers(
      [...this.peers.values()].map((p) => ({
        ...p.info,
        stream: p.stream,
        connection: p.pc.connectionState,
        audio: p.audio,
        video: p.video,
      })),
    );
  }

  private closePeers() {
    for (const p of this.peers.values()) p.pc.close();
    this.peers.clear();
    this.emitPeers();
  }

  private async receive(message: ServerMessage): Promise<void> {
    switch (message.type) {
      case 'welcome':
        this.self = message.self;
        this.ice = message.ice;
        this.setState('open', { status: message.status });
        return;
      case 'pong':
        return;
      case 'peer.joined':
        // We were here first: we offer to the newcomer.
        await this.offerTo(message.peer);
        this.send({ type: 'media', ...this.mediaState });
        return;
      case 'peer.left': {
        const p = this.peers.get(message.peerId);
        if (p) {
          p.pc.close();
          this.peers.delete(message.peerId);
          this.emitPeers();
        }
        return;
      }
      case 'signal':
        await this.onSignal(message);
        return;
      case 'media': {
        const p = this.peers.get(message.from.id);
        if (p) {
          p.audio = message.audio;
          p.video = message.video;
          this.emitPeers();
        }
        return;
      }
      case 'call.accepted':
        this.options.onMessage(message);
        this.setState('open', { status: 'active' });
        return;
      case 'call.ended':
        this.finish('ended', { outcome: message.outcome });
        this.options.onMessage(message);
        return;
      default:
        this.options.onMessage(message);
    }
  }

  private createPeer(info: PeerInfo): PeerEntry {
    const existing = this.peers.get(info.id);
    if (existing) return existing;
    const pc = new RTCPeerConnection({
      iceServers: this.ice.iceServers,
      iceTransportPolicy: this.ice.iceTransportPolicy,
    });
    const entry: PeerEntry = { info, pc, stream: null, pendingCandidates: [], audio: true, video: true };
    this.peers.set(info.id, entry);
    const local = this.options.localStream;
    if (local && local.getTracks().length > 0) {
      for (const track of local.getTracks()) pc.addTrack(track, local);
    }
    // Receive audio and video even without a camera of our own (an interpreter at a desk phone).
    if (!local?.getAudioTracks().length) pc.addTransceiver('audio', { direction: 'recvonly' });
    if (!local?.getVideoTracks().length) pc.addTransceiver('video', { direction: 'recvonly' });
    pc.onicecandidate = (e) => {
      if (e.candidate) this.send({ type: 'signal', to: info.id, candidate: e.candidate.toJSON() as never });
    };
    pc.ontrack = (e) => {
      entry.stream = e.streams[0] ?? new MediaStream([e.track]);
      this.emitPeers();
    };
    pc.onconnectionstatechange = () => this.emitPeers();
    this.emitPeers();
    return entry;
  }

  private async offerTo(info: PeerInfo): Promise<void> {
    const old = this.peers.get(info.id);
    if (old) {
      old.pc.close();
      this.peers.delete(info.id);
    }
    const entry = this.createPeer(info);
    const offer = await entry.pc.createOffer();
    await entry.pc.setLocalDescription(offer);
    this.send({ type: 'signal', to: info.id, description: { type: 'offer', sdp: offer.sdp ?? '' } });
  }

  private async onSignal(message: Extract<ServerMessage, { type: 'signal' }>): Promise<void> {
    const from = message.from;
    if (message.description) {
      const entry = message.description.type === 'offer' ? this.createPeer(from) : this.peers.get(from.id);
      if (!entry) return;
      await entry.pc.setRemoteDescription(message.description);
      for (const c of entry.pendingCandidates.splice(0)) await entry.pc.addIceCandidate(c).catch(() => {});
      if (message.description.type === 'offer') {
        const answer = await entry.pc.createAnswer();
        await entry.pc.setLocalDescription(answer);
        this.send({ type: 'signal', to: from.id, description: { type: 'answer', sdp: answer.sdp ?? '' } });
      }
      return;
    }
    if (message.candidate) {
      const entry = this.peers.get(from.id);
      if (!entry) return;
      if (entry.pc.remoteDescription) await entry.pc.addIceCandidate(message.candidate).catch(() => {});
      else entry.pendingCandidates.push(message.candidate);
    }
  }
}
