import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import { loader as ordersLoader } from "~/routes/app.orders._index";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { OTHER_SHOP, TEST_SHOP, adminRequest, installShop } from "~test/helpers/shopify";

let alice: Affiliate;

beforeEach(async () => {
  await resetDatabase();
  mswServer.resetHandlers(...createShopifyEmulator({ customers: [], products: [] }).handlers);
  await installShop(TEST_SHOP);
  alice = await createAffiliate({ name: "Alice Wong", refCode: "alice", email: "alice@example.com" });
  await createAffiliate({ name: "Bob Okafor", refCode: "bob", active: false });
});

async function list(query = "", shop = TEST_SHOP) {
  return ordersLoader({
    request: await adminRequest(`/app/orders${query}`, { shop }),
    params: {},
    context: {},
  });
}

const words = (sentences: Array<{ segments: Array<{ text: string }> }>) =>
  sentences.map((s) => s.segments.map((segment) => segment.text).join("")).join(" ");

describe("the Orders view", () => {
  it("lists every order the app saw, credited or not, and says why one earned nothing", async () => {
    const placed = (day: number) => `2026-03-0${day}T12:00:00-05:00`;
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 1, createdAt: placed(1), landingSite: "/?ref=alice" }),
    });
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 2, createdAt: placed(2), landingSite: "/?ref=bob" }),
    });
    await deliver({
      topic: "orders/create",
      body: orderPayload({ id: 3, createdAt: placed(3), landingSite: "/?ref=alice", test: true }),
    });
    await deliver({ topic: "orders/create", body: orderPayload({ id: 4, createdAt: placed(4) }) });
    await installShop(OTHER_SHOP);
    await deliver({
      topic: "orders/create",
      shop: OTHER_SHOP,
      body: orderPayload({ id: 5, createdAt: placed(5) }),
    });
    await drain();

    const all = await list();
    expect(all.orders.rows.map((row) => [row.orderId, row.credited])).toEqual([
      ["4", false],
      ["3", false],
      ["2", false],
      ["1", true],
    ]);
    expect(all.orders.rows[3]).toMatchObject({
      creditedTo: [{ id: alice.id, name: "Alice Wong" }],
      commission: expect.stringMatching(/^\d+\.\d\d$/),
      reason: [],
    });

    const notCredited = await list("?show=not_credited");
    expect(notCredited.orders.filter).toBe("not_credited");
    const reasons = Object.fromEntries(
      notCredited.orders.rows.map((row) => [row.orderId, words(row.reason)]),
    );
    expect(reasons).toEqual({
      "4": "No affiliate referred this order: it came with no affiliate link, affiliate coupon, valid customer connection or subscription renewal.",
      "3": "A test order: not credited, as crediting test orders is off in Settings.",
      "2": "Bob Okafor's link was ignored: they are inactive. No affiliate referred this order: it came with no affiliate link, affiliate coupon, valid customer connection or subscription renewal.",
    });
    expect(notCredited.orders.rows.find((row) => row.orderId === "3")?.test).toBe(true);

    const credited = await list("?show=credited");
    expect(credited.orders.rows.map((row) => row.orderId)).toEqual(["1"]);
  });
});
