// Delivering queued emails (the outbox): claimed one at a time, rendered with the shop's profile, handed to
// the mailer, retried with backoff. Run by the app's worker (pipeline/email-worker.server).
import type { AffiliateEmail, PrismaClient } from "@prisma/client";
import { queryAdmin, type AdminGraphqlClient } from "~/graphql/client";
import { SHOP_CONTACT_QUERY, type ShopContactData } from "~/graphql/shop-contact";
import { EmailState, type AffiliateEmailContent, type AffiliateEmailKind, type ShopProfile } from "./kinds";
import { isPermanentRefusal, type Mailer } from "./mailer.server";
import { renderAffiliateEmail } from "./render";

export const MAX_EMAIL_ATTEMPTS = 8;

/** Wait before attempt n+1 after n failures: 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h. */
const BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000];

export function emailBackoffAfter(attempts: number): number {
  return BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)];
}

/**
 * How long a claimed email may take. A claim older than this means the process stopped while sending: the
 * email is sent again (the mail server may have taken the first copy; it carries the same Message-ID).
 */
export const SENDING_LEASE_MS = 10 * 60_000;

export interface OutboxDeps {
  db: PrismaClient;
  mailer: Mailer;
  /** What the emails say of the shop (see fetchShopProfile). */
  shopProfile(shop: string): Promise<ShopProfile>;
  now(): Date;
  log?: (line: string) => void;
}

export interface OutboxSummary {
  sent: number;
  logged: number;
  retry: number;
  failed: number;
}

/** The shop as the emails name it, from Shopify. */
export async function fetchShopProfile(graphql: AdminGraphqlClient): Promise<ShopProfile> {
  const { shop } = await queryAdmin<ShopContactData>(graphql, SHOP_CONTACT_QUERY);
  return { name: shop.name, contactEmail: shop.contactEmail || null, timeZone: shop.ianaTimezone || "UTC" };
}

/** When Shopify cannot say: the shop's domain, no reply address, UTC. */
export function fallbackShopProfile(shop: string): ShopProfile {
  return { name: shop, contactEmail: null, timeZone: "UTC" };
}

const dueWhere = (now: Date) => ({
  state: { in: [EmailState.pending, EmailState.sending] },
  nextAttemptAt: { lte: now },
});

export async function nextEmailDueAt(db: PrismaClient): Promise<Date | null> {
  const next = await db.affiliateEmail.findFirst({
    where: { state: { in: [EmailState.pending, EmailState.sending] } },
    orderBy: { nextAttemptAt: "asc" },
    select: { nextAttemptAt: true },
  });
  return next?.nextAttemptAt ?? null;
}

/** Takes the email for this attempt; false when another attempt has it (or it changed since it was read). */
async function claim(db: PrismaClient, email: AffiliateEmail, now: Date): Promise<boolean> {
  const { count } = await db.affiliateEmail.updateMany({
    where: { id: email.id, state: email.state, attempts: email.attempts },
    data: {
      state: EmailState.sending,
      attempts: email.attempts + 1,
      nextAttemptAt: new Date(now.getTime() + SENDING_LEASE_MS),
    },
  });
  return count === 1;
}

function contentOf(email: AffiliateEmail): AffiliateEmailContent {
  return { kind: email.kind as AffiliateEmailKind, facts: JSON.parse(email.facts) } as AffiliateEmailContent;
}

/** `<id@domain-of-the-sender>`: the same for every attempt at one email. */
function messageIdOf(email: AffiliateEmail, fromAddress: string | null): string {
  const domain = fromAddress?.split("@")[1] ?? "affiliate-ledger.invalid";
  return `<${email.id}@${domain}>`;
}

type Outcome = keyof OutboxSummary;

async function deliverOne(deps: OutboxDeps, email: AffiliateEmail): Promise<Outcome | null> {
  const { db, mailer } = deps;
  if (email.state === EmailState.sending && email.attempts >= MAX_EMAIL_ATTEMPTS) {
    // Claimed that many times and never finished: the process stops while sending this one.
    await db.affiliateEmail.updateMany({
      where: { id: email.id, state: EmailState.sending },
      data: {
        state: EmailState.failed,
        lastError: `Gave up after ${email.attempts} attempts that never finished`,
      },
    });
    return "failed";
  }
  if (!(await claim(db, email, deps.now()))) return null;
  const attempts = email.attempts + 1;
  try {
    const shop = await deps.shopProfile(email.shop);
    const rendered = renderAffiliateEmail(contentOf(email), shop);
    const result = await mailer.send({
      to: email.toAddress,
      fromName: shop.name,
      replyTo: shop.contactEmail,
      ...rendered,
      messageId: messageIdOf(email, mailer.fromAddress),
      kind: email.kind,
    });
    await db.affiliateEmail.update({
      where: { id: email.id },
      data: {
        state: result.delivered ? EmailState.sent : EmailState.logged,
        sentAt: deps.now(),
        messageId: result.delivered ? result.messageId : null,
        lastError: null,
      },
    });
    return result.delivered ? "sent" : "logged";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const refused = isPermanentRefusal(error);
    const exhausted = attempts >= MAX_EMAIL_ATTEMPTS;
    const gaveUp = refused || exhausted;
    await db.affiliateEmail.update({
      where: { id: email.id },
      data: {
        state: gaveUp ? EmailState.failed : EmailState.pending,
        lastError: exhausted && !refused ? `Gave up after ${attempts} attempts: ${message}` : message,
        nextAttemptAt: new Date(deps.now().getTime() + (gaveUp ? 0 : emailBackoffAfter(attempts))),
      },
    });
    deps.log?.(`Email ${email.id} (${email.kind}) ${gaveUp ? "failed" : "will be retried"}: ${message}`);
    return gaveUp ? "failed" : "retry";
  }
}

/**
 * Delivers every email due now, oldest first, up to `limit` of them; `between`, when given, is waited for
 * before each one.
 */
export async function deliverDueEmails(
  deps: OutboxDeps,
  { limit = 50, between }: { limit?: number; between?: () => Promise<void> } = {},
): Promise<OutboxSummary> {
  const summary: OutboxSummary = { sent: 0, logged: 0, retry: 0, failed: 0 };
  const due = await deps.db.affiliateEmail.findMany({
    where: dueWhere(deps.now()),
    orderBy: [{ nextAttemptAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  for (const email of due) {
    await between?.();
    const outcome = await deliverOne(deps, email);
    if (outcome) summary[outcome] += 1;
  }
  return summary;
}
