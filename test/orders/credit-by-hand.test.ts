// Credit by hand, through the order page's real loader and action and real HMAC-signed webhooks: an order
// that earned nothing credited to an affiliate (source `manual`, the note in the trace, the daily figures
// equal to a recomputation), once whatever the number of requests, refused where it must be, scoped to the
// shop, and reversed by a later refund or cancellation like any other commission.
import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import prisma from "~/db.server";
import { action as orderAction, loader as orderLoader } from "~/routes/app.commissions.$id";
import { loader as ordersLoader } from "~/routes/app.orders._index";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { expectFiguresToMatchTheLedger } from "~test/helpers/figures";
import { mswServer } from "~test/helpers/msw";
import { cancelledOrderPayload, orderPayload, refundPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { OTHER_SHOP, TEST_SHOP, adminRequest, settle } from "~test/helpers/shopify";

let alice: Affiliate;
let bob: Affiliate;

beforeEach(async () => {
  await resetDatabase();
  mswServer.resetHandlers(...createShopifyEmulator({ customers: [], products: [] }).handlers);
  alice = await createAffiliate({ name: "Alice Wong", refCode: "alice", email: "alice@example.com" });
  bob = await createAffiliate({ name: "Bob Okafor", refCode: "bob", active: false });
});

/** Records order `id` through its signed webhook: with `ref`, referred through that link. */
async function recordOrder(id: number, options: { ref?: string; test?: boolean; shop?: string } = {}) {
  await deliver({
    topic: "orders/create",
    shop: options.shop,
    body: orderPayload({
      id,
      landingSite: options.ref ? `/?ref=${options.ref}` : null,
      test: options.test ?? false,
    }),
  });
  await drain();
  return prisma.attributedOrder.findFirstOrThrow({ where: { orderId: String(id) } });
}

async function post(orderId: string, form: Record<string, string>, shop = TEST_SHOP) {
  return (await settle(async () =>
    orderAction({
      request: await adminRequest(`/app/commissions/${orderId}`, { form, shop }),
      params: { id: orderId },
      context: {},
    }),
  )) as Response;
}

const credit = (orderId: string, affiliateId: string, note = "Alice sent her by email") =>
  post(orderId, { intent: "credit", affiliateId, note });

async function page(orderId: string) {
  return orderLoader({
    request: await adminRequest(`/app/commissions/${orderId}`),
    params: { id: orderId },
    context: {},
  });
}

const words = (sentences: Array<{ segments: Array<{ text: string }> }>) =>
  sentences.map((s) => s.segments.map((segment) => segment.text).join(""));

describe("credit by hand", () => {
  it("previews, then credits the order to the affiliate: source manual, the note in the trace, figures kept", async () => {
    const order = await recordOrder(1);
    expect((await page(order.id)).creditable).toBe(true);

    const preview = await post(order.id, { intent: "preview_credit", affiliateId: alice.id });
    expect(preview.status).toBe(200);
    expect(await preview.json()).toEqual({
      intent: "preview_credit",
      preview: [{ affiliate: "Alice Wong", rule: "default", amount: expect.stringMatching(/^\d+\.\d\d$/) }],
    });
    expect(await prisma.ledgerLine.count()).toBe(0);

    const answer = await credit(order.id, alice.id);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ intent: "credit", credited: true });

    const lines = await prisma.ledgerLine.findMany({ where: { orderId: "1" } });
    expect(lines.map((line) => [line.affiliateId, line.type, line.source])).toEqual([
      [alice.id, "commission", "manual"],
    ]);
    const stored = await prisma.attributedOrder.findUniqueOrThrow({ where: { id: order.id } });
    expect(stored).toMatchObject({ credited: true, referrerAffiliateId: alice.id, referrerSource: "manual" });
    expect(JSON.parse(stored.input).manualReferral).toEqual({ affiliateId: alice.id });
    await expectFiguresToMatchTheLedger(prisma, TEST_SHOP);

    const after = await page(order.id);
    expect(after.creditable).toBe(false);
    const credited = words(after.trace.credited).join(" ");
    expect(credited).toMatch(
      /^Credited by hand to Alice Wong on \w{3} \d+, \d{4} by merchant: “Alice sent her by email”\./,
    );
    expect(credited).toContain(
      "Alice Wong referred this order as the merchant credited the order to them by hand",
    );
    expect(words(after.trace.notCredited)).toEqual([]);

    const notCredited = await ordersLoader({
      request: await adminRequest("/app/orders?show=not_credited"),
      params: {},
      context: {},
    });
    expect(notCredited.orders.rows.map((row) => row.orderId)).toEqual([]);
  });

  it("credits once when two requests race (two tabs, a double submit)", async () => {
    const order = await recordOrder(2);
    const answers = await Promise.all([credit(order.id, alice.id), credit(order.id, alice.id)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    const refused = await answers.find((answer) => answer.status === 400)!.json();
    expect(refused.errors.form).toMatch(/already credited/);
    expect(await prisma.ledgerLine.count({ where: { orderId: "2" } })).toBe(1);
    await expectFiguresToMatchTheLedger(prisma, TEST_SHOP);
  });

  it("is refused for an order already credited, a test order, a cancelled order and an inactive affiliate", async () => {
    const referred = await recordOrder(3, { ref: "alice" });
    const test = await recordOrder(4, { test: true });
    const cancelled = await recordOrder(5);
    await deliver({ topic: "orders/cancelled", body: cancelledOrderPayload({ id: 5 }) });
    await drain();
    const open = await recordOrder(6);
    expect((await page(test.id)).creditable).toBe(false);
    expect((await page(open.id)).creditable).toBe(true);

    const refusal = async (response: Response) => {
      expect(response.status).toBe(400);
      return (await response.json()).errors;
    };
    expect(await refusal(await credit(referred.id, alice.id))).toEqual({
      form: expect.stringMatching(/already credited/),
    });
    expect(await refusal(await credit(test.id, alice.id))).toEqual({
      form: expect.stringMatching(/test order.*off in Settings/),
    });
    expect(await refusal(await credit(cancelled.id, alice.id))).toEqual({
      form: expect.stringMatching(/cancelled/),
    });
    expect(await refusal(await credit(open.id, bob.id))).toEqual({
      affiliateId: "Bob Okafor is not an active affiliate: only active affiliates earn.",
    });
    expect(await refusal(await credit(open.id, alice.id, "   "))).toEqual({
      note: expect.stringMatching(/Write a note/),
    });
    expect(await prisma.ledgerLine.count({ where: { orderId: { not: "3" } } })).toBe(0);
    expect(await prisma.attributedOrder.count({ where: { credited: true } })).toBe(1);
  });

  it("answers 404 for another shop's order or affiliate, and writes nothing", async () => {
    const ours = await recordOrder(7);
    const theirs = await recordOrder(8, { shop: OTHER_SHOP });
    const theirAffiliate = await createAffiliate({ shop: OTHER_SHOP, name: "Zoe", refCode: "zoe" });

    expect((await credit(theirs.id, alice.id)).status).toBe(404);
    expect((await credit(ours.id, theirAffiliate.id)).status).toBe(404);
    expect((await post(ours.id, { intent: "preview_credit", affiliateId: theirAffiliate.id })).status).toBe(
      404,
    );
    // The other shop crediting our order.
    const fromThem = await post(ours.id, { intent: "credit", affiliateId: alice.id, note: "x" }, OTHER_SHOP);
    expect(fromThem.status).toBe(404);
    expect((await prisma.attributedOrder.findUniqueOrThrow({ where: { id: ours.id } })).credited).toBe(false);
    expect(await prisma.ledgerLine.count()).toBe(0);

    expect(await prisma.ledgerLine.count({ where: { shop: OTHER_SHOP } })).toBe(0);
    expect((await prisma.attributedOrder.findUniqueOrThrow({ where: { id: theirs.id } })).credited).toBe(
      false,
    );
  });

  it("a later refund reverses the manual line pro rata, and a cancellation what remains", async () => {
    const order = await recordOrder(9);
    await credit(order.id, alice.id);
    const [commission] = await prisma.ledgerLine.findMany({ where: { orderId: "9" } });

    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 901, orderId: 9, lines: [{ lineItemId: 1, quantity: 1 }] }),
    });
    await drain();
    const reversal = await prisma.ledgerLine.findFirstOrThrow({ where: { orderId: "9", type: "reversal" } });
    expect(reversal).toMatchObject({
      reversalOfId: commission.id,
      source: "manual",
      reversalKey: "refund:901",
    });
    expect(Number(reversal.amount)).toBeLessThan(0);
    expect(-Number(reversal.amount)).toBeLessThan(Number(commission.amount));

    await deliver({ topic: "orders/cancelled", body: cancelledOrderPayload({ id: 9 }) });
    await drain();
    const reversals = await prisma.ledgerLine.findMany({ where: { orderId: "9", type: "reversal" } });
    expect(reversals.reduce((sum, line) => sum + line.amountMinor, 0)).toBe(-commission.amountMinor);
    await expectFiguresToMatchTheLedger(prisma, TEST_SHOP);
  });
});

describe("credit by hand after a refund", () => {
  it("takes the earlier refund's share of the new commission back at once", async () => {
    const order = await recordOrder(10);
    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 902, orderId: 10, lines: [{ lineItemId: 1, quantity: 1 }] }),
    });
    await drain();
    expect(await prisma.ledgerLine.count({ where: { orderId: "10" } })).toBe(0);

    expect((await credit(order.id, alice.id)).status).toBe(200);
    const lines = await prisma.ledgerLine.findMany({ where: { orderId: "10" }, orderBy: { type: "asc" } });
    expect(lines.map((line) => [line.type, line.source, line.reversalKey])).toEqual([
      ["commission", "manual", null],
      ["reversal", "manual", "refund:902"],
    ]);
    expect(-lines[1].amountMinor).toBeLessThan(lines[0].amountMinor);
    await expectFiguresToMatchTheLedger(prisma, TEST_SHOP);
  });
});
