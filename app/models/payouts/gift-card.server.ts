// Paying a payout with a Shopify gift card (giftCardCreate, Admin API 2025-10), once.
//
// A gift card has no currency of its own: it is in the shop's currency, so only payouts in that currency
// are paid this way. It goes to the affiliate's store customer (as its customer and recipient: Shopify sends
// them the card and its code). Shopify has no idempotency key for it, so each payout has its own card code,
// derived from the app's secret and the payout (never stored, never shown): the attempt is recorded before
// Shopify is asked; when the answer is lost, trying again first searches the gift cards for that code and
// records the card found instead of issuing a second one, and a create that lands twice is refused by
// Shopify (the code is TAKEN) and resolved the same way.
import { createHmac } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { queryAdmin, type AdminGraphqlClient } from "~/graphql/client";
import {
  GIFT_CARD_CREATE,
  type GiftCardCreateData,
  type GiftCardCreateVariables,
} from "~/graphql/gift-card-create";
import {
  GIFT_CARDS_BY_CODE,
  type GiftCardsByCodeData,
  type GiftCardsByCodeVariables,
} from "~/graphql/gift-cards-by-code";
import { PayoutMethod, PayoutStatus, giftCardCurrencyProblem, payoutReference } from "./codes";
import { claimPayoutAttempt, failWithShopifyErrors } from "./attempts.server";
import { PayoutError, recordPayoutPaid } from "./payouts.server";
import { decimalToMinor } from "./settings.server";

export type GiftCardOutcome =
  | { result: "paid"; giftCardId: string }
  /** The card issued for this payout earlier was found: recorded, nothing issued again. */
  | { result: "found"; giftCardId: string }
  /** Shopify refused: the payout failed (its lines released) with Shopify's words. */
  | { result: "refused"; messages: string[] }
  /** No answer from Shopify: the payout stays sent; trying again looks before it issues a card. */
  | { result: "unknown"; message: string };

const CODE_LENGTH = 20;

/**
 * The gift card code of a payout: 20 letters a-z and digits (Shopify takes 8 to 20), the same on every
 * attempt, unguessable without the app's secret. A bearer credential: never logged, stored or shown.
 */
export function giftCardCodeOf(secret: string, shop: string, payoutId: string): string {
  const digest = createHmac("sha256", secret).update(`gift-card-payout|${shop}|${payoutId}`).digest();
  let code = BigInt(`0x${digest.toString("hex")}`).toString(36);
  while (code.length < CODE_LENGTH) code = `0${code}`;
  return code.slice(0, CODE_LENGTH);
}

async function issuedCard(
  graphql: AdminGraphqlClient,
  code: string,
  payout: { recipient: string; currency: string; amountMinor: number },
): Promise<string | null> {
  const variables: GiftCardsByCodeVariables = { query: code };
  const data = await queryAdmin<GiftCardsByCodeData>(graphql, GIFT_CARDS_BY_CODE, { ...variables });
  const card = data.giftCards.nodes.find(
    (node) =>
      node.lastCharacters.toLowerCase() === code.slice(-4) &&
      node.customer?.id === payout.recipient &&
      node.initialValue.currencyCode === payout.currency &&
      decimalToMinor(node.initialValue.amount, payout.currency) === payout.amountMinor,
  );
  return card?.id ?? null;
}

/** Pays a gift card payout (draft, or sent with an answer lost), never twice. */
export async function payWithGiftCard(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  payoutId: string,
  context: { secret: string; shopCurrency: string },
  now = new Date(),
): Promise<GiftCardOutcome> {
  const payout = await db.payout.findFirst({ where: { shop, id: payoutId } });
  if (!payout) throw new PayoutError("No such payout");
  if (payout.method !== PayoutMethod.giftCard) throw new PayoutError("This payout is not paid by gift card");
  if (payout.status !== PayoutStatus.draft && payout.status !== PayoutStatus.sent) {
    throw new PayoutError(`This payout is ${payout.status}`);
  }
  if (!payout.recipient) throw new PayoutError("This payout has no customer to give the gift card to");
  const currencyProblem = giftCardCurrencyProblem(payout.currency, context.shopCurrency);
  if (currencyProblem) throw new PayoutError(`${currencyProblem}: cancel it and pay by another method`);
  if (!context.secret) throw new PayoutError("The app has no secret to make gift card codes with");
  const recipient = payout.recipient;
  const code = giftCardCodeOf(context.secret, shop, payout.id);
  const paid = async (giftCardId: string, paidAt: Date) =>
    db.$transaction((tx) => recordPayoutPaid(tx, shop, payout.id, { reference: giftCardId, paidAt, now }));

  if (payout.attemptedAt) {
    const found = await issuedCard(graphql, code, { ...payout, recipient });
    if (found) {
      await paid(found, now);
      return { result: "found", giftCardId: found };
    }
  }

  await claimPayoutAttempt(db, shop, payout, now);

  const reference = payoutReference(payout.number);
  const variables: GiftCardCreateVariables = {
    input: {
      initialValue: payout.amount,
      code,
      customerId: recipient,
      note: `Affiliate payout ${reference}`,
      recipientAttributes: {
        id: recipient,
        message: `Your affiliate commissions (payout ${reference}). Thank you!`,
      },
    },
  };
  let data: GiftCardCreateData;
  try {
    data = await queryAdmin<GiftCardCreateData>(graphql, GIFT_CARD_CREATE, { ...variables });
  } catch (error) {
    const message =
      "Shopify did not answer. Trying again looks for this payout's gift card before issuing one.";
    await db.payout.update({ where: { id: payout.id }, data: { failureReason: message } });
    console.warn(`Gift card for payout ${payout.id}: no answer from Shopify`, error);
    return { result: "unknown", message };
  }
  const answer = data.giftCardCreate;
  const card = answer?.giftCard;
  if (answer && !card && answer.userErrors.some((e) => e.code === "TAKEN")) {
    // The code is taken: an earlier attempt landed (its answer lost), so the card exists already.
    const found = await issuedCard(graphql, code, { ...payout, recipient });
    if (found) {
      await paid(found, now);
      return { result: "found", giftCardId: found };
    }
  }
  if (!answer || answer.userErrors.length > 0 || !card) {
    const messages = answer?.userErrors.map((e) => e.message) ?? ["Shopify answered without a gift card"];
    return failWithShopifyErrors(db, shop, payout.id, messages, now);
  }
  await paid(card.id, new Date(card.createdAt));
  return { result: "paid", giftCardId: card.id };
}
