import { describe, expect, it } from "vitest";
import { createStore, StoreValidationError } from "./index.mjs";
import { STORE } from "./test-support";

describe("createStore", () => {
  it("loads the scenario store shape", () => {
    const store = createStore(STORE);
    expect(store.getCustomer("7001")).toMatchObject({
      email: "carol@example.com",
      createdAt: "2026-03-01T11:58:00Z",
      numberOfOrders: 1,
    });
    expect(store.getProduct("8001")?.title).toBe("Trail shoe");
    expect(store.findDiscountByCode("alice10")).toMatchObject({
      id: "9001",
      title: "ALICE10",
      type: "basic",
    });
  });

  it("accepts an empty store and missing lists", () => {
    expect(createStore({}).listCustomers()).toEqual([]);
  });

  it("reports every problem with its path", () => {
    let error: unknown;
    try {
      createStore({
        customers: [
          { id: "abc", email: "not-an-email", numberOfOrders: -1 },
          { id: "7001", email: "a@example.com", createdAt: "yesterday", numberOfOrder: 2 },
          { id: "7001", email: "A@example.com" },
        ],
        products: [{ id: "8001" }],
        discountCodes: [{ id: "9001", code: "X", type: "percent" }],
        draftOrders: [],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StoreValidationError);
    const problems = (error as StoreValidationError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        "store.draftOrders: unknown field (allowed: shop, customers, products, discountCodes, orders, subscriptionContracts)",
        'store.customers[0].id: expected a numeric id string like "7001", got "abc"',
        'store.customers[0].email: "not-an-email" is not an email address',
        "store.customers[0].numberOfOrders: expected a non-negative integer, got -1",
        expect.stringContaining("store.customers[1].createdAt: expected an ISO 8601 date-time"),
        expect.stringContaining("store.customers[1].numberOfOrder: unknown field"),
        'store.customers[2].id: "7001" repeats store.customers[1].id',
        'store.customers[2].email: "a@example.com" repeats store.customers[1].email',
        "store.products[0].title: expected a non-empty string, got nothing",
        'store.discountCodes[0].type: expected one of basic, bxgy, freeShipping, app, got "percent"',
      ]),
    );
    expect((error as Error).message).toContain("Invalid Shopify emulator store:");
  });

  it("checks the shop: an IANA time zone and one of the currencies it answers", () => {
    expect(createStore({ shop: { ianaTimezone: "Asia/Tokyo", currencyCode: "JPY" } }).shop).toMatchObject({
      name: "Emulated Shop",
      ianaTimezone: "Asia/Tokyo",
      currencyCode: "JPY",
    });
    let error: unknown;
    try {
      createStore({ shop: { ianaTimezone: "Mars/Olympus", currencyCode: "XXX", tz: "UTC" } });
    } catch (thrown) {
      error = thrown;
    }
    expect((error as StoreValidationError).problems).toEqual([
      "store.shop.tz: unknown field (allowed: name, contactEmail, ianaTimezone, currencyCode)",
      'store.shop.ianaTimezone: "Mars/Olympus" is not an IANA time zone',
      expect.stringContaining("store.shop.currencyCode: expected one of AUD, BRL, CAD"),
    ]);
  });

  it("checks orders and subscription contracts, and the references between them", () => {
    const error = (() => {
      try {
        createStore({
          orders: [
            {
              id: "5001",
              lineItems: [
                { id: "51", contract: "79" },
                { id: "52", sellingPlan: {} },
              ],
            },
          ],
          subscriptionContracts: [{ id: "71", originOrder: "5009" }],
        });
      } catch (thrown) {
        return thrown as StoreValidationError;
      }
      throw new Error("accepted");
    })();
    expect(error.problems).toEqual([
      'store.orders[0].lineItems[0].contract: "79" is not the id of any store.subscriptionContracts entry',
      "store.orders[0].lineItems[1].sellingPlan.name: expected a non-empty string, got nothing",
      'store.subscriptionContracts[0].originOrder: "5009" is not the id of any store.orders entry',
    ]);
    const store = createStore({
      orders: [{ id: "5001", lineItems: [{ id: "51", sellingPlan: { name: "Monthly" }, contract: "71" }] }],
      subscriptionContracts: [{ id: "71", originOrder: "5001" }],
    });
    expect(store.getOrder("5001")?.lineItems).toEqual([
      { id: "51", sellingPlan: { id: null, name: "Monthly" }, contractId: "71" },
    ]);
    expect(store.getSubscriptionContract("71")).toEqual({ id: "71", originOrderId: "5001" });
  });

  it("rejects a non-object store", () => {
    expect(() => createStore([])).toThrow("store: expected an object, got []");
  });

  it("searches customers by email (exact, case-insensitive) and by free text", () => {
    const store = createStore(STORE);
    const ids = (query: string) => store.searchCustomers(query).map((c) => c.id);
    expect(ids("email:CAROL@example.com")).toEqual(["7001"]);
    expect(ids('email:"carol@example.com"')).toEqual(["7001"]);
    expect(ids("email:carol@example")).toEqual([]);
    expect(ids("email:carol*")).toEqual(["7001"]);
    expect(ids("carol")).toEqual(["7001"]);
    expect(ids("SMITH")).toEqual(["7002"]);
    expect(ids("example.org")).toEqual(["7002"]);
    expect(ids("dave smith")).toEqual(["7002"]);
    expect(ids("dave carol")).toEqual([]);
    expect(ids("dave OR carol")).toEqual(["7001", "7002"]);
    expect(ids("-carol")).toEqual(["7002"]);
    expect(ids("orders_count:>1")).toEqual(["7002"]);
    expect(ids("customer_date:>2026-01-01")).toEqual(["7001"]);
    expect(ids("")).toEqual(["7001", "7002"]);
  });

  it("ignores unknown search fields with a warning, like Shopify", () => {
    const store = createStore(STORE);
    const warnings: Array<{ field: string; message: string }> = [];
    expect(store.searchCustomers("emial:carol@example.com", warnings)).toHaveLength(2);
    expect(warnings).toEqual([{ field: "emial", message: "Invalid search field for this query." }]);
  });

  it("searches products and discount codes", () => {
    const store = createStore(STORE);
    expect(store.searchProducts("shoe").map((p) => p.id)).toEqual(["8001", "8002"]);
    expect(store.searchProducts("title:socks").map((p) => p.id)).toEqual(["8003"]);
    expect(store.searchDiscounts("code:alice10").map((d) => d.id)).toEqual(["9001"]);
    expect(store.searchDiscounts("method:code bob").map((d) => d.id)).toEqual(["9002"]);
    expect(store.searchDiscounts("status:expired").map((d) => d.id)).toEqual(["9003"]);
    expect(store.searchDiscounts("type:free_shipping").map((d) => d.id)).toEqual(["9002"]);
    expect(store.searchDiscounts("method:automatic")).toEqual([]);
  });

  it("ignores a code filter on codeDiscountNodes, which Shopify does not document there", () => {
    const store = createStore(STORE);
    const warnings: Array<{ field: string; message: string }> = [];
    expect(store.searchCodeDiscounts("code:alice10", warnings)).toHaveLength(STORE.discountCodes!.length);
    expect(warnings).toEqual([{ field: "code", message: "Invalid search field for this query." }]);
  });

  it("creates customers and discounts with fresh ids above every store id", () => {
    const now = new Date("2026-04-01T10:00:00.123Z");
    const store = createStore(STORE, { now: () => now });
    const customer = store.createCustomer({ email: "erin@example.com", firstName: "Erin" });
    const discount = store.createDiscountCode({
      code: "ERIN15",
      title: "Erin",
      startsAt: "2026-05-01T00:00:00Z",
    });
    expect(customer).toMatchObject({
      email: "erin@example.com",
      createdAt: "2026-04-01T10:00:00Z",
      numberOfOrders: 0,
    });
    expect(BigInt(customer.id)).toBeGreaterThan(9003n);
    expect(new Set([customer.id, discount.id, discount.codeId, store.appInstallationId]).size).toBe(4);
    expect(store.searchCustomers("email:erin@example.com")).toEqual([customer]);
    expect(store.discountStatus(discount)).toBe("SCHEDULED");
    expect(() => store.createCustomer({ email: "ERIN@example.com" })).toThrow("already taken");
  });

  it("queues failures, optionally per operation", () => {
    const store = createStore(STORE);
    store.failNext(2, 503);
    store.failNext(1, { status: "network", operation: "CustomerSearch" });
    expect(store.takeFault("graphql", "CustomerSearch")?.status).toBe(503);
    expect(store.takeFault("oauth", null)?.status).toBe(503);
    expect(store.takeFault("graphql", "CustomersForAttribution")).toBeNull();
    expect(store.takeFault("graphql", "CustomerSearch")?.status).toBe("network");
    expect(store.takeFault("graphql", "CustomerSearch")).toBeNull();
    expect(() => store.failNext(0, 503)).toThrow(RangeError);
    expect(() => store.failNext(1, 200)).toThrow(RangeError);
  });
});
