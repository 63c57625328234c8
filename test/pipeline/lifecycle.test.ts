import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import prisma, { sqlite } from "~/db.server";
import { processDeps } from "~/pipeline/runtime.server";
import { approveLines, autoApprove, denyLines, markLinesPaid } from "~/models/ledger/review.server";
import { exportLedgerCsv, LEDGER_CSV_COLUMNS } from "~/models/ledger/export.server";
import { InboxWorker } from "~/pipeline/inbox-worker.server";
import { retryDelivery } from "~/models/deliveries/deliveries.server";
import { DEFAULT_PROGRAM, saveProgramSettings } from "~/models/program/program.server";
import { loader as exportLoader } from "~/routes/app.commissions.export";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createConnection, createCoupon, createProductConnection } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload, refundPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { OTHER_SHOP, TEST_SHOP, adminRequest, installShop } from "~test/helpers/shopify";

let alice: Affiliate;

beforeEach(async () => {
  await resetDatabase();
  mswServer.resetHandlers(...createShopifyEmulator({ customers: [], products: [] }).handlers);
  await installShop(TEST_SHOP);
  alice = await createAffiliate({ refCode: "alice", email: "alice@example.com" });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the inbox worker", () => {
  it("resumes, on start, what a stopped process left stored but unprocessed", async () => {
    // Stored and acknowledged, then the process died before processing anything.
    await deliver({ topic: "orders/create", body: orderPayload({ id: 1, landingSite: "/?ref=alice" }) });
    await deliver({ topic: "orders/create", body: orderPayload({ id: 2, landingSite: "/?ref=alice" }) });
    expect(await prisma.ledgerLine.count()).toBe(0);

    const worker = new InboxWorker({ ...processDeps(), pollMs: 50 });
    worker.start();
    try {
      await waitFor(async () => (await prisma.ledgerLine.count()) === 2);
      // New deliveries wake it at once.
      await deliver({ topic: "orders/create", body: orderPayload({ id: 3, landingSite: "/?ref=alice" }) });
      worker.notify();
      await waitFor(async () => (await prisma.ledgerLine.count()) === 3);
    } finally {
      await worker.stop();
    }
    expect(await prisma.webhookDelivery.count({ where: { state: "processed" } })).toBe(3);
  });

  it("says when it sleeps, for the work that shares its thread (the email worker)", async () => {
    await deliver({ topic: "orders/create", body: orderPayload({ id: 1, landingSite: "/?ref=alice" }) });
    const deps = processDeps();
    // The drain's first step, opening the spool, is held until the test lets it go.
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let drains = 0;
    const worker = new InboxWorker({
      ...deps,
      pollMs: 50,
      spool: async () => {
        drains += 1;
        await held;
        return deps.spool();
      },
    });
    await worker.whenIdle(); // before it starts: at once
    worker.start();
    try {
      await waitFor(async () => drains > 0);
      let idle = false;
      void worker.whenIdle().then(() => (idle = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(idle).toBe(false);
      expect(await prisma.ledgerLine.count()).toBe(0);
      letGo();
      await waitFor(async () => idle);
      expect(await prisma.ledgerLine.count()).toBe(1);
    } finally {
      letGo();
      await worker.stop();
    }
  });

  it("lets the event loop turn for whoever waits for it to sleep (timers and wake-ups are not starved)", async () => {
    const worker = new InboxWorker({ ...processDeps(), pollMs: 50 }); // never started: asleep
    let fired = false;
    setTimeout(() => (fired = true), 0);
    // A caller whose own work never leaves the microtask queue (Prisma on SQLite): a loop of waits.
    for (let i = 0; i < 1_000 && !fired; i++) await worker.whenIdle();
    expect(fired).toBe(true);
  });

  it("lets the merchant retry a delivery that needs attention", async () => {
    await deliver({ topic: "orders/create", body: { id: 4 } });
    await drain();
    const delivery = await prisma.webhookDelivery.findFirstOrThrow();
    expect(delivery.state).toBe("needs_attention");
    expect(await retryDelivery(prisma, OTHER_SHOP, delivery.id)).toBe(false);
    expect(await retryDelivery(prisma, TEST_SHOP, delivery.id)).toBe(true);
    expect(await prisma.webhookDelivery.findFirstOrThrow()).toMatchObject({ state: "pending", attempts: 0 });
  });
});

describe("reviewing the ledger", () => {
  async function commissionWithReversal() {
    await deliver({ topic: "orders/create", body: orderPayload({ id: 10, landingSite: "/?ref=alice" }) });
    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 900, orderId: 10, lines: [{ lineItemId: 1, quantity: 1 }] }),
    });
    await drain();
    const [commission, reversal] = await prisma.ledgerLine.findMany({ orderBy: { type: "asc" } });
    return { commission, reversal };
  }

  it("moves commissions pending → approved → paid, with their reversals following", async () => {
    const { commission, reversal } = await commissionWithReversal();
    expect(reversal).toMatchObject({ status: "pending", amount: "-5.00" });

    expect(await approveLines(prisma, TEST_SHOP, [reversal.id])).toMatchObject({ changed: 0 });
    expect(await markLinesPaid(prisma, TEST_SHOP, [commission.id])).toMatchObject({ changed: 0 });
    expect(await approveLines(prisma, TEST_SHOP, [commission.id])).toEqual({ changed: 1, skipped: [] });
    expect(await prisma.ledgerLine.findUniqueOrThrow({ where: { id: reversal.id } })).toMatchObject({
      status: "approved",
    });
    expect(await markLinesPaid(prisma, TEST_SHOP, [commission.id])).toEqual({ changed: 1, skipped: [] });
    expect(await prisma.ledgerLine.findUniqueOrThrow({ where: { id: reversal.id } })).toMatchObject({
      status: "paid",
    });
    expect((await denyLines(prisma, TEST_SHOP, [commission.id])).skipped[0].reason).toMatch(/paid/);
  });

  it("denies a commission and its reversals, and ignores another shop's ids", async () => {
    const { commission, reversal } = await commissionWithReversal();
    expect(await denyLines(prisma, OTHER_SHOP, [commission.id])).toEqual({
      changed: 0,
      skipped: [{ id: commission.id, reason: "No such commission" }],
    });
    expect(reversal).toMatchObject({ type: "reversal", reversalOfId: commission.id, status: "pending" });
    await denyLines(prisma, TEST_SHOP, [commission.id]);
    const statuses = await prisma.ledgerLine.findMany({
      select: { id: true, status: true },
      orderBy: { id: "asc" },
    });
    expect(statuses).toEqual(
      [
        { id: commission.id, status: "denied" },
        { id: reversal.id, status: "denied" },
      ].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
  });

  it("auto-approves pending commissions after the program's days", async () => {
    await saveProgramSettings(prisma, TEST_SHOP, {
      program: DEFAULT_PROGRAM,
      autoApproveDays: 14,
      creditTestOrders: false,
      cookieWindowDays: 30,
    });
    await commissionWithReversal();
    expect(await autoApprove(prisma, new Date(Date.now() + 13 * 86_400_000))).toBe(0);
    expect(await autoApprove(prisma, new Date(Date.now() + 15 * 86_400_000))).toBe(1);
    expect((await prisma.ledgerLine.findMany()).map((line) => line.status)).toEqual(["approved", "approved"]);
  });
});

