// Paying through Shopify (store credit, gift cards), where Shopify takes no idempotency key: the steps every
// such method shares. The attempt is recorded before Shopify is asked (a lost answer leaves the payout sent,
// and trying again looks in Shopify before paying); Shopify's refusal fails the payout with its words.
import type { PrismaClient } from "@prisma/client";
import { PayoutStatus } from "./codes";
import { closePayout, PayoutError } from "./payouts.server";

/**
 * Records an attempt to pay (status sent, attemptedAt now) if nobody else did meanwhile: the condition on
 * the previous attempt makes two clicks at once pay once.
 */
export async function claimPayoutAttempt(
  db: PrismaClient,
  shop: string,
  payout: { id: string; attemptedAt: Date | null; sentAt: Date | null },
  now: Date,
): Promise<void> {
  const claimed = await db.payout.updateMany({
    where: {
      shop,
      id: payout.id,
      status: { in: [PayoutStatus.draft, PayoutStatus.sent] },
      attemptedAt: payout.attemptedAt,
    },
    data: { status: PayoutStatus.sent, attemptedAt: now, sentAt: payout.sentAt ?? now, failureReason: null },
  });
  if (claimed.count !== 1) throw new PayoutError("This payout is being paid already; look at it again");
}

/** Shopify refused: the payout fails, releasing its lines, with Shopify's messages. Answers them. */
export async function failWithShopifyErrors(
  db: PrismaClient,
  shop: string,
  payoutId: string,
  messages: string[],
  now: Date,
): Promise<{ result: "refused"; messages: string[] }> {
  await closePayout(db, shop, payoutId, PayoutStatus.failed, `Shopify refused: ${messages.join("; ")}`, now);
  return { result: "refused", messages };
}
