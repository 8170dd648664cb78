import { createRequire } from 'node:module';
import type { SmsMessage, SmsSender } from './sms';
import { encodeSms, referenceOf } from './sms-encoding';

/**
 * SMPP 3.4 client for text messages (ADR 32): one transmitter session per process, bound on first
 * use and again after the connection drops; each part of a message is one submit_sm, and a part
 * counts as delivered to the SMSC only when its submit_sm_resp says ESME_ROK. A part the SMSC
 * accepted is recorded (onPartAccepted) before the next one goes out, so a retry after a failure
 * sends only what is missing — with the same concatenation reference.
 */

// The `smpp` package is CommonJS without types; this is the part of it used here.
interface SmppPdu {
  command_status: number;
  message_id?: string;
}
interface SmppSession {
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'close', listener: () => void): void;
  once(event: 'connect' | 'close', listener: () => void): void;
  removeListener(event: 'close', listener: () => void): void;
  bind_transmitter(options: Record<string, unknown>, callback: (pdu: SmppPdu) => void): void;
  submit_sm(options: Record<string, unknown>, callback: (pdu: SmppPdu) => void): void;
  unbind(options: Record<string, unknown>, callback: (pdu: SmppPdu) => void): void;
  destroy(callback?: () => void): void;
  close(callback?: () => void): void;
  closed?: boolean;
}
interface SmppModule {
  connect(options: Record<string, unknown>, listener?: () => void): SmppSession;
}
const smpp = createRequire(import.meta.url)('smpp') as SmppModule;

export interface SmppSettings {
  /** smpp://host:port or ssmpp://host:port (TLS). */
  url: string;
  systemId: string;
  password: string;
  /** Sender shown on the phone: digits (a number) or up to 11 letters (alphanumeric). */
  sourceAddr: string;
  /** Milliseconds to wait for the bind or a submit_sm_resp before the attempt fails. */
  timeoutMs?: number;
  /** Milliseconds between enquire_link keep-alives. */
  enquireLinkMs?: number;
}

/** A failure the SMSC reported (command_status ≠ 0); the message stays for the job's retry. */
export class SmppError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
  ) {
    super(`SMPP ${operation} failed with command_status 0x${status.toString(16).padStart(8, '0')}`);
  }
}

/** Destination address with type of number: +49… and 0049… international, 0… national. */
export function destinationOf(phone: string): { addr: string; ton: number; npi: number } {
  const compact = phone.replace(/[\s\-/().]/g, '');
  if (!/^\+?\d{3,20}$/.test(compact)) throw new RangeError('not a phone number a text message can go to');
  if (compact.startsWith('+')) return { addr: compact.slice(1), ton: 1, npi: 1 };
  if (compact.startsWith('00')) return { addr: compact.slice(2), ton: 1, npi: 1 };
  return { addr: compact, ton: 2, npi: 1 };
}

function sourceOf(source: string): { addr: string; ton: number; npi: number } {
  if (/^\+?\d+$/.test(source)) return { addr: source.replace(/^\+/, ''), ton: 1, npi: 1 };
  return { addr: source.slice(0, 11), ton: 5, npi: 0 }; // alphanumeric
}

export class SmppSender implements SmsSender {
  private session: Promise<SmppSession> | undefined;
  private readonly timeoutMs: number;

  constructor(private readonly settings: SmppSettings) {
    this.timeoutMs = settings.timeoutMs ?? 15_000;
  }

  async send(message: SmsMessage): Promise<void> {
    const encoded = encodeSms(message.text, referenceOf(message.id));
    const destination = destinationOf(message.to);
    const source = sourceOf(this.settings.sourceAddr);
    for (let i = 0; i < encoded.parts.length; i++) {
      if (message.acceptedParts[i]) continue; // accepted on an earlier attempt
      const session = await this.bound();
      const response = await this.request(session, 'submit_sm', (done) =>
        session.submit_sm(
          {
            source_addr_ton: source.ton,
            source_addr_npi: source.npi,
            source_addr: source.addr,
            dest_addr_ton: destination.ton,
            dest_addr_npi: destination.npi,
            destination_addr: destination.addr,
            esm_class: encoded.esmClass,
            data_coding: encoded.dataCoding,
            registered_delivery: 0,
            short_message: encoded.parts[i],
          },
          done,
        ),
      );
      if (response.command_status !== 0) throw new SmppError('submit_sm', response.command_status);
      await message.onPartAccepted(i, encoded.parts.length, response.message_id ?? '');
    }
  }

  /** Unbinds and closes the session (shutdown). */
  async close(): Promise<void> {
    const pending = this.session;
    this.session = undefined;
    if (!pending) return;
    const session = await pending.catch(() => undefined);
    if (!session || session.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => session.destroy(() => resolve()), 2_000);
      session.unbind({}, () => {
        clearTimeout(timer);
        session.close(() => resolve());
      });
    });
  }

  /** The bound session, connecting and binding when there is none (or it dropped). */
  private bound(): Promise<SmppSession> {
    if (!this.session) {
      const attempt = this.connectAndBind();
      this.session = attempt;
      attempt.catch(() => {
        if (this.session === attempt) this.session = undefined;
      });
    }
    return this.session;
  }

  private connectAndBind(): Promise<SmppSession> {
    return new Promise<SmppSession>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        session.destroy();
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error('SMPP bind timed out')), this.timeoutMs);
      const session = smpp.connect({
        url: this.settings.url,
        auto_enquire_link_period: this.settings.enquireLinkMs ?? 30_000,
        debug: false,
      });
      // Reconnect: a dropped session is forgotten; the next message binds a new one.
      const forget = () => {
        if (this.session && settled) {
          void this.session.then((s) => {
            if (s === session) this.session = undefined;
          });
        }
      };
      session.on('error', (error) => {
        // The message of a socket error names host and port, never the credentials.
        fail(new Error(`SMPP connection failed: ${error.message}`));
        forget();
      });
      session.on('close', () => {
        fail(new Error('SMPP connection closed before bind'));
        forget();
      });
      session.once('connect', () => {
        session.bind_transmitter(
          {
            system_id: this.settings.systemId,
            password: this.settings.password,
            interface_version: 0x34,
          },
          (pdu) => {
            if (settled) return;
            if (pdu.command_status !== 0) return fail(new SmppError('bind_transmitter', pdu.command_status));
            settled = true;
            clearTimeout(timer);
            resolve(session);
          },
        );
      });
    });
  }

  private request(
    session: SmppSession,
    operation: string,
    send: (done: (pdu: SmppPdu) => void) => void,
  ): Promise<SmppPdu> {
    return new Promise<SmppPdu>((resolve, reject) => {
      const timer = setTimeout(() => {
        // No answer: the session is not trusted any more; the next attempt binds anew.
        this.session = undefined;
        session.destroy();
        reject(new Error(`SMPP ${operation} got no response within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const onClose = () => {
        clearTimeout(timer);
        reject(new Error(`SMPP connection closed during ${operation}`));
      };
      session.once('close', onClose);
      send((pdu) => {
        clearTimeout(timer);
        session.removeListener('close', onClose);
        resolve(pdu);
      });
    });
  }
}
