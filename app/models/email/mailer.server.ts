// The one way the app hands an email to the world: SMTP through nodemailer when SMTP_URL is set, else one
// line in the log (the recipient's address masked) and nothing sent.
import nodemailer from "nodemailer";
import type { MailSettings } from "./settings";

export { readMailSettings, type MailSettings } from "./settings";

export interface OutgoingEmail {
  to: string;
  /** Shown as the sender's name, with SMTP_FROM's address. */
  fromName: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
  /** Stable for one queued email, so a copy sent again after a crash reads as the same message. */
  messageId: string;
  /** For the log line only. */
  kind: string;
}

export type MailerResult = { delivered: true; messageId: string } | { delivered: false };

export interface Mailer {
  /** The address emails come from; null when nothing is sent (no SMTP_URL). */
  readonly fromAddress: string | null;
  send(email: OutgoingEmail): Promise<MailerResult>;
  close(): void;
}

/** A mail server's refusal of this message (SMTP 5xx): sending it again would be refused again. */
export function isPermanentRefusal(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** "alice@example.com" → "a***@example.com": enough to tell emails apart in a log, not to write to. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  if (at < 1) return "***";
  return `${address[0]}***${address.slice(at)}`;
}

/** Writes each email as one line instead of sending it. */
function loggingMailer(log: (line: string) => void): Mailer {
  return {
    fromAddress: null,
    async send(email) {
      log(
        `Email not sent (SMTP_URL is not set): ${email.kind} to ${maskEmail(email.to)}, "${email.subject}"`,
      );
      return { delivered: false };
    },
    close() {},
  };
}

/** SMTP through nodemailer, with timeouts short enough that a dead server is retried later, not waited on. */
function smtpMailer(smtpUrl: string, fromAddress: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    fromAddress,
    async send(email) {
      const info = await transport.sendMail({
        from: { name: email.fromName, address: fromAddress },
        to: email.to,
        replyTo: email.replyTo ?? undefined,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
      });
      return { delivered: true, messageId: info.messageId };
    },
    close() {
      transport.close();
    },
  };
}

export function createMailer(settings: MailSettings, log: (line: string) => void = console.log): Mailer {
  if (settings.smtpUrl && settings.fromAddress) return smtpMailer(settings.smtpUrl, settings.fromAddress);
  return loggingMailer(log);
}
