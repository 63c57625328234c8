// Payout settings: the minimum payout is a money field per currency, checked exactly (no floats), and a
// wrong amount comes back under its field with what was typed.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action, loader } from "~/routes/app.payouts.settings";
import { getPayoutSettings, minimumProblem } from "~/models/payouts/settings.server";
import { createAffiliate, createCommission } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { TEST_SHOP, adminRequest, settle } from "~test/helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

beforeEach(() => resetDatabase());

async function post(minimum: string) {
  const form = {
    holdingDays: "14",
    holdingFrom: "approval",
    "minimums.USD": minimum,
    methods: ["manual", "paypal"],
  };
  const response = (await settle(async () =>
    action(args(await adminRequest("/app/payouts/settings", { form }))),
  )) as Response;
  return { status: response.status, body: await response.json() };
}

describe("payout settings' minimum payout", () => {
  it("is offered in the shop's currency, empty until set", async () => {
    const data = await loader(args(await adminRequest("/app/payouts/settings")));
    // No profile fetched and no order yet: the shop's currency is USD.
    expect(data.form.minimums).toEqual({ USD: "" });
  });

  it("offers a field for each other currency the ledger has", async () => {
    const ann = await createAffiliate();
    await createCommission(ann, { currency: "EUR", amount: "20.00", amountMinor: 2000 });
    const data = await loader(args(await adminRequest("/app/payouts/settings")));
    expect(data.form.minimums).toEqual({ USD: "", EUR: "" });
  });

  it("saves an exact amount and shows it back in the currency's decimals", async () => {
    expect((await post("25.5")).status).toBe(200);
    expect((await getPayoutSettings(prisma, TEST_SHOP)).minimumsMinor).toEqual({ USD: 2550 });
    const data = await loader(args(await adminRequest("/app/payouts/settings")));
    expect(data.form.minimums).toEqual({ USD: "25.50" });
    // Emptied: no minimum any more.
    expect((await post("")).status).toBe(200);
    expect((await getPayoutSettings(prisma, TEST_SHOP)).minimumsMinor).toEqual({});
  });

  it.each([
    ["abc", "Enter an amount in USD, like 25.00"],
    ["-1", "A minimum can't be below zero"],
    ["1.234", "USD has 2 decimal places: enter an amount like 25.00"],
  ])("refuses %j under its field, keeps what was typed, and saves nothing", async (typed, error) => {
    expect((await post("10")).status).toBe(200);
    const { status, body } = await post(typed);
    expect(status).toBe(400);
    expect(body.errors).toEqual({ "minimums.USD": error });
    expect(body.values.minimums).toEqual({ USD: typed });
    expect(body.values.holdingDays).toBe("14");
    // The saved settings are as they were.
    expect((await getPayoutSettings(prisma, TEST_SHOP)).minimumsMinor).toEqual({ USD: 1000 });
  });

  it("knows each currency's decimals", () => {
    expect(minimumProblem("2500", "JPY")).toBeNull();
    expect(minimumProblem("2500.5", "JPY")).toBe("JPY has no decimals: enter a whole amount, like 2500");
    expect(minimumProblem("1.234", "KWD")).toBeNull();
    expect(minimumProblem("1.2345", "KWD")).toBe("KWD has 3 decimal places: enter an amount like 25.000");
    expect(minimumProblem("1e3", "USD")).toBe("Enter an amount in USD, like 25.00");
    expect(minimumProblem(" 7 ", "USD")).toBeNull();
  });
});
