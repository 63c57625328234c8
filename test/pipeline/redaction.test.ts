// customers/redact erases the customer's personal data everywhere the app keeps it: every raw payload in
// every state (processed, needing attention, waiting, pending a retry, still in the spool), the redaction's
// own payload, a data request's, a guest order's, the connection and the orders' stored email; deliveries
// about the customer that arrive or are retried afterwards are erased before they are processed; and no
// byte of the email, the phone or the name survives in the database files, the spool or their logs.
import { existsSync, readFileSync } from "node:fs";
import { beforeEach, expect, it } from "vitest";
import { stringifyJsonExact } from "~/lib/exact-json";
import prisma, { databaseUrl } from "~/db.server";
import { DEFAULT_PROGRAM, saveProgramSettings } from "~/models/program/program.server";
import { spoolUrl } from "~/pipeline/spool.server";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload, refundPayload } from "~test/helpers/orders";
import { deliver, drain, testClock } from "~test/helpers/pipeline";
import { TEST_SHOP, installShop, webhookRequest } from "~test/helpers/shopify";

const EMAIL = "carol.redact@example.com";
const PHONE = "+16135550199";
const NAME = "Carolyn Redactmoore";
const CUSTOMER = 7001;

/** An order of Carol's as Shopify sends it: her email, phone and name in all the usual places. */
function carolsOrder(id: number, extra: Record<string, unknown> = {}) {
  const order = orderPayload({ id, landingSite: "/?ref=alice", customer: { id: CUSTOMER, email: EMAIL } });
  const address = { name: NAME, phone: PHONE, address1: "1 Privacy Lane", city: "Ottawa" };
  return {
    ...order,
    contact_email: EMAIL,
    phone: PHONE,
    billing_address: address,
    shipping_address: address,
    note: `Please call ${NAME} at ${PHONE}`,
    customer: {
      ...(order.customer as Record<string, unknown>),
      first_name: "Carolyn",
      last_name: "Redactmoore",
      phone: PHONE,
    },
    ...extra,
  };
}

/** A guest's order: no customer, only her email and name. */
function guestOrder(id: number) {
  const order = orderPayload({ id, landingSite: "/?ref=alice" });
  return { ...order, email: EMAIL, billing_address: { name: NAME, phone: PHONE } };
}

