/**
 * Adapter for text messages (SMS). Citizens who gave only a phone number get their confirmation
 * and reminder as a short text. With SMS_SMPP_URL set, the notify module installs the SMPP 3.4
 * sender (smpp.ts, ADR 32); without one, messages stay in the outbox (status "stored") where
 * staff can see them, exactly like mails without SMTP_URL.
 */
export interface SmsMessage {
  /** The outbox id: the same message on every attempt. */
  id: string;
  to: string;
  text: string;
  /** Provider ids of the parts the provider accepted on earlier attempts (index = part). */
  acceptedParts: ReadonlyArray<string | null | undefined>;
  /** Records that the provider accepted one part; awaited before the next part goes out. */
  onPartAccepted(part: number, parts: number, providerId: string): Promise<void>;
}

export interface SmsSender {
  /** Sends one message; throws on a failure (the job retries with what is still missing). */
  send(message: SmsMessage): Promise<void>;
  close?(): Promise<void>;
}

let configured: SmsSender | undefined;

/** Installs an SMS provider for this process (the notify module does it from the settings). */
export function setSmsSender(sender: SmsSender | undefined): void {
  configured = sender;
}

export function smsSender(): SmsSender | undefined {
  return configured;
}
