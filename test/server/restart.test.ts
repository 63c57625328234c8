// The real production server, killed between storing deliveries and processing them: after a restart,
// every stored order is credited, once.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createClient } from "@libsql/client";
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "~/db.server";
import { stringifyJsonExact } from "~/lib/exact-json";
import { spoolUrl } from "~/pipeline/spool.server";
import { migrateDatabase, sendWebhook, startAppServer, tempDir } from "~root/scripts/lib/app-server.mjs";
import { orderPayload } from "~test/helpers/orders";

const SHOP = "restart-shop.myshopify.com";
const SECRET = "restart-test-secret";
let db: PrismaClient;
let databaseUrl: string;
let storeFile: string;

beforeAll(async () => {
  const dir = tempDir("restart-test-");
  databaseUrl = `file:${path.join(dir, "app.sqlite")}`;
  storeFile = path.join(dir, "store.json");
  writeFileSync(storeFile, JSON.stringify({ customers: [], products: [] }));
  migrateDatabase(databaseUrl);
  db = createPrismaClient(databaseUrl);
  await db.affiliate.create({ data: { shop: SHOP, name: "Alice", refCode: "alice", refCodeKey: "alice" } });
});

afterAll(async () => {
  await db?.$disconnect();
});

const start = (env: Record<string, string>) =>
  startAppServer({
    databaseUrl,
    storeFile,
    apiKey: "restart-test-key",
    apiSecret: SECRET,
    env: { LOG_REQUESTS: "off", ...env },
  });

it("credits, after a restart, the orders a killed process had stored but not processed", async () => {
  const first = await start({ INBOX_WORKER: "off" });
  try {
    for (const id of [1, 2, 3]) {
      const status = await sendWebhook(first.url, {
        topic: "orders/create",
        shop: SHOP,
        secret: SECRET,
        payload: stringifyJsonExact(orderPayload({ id, landingSite: "/?ref=alice" })),
      });
      expect(status).toBe(200);
    }
  } finally {
    await first.stop("SIGKILL");
  }
  // Acknowledged, so stored: in the spool, where webhooks wait for the worker.
  const spool = createClient({ url: spoolUrl(databaseUrl) });
  const { rows } = await spool.execute({
    sql: `SELECT count(*) AS n FROM "SpooledDelivery" WHERE "shop" = ?`,
    args: [SHOP],
  });
  spool.close();
  expect(Number(rows[0].n)).toBe(3);
  expect(await db.attributedOrder.count()).toBe(0);

  const second = await start({});
  try {
    const deadline = Date.now() + 120_000;
    while ((await db.webhookDelivery.count({ where: { shop: SHOP, state: "processed" } })) < 3) {
      if (Date.now() > deadline) throw new Error(`not processed in time:\n${second.output.join("")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await second.stop();
  }
  const ledger = await db.ledgerLine.findMany({ where: { shop: SHOP }, orderBy: { orderId: "asc" } });
  expect(ledger.map((line) => [line.orderId, line.source, line.amount])).toEqual([
    ["1", "link", "10.00"],
    ["2", "link", "10.00"],
    ["3", "link", "10.00"],
  ]);
}, 300_000);