/** Every file the app keeps data in, with how often each of Carol's details occurs in it. */
function tracesOnDisk(): Record<string, number> {
  const database = databaseUrl().slice("file:".length);
  const spoolFile = spoolUrl(databaseUrl()).slice("file:".length);
  const found: Record<string, number> = {};
  for (const file of [database, `${database}-wal`, spoolFile, `${spoolFile}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file).toString("latin1").toLowerCase();
    for (const trace of [EMAIL, PHONE, NAME, "redactmoore"]) {
      const count = bytes.split(trace.toLowerCase()).length - 1;
      if (count > 0) found[`${file.split("/").pop()}: ${trace}`] = count;
    }
  }
  return found;
}

let emulator: ReturnType<typeof createShopifyEmulator>;

beforeEach(async () => {
  await resetDatabase();
  emulator = createShopifyEmulator({
    customers: [{ id: String(CUSTOMER), email: EMAIL, createdAt: "2025-01-01T00:00:00Z", numberOfOrders: 3 }],
    products: [],
  });
  mswServer.resetHandlers(...emulator.handlers);
  await installShop(TEST_SHOP);
  await createAffiliate({ refCode: "alice", email: "alice@example.com" });
  // New customer commission on, so each of Carol's orders asks Shopify about her; lifetime connections on,
  // so her first referred order connects her to alice.
  await saveProgramSettings(prisma, TEST_SHOP, {
    program: {
      ...DEFAULT_PROGRAM,
      newCustomer: { enabled: true, rate: { kind: "percent", value: "20" } },
      lifetime: { enabled: true, expiresAfterDays: 365 },
    },
    autoApproveDays: null,
    creditTestOrders: false,
    cookieWindowDays: 30,
  });
});

it("erases Carol from every payload, row and file, before and after the redaction, and keeps the money", async () => {
  // Processed: her referred order (which connected her to alice), a guest order, a data request.
  await deliver({ topic: "orders/create", body: carolsOrder(10) });
  await deliver({ topic: "orders/create", body: guestOrder(11) });
  await deliver({
    topic: "customers/data_request",
    body: {
      shop_id: 1,
      shop_domain: TEST_SHOP,
      customer: { id: CUSTOMER, email: EMAIL, phone: PHONE },
      orders_requested: [10],
      data_request: { id: 9999 },
    },
  });
  // Needing attention: a malformed order of hers.
  await deliver({ topic: "orders/create", body: { id: 12, email: EMAIL, line_items: "broken", note: NAME } });
  await drain();
  // Her connection names her as her order did: the redaction must erase the name too.
  expect(await prisma.customerConnection.count({ where: { customerEmail: EMAIL, customerName: NAME } })).toBe(
    1,
  );

  // Pending a retry: Shopify failed the new-customer check of her order 13.
  emulator.store.failNext(1, { status: 503, operation: "CustomersForAttribution" });
  await deliver({ topic: "orders/create", body: carolsOrder(13) });
  await drain();
  expect(await prisma.webhookDelivery.findFirstOrThrow({ where: { orderId: "13" } })).toMatchObject({
    state: "pending",
  });
  // Waiting: a refund of order 14, which has not arrived.
  await deliver({
    topic: "refunds/create",
    body: {
      ...refundPayload({ id: 514, orderId: 14, lines: [{ lineItemId: 1, quantity: 1 }] }),
      note: `Refund for ${NAME}`,
    },
  });
  await drain();
  // Still in the spool: her order 15, acknowledged, not yet moved to the inbox.
  await ordersCreate({
    request: webhookRequest({ topic: "orders/create", body: carolsOrder(15) }),
    params: {},
    context: {},
  });

  // The redaction, itself carrying her email and phone.
  await deliver({
    topic: "customers/redact",
    body: {
      shop_id: 1,
      shop_domain: TEST_SHOP,
      customer: { id: CUSTOMER, email: EMAIL, phone: PHONE },
      orders_to_redact: [10, 11, 12, 13, 14, 15],
    },
  });
  // A minute on: order 13's retry is due.
  const clock = testClock();
  clock.advance(60_000);
  await drain(clock);

  // After it: her order 14 arrives (releasing the waiting refund), order 10 is cancelled with her details.
  await deliver({ topic: "orders/create", body: carolsOrder(14) });
  await deliver({
    topic: "orders/cancelled",
    body: carolsOrder(10, { cancelled_at: "2026-03-09T00:00:00Z" }),
  });
  await drain(clock);

  expect(tracesOnDisk()).toEqual({});
  expect(await prisma.customerConnection.count()).toBe(0);
  const orders = await prisma.attributedOrder.findMany({ orderBy: { orderId: "asc" } });
  expect(orders.map((order) => [order.orderId, order.customerEmail])).toEqual([
    ["10", null],
    ["11", null],
    ["13", null],
    ["14", null],
    ["15", null],
  ]);
  // The money stays: each order's commission, order 14's refund reversed, order 10's cancellation.
  const ledger = await prisma.ledgerLine.findMany({ orderBy: [{ orderId: "asc" }, { type: "asc" }] });
  expect(ledger.map((line) => [line.orderId, line.type, line.amount])).toEqual([
    ["10", "commission", "10.00"],
    ["10", "reversal", "-10.00"],
    ["11", "commission", "10.00"],
    ["13", "commission", "10.00"],
    ["14", "commission", "10.00"],
    ["14", "reversal", "-5.00"],
    ["15", "commission", "10.00"],
  ]);
  expect(await prisma.webhookDelivery.count({ where: { state: "pending" } })).toBe(0);
  // And it is remembered by Shopify's ids only.
  expect((await prisma.personalDataRedaction.findMany()).map((row) => row.subject).sort()).toEqual(
    ["customer:7001", ...[10, 11, 12, 13, 14, 15].map((id) => `order:${id}`)].sort(),
  );
});

it("leaves other customers' payloads as they came", async () => {
  const other = orderPayload({
    id: 20,
    landingSite: "/?ref=alice",
    customer: { id: 7002, email: "dan@example.com" },
  });
  await deliver({ topic: "orders/create", body: other });
  await drain();
  const before = await prisma.attributedOrder.findFirstOrThrow();
  const connections = await prisma.customerConnection.findMany({ where: { customerId: "7002" } });
  await deliver({
    topic: "customers/redact",
    body: {
      shop_id: 1,
      shop_domain: TEST_SHOP,
      customer: { id: CUSTOMER, email: EMAIL },
      orders_to_redact: [],
    },
  });
  await drain();
  const kept = await prisma.webhookDelivery.findFirstOrThrow({ where: { orderId: "20" } });
  expect(Buffer.from(kept.payload).toString()).toBe(stringifyJsonExact(other));
  expect(await prisma.attributedOrder.findFirstOrThrow()).toEqual(before);
  expect(await prisma.customerConnection.findMany({ where: { customerId: "7002" } })).toEqual(connections);
});
