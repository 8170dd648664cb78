/**
 * Adapter for text messages (SMS). Citizens who gave only a phone number get their confirmation
 * and reminder as a short text. No provider is wired in: without one, messages stay in the outbox
 * (status "stored") where staff can see them, exactly like mails without SMTP_URL.
 * A provider implements this interface and is passed to the notify module.
 */
export interface SmsSender {
  /** Sends one message; throws on a temporary failure (the job retries). */
  send(message: { to: string; text: string }): Promise<void>;
}

let configured: SmsSender | undefined;

/** Installs an SMS provider for this process (e.g. from a deployment-specific plugin). */
export function setSmsSender(sender: SmsSender | undefined): void {
  configured = sender;
}

export function smsSender(): SmsSender | undefined {
  return configured;
}