describe("compliance", () => {
  it("shop/redact leaves nothing of the shop, and nothing of another shop is touched", async () => {
    await installShop(OTHER_SHOP);
    const other = await createAffiliate({ shop: OTHER_SHOP, refCode: "alice" });
    await createCoupon(alice, { code: "ALICE10" });
    await createConnection(alice, { customerId: "7001" });
    await createProductConnection(alice, { productId: "8001" });
    await saveProgramSettings(prisma, TEST_SHOP, {
      program: DEFAULT_PROGRAM,
      autoApproveDays: null,
      creditTestOrders: false,
      cookieWindowDays: 30,
    });
    await deliver({ topic: "orders/create", body: orderPayload({ id: 20, landingSite: "/?ref=alice" }) });
    await deliver({
      topic: "orders/create",
      shop: OTHER_SHOP,
      body: orderPayload({ id: 20, landingSite: "/?ref=alice" }),
    });
    await drain();

    await deliver({ topic: "shop/redact", body: { shop_id: 1, shop_domain: TEST_SHOP } });
    await drain();

    const counts = await Promise.all([
      prisma.session.count({ where: { shop: TEST_SHOP } }),
      prisma.programSettings.count({ where: { shop: TEST_SHOP } }),
      prisma.affiliate.count({ where: { shop: TEST_SHOP } }),
      prisma.coupon.count({ where: { shop: TEST_SHOP } }),
      prisma.customerConnection.count({ where: { shop: TEST_SHOP } }),
      prisma.productConnection.count({ where: { shop: TEST_SHOP } }),
      prisma.attributedOrder.count({ where: { shop: TEST_SHOP } }),
      prisma.ledgerLine.count({ where: { shop: TEST_SHOP } }),
      prisma.webhookDelivery.count({ where: { shop: TEST_SHOP } }),
    ]);
    expect(counts).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await prisma.ledgerLine.findMany({ where: { shop: OTHER_SHOP } })).toMatchObject([
      { affiliateId: other.id },
    ]);
    expect(await prisma.session.count({ where: { shop: OTHER_SHOP } })).toBe(1);
  });

  it("customers/redact erases the customer's personal data and keeps the money", async () => {
    const customer = { id: 7001, email: "carol@example.com" };
    await createConnection(alice, { customerId: "7001", customerEmail: "carol@example.com" });
    await deliver({ topic: "orders/create", body: orderPayload({ id: 30, customer }) });
    await drain();
    await deliver({
      topic: "customers/redact",
      body: {
        shop_id: 1,
        shop_domain: TEST_SHOP,
        customer: { id: 7001, email: "carol@example.com" },
        orders_to_redact: [30],
      },
    });
    await drain();

    expect(await prisma.customerConnection.count()).toBe(0);
    const order = await prisma.attributedOrder.findFirstOrThrow();
    expect(order.customerEmail).toBeNull();
    expect(order.input).not.toContain("carol@example.com");
    const deliveries = await prisma.webhookDelivery.findMany({ where: { topic: "orders/create" } });
    expect(Buffer.from(deliveries[0].payload).toString()).not.toContain("carol@example.com");
    expect(await prisma.ledgerLine.findMany()).toMatchObject([{ amount: "10.00" }]);
  });
});

