// @ts-check
// SMTP_URL and SMTP_FROM, read and checked once for the server's start checks (server.mjs) and the app's
// mailer (mailer.server.ts). Plain JavaScript checked by TypeScript, so server.mjs imports it before the build.

/** @typedef {{ smtpUrl: string | null, fromAddress: string | null }} MailSettings */

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

/**
 * The mail settings, or what is wrong with them in one line. Without SMTP_URL emails are logged, not sent.
 * SMTP_FROM is a bare address (`affiliates@example.com`); emails show the shop's name beside it.
 * @param {Record<string, string | undefined>} env
 * @returns {{ ok: true, settings: MailSettings } | { ok: false, problem: string }}
 */
export function readMailSettings(env) {
  const smtpUrl = env.SMTP_URL?.trim() || null;
  const fromAddress = env.SMTP_FROM?.trim() || null;
  if (smtpUrl) {
    let protocol = "";
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {
      // not a URL: said below
    }
    if (protocol !== "smtp:" && protocol !== "smtps:")
      return { ok: false, problem: "SMTP_URL must be an smtp:// or smtps:// URL" };
    if (!fromAddress)
      return {
        ok: false,
        problem: "SMTP_FROM (the address emails to affiliates come from) must be set with SMTP_URL",
      };
  }
  if (fromAddress && !ADDRESS.test(fromAddress))
    return { ok: false, problem: "SMTP_FROM must be an email address such as affiliates@example.com" };
  return { ok: true, settings: { smtpUrl, fromAddress } };
}
