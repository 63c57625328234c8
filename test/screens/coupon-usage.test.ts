// The Coupons list shows what each code did — the orders that used it, those credited through it, their
// referred sales and commission in the shop's currency — and sorts by each of these on the server, for
// this shop only, with the list's filters and pages.
import { beforeEach, describe, expect, it } from "vitest";
import type { Affiliate } from "@prisma/client";
import { loader } from "~/routes/app.coupons._index";
import { createAffiliate, createCoupon } from "~test/factories";
import { refundPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { orderPlacer, setUpTwoShops } from "~test/helpers/ledger-writes";
import { OTHER_SHOP, TEST_SHOP, adminRequest } from "~test/helpers/shopify";

const list = async (query = "", shop = TEST_SHOP) =>
  loader({ request: await adminRequest(`/app/coupons${query}`, { shop }), params: {}, context: {} });

const place = orderPlacer(700, 8800, { createdAt: "2026-04-01T12:00:00Z" });
const placeOrder = (codes: string[], price = "50.00", shop = TEST_SHOP) =>
  place({ codes, shop, lines: (id) => [{ id: id * 10 + 1, productId: 8001, price, quantity: 2 }] });

let alice: Affiliate;
let bob: Affiliate;

beforeEach(async () => {
  await setUpTwoShops();
  alice = await createAffiliate({ name: "Alice", refCode: "alice" });
  bob = await createAffiliate({ name: "Bob", refCode: "bob" });
  await createCoupon(alice, { code: "ALICE10", createdAt: new Date("2026-01-01T00:00:00Z") });
  await createCoupon(bob, { code: "BOB15", createdAt: new Date("2026-01-02T00:00:00Z") });
  await createCoupon(bob, { code: "UNUSED", createdAt: new Date("2026-01-03T00:00:00Z") });
  await createCoupon(await createAffiliate({ shop: OTHER_SHOP, refCode: "alice" }), { code: "ALICE10" });
});

describe("coupon usage on the Coupons list", () => {
  it("shows each code's orders, credited orders, sales and commission, and sorts by each", async () => {
    const refunded = await placeOrder(["ALICE10"]); // 100.00
    await placeOrder(["alice10"]); // 100.00, any letter case
    await placeOrder(["BOB15", "ALICE10"], "400.00"); // bob's code comes first: credits bob
    await placeOrder(["ALICE10"], "50.00", OTHER_SHOP);
    await drain();
    await deliver({
      topic: "refunds/create",
      body: refundPayload({
        id: 9501,
        orderId: refunded,
        lines: [{ lineItemId: refunded * 10 + 1, quantity: 1 }],
      }),
    });
    await drain();

    const data = await list();
    expect(data.currency).toBe("USD");
    const byCode = Object.fromEntries(data.coupons.map((coupon) => [coupon.code, coupon.usage]));
    expect(byCode).toEqual({
      // Three orders used it, two were credited through it, one of them half refunded: 150.00 of sales.
      ALICE10: { orders: 3, creditedOrders: 2, salesMinor: 15000, commissionMinor: 1500 },
      BOB15: { orders: 1, creditedOrders: 1, salesMinor: 80000, commissionMinor: 8000 },
      UNUSED: { orders: 0, creditedOrders: 0, salesMinor: 0, commissionMinor: 0 },
    });
    expect((await list("", OTHER_SHOP)).coupons.map((coupon) => coupon.usage)).toEqual([
      { orders: 1, creditedOrders: 1, salesMinor: 10000, commissionMinor: 1000 },
    ]);

    const codes = async (query: string) => (await list(query)).coupons.map((coupon) => coupon.code);
    expect(await codes("?sort=orders&direction=desc")).toEqual(["ALICE10", "BOB15", "UNUSED"]);
    expect(await codes("?sort=orders&direction=asc")).toEqual(["UNUSED", "BOB15", "ALICE10"]);
    expect(await codes("?sort=creditedOrders&direction=desc")).toEqual(["ALICE10", "BOB15", "UNUSED"]);
    expect(await codes("?sort=sales&direction=desc")).toEqual(["BOB15", "ALICE10", "UNUSED"]);
    expect(await codes("?sort=commission&direction=asc")).toEqual(["UNUSED", "ALICE10", "BOB15"]);
    expect((await list("?sort=sales&direction=asc")).sort).toEqual({ key: "sales", direction: "asc" });
    // The filters and pages hold under a figure's sort.
    expect(await codes(`?sort=sales&direction=desc&affiliateId=${bob.id}`)).toEqual(["BOB15", "UNUSED"]);
    expect(await codes("?sort=orders&direction=desc&q=1")).toEqual(["ALICE10", "BOB15"]);
    expect(await codes(`?sort=orders&direction=desc&affiliateId=${alice.id}&q=bob`)).toEqual([]);
  });

  it("pages a figure's sort 25 at a time without repeating a coupon", async () => {
    for (let i = 0; i < 26; i++) await createCoupon(alice, { code: `SPRING${i}` });
    await placeOrder(["SPRING7"]);
    await drain();
    const first = await list("?sort=orders&direction=desc");
    expect(first.pageInfo).toMatchObject({ total: 29, hasNext: true });
    expect(first.coupons[0].code).toBe("SPRING7");
    const second = await list("?sort=orders&direction=desc&page=2");
    const all = [...first.coupons, ...second.coupons].map((coupon) => coupon.id);
    expect(all).toHaveLength(29);
    expect(new Set(all).size).toBe(29);
  });
});
