// Paying a payout in Shopify store credit (storeCreditAccountCredit, Admin API 2025-10), once.
//
// Shopify offers no idempotency key for it, so the app looks before it pays again: the attempt is recorded
// (status sent, attemptedAt) before Shopify is asked; an answer that is lost leaves the payout sent; trying
// again first reads the account's newest credits and, when one of the payout's amount and currency was made
// since the attempt (and is not another payout's), records that one instead of paying twice.
import type { PrismaClient } from "@prisma/client";
import { queryAdmin, type AdminGraphqlClient } from "~/graphql/client";
import {
  STORE_CREDIT_CREDIT,
  type StoreCreditCreditData,
  type StoreCreditCreditVariables,
} from "~/graphql/store-credit-credit";
import {
  STORE_CREDIT_RECENT_CREDITS,
  type StoreCreditRecentCreditsData,
  type StoreCreditRecentCreditsVariables,
} from "~/graphql/store-credit-recent-credits";
import { PayoutMethod, PayoutStatus } from "./codes";
import { claimPayoutAttempt, failWithShopifyErrors } from "./attempts.server";
import { PayoutError, recordPayoutPaid } from "./payouts.server";
import { decimalToMinor } from "./settings.server";

/** How far apart the app's clock and Shopify's may be when matching a credit to an attempt. */
const CLOCK_SKEW_MS = 5 * 60_000;

export type StoreCreditOutcome =
  | { result: "paid"; transactionId: string }
  /** Shopify's earlier credit for this payout was found: recorded, nothing paid again. */
  | { result: "found"; transactionId: string }
  /** Shopify refused: the payout failed (its lines released) with Shopify's words. */
  | { result: "refused"; messages: string[] }
  /** No answer from Shopify: the payout stays sent; trying again looks before it pays. */
  | { result: "unknown"; message: string }
  /** More than one credit could be this payout's: a person must look. */
  | { result: "needs_review"; transactionIds: string[] };

async function earlierCredit(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  payout: { id: string; recipient: string; currency: string; amountMinor: number; attemptedAt: Date },
): Promise<string[]> {
  const variables: StoreCreditRecentCreditsVariables = {
    customerId: payout.recipient,
    accountQuery: `currency_code:${payout.currency}`,
  };
  const data = await queryAdmin<StoreCreditRecentCreditsData>(graphql, STORE_CREDIT_RECENT_CREDITS, {
    ...variables,
  });
  const since = payout.attemptedAt.getTime() - CLOCK_SKEW_MS;
  const candidates = (data.customer?.storeCreditAccounts.nodes ?? [])
    .flatMap((account) => account.transactions.nodes)
    .filter(
      (credit): credit is typeof credit & { id: string } =>
        typeof credit.id === "string" &&
        Date.parse(credit.createdAt) >= since &&
        credit.amount.currencyCode === payout.currency &&
        decimalToMinor(credit.amount.amount, payout.currency) === payout.amountMinor,
    );
  if (candidates.length === 0) return [];
  const taken = new Set(
    (
      await db.payout.findMany({
        where: { shop, method: PayoutMethod.storeCredit, reference: { in: candidates.map((c) => c.id) } },
        select: { reference: true },
      })
    ).map((p) => p.reference),
  );
  return candidates.map((c) => c.id).filter((id) => !taken.has(id));
}

/** Pays a store-credit payout (draft, or sent with an answer lost), never twice. */
export async function payWithStoreCredit(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  payoutId: string,
  now = new Date(),
): Promise<StoreCreditOutcome> {
  const payout = await db.payout.findFirst({ where: { shop, id: payoutId } });
  if (!payout) throw new PayoutError("No such payout");
  if (payout.method !== PayoutMethod.storeCredit)
    throw new PayoutError("This payout is not paid in store credit");
  if (payout.status !== PayoutStatus.draft && payout.status !== PayoutStatus.sent) {
    throw new PayoutError(`This payout is ${payout.status}`);
  }
  if (!payout.recipient) throw new PayoutError("This payout has no customer to credit");
  const recipient = payout.recipient;

  if (payout.attemptedAt) {
    const found = await earlierCredit(db, graphql, shop, {
      ...payout,
      recipient,
      attemptedAt: payout.attemptedAt,
    });
    if (found.length > 1) {
      await db.payout.update({
        where: { id: payout.id },
        data: {
          failureReason: `Needs review: several store credits could be this payout's (${found.join(", ")})`,
        },
      });
      return { result: "needs_review", transactionIds: found };
    }
    if (found.length === 1) {
      await db.$transaction((tx) =>
        recordPayoutPaid(tx, shop, payout.id, { reference: found[0], paidAt: now, now }),
      );
      return { result: "found", transactionId: found[0] };
    }
  }

  await claimPayoutAttempt(db, shop, payout, now);

  const variables: StoreCreditCreditVariables = {
    id: recipient,
    creditInput: { creditAmount: { amount: payout.amount, currencyCode: payout.currency } },
  };
  let data: StoreCreditCreditData;
  try {
    data = await queryAdmin<StoreCreditCreditData>(graphql, STORE_CREDIT_CREDIT, { ...variables });
  } catch (error) {
    const message = "Shopify did not answer. Trying again checks the customer's store credit before paying.";
    await db.payout.update({ where: { id: payout.id }, data: { failureReason: message } });
    console.warn(`Store credit for payout ${payout.id}: no answer from Shopify`, error);
    return { result: "unknown", message };
  }
  const answer = data.storeCreditAccountCredit;
  const transaction = answer?.storeCreditAccountTransaction;
  if (!answer || answer.userErrors.length > 0 || !transaction) {
    const messages = answer?.userErrors.map((e) => e.message) ?? ["Shopify answered without a transaction"];
    return failWithShopifyErrors(db, shop, payout.id, messages, now);
  }
  await db.$transaction((tx) =>
    recordPayoutPaid(tx, shop, payout.id, {
      reference: transaction.id,
      paidAt: new Date(transaction.createdAt),
      now,
    }),
  );
  return { result: "paid", transactionId: transaction.id };
}
