// Payouts through the screens' routes, for the payout tests: approved commissions, a batch made on the
// balances screen, a payout action posted as the screens post it.
import type { Affiliate } from "@prisma/client";
import { expect } from "vitest";
import { action as balancesAction } from "~/routes/app.payouts._index";
import type { action as batchAction } from "~/routes/app.payouts.batches.$id";
import { createCommission } from "~test/factories";
import { TEST_SHOP, adminRequest, settle } from "./shopify";

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
