// The demo's closing review (scripts/lib/demo-payouts.mjs) writes beside the running app: it must wait for
// the app's writers before its transactions begin, never inside Prisma's transaction timeout (five seconds).
import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "@libsql/client";
import { beforeEach, expect, it } from "vitest";
import prisma, { databaseUrl } from "~/db.server";
import { settleDemoReview } from "~root/scripts/lib/demo-payouts.mjs";
import { createAffiliate, createCommission } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { TEST_SHOP } from "~test/helpers/shopify";

/** Longer than Prisma lets an interactive transaction run. */
const HELD_MS = 6_000;

beforeEach(async () => {
  await resetDatabase();
});

it("approves and answers the balances while another writer holds SQLite's lock longer than a transaction may last", async () => {
  const alice = await createAffiliate({ refCode: "alice" });
  await createCommission(alice);
  await createCommission(alice, { amount: "2.50", amountMinor: 250 });
  // Another process's writer (the app's worker, queueing an email), on a connection of its own.
  const app = createClient({ url: databaseUrl() });
  try {
    const held = await app.transaction("write");
    await held.execute({ sql: `UPDATE "Affiliate" SET "name" = "name" WHERE "id" = ?`, args: [alice.id] });
    const released = sleep(HELD_MS).then(() => held.commit());
    const started = Date.now();
    const owed = await settleDemoReview(databaseUrl(), TEST_SHOP);
    await released;
    expect(Date.now() - started).toBeGreaterThanOrEqual(HELD_MS - 100);
    expect(owed).toEqual([{ affiliate: "alice", amount: "$12.50" }]);
  } finally {
    app.close();
  }
  const statuses = await prisma.ledgerLine.findMany({ where: { shop: TEST_SHOP }, select: { status: true } });
  expect(statuses).toEqual([{ status: "approved" }, { status: "approved" }]);
}, 60_000);
