// The balances list says how each balance can be paid: a gift card only in the shop's currency, PayPal and
// store credit in the balance's own currency, named when it is not the shop's.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { loader } from "~/routes/app.payouts._index";
import { describeBalanceMethod } from "~/models/payouts/balance-methods";
import { savePayoutSettings } from "~/models/payouts/settings.server";
import { createAffiliate, createCommission } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { TEST_SHOP, adminRequest } from "~test/helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

beforeEach(() => resetDatabase());

describe("the balances list's payout methods", () => {
  it("offers a gift card only for a balance in the shop's currency", async () => {
    await prisma.shopProfile.create({
      data: { shop: TEST_SHOP, name: "Test shop", timeZone: "UTC", currency: "USD", refreshedAt: new Date() },
    });
    await savePayoutSettings(prisma, TEST_SHOP, {
      holdingDays: "0",
      holdingFrom: "approval",
      minimums: {},
      methods: ["paypal", "store_credit", "gift_card"],
    });
    const ann = await createAffiliate({ customerId: "gid://shopify/Customer/1" });
    const approved = { status: "approved", statusChangedAt: new Date("2026-03-02T12:00:00Z") };
    await createCommission(ann, { ...approved, currency: "USD", amount: "10.00", amountMinor: 1000 });
    await createCommission(ann, { ...approved, currency: "EUR", amount: "20.00", amountMinor: 2000 });

    const data = await loader(args(await adminRequest("/app/payouts")));
    const methodsIn = (currency: string) =>
      data.balances.items.find((row) => row.currency === currency)?.methods;
    expect(methodsIn("USD")).toEqual(["paypal", "store_credit", "gift_card"]);
    expect(methodsIn("EUR")).toEqual(["paypal", "store_credit"]);
    expect(data.shopCurrency).toBe("USD");
  });

  it("names the currency a method pays in when it is not the shop's", () => {
    expect(describeBalanceMethod("store_credit", "EUR", "USD")).toBe("Store credit (EUR)");
    expect(describeBalanceMethod("paypal", "EUR", "USD")).toBe("PayPal (EUR)");
    expect(describeBalanceMethod("store_credit", "USD", "USD")).toBe("Store credit");
    expect(describeBalanceMethod("manual", "EUR", "USD")).toBe("Manual (bank transfer or other)");
  });
});
