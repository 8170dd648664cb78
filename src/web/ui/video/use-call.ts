import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientMessage, ServerMessage } from '../../../core/video/protocol';
import type { ChatLine } from './CallView';
import { CallClient, type CallState, type RemotePeer } from './call-client';

export interface UseCall {
  state: CallState;
  /** waiting: no clerk yet; active: answered. */
  status: 'waiting' | 'active' | 'ended' | null;
  outcome: string | null;
  peers: RemotePeer[];
  chat: ChatLine[];
  audio: boolean;
  video: boolean;
  send(message: ClientMessage): void;
  sendChat(text: string): void;
  toggleAudio(): void;
  toggleVideo(): void;
  reconnect(): void;
  /** Leaves on this side (socket and peer connections closed, camera kept). */
  leave(): void;
}

/**
 * A call in a React page: connects when `path` and the local stream are there, keeps the remote
 * peers, the chat and the state, and closes everything when the page goes.
 */
export function useCall(options: {
  path: string | null;
  token?: string | undefined;
  localStream: MediaStream | null;
  onMessage?(message: ServerMessage): void;
}): UseCall {
  const [state, setState] = useState<CallState>('connecting');
  const [status, setStatus] = useState<UseCall['status']>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [peers, setPeers] = useState<RemotePeer[]>([]);
  const [chat, setChat] = useState<ChatLine[]>([]);
  const [audio, setAudio] = useState(true);
  const [video, setVideo] = useState(true);
  const client = useRef<CallClient | null>(null);
  const onMessage = useRef(options.onMessage);
  onMessage.current = options.onMessage;
  const { path, token, localStream } = options;

  useEffect(() => {
    if (!path || !localStream) return;
    let counter = 0;
    const c = new CallClient({
      path,
      ...(token ? { token } : {}),
      localStream,
      onState: (s, detail) => {
        setState(s);
        if (detail.status) setStatus(detail.status);
        if (s === 'ended') setStatus('ended');
        if (detail.outcome) setOutcome(detail.outcome);
      },
      onPeers: setPeers,
      onMessage: (m) => {
        if (m.type === 'chat') {
          const mine = m.from.id === c.me?.id;
          setChat((lines) => [
            ...lines,
            { id: `${Date.now()}-${counter++}`, from: m.from, mine, text: m.text, at: m.at },
          ]);
        }
        onMessage.current?.(m);
      },
    });
    client.current = c;
    c.connect();
    return () => {
      c.close();
      client.current = null;
    };
  }, [path, token, localStream]);

  const send = useCallback((message: ClientMessage) => client.current?.send(message), []);
  const sendChat = useCallback((text: string) => client.current?.send({ type: 'chat', text }), []);
  const toggleAudio = useCallback(() => {
    setAudio((a) => {
      client.current?.setMedia(!a, video);
      return !a;
    });
  }, [video]);
  const toggleVideo = useCallback(() => {
    setVideo((v) => {
      client.current?.setMedia(audio, !v);
      return !v;
    });
  }, [audio]);
  const reconnect = useCallback(() => client.current?.reconnect(), []);
  const leave = useCallback(() => client.current?.close(), []);

  return {
    state,
    status,
    outcome,
    peers,
    chat,
    audio,
    video,
    send,
    sendChat,
    toggleAudio,
    toggleVideo,
    reconnect,
    leave,
  };
}
