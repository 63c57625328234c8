// Payouts through the screens' routes, for the payout tests: approved commissions, a batch made on the
// balances screen, a payout action posted as the screens post it.
import type { Affiliate } from "@prisma/client";
import { expect } from "vitest";
import prisma from "~/db.server";
import { savePayoutSettings } from "~/models/payouts/settings.server";
import type { PayoutMethod } from "~/models/payouts/codes";
import { action as balancesAction } from "~/routes/app.payouts._index";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import type { action as batchAction } from "~/routes/app.payouts.batches.$id";
import { createCommission } from "~test/factories";
import { resetDatabase } from "./db";
import { mswServer } from "./msw";
import { OTHER_SHOP, TEST_SHOP, adminRequest, settle } from "./shopify";

/** The store the payout tests pay into: two customers an affiliate can be. */
const PAYOUT_STORE = {
  customers: [
    { id: "7001", email: "carol@example.com", firstName: "Carol", lastName: "Ng" },
    { id: "7002", email: "dave@example.com", firstName: "Dave", lastName: "Stone" },
  ],
};

/**
 * A clean database, Shopify emulated with the payout store, and both test shops paying at once (no holding,
 * no minimum) by `methods`. Answers the emulator's store, to read what Shopify was asked to pay.
 */
export async function payoutsAgainstEmulatedShopify(methods: PayoutMethod[]) {
  await resetDatabase();
  const emulator = createShopifyEmulator(PAYOUT_STORE);
  mswServer.use(...emulator.handlers);
  for (const shop of [TEST_SHOP, OTHER_SHOP]) {
    await savePayoutSettings(prisma, shop, {
      holdingDays: "0",
      holdingFrom: "approval",
      minimums: {},
      methods,
    });
  }
  return emulator.store;
}

export const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {},
});

export const approved = (affiliate: Affiliate, amountMinor: number, extra: Record<string, unknown> = {}) =>
  createCommission(affiliate, {
    status: "approved",
    amountMinor,
    amount: (amountMinor / 100).toFixed(2),
    statusChangedAt: new Date(Date.now() - 86_400_000),
    ...extra,
  });

/** Creates a batch through the balances screen; answers the batch's id (from the redirect). */
export async function createBatch(method: string, balances: string[], shop = TEST_SHOP): Promise<string> {
  const response = (await settle(async () =>
    balancesAction(args(await adminRequest("/app/payouts", { form: { method, balance: balances }, shop }))),
  )) as Response;
  expect(response.status).toBe(302);
  return /\/app\/payouts\/batches\/([^?]+)/.exec(response.headers.get("Location") ?? "")![1];
}

export async function post(
  action: typeof batchAction,
  path: string,
  params: Record<string, string>,
  form: Record<string, string | string[]>,
  shop = TEST_SHOP,
) {
  const response = (await settle(async () =>
    action(args(await adminRequest(path, { form, shop }), params)),
  )) as Response;
  return {
    status: response.status,
    body: (await response.json()) as {
      ok: boolean;
      problems: Array<{ message: string }>;
      toast: { message: string };
    },
  };
}
