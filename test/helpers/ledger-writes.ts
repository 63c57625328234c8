// The set-up and the driver shared by the maintained figures' tests (daily totals, coupon totals) and the
// screens that read them: two shops with the default program, orders placed through the real webhook route,
// and "each write kind at once, then recount" on two database connections.
import { expect } from "vitest";
import { PrismaClient } from "@prisma/client";
import prisma from "~/db.server";
import { LockedWritesPrismaLibSQL } from "~/lib/sqlite.server";
import { reviewLines } from "~/models/ledger/review.server";
import { closePayout, createPayoutBatch, markPayoutPaid } from "~/models/payouts/payouts.server";
import { savePayoutSettings } from "~/models/payouts/settings.server";
import { DEFAULT_PROGRAM, saveProgramSettings } from "~/models/program/program.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { resetDatabase } from "./db";
import { mswServer } from "./msw";
import { orderPayload, refundPayload, type LineSpec, type OrderSpec } from "./orders";
import { deliver, drain } from "./pipeline";
import { OTHER_SHOP, TEST_SHOP, installShop } from "./shopify";

type EmulatorOptions = Parameters<typeof createShopifyEmulator>[0];

/**
 * An empty database with the test shop and the other shop installed, both on the default program (no
 * automatic approval, test orders not credited, a 30-day cookie), Shopify answered by the emulator.
 */
export async function setUpTwoShops(emulator: EmulatorOptions = {}) {
  await resetDatabase();
  mswServer.resetHandlers(...createShopifyEmulator(emulator).handlers);
  for (const shop of [TEST_SHOP, OTHER_SHOP]) {
    await installShop(shop);
    await saveProgramSettings(prisma, shop, {
      program: DEFAULT_PROGRAM,
      autoApproveDays: null,
      creditTestOrders: false,
      cookieWindowDays: 30,
    });
  }
}

export interface PlacedOrder extends Partial<Omit<OrderSpec, "id" | "lines" | "customer">> {
  shop?: string;
  /** The customer's id when not the order's own (`customerBase + id`). */
  customerId?: number;
  lines?: (id: number) => LineSpec[];
}

/**
 * Places orders through the orders/create route, numbered from `firstId`, each by its own customer
 * (`customerBase + id`, `c<id>@example.com`); what a call leaves out comes from `defaults`. A line's id is
 * the order's id × 10 + its position, so a refund can name it.
 */
export function orderPlacer(firstId: number, customerBase: number, defaults: PlacedOrder) {
  let next = firstId;
  return async (order: PlacedOrder = {}) => {
    const id = next++;
    const { shop = TEST_SHOP, lines, customerId = customerBase + id, ...spec } = { ...defaults, ...order };
    await deliver({
      shop,
      topic: "orders/create",
      body: orderPayload({
        ...spec,
        customer: { id: customerId, email: `c${id}@example.com` },
        id,
        lines: lines?.(id),
      }),
    });
    return id;
  };
}

export interface WritesAtOnce {
  rounds: number;
  /** The worker's side of a round: the orders it records (on the test's own connection). */
  placeOrders: (round: number) => Promise<unknown>;
  /** The line item of an order that a round's refund takes one unit of. */
  refundedLine: (orderId: number) => number;
  /** Of the round's pending commission lines: how many are approved (the first ones), how many of those are
   * marked paid; the line after the approved ones is denied. */
  approve: number;
  markPaid: number;
  /** The recount after each round: throws (through `expect`) when a maintained figure is not the ledger's. */
  recount: () => Promise<unknown>;
}

/**
 * Each kind of write at once, round after round, on two connections — orders and a refund recorded and
 * credited; approve, deny and mark paid; a payout of what was approved earlier, made and then paid (even
 * rounds) or failed (odd rounds) — then `recount`. Ends by checking that every kind of write took place.
 */
export async function writeAtOnceThenRecount(writes: WritesAtOnce, shop = TEST_SHOP) {
  const linesOf = (where: object) => prisma.ledgerLine.findMany({ where: { shop, ...where } });
  expect(
    await savePayoutSettings(prisma, shop, {
      holdingDays: "0",
      holdingFrom: "approval",
      minimums: {},
      methods: ["manual"],
    }),
  ).toBeNull();
  const second = new PrismaClient({
    adapter: new LockedWritesPrismaLibSQL({ url: process.env.DATABASE_URL! }),
  });
  try {
    for (let round = 0; round < writes.rounds; round++) {
      const pending = await linesOf({ status: "pending", type: "commission" });
      const approved = await linesOf({ status: "approved", type: "commission", payoutLine: { is: null } });
      const orders = [...new Set(pending.map((line) => line.orderId))];
      const ids = (from: number, to: number) => pending.slice(from, to).map((line) => line.id);
      await Promise.all([
        (async () => {
          await writes.placeOrders(round);
          const refunded = Number(orders[0]);
          await deliver({
            shop,
            topic: "refunds/create",
            body: refundPayload({
              id: 9100 + round,
              orderId: refunded,
              lines: [{ lineItemId: writes.refundedLine(refunded), quantity: 1 }],
            }),
          });
          await drain();
        })(),
        reviewLines(second, shop, "approve", ids(0, writes.approve)),
        reviewLines(prisma, shop, "deny", ids(writes.approve, writes.approve + 1)),
        reviewLines(second, shop, "markPaid", ids(0, writes.markPaid)),
        (async () => {
          if (approved.length === 0) return;
          const { payoutIds } = await createPayoutBatch(second, shop, {
            balances: [{ affiliateId: approved[0].affiliateId, currency: approved[0].currency }],
            method: "manual",
            createdBy: "merchant",
          });
          if (payoutIds.length === 0) return;
          if (round % 2 === 0)
            await markPayoutPaid(second, shop, payoutIds[0], { reference: `R${round}`, paidAt: new Date() });
          else await closePayout(second, shop, payoutIds[0], "failed", "Bank refused");
        })(),
      ]);
      await writes.recount();
    }
    const count = (where: object) => prisma.ledgerLine.count({ where: { shop, ...where } });
    expect(await count({ type: "reversal" })).toBeGreaterThan(0);
    expect(await count({ status: "approved" })).toBeGreaterThan(0);
    expect(await count({ status: "denied" })).toBeGreaterThan(0);
    expect(await count({ status: "paid" })).toBeGreaterThan(0);
    expect(await prisma.payout.count({ where: { shop, status: "paid" } })).toBeGreaterThan(0);
    expect(await prisma.payout.count({ where: { shop, status: "failed" } })).toBeGreaterThan(0);
  } finally {
    await second.$disconnect();
  }
}