describe("the ledger export", () => {
  it("writes one RFC 4180 row per ledger line, for this shop only", async () => {
    const awkward = await createAffiliate({ refCode: "bob", email: '=cmd|"x"@example.com' });
    await createCoupon(awkward, { code: "BOB15" });
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 40, name: "#1040, gift", landingSite: "/?ref=alice" }),
    });
    await deliver({
      topic: "orders/create",
      body: orderPayload({
        id: 41,
        codes: ["BOB15"],
        currency: "JPY",
        lines: [{ id: 5, quantity: 1, price: "1500" }],
      }),
    });
    await deliver({
      topic: "refunds/create",
      body: refundPayload({ id: 901, orderId: 40, lines: [{ lineItemId: 1, quantity: 1 }] }),
    });
    await installShop(OTHER_SHOP);
    await createAffiliate({ shop: OTHER_SHOP, refCode: "alice" });
    await deliver({
      topic: "orders/create",
      shop: OTHER_SHOP,
      body: orderPayload({ id: 40, landingSite: "/?ref=alice" }),
    });
    await drain();

    const csv = await exportLedgerCsv(sqlite, TEST_SHOP);
    const rows = csv.split("\r\n");
    expect(rows[0]).toBe(LEDGER_CSV_COLUMNS.join(","));
    expect(rows.at(-1)).toBe("");
    const body = rows
      .slice(1, -1)
      .map((row) =>
        row.replace(/,\d{4}-\d\d-\d\dT[\d:.]+Z,/, ",<created>,").replace(/Affiliate \d+/g, "<name>"),
      );
    // The columns spreadsheets already read come first, in their order; then the affiliate's name, the
    // order's day in the shop's time zone and the reason in words.
    expect(body.sort()).toEqual(
      [
        '40,"#1040, gift",alice,alice@example.com,link,default,commission,100.00,10.00,USD,pending,<created>,' +
          `<name>,2026-03-01,"<name> referred this order through their link. <name> earns $10.00 through a link, at the program's default rate: 10% of $100.00."`,
        '40,"#1040, gift",alice,alice@example.com,link,default,reversal,-50.00,-5.00,USD,pending,<created>,' +
          "<name>,2026-03-01,A refund took back the commission on $50.00 of what it was paid on.",
        `41,#41,bob,"'=cmd|""x""@example.com",coupon,default,commission,1500,150,JPY,pending,<created>,` +
          `<name>,2026-03-01,"<name> referred this order through their coupon BOB15. <name> earns ¥150 through a coupon, at the program's default rate: 10% of ¥1,500."`,
      ].sort(),
    );
  });

  it("is served at /app/commissions/export to the shop's admin", async () => {
    await deliver({ topic: "orders/create", body: orderPayload({ id: 42, landingSite: "/?ref=alice" }) });
    await drain();
    const response = await exportLoader({
      request: await adminRequest("/app/commissions/export?status=pending"),
      params: {},
      context: {},
    });
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await response.text();
    expect(text.split("\r\n")).toHaveLength(3);
    const none = await exportLoader({
      request: await adminRequest("/app/commissions/export?status=paid"),
      params: {},
      context: {},
    });
    expect((await none.text()).split("\r\n")).toHaveLength(2);
  });
});
