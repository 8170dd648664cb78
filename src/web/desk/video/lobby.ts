import { useEffect, useState } from 'react';
import type { LobbyServerMessage, VideoQueueEntry } from '../../../core/video/protocol';

/**
 * The clerk's live list of callers (#11): a WebSocket to /api/video/lobby that the server fills
 * whenever a call starts, is answered or ends. Being connected makes the clerk available to the
 * terminals; a ping every 10 s keeps the presence fresh. Reconnects on its own.
 */
export function useLobby(): { connected: boolean; calls: VideoQueueEntry[] } {
  const [connected, setConnected] = useState(false);
  const [calls, setCalls] = useState<VideoQueueEntry[]>([]);
  useEffect(() => {
    let ws: WebSocket | null = null;
    let ping: ReturnType<typeof setInterval> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const open = () => {
      const url = new URL('/api/video/lobby', window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      ws = new WebSocket(url);
      ws.onopen = () => {
        setConnected(true);
        ping = setInterval(() => ws?.send(JSON.stringify({ type: 'ping' })), 10_000);
      };
      ws.onmessage = (event) => {
        const m = JSON.parse(String(event.data)) as LobbyServerMessage;
        if (m.type === 'queue') setCalls(m.calls);
      };
      ws.onclose = () => {
        setConnected(false);
        clearInterval(ping);
        if (!stopped) retry = setTimeout(open, 2000);
      };
    };
    open();
    return () => {
      stopped = true;
      clearInterval(ping);
      clearTimeout(retry);
      ws?.close();
    };
  }, []);
  return { connected, calls };
}
