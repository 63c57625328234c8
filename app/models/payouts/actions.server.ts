// The Payouts screens' actions on payouts (a batch's page and a payout's page post the same intents),
// answered in the merchant's words.
import type { PrismaClient } from "@prisma/client";
import type { AdminGraphqlClient } from "~/graphql/client";
import { countOf } from "~/format/counts";
import type { ToastMessage } from "~/lib/answers";
import { getShopProfile } from "~/models/shop/profile.server";
import { PAYOUT_METHOD_WORDS, PayoutMethod, PayoutStatus, payoutReference } from "./codes";
import { payWithGiftCard } from "./gift-card.server";
import { closePayout, markPayoutPaid, markPayoutsSent, PayoutError } from "./payouts.server";
import { payWithStoreCredit } from "./store-credit.server";

export interface PayoutActionAnswer {
  ok: boolean;
  toast: ToastMessage;
  /** What went wrong, payout by payout (Shopify's userErrors among them). */
  problems: Array<{ reference: string; message: string }>;
}

const MAX_IDS = 500;

function answer(
  ok: boolean,
  message: string,
  problems: PayoutActionAnswer["problems"] = [],
): PayoutActionAnswer {
  return { ok, toast: { message, isError: !ok }, problems };
}

/** A day "2026-06-01" as that day's noon UTC (a manual payment's date); null when it is not one. */
function paidDate(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T12:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : date;
}

export async function payoutAction(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  form: FormData,
  now = new Date(),
  /** The app's secret, which gift card codes are made with. */
  secret = process.env.SHOPIFY_API_SECRET ?? "",
): Promise<PayoutActionAnswer> {
  const intent = String(form.get("intent") ?? "");
  const ids = form.getAll("id").map(String).slice(0, MAX_IDS);
  try {
    switch (intent) {
      case "pay-store-credit":
      case "pay-gift-card": {
        const method = intent === "pay-gift-card" ? PayoutMethod.giftCard : PayoutMethod.storeCredit;
        const payouts = await db.payout.findMany({
          where: { shop, id: { in: ids }, method },
          select: { id: true, number: true },
          orderBy: { number: "asc" },
        });
        if (payouts.length === 0)
          return answer(false, `No ${PAYOUT_METHOD_WORDS[method].toLowerCase()} payout to pay`);
        const shopCurrency = (await getShopProfile(db, shop)).currency;
        const problems: PayoutActionAnswer["problems"] = [];
        let paid = 0;
        for (const payout of payouts) {
          const reference = payoutReference(payout.number);
          try {
            const outcome =
              method === PayoutMethod.giftCard
                ? await payWithGiftCard(db, graphql, shop, payout.id, { secret, shopCurrency }, now)
                : await payWithStoreCredit(db, graphql, shop, payout.id, now);
            if (outcome.result === "paid" || outcome.result === "found") paid += 1;
            else if (outcome.result === "refused")
              problems.push({ reference, message: outcome.messages.join("; ") });
            else if (outcome.result === "unknown") problems.push({ reference, message: outcome.message });
            else
              problems.push({
                reference,
                message: "Several store credits could be this payout's: look in Shopify",
              });
          } catch (error) {
            if (!(error instanceof PayoutError)) throw error;
            problems.push({ reference, message: error.message });
          }
        }
        const how = method === PayoutMethod.giftCard ? "by gift card" : "in store credit";
        return answer(
          problems.length === 0,
          problems.length === 0
            ? `${countOf(paid, "payout")} paid ${how}`
            : `${countOf(paid, "payout")} paid, ${countOf(problems.length, "problem")}`,
          problems,
        );
      }
      case "mark-sent": {
        const count = await markPayoutsSent(db, shop, ids, now);
        return answer(
          count > 0,
          count > 0 ? `${countOf(count, "payout")} marked sent` : "Nothing to mark sent",
        );
      }
      case "mark-paid": {
        const date = paidDate(String(form.get("paidAt") ?? ""));
        if (!date) return answer(false, "Enter the date it was paid");
        await markPayoutPaid(
          db,
          shop,
          ids[0] ?? "",
          { reference: String(form.get("reference") ?? ""), paidAt: date },
          now,
        );
        return answer(true, "Payout marked paid");
      }
      case "fail":
      case "cancel": {
        const to = intent === "fail" ? PayoutStatus.failed : PayoutStatus.cancelled;
        await closePayout(db, shop, ids[0] ?? "", to, String(form.get("reason") ?? ""), now);
        return answer(
          true,
          intent === "fail"
            ? "Payout marked failed; its commissions are payable again"
            : "Payout cancelled; its commissions are payable again",
        );
      }
      default:
        return answer(false, "Unknown action");
    }
  } catch (error) {
    if (error instanceof PayoutError) return answer(false, error.message);
    throw error;
  }
}
