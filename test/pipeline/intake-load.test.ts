// The inbox worker gives way to the thread that acknowledges webhooks: that thread publishes how busy it is,
// and between rounds the worker rests while it is busy, for a bounded multiple of the round it just did.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { processDeps } from "~/pipeline/runtime.server";
import { drainInbox } from "~/pipeline/inbox-worker.server";
import {
  BUSY_FROM,
  giveWay,
  IntakeLoad,
  REST_PER_WORK,
  REST_SLICE_MS,
  restMultiple,
} from "~/pipeline/intake-load.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload } from "~test/helpers/orders";
import { deliver } from "~test/helpers/pipeline";
import { installShop, TEST_SHOP } from "~test/helpers/shopify";

/**
 * Yields to the event loop (after `meanwhile`, if given) until `condition` holds; fails after a generous
 * minute, which only a broken publisher reaches.
 */
async function waitUntil(condition: () => boolean, meanwhile?: () => void): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the published load never got there");
    meanwhile?.();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Keeps the event loop busy, as a burst of webhooks would.
  }
}

describe("the intake load", () => {
  it("is shared through its buffer and kept between 0 and 1", () => {
    const published = new IntakeLoad();
    const seen = new IntakeLoad(published.buffer);
    published.write(0.734);
    expect(seen.read()).toBe(0.734);
    published.write(7);
    expect(seen.read()).toBe(1);
    published.write(-1);
    expect(seen.read()).toBe(0);
  });

  it("publishes the event loop's utilisation, and zero once stopped", async () => {
    // No wall-clock thresholds: the loop is kept busy until the published load says so, then left idle until
    // it says that; on a loaded machine either may take longer, never the other way round.
    const load = new IntakeLoad();
    const stop = load.publish(50);
    try {
      await waitUntil(
        () => load.read() > BUSY_FROM,
        () => busyFor(45),
      );
      await waitUntil(() => load.read() < BUSY_FROM);
    } finally {
      stop();
    }
    load.write(0.9);
    stop();
    expect(load.read()).toBe(0);
  });
});

describe("giving way", () => {
  function pacing(loads: number[]) {
    const rests: number[] = [];
    let reads = 0;
    return {
      rests,
      intakeLoad: () => loads[Math.min(reads++, loads.length - 1)],
      rest: async (ms: number) => {
        rests.push(ms);
      },
    };
  }

  it("rests in proportion to how busy the intake is, not at all while it keeps up with ease", () => {
    const multiples = [0, 0.5, BUSY_FROM, 0.8, 0.9, 1].map(restMultiple);
    expect(multiples.map((multiple) => Number(multiple.toFixed(6)))).toEqual([0, 0, 0, 4.5, 9, 9]);
  });

  it("does not rest while the intake is quiet", async () => {
    const quiet = pacing([0.6]);
    expect(await giveWay(40, quiet)).toBe(0);
    expect(quiet.rests).toEqual([]);
  });

  it("rests in slices while the intake is saturated, at most REST_PER_WORK times the round", async () => {
    const saturated = pacing([0.95]);
    expect(await giveWay(30, saturated)).toBe(30 * REST_PER_WORK);
    expect(saturated.rests).toEqual([REST_SLICE_MS, REST_SLICE_MS, 30 * REST_PER_WORK - 2 * REST_SLICE_MS]);
    const busy = pacing([0.8]);
    expect(await giveWay(20, busy)).toBeCloseTo(90);
  });

  it("goes back to work as soon as the burst is over", async () => {
    const burst = pacing([0.9, 0.9, 0.8, 0.1]);
    expect(await giveWay(200, burst)).toBe(2 * REST_SLICE_MS);
  });
});

describe("draining the inbox", () => {
  beforeEach(async () => {
    await resetDatabase();
    mswServer.resetHandlers(...createShopifyEmulator({ customers: [], products: [] }).handlers);
    await installShop(TEST_SHOP);
    await createAffiliate({ refCode: "alice", email: "alice@example.com" });
    // More than one round's worth (rounds of 100 here).
    for (let id = 1; id <= 105; id++) {
      await deliver({ topic: "orders/create", body: orderPayload({ id, landingSite: "/?ref=alice" }) });
    }
  });

  it("rests between rounds while the intake is busy, and still records everything", async () => {
    const rests: number[] = [];
    const summary = await drainInbox(processDeps(), {
      pacing: { intakeLoad: () => 1, rest: async (ms) => void rests.push(ms) },
      batchSize: 100,
    });
    expect(summary.processed).toBe(105);
    expect(await prisma.attributedOrder.count()).toBe(105);
    // After each of the two rounds (the third finds nothing due and ends the drain).
    expect(rests.length).toBeGreaterThanOrEqual(2);
    expect(rests.every((ms) => ms > 0 && ms <= REST_SLICE_MS)).toBe(true);
  });

  it("ends after the round in hand once told to stop", async () => {
    let rounds = 0;
    const summary = await drainInbox(processDeps(), { stopping: () => rounds++ >= 1, batchSize: 100 });
    expect(summary.processed).toBe(100);
    expect(await prisma.webhookDelivery.count({ where: { state: "pending" } })).toBe(5);
  });
});
