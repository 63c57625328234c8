// The balances list says how each balance can be paid: a gift card only in the shop's currency, PayPal and
// store credit in the balance's own currency, named when it is not the shop's.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader } from "~/routes/app.payouts._index";
import { describeBalanceMethod } from "~/models/payouts/balance-methods";
import { createPayoutBatch } from "~/models/payouts/payouts.server";
import { savePayoutSettings } from "~/models/payouts/settings.server";
import { createAffiliate, createCommission } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { TEST_SHOP, adminRequest } from "~test/helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

beforeEach(() => resetDatabase());

/**
 * A shop in US dollars paying by these methods (no holding period, no minimum), and an affiliate linked to a
 * customer with an approved balance in USD ($10.00) and one in EUR (€20.00).
 */
async function shopPaying(methods: string[]) {
  await prisma.shopProfile.create({
    data: { shop: TEST_SHOP, name: "Test shop", timeZone: "UTC", currency: "USD", refreshedAt: new Date() },
  });
  await savePayoutSettings(prisma, TEST_SHOP, {
    holdingDays: "0",
    holdingFrom: "approval",
    minimums: {},
    methods,
  });
  const ann = await createAffiliate({ customerId: "gid://shopify/Customer/1" });
  const approved = { status: "approved", statusChangedAt: new Date("2026-03-02T12:00:00Z") };
  await createCommission(ann, { ...approved, currency: "USD", amount: "10.00", amountMinor: 1000 });
  await createCommission(ann, { ...approved, currency: "EUR", amount: "20.00", amountMinor: 2000 });
  return ann;
}

describe("the balances list's payout methods", () => {
  it("offers a gift card only for a balance in the shop's currency", async () => {
    await shopPaying(["paypal", "store_credit", "gift_card"]);

    const data = await loader(args(await adminRequest("/app/payouts")));
    const methodsIn = (currency: string) =>
      data.balances.items.find((row) => row.currency === currency)?.methods;
    expect(methodsIn("USD")).toEqual(["paypal", "store_credit", "gift_card"]);
    expect(methodsIn("EUR")).toEqual(["paypal", "store_credit"]);
    expect(data.shopCurrency).toBe("USD");
  });

  it('lists under "Can be paid by gift card" only the balances a gift card batch accepts', async () => {
    const ann = await shopPaying(["store_credit", "gift_card"]);

    const byGiftCard = await loader(args(await adminRequest("/app/payouts?method=gift_card")));
    const listed = byGiftCard.balances.items.map((row) => row.currency);
    expect(listed).toEqual(["USD"]);
    expect(byGiftCard.payableTotals.map((total) => total.currency)).toEqual(["USD"]);
    // Store credit pays in the balance's own currency: both stay listed under it.
    const byStoreCredit = await loader(args(await adminRequest("/app/payouts?method=store_credit")));
    expect(byStoreCredit.balances.items.map((row) => row.currency).sort()).toEqual(["EUR", "USD"]);

    // A gift card batch of every balance accepts exactly the listed ones.
    const { payoutIds } = await createPayoutBatch(prisma, TEST_SHOP, {
      balances: ["USD", "EUR"].map((currency) => ({ affiliateId: ann.id, currency })),
      method: "gift_card",
      createdBy: "merchant",
      shopCurrency: "USD",
    });
    const accepted = await prisma.payout.findMany({ where: { id: { in: payoutIds } } });
    expect(accepted.map((payout) => payout.currency)).toEqual(listed);
  });

  it("names the currency a method pays in when it is not the shop's", () => {
    expect(describeBalanceMethod("store_credit", "EUR", "USD")).toBe("Store credit (EUR)");
    expect(describeBalanceMethod("paypal", "EUR", "USD")).toBe("PayPal (EUR)");
    expect(describeBalanceMethod("store_credit", "USD", "USD")).toBe("Store credit");
    expect(describeBalanceMethod("manual", "EUR", "USD")).toBe("Manual (bank transfer or other)");
  });
});
