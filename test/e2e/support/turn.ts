import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Debian's coturn, started by the test on a free port with a random secret (TESTING.md): the
 * REST-API credentials (use-auth-secret) the server hands out must work against a real TURN
 * server. `--allow-loopback-peers` is needed because both peers' relays sit on 127.0.0.1.
 */
export interface TurnServer {
  url: string;
  secret: string;
  port: number;
  process: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A STUN binding request; coturn answers once its listener is up. */
async function stunAnswers(port: number, timeoutMs = 300): Promise<boolean> {
  const socket = dgram.createSocket('udp4');
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0);
  request.writeUInt16BE(0, 2);
  request.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(request, 8);
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      socket.on('message', (msg) => {
        clearTimeout(timer);
        resolve(msg.readUInt16BE(0) === 0x0101);
      });
      socket.on('error', () => resolve(false));
      socket.send(request, port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

export async function startTurnServer(): Promise<TurnServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-turn-'));
  const secret = randomBytes(24).toString('hex');
  const port = await freeUdpPort();
  // A relay port range of its own, so parallel runs on one machine do not collide.
  const minPort = 40_000 + Math.floor(Math.random() * 200) * 100;
  const child = spawn(
    'turnserver',
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      `--min-port=${minPort}`,
      `--max-port=${minPort + 99}`,
      '--realm=test.local',
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--allow-loopback-peers',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--fingerprint',
      '--log-file=stdout',
      '--simple-log',
      `--pidfile=${path.join(dir, 'turnserver.pid')}`,
      `--userdb=${path.join(dir, 'turndb')}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = Date.now() + 10_000;
  while (!(await stunAnswers(port))) {
    if (child.exitCode !== null || Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`turnserver did not start:\n${output.slice(-2000)}`);
    }
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    secret,
    port,
    process: child,
    log: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
