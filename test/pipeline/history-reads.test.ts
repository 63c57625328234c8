// Crediting on a shop with a long history: every statement the worker sends reads that history by key (an
// order, a customer, an affiliate), never the whole of a table or all of the shop's part of it. SQLite has
// no statistics on either database, so the plans on this small one are the big shop's (decision 0009).
import { beforeEach, expect, it } from "vitest";
import prisma, { sqlite } from "~/db.server";
import { DEFAULT_PROGRAM, saveProgramSettings } from "~/models/program/program.server";
import { loadProgramState } from "~/pipeline/attribution-input.server";
import { drainInbox } from "~/pipeline/inbox-worker.server";
import { readOrderFacts } from "~/pipeline/order-facts.server";
import { processDeps } from "~/pipeline/runtime.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createConnection, createCoupon, createProductConnection } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload, type OrderSpec } from "~test/helpers/orders";
import { deliver } from "~test/helpers/pipeline";
import { historyScans, recordingSqlite } from "~test/helpers/query-plans";
import { TEST_SHOP, installShop } from "~test/helpers/shopify";

beforeEach(async () => {
  await resetDatabase();
  const emulator = createShopifyEmulator({
    customers: [
      { id: "7001", email: "carol@example.com" },
      { id: "7002", email: "dan@example.com" },
    ],
  });
  mswServer.resetHandlers(...emulator.handlers);
  await installShop(TEST_SHOP);
  await saveProgramSettings(prisma, TEST_SHOP, {
    program: { ...DEFAULT_PROGRAM, lifetime: { enabled: true, expiresAfterDays: 365 } },
    autoApproveDays: null,
    creditTestOrders: false,
    cookieWindowDays: 30,
  });
});

it("records a batch of orders reading the shop's history by key only", async () => {
  const alice = await createAffiliate({ refCode: "alice", email: "alice@example.com" });
  const bob = await createAffiliate({ refCode: "bob", email: "bob@example.com" });
  await createCoupon(bob, { code: "BOB10" });
  await createProductConnection(bob, { productId: "632910392" });
  await createConnection(alice, { customerId: "7002", expiresAt: null });
  const specs: OrderSpec[] = [
    { id: 1, customer: { id: 7001, email: "carol@example.com" }, landingSite: "/?ref=alice" },
    { id: 2, customer: { id: 7002, email: "dan@example.com" }, codes: ["BOB10"] },
    { id: 3, customer: { id: 7001, email: "carol@example.com" }, landingSite: "/?ref=bob" },
  ];
  for (const spec of specs) await deliver({ topic: "orders/create", body: orderPayload(spec) });

  const deps = processDeps();
  const { sqlite: recording, queries: reads } = recordingSqlite(sqlite);
  const { sqlite: crediting, queries: writes } = recordingSqlite(deps.creditingSqlite!);
  await drainInbox({ ...deps, sqlite: recording, creditingSqlite: crediting });
  const queries = [...reads, ...writes];
  expect(writes.some(({ sql }) => /INSERT INTO "AttributedOrder"/.test(sql))).toBe(true);
  expect(await prisma.attributedOrder.count({ where: { shop: TEST_SHOP } })).toBe(3);
  expect(queries.some(({ sql }) => /FROM "AttributedOrder"/.test(sql))).toBe(true);
  expect(await historyScans(queries)).toEqual([]);
});

it("reads a renewing customer's earlier orders by the customer", async () => {
  const facts = { ...readOrderFacts(orderPayload({ id: 9, customer: { id: 7001 } })), isRenewal: true };
  const { sqlite: recording, queries } = recordingSqlite(sqlite);
  await loadProgramState(recording, TEST_SHOP, [facts], ["8"]);
  expect(queries.filter(({ sql }) => /FROM "AttributedOrder"/.test(sql))).toHaveLength(3);
  expect(await historyScans(queries)).toEqual([]);
});
