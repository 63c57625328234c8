// Tokens for forms served where no session cookie can carry a CSRF token (the app proxy: Shopify strips
// cookies). A form carries `issuedAt.signature`, an HMAC of who it was served to and when; a POST is taken
// only with a token made for the same subject (shop and logged-in customer) within its lifetime. A page on
// another site cannot make one: it would need the app's secret.
import { createHmac, timingSafeEqual } from "node:crypto";

/** How long a served form may be sent back. */
export const FORM_TOKEN_LIFETIME_MS = 4 * 3_600_000;
/** Clock difference tolerated for a token dated in the future (several app instances). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

function sign(secret: string, subject: string, issuedAt: number): string {
  return createHmac("sha256", secret).update(`form-token|${subject}|${issuedAt}`).digest("base64url");
}

/** A token for a form served now to `subject` (e.g. `shop|customerId`). */
export function issueFormToken(secret: string, subject: string, now = Date.now()): string {
  return `${now}.${sign(secret, subject, now)}`;
}

/** Whether `token` was issued by this app to `subject`, no longer than the lifetime ago. */
export function isValidFormToken(
  secret: string,
  subject: string,
  token: string | null | undefined,
  now = Date.now(),
): boolean {
  const match = /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(token ?? "");
  if (!match) return false;
  const issuedAt = Number(match[1]);
  if (issuedAt > now + FUTURE_TOLERANCE_MS || now - issuedAt > FORM_TOKEN_LIFETIME_MS) return false;
  const expected = Buffer.from(sign(secret, subject, issuedAt));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
