// A slow Shopify holds up nobody else. One shop's "is this customer new?" question hangs (a 90-second
// answer, held here by a promise the test releases); another shop's order, which needs no question, is
// recorded meanwhile. And a call that outlasts the timeout is abandoned and retried like any failure.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { http } from "msw";
import prisma from "~/db.server";
import { SHOPIFY_TIMEOUT_MS } from "~/graphql/client";
import { DEFAULT_PROGRAM, saveProgramSettings } from "~/models/program/program.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { OTHER_SHOP, TEST_SHOP, installShop } from "~test/helpers/shopify";

/** Shopify's answers to TEST_SHOP held until `release()`; `entered` resolves when the first call comes in. */
function holdShopify() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const arrived = new Promise<void>((resolve) => (entered = resolve));
  let held = true;
  mswServer.use(
    // Answering nothing hands the request on to the emulator's handler, once released.
    http.post(`https://${TEST_SHOP}/admin/api/:version/graphql.json`, async () => {
      entered();
      await released;
    }),
  );
  return {
    arrived,
    isHeld: () => held,
    release: () => {
      held = false;
      release();
    },
  };
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  // Generous: a safety net for a condition that never comes, not a speed limit.
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let hold: ReturnType<typeof holdShopify>;

beforeEach(async () => {
  await resetDatabase();
  mswServer.resetHandlers(
    ...createShopifyEmulator({
      customers: [
        { id: "7001", email: "carol@example.com", createdAt: "2025-01-01T00:00:00Z", numberOfOrders: 3 },
      ],
      products: [],
    }).handlers,
  );
  for (const shop of [TEST_SHOP, OTHER_SHOP]) {
    await installShop(shop);
    await createAffiliate({ shop, refCode: "alice" });
  }
  // TEST_SHOP pays new customers more, so its orders ask Shopify; OTHER_SHOP's ask nothing.
  await saveProgramSettings(prisma, TEST_SHOP, {
    program: { ...DEFAULT_PROGRAM, newCustomer: { enabled: true, rate: { kind: "percent", value: "20" } } },
    autoApproveDays: null,
    creditTestOrders: false,
    cookieWindowDays: 30,
  });
  hold = holdShopify();
});

afterEach(() => {
  hold.release();
  vi.useRealTimers();
});

const ordersOf = (shop: string) => prisma.attributedOrder.count({ where: { shop } });

describe("a slow Shopify", () => {
  it("does not delay another shop's order", async () => {
    const customer = { id: 7001, email: "carol@example.com" };
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 1, customer, landingSite: "/?ref=alice" }),
    });
    await deliver({
      topic: "orders/create",
      shop: OTHER_SHOP,
      body: orderPayload({ id: 2, customer, landingSite: "/?ref=alice" }),
    });

    const draining = drain();
    await hold.arrived;
    await waitFor(async () => (await ordersOf(OTHER_SHOP)) === 1, "the other shop's order");
    // Recorded while the first shop's call was still unanswered.
    expect(hold.isHeld()).toBe(true);
    expect(await ordersOf(TEST_SHOP)).toBe(0);

    hold.release();
    await draining;
    expect(await ordersOf(TEST_SHOP)).toBe(1);
  });

  it("abandons a call that outlasts the timeout, and retries the order like any failure", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"], shouldAdvanceTime: true });
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 3, customer: { id: 7001 }, landingSite: "/?ref=alice" }),
    });
    const draining = drain();
    await hold.arrived;
    vi.advanceTimersByTime(SHOPIFY_TIMEOUT_MS);
    expect(await draining).toMatchObject({ retry: 1, processed: 0 });
    expect(hold.isHeld()).toBe(true);
    const delivery = await prisma.webhookDelivery.findFirstOrThrow();
    expect(delivery).toMatchObject({ state: "pending", attempts: 1 });
    expect(delivery.lastError).toBe(`Shopify Admin API did not answer within ${SHOPIFY_TIMEOUT_MS / 1000} s`);
    expect(await ordersOf(TEST_SHOP)).toBe(0);
  });
});
