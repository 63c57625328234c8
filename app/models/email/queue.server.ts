// Emails to affiliates: how the app's actions queue them.
//
//   queueApplicationReceivedEmail(db, shop, affiliate)                       after a sign-up is stored
//   queueApprovalEmail(db, shop, affiliate, { referralLink, portalUrl, welcomeMessage })
//                                                                            after the merchant approves
//   queueDeclineEmail(db, shop, affiliate, { reason })                       after the merchant declines
//   queuePayoutSentEmail(db, shop, affiliate, { payoutId, reference, ... })  when a payout is paid
//
// `affiliate` is `{ id, name, email }` (an Affiliate row will do). `db` is the Prisma client or, better, the
// transaction that records the decision: then the email is queued if and only if the decision is stored.
// Each answers "queued", "already_queued" (this affiliate already has this email: a retried action sends
// nothing twice) or "no_address" (the affiliate has no email: nothing to send). Nothing is sent here: the
// app's worker delivers queued emails (outbox.server), retrying with backoff, so an action never waits
// for a mail server nor fails because of one. Without SMTP_URL the worker logs each email instead.
// The fourth email, the commission digest, is queued by the worker itself (digest.server).
//
// Links for the approval email: `affiliateLink(shop, refCode)` (models/affiliates) and
// `affiliatePortalUrl(shop, pathPrefix)` below, with the app proxy's `path_prefix` when known (the merchant
// can change it per shop).
import { Prisma, type PrismaClient } from "@prisma/client";
import { DEFAULT_PATH_PREFIX } from "~/lib/app-proxy.server";
import { AffiliateEmailKind, EmailState, type AffiliateEmailContent, type PayoutSentFacts } from "./kinds";

type Db = PrismaClient | Prisma.TransactionClient;

/** Who an email is for. */
export interface EmailRecipient {
  id: string;
  name: string;
  email: string | null;
}

export type QueueResult = "queued" | "already_queued" | "no_address";

/** The affiliate portal on the shop's own domain: `https://{shop}{pathPrefix}`. */
export function affiliatePortalUrl(shop: string, pathPrefix: string = DEFAULT_PATH_PREFIX): string {
  const path = `/${pathPrefix.replace(/^\/+|\/+$/g, "")}`;
  return new URL(path, `https://${shop}`).href;
}

const MAX_MESSAGE_LENGTH = 5_000;

function isWebLink(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** Plain text from people: trimmed, line ends normalised, bounded; null when empty. */
function plainText(value: string | null | undefined): string | null {
  const text = (value ?? "").replace(/\r\n?/g, "\n").trim();
  return text === "" ? null : text.slice(0, MAX_MESSAGE_LENGTH);
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Queues one email, once per `eventKey` and shop. Used by the functions below and the digest; `extra`
 * carries the digest's own columns.
 */
export async function queueEmail(
  db: Db,
  shop: string,
  recipient: EmailRecipient,
  content: AffiliateEmailContent,
  eventKey: string,
  extra: { digestUntil?: Date; now?: Date } = {},
): Promise<QueueResult> {
  const address = recipient.email?.trim();
  if (!address) return "no_address";
  const existing = await db.affiliateEmail.findUnique({
    where: { shop_eventKey: { shop, eventKey } },
    select: { id: true },
  });
  if (existing) return "already_queued";
  const now = extra.now ?? new Date();
  try {
    await db.affiliateEmail.create({
      data: {
        shop,
        affiliateId: recipient.id,
        kind: content.kind,
        eventKey,
        toAddress: address,
        facts: JSON.stringify(content.facts),
        digestUntil: extra.digestUntil ?? null,
        state: EmailState.pending,
        nextAttemptAt: now,
        createdAt: now,
      },
    });
  } catch (error) {
    // Two tries of one action at the same moment: the other one queued it.
    if (isUniqueViolation(error)) return "already_queued";
    throw error;
  }
  return "queued";
}

/**
 * The key that makes an email once-only: one per affiliate and kind. `occasion` is for the rare email the
 * same affiliate may rightly get again (say, a second application after a decline): pass something that
 * names that event and stays the same when its action is retried (the decision's time, stored with it).
 */
export function eventKeyOf(kind: AffiliateEmailKind, affiliateId: string, occasion?: string): string {
  return occasion ? `${kind}:${affiliateId}:${occasion}` : `${kind}:${affiliateId}`;
}

/** "We received your application": queue it once the sign-up is stored. */
export function queueApplicationReceivedEmail(
  db: Db,
  shop: string,
  affiliate: EmailRecipient,
  options: { occasion?: string } = {},
): Promise<QueueResult> {
  const kind = AffiliateEmailKind.applicationReceived;
  return queueEmail(
    db,
    shop,
    affiliate,
    { kind, facts: { name: affiliate.name } },
    eventKeyOf(kind, affiliate.id, options.occasion),
  );
}

/**
 * "You're approved", with the affiliate's link and the portal's. Both must be http(s) URLs.
 * @throws TypeError when a link is not an http(s) URL (nothing is queued)
 */
export async function queueApprovalEmail(
  db: Db,
  shop: string,
  affiliate: EmailRecipient,
  details: { referralLink: string; portalUrl: string; welcomeMessage?: string | null; occasion?: string },
): Promise<QueueResult> {
  for (const [what, url] of [
    ["referralLink", details.referralLink],
    ["portalUrl", details.portalUrl],
  ]) {
    if (!isWebLink(url)) throw new TypeError(`${what} must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  const kind = AffiliateEmailKind.approved;
  return queueEmail(
    db,
    shop,
    affiliate,
    {
      kind,
      facts: {
        name: affiliate.name,
        referralLink: details.referralLink,
        portalUrl: details.portalUrl,
        welcomeMessage: plainText(details.welcomeMessage),
      },
    },
    eventKeyOf(kind, affiliate.id, details.occasion),
  );
}

/** "We cannot accept your application", with the merchant's reason when there is one. */
export function queueDeclineEmail(
  db: Db,
  shop: string,
  affiliate: EmailRecipient,
  details: { reason?: string | null; occasion?: string } = {},
): Promise<QueueResult> {
  const kind = AffiliateEmailKind.declined;
  return queueEmail(
    db,
    shop,
    affiliate,
    { kind, facts: { name: affiliate.name, reason: plainText(details.reason) } },
    eventKeyOf(kind, affiliate.id, details.occasion),
  );
}

/** "We paid you": queued in the transaction that records a payout paid, once per payout. */
export function queuePayoutSentEmail(
  db: Db,
  shop: string,
  affiliate: EmailRecipient,
  details: { payoutId: string } & Omit<PayoutSentFacts, "name">,
): Promise<QueueResult> {
  const kind = AffiliateEmailKind.payoutSent;
  const { payoutId, ...facts } = details;
  return queueEmail(
    db,
    shop,
    affiliate,
    { kind, facts: { name: affiliate.name, ...facts } },
    eventKeyOf(kind, affiliate.id, payoutId),
  );
}
