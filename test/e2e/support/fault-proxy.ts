import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Our own faulty network between a kit and the server (#6): an HTTP proxy on 127.0.0.1 that
 * can cut a connection after N bytes of the request (the upload breaks mid-way), drop the reply
 * after the server has answered (so the server committed, the kit never hears it), and throttle
 * the link (bandwidth and round-trip time) for the benchmark. Only loopback traffic.
 */
export type Fault = { kind: 'pass' } | { kind: 'cut'; afterBytes: number } | { kind: 'dropReply' };

export interface FaultProxyOptions {
  target: string;
  /** Decides per request; default: pass everything. */
  plan?: (request: { method: string; url: string; index: number }) => Fault;
  /** Bits per second in each direction (0 = unlimited). */
  bitsPerSecond?: number;
  /** Added per request: half before the request goes on, half before the answer comes back. */
  roundTripMs?: number;
}

export interface FaultProxy {
  url: string;
  stats: { requests: number; cut: number; droppedReplies: number; bytesUp: number; bytesDown: number };
  setPlan(plan: FaultProxyOptions['plan']): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A serial "wire" per direction: bytes leave no faster than the bandwidth allows. */
class Wire {
  private free = 0;
  constructor(private readonly bitsPerSecond: number) {}
  async send(bytes: number): Promise<void> {
    if (!this.bitsPerSecond) return;
    const now = Date.now();
    const start = Math.max(now, this.free);
    this.free = start + (bytes * 8 * 1000) / this.bitsPerSecond;
    const wait = this.free - now;
    if (wait > 0) await sleep(wait);
  }
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  let plan = options.plan ?? (() => ({ kind: 'pass' }) as Fault);
  const stats = { requests: 0, cut: 0, droppedReplies: 0, bytesUp: 0, bytesDown: 0 };
  const up = new Wire(options.bitsPerSecond ?? 0);
  const down = new Wire(options.bitsPerSecond ?? 0);
  const halfRtt = (options.roundTripMs ?? 0) / 2;
  const headerBytes = (h: http.IncomingHttpHeaders) =>
    Object.entries(h).reduce((n, [k, v]) => n + k.length + String(v).length + 4, 0) + 40;

  const server = http.createServer(async (req, res) => {
    const index = stats.requests++;
    const fault = plan({ method: req.method ?? 'GET', url: req.url ?? '/', index });
    stats.bytesUp += headerBytes(req.headers);
    await up.send(headerBytes(req.headers));
    if (halfRtt) await sleep(halfRtt);
    const upstream = http.request({
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host },
    });
    let sent = 0;
    let cut = false;
    // Chunks go on one after another (the wire is serial); 'end' waits for the last one.
    let queue: Promise<void> = Promise.resolve();
    req.on('data', (chunk: Buffer) => {
      queue = queue.then(async () => {
        if (cut) return;
        let part = chunk;
        if (fault.kind === 'cut' && sent + chunk.length > fault.afterBytes) {
          part = chunk.subarray(0, Math.max(0, fault.afterBytes - sent));
          cut = true;
        }
        await up.send(part.length);
        stats.bytesUp += part.length;
        sent += part.length;
        if (part.length) upstream.write(part);
        if (cut) {
          stats.cut++;
          // Give the server a moment to take what arrived, then break both sides.
          setTimeout(() => {
            upstream.destroy();
            req.socket.destroy();
          }, 20);
        }
      });
    });
    req.on('end', () => {
      void queue.then(() => {
        if (!cut) upstream.end();
      });
    });
    req.on('error', () => upstream.destroy());
    upstream.on('error', () => {
      if (!res.headersSent) res.socket?.destroy();
    });
    upstream.on('response', async (answer) => {
      const chunks: Buffer[] = [];
      for await (const c of answer) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      if (fault.kind === 'dropReply') {
        // The server has answered (and committed): the kit never hears it.
        stats.droppedReplies++;
        req.socket.destroy();
        return;
      }
      if (halfRtt) await sleep(halfRtt);
      await down.send(headerBytes(answer.headers) + body.length);
      stats.bytesDown += headerBytes(answer.headers) + body.length;
      const headers = { ...answer.headers };
      delete headers['transfer-encoding'];
      headers['content-length'] = String(body.length);
      res.writeHead(answer.statusCode ?? 502, headers);
      res.end(body);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    stats,
    setPlan(next) {
      plan = next ?? (() => ({ kind: 'pass' }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
