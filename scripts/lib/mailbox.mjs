// A mailbox for development and tests: a real SMTP server (smtp-server) on loopback, on a port the OS picks,
// that keeps every message it is sent, parsed (mailparser). The demo shows them; the tests read them.
// Accepts any credentials, no TLS: loopback only. Never part of the app.
import { once } from "node:events";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * @typedef {{ to: string[], from: string, replyTo: string | null, subject: string, text: string, html: string,
 *   messageId: string | null, date: Date | null }} ReceivedEmail
 */

/** @param {import("mailparser").AddressObject | import("mailparser").AddressObject[] | undefined} field */
function addresses(field) {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.map((entry) => entry.address ?? "")).filter(Boolean);
}

/**
 * Starts the mailbox. `onMessage` is called with each message once it is parsed, before the sender is told
 * it was accepted. `refuse` names recipients the server refuses for good (550), as a real one refuses an
 * address that does not exist.
 * @param {{ onMessage?: (email: ReceivedEmail) => void, refuse?: (address: string) => boolean }} [options]
 * @returns {Promise<{ url: string, port: number, messages: ReceivedEmail[], close: () => Promise<void> }>}
 */
export async function startMailbox({ onMessage, refuse } = {}) {
  /** @type {ReceivedEmail[]} */
  const messages = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    size: 5 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (!refuse?.(address.address)) return callback();
      const error = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), {
        responseCode: 550,
      });
      callback(error);
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          /** @type {ReceivedEmail} */
          const email = {
            to: addresses(mail.to),
            from: mail.from?.text ?? "",
            replyTo: mail.replyTo?.text ?? null,
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            messageId: mail.messageId ?? null,
            date: mail.date ?? null,
          };
          messages.push(email);
          onMessage?.(email);
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.server.address());
  return {
    url: `smtp://mailbox:mailbox@127.0.0.1:${port}`,
    port,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
