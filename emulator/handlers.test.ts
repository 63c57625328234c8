import { beforeEach, describe, expect, it } from "vitest";
import { mswServer } from "~test/helpers/msw";
import {
  CURRENT_APP_INSTALLATION_QUERY as CURRENT_APP_INSTALLATION,
  type CurrentAppInstallationData,
} from "~/graphql/current-app-installation";
import { CUSTOMER_CREATE, type CustomerCreateData } from "~/graphql/customer-create";
import {
  CUSTOMERS_FOR_ATTRIBUTION,
  type CustomersForAttributionData,
} from "~/graphql/customers-for-attribution";
import { CUSTOMER_SEARCH, emailSearchQuery, type CustomerSearchData } from "~/graphql/customer-search";
import {
  basicCodeDiscountInput,
  DISCOUNT_CODE_BASIC_CREATE,
  type DiscountCodeBasicCreateData,
} from "~/graphql/discount-code-basic-create";
import {
  DISCOUNT_CODE_SEARCH,
  discountCodeSearchQuery,
  toDiscountCodeSummary,
  type DiscountCodeSearchData,
} from "~/graphql/discount-code-search";
import { DISCOUNT_CODE_BY_CODE, type DiscountCodeByCodeData } from "~/graphql/discount-code-by-code";
import {
  ORDER_SUBSCRIPTION_LINES,
  type OrderSubscriptionLinesData,
} from "~/graphql/order-subscription-lines";
import { METAFIELDS_SET_MUTATION as METAFIELDS_SET, type MetafieldsSetData } from "~/graphql/metafields-set";
import { PRODUCT_SEARCH, type ProductSearchData } from "~/graphql/product-search";
import { SHOP_PROFILE_QUERY, type ShopProfileData } from "~/graphql/shop-profile";
import { PRODUCTS_BY_ID, productsFromNodes, type ProductsByIdData } from "~/graphql/products-by-id";
import { createShopifyEmulator } from "./index.mjs";
import { adminGraphql, STORE, TRAIL_SHOE_IMAGE } from "./test-support";

// The suite's one MSW server (test/setup.ts): it fails any request no handler answers.
const server = mswServer;

const NOW = new Date("2026-04-01T10:00:00Z");
let emulator: ReturnType<typeof createShopifyEmulator>;
const unhandled: string[] = [];

beforeEach(() => {
  unhandled.length = 0;
  emulator = createShopifyEmulator(STORE, {
    now: () => NOW,
    onUnhandled: (message) => unhandled.push(message),
  });
  server.use(...emulator.handlers);
});

describe("Admin GraphQL operations", () => {
  it("CustomersForAttribution answers the customers by gid, numberOfOrders as a string", async () => {
    const { status, body, headers } = await adminGraphql<CustomersForAttributionData>(
      CUSTOMERS_FOR_ATTRIBUTION,
      {
        ids: ["gid://shopify/Customer/7001"],
      },
    );
    expect(status).toBe(200);
    expect(headers.get("content-type")).toContain("application/json");
    expect(headers.get("x-shopify-api-version")).toBe("2025-10");
    expect(body.data).toEqual({
      nodes: [
        {
          id: "gid://shopify/Customer/7001",
          createdAt: "2026-03-01T11:58:00Z",
          numberOfOrders: "1",
          defaultEmailAddress: { emailAddress: "carol@example.com" },
        },
      ],
    });
  });

  it("CustomersForAttribution answers null for an unknown customer, in the order asked, and an error for a malformed id", async () => {
    const missing = await adminGraphql<CustomersForAttributionData>(CUSTOMERS_FOR_ATTRIBUTION, {
      ids: ["gid://shopify/Customer/1", "gid://shopify/Customer/7002"],
    });
    expect(missing.body).toMatchObject({
      data: { nodes: [null, { id: "gid://shopify/Customer/7002", numberOfOrders: "4" }] },
    });
    const malformed = await adminGraphql(CUSTOMERS_FOR_ATTRIBUTION, { ids: ["7001"] });
    expect(malformed.body.errors).toEqual([expect.objectContaining({ message: "Invalid global id '7001'" })]);
  });

  it("OrderSubscriptionLines answers an order's selling plans, contracts and their origin order, a page at a time", async () => {
    const subscriptions = createShopifyEmulator({
      orders: [
        { id: "5001", lineItems: [{ id: "51", sellingPlan: { id: "61", name: "Monthly" }, contract: "71" }] },
        {
          id: "5002",
          lineItems: [{ id: "52", sellingPlan: { name: "Monthly" }, contract: "71" }, { id: "53" }],
        },
      ],
      subscriptionContracts: [{ id: "71", originOrder: "5001" }],
    });
    server.resetHandlers(...subscriptions.handlers);
    const ask = async (id: string, first: number, after: string | null = null) =>
      (
        await adminGraphql<OrderSubscriptionLinesData>(ORDER_SUBSCRIPTION_LINES, {
          id: `gid://shopify/Order/${id}`,
          first,
          after,
        })
      ).body.data;
    const first = await ask("5002", 1);
    expect(first?.order?.lineItems.nodes).toEqual([
      {
        id: "gid://shopify/LineItem/52",
        sellingPlan: { sellingPlanId: null, name: "Monthly" },
        contract: {
          id: "gid://shopify/SubscriptionContract/71",
          originOrder: { id: "gid://shopify/Order/5001" },
        },
      },
    ]);
    expect(first?.order?.lineItems.pageInfo.hasNextPage).toBe(true);
    const rest = await ask("5002", 1, first!.order!.lineItems.pageInfo.endCursor);
    expect(rest?.order?.lineItems).toEqual({
      nodes: [{ id: "gid://shopify/LineItem/53", sellingPlan: null, contract: null }],
      pageInfo: expect.objectContaining({ hasNextPage: false }),
    });
    expect((await ask("5001", 5))?.order?.lineItems.nodes[0].sellingPlan).toEqual({
      sellingPlanId: "gid://shopify/SellingPlan/61",
      name: "Monthly",
    });
    expect(await ask("9999", 5)).toEqual({ order: null });
  });

  it("works for any shop domain", async () => {
    const { body } = await adminGraphql<CustomersForAttributionData>(
      CUSTOMERS_FOR_ATTRIBUTION,
      { ids: ["gid://shopify/Customer/7002"] },
      { shop: "another-store.myshopify.com" },
    );
    expect(body.data?.nodes[0]?.numberOfOrders).toBe("4");
  });

  it("CustomerSearch finds by email and by free text", async () => {
    const byEmail = await adminGraphql<CustomerSearchData>(CUSTOMER_SEARCH, {
      query: emailSearchQuery("Carol@Example.com"),
      first: 5,
    });
    expect(byEmail.body.data?.customers.nodes).toEqual([
      {
        id: "gid://shopify/Customer/7001",
        firstName: "Carol",
        lastName: "Ng",
        displayName: "Carol Ng",
        createdAt: "2026-03-01T11:58:00Z",
        numberOfOrders: "1",
        defaultEmailAddress: { emailAddress: "carol@example.com" },
      },
    ]);
    const byText = await adminGraphql<CustomerSearchData>(CUSTOMER_SEARCH, { query: "smith", first: 5 });
    expect(byText.body.data?.customers.nodes.map((c) => c.displayName)).toEqual(["Dave Smith"]);
    const limited = await adminGraphql<CustomerSearchData>(CUSTOMER_SEARCH, { query: "example", first: 1 });
    expect(limited.body.data?.customers.nodes).toHaveLength(1);
  });

  it("CustomerCreate creates, then refuses the same email like Shopify", async () => {
    const input = { firstName: "Erin", lastName: "Li", email: "erin@example.com" };
    const created = await adminGraphql<CustomerCreateData>(CUSTOMER_CREATE, { input });
    const customer = created.body.data?.customerCreate?.customer;
    expect(created.body.data?.customerCreate?.userErrors).toEqual([]);
    expect(customer).toMatchObject({
      firstName: "Erin",
      lastName: "Li",
      displayName: "Erin Li",
      createdAt: "2026-04-01T10:00:00Z",
      numberOfOrders: "0",
      defaultEmailAddress: { emailAddress: "erin@example.com" },
    });
    expect(customer?.id).toMatch(/^gid:\/\/shopify\/Customer\/\d+$/);

    const found = await adminGraphql<CustomerSearchData>(CUSTOMER_SEARCH, {
      query: "email:erin@example.com",
      first: 1,
    });
    expect(found.body.data?.customers.nodes[0]?.id).toBe(customer?.id);

    const again = await adminGraphql<CustomerCreateData>(CUSTOMER_CREATE, {
      input: { ...input, email: "ERIN@example.com" },
    });
    expect(again.body.data?.customerCreate).toEqual({
      customer: null,
      userErrors: [{ field: ["email"], message: "Email has already been taken" }],
    });
  });

  it("CustomerCreate validates the email", async () => {
    const { body } = await adminGraphql<CustomerCreateData>(CUSTOMER_CREATE, { input: { email: "nope" } });
    expect(body.data?.customerCreate?.userErrors).toEqual([
      { field: ["email"], message: "Email is invalid" },
    ]);
    expect(emulator.store.listCustomers()).toHaveLength(2);
  });

  it("DiscountCodeSearch finds code discounts of every type by free text", async () => {
    const search = async (term: string) => {
      const { body } = await adminGraphql<DiscountCodeSearchData>(DISCOUNT_CODE_SEARCH, {
        query: discountCodeSearchQuery(term),
        first: 10,
      });
      return body.data?.discountNodes.nodes.map((node) => toDiscountCodeSummary(node.id, node.discount));
    };
    expect(await search("alice")).toEqual([
      {
        id: "gid://shopify/DiscountNode/9001",
        type: "DiscountCodeBasic",
        title: "ALICE10",
        status: "ACTIVE",
        codes: ["ALICE10"],
      },
    ]);
    expect(await search("bob")).toEqual([
      {
        id: "gid://shopify/DiscountNode/9002",
        type: "DiscountCodeFreeShipping",
        title: "Bob free shipping",
        status: "ACTIVE",
        codes: ["BOBSHIP"],
      },
    ]);
    expect((await search("old"))?.[0]?.status).toBe("EXPIRED");
    expect(await search("")).toHaveLength(3);
  });

  it("DiscountCodeByCode finds the discount by its exact code, case-insensitively", async () => {
    const byCode = async (code: string) =>
      (await adminGraphql<DiscountCodeByCodeData>(DISCOUNT_CODE_BY_CODE, { code })).body.data;
    expect(await byCode("bobship")).toEqual({
      codeDiscountNodeByCode: {
        id: "gid://shopify/DiscountCodeNode/9002",
        codeDiscount: {
          __typename: "DiscountCodeFreeShipping",
          title: "Bob free shipping",
          status: "ACTIVE",
          codes: { nodes: [{ code: "BOBSHIP" }] },
        },
      },
    });
    expect(await byCode("BOBSHI")).toEqual({ codeDiscountNodeByCode: null });
  });

  it("answers a code filter on codeDiscountNodes as Shopify does: ignored, with a warning", async () => {
    const many = createShopifyEmulator({
      discountCodes: Array.from({ length: 12 }, (_, i) => ({ id: String(9101 + i), code: `CODE${i + 1}` })),
    });
    server.resetHandlers(...many.handlers);
    // The app's old lookup, under the operation name it had.
    const answered = await adminGraphql<{ codeDiscountNodes: { nodes: Array<{ id: string }> } }>(
      `query DiscountCodeSearch { codeDiscountNodes(first: 10, query: "code:CODE12") { nodes { id } } }`,
    );
    expect(answered.body.data?.codeDiscountNodes.nodes.map((node) => node.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `gid://shopify/DiscountCodeNode/${9101 + i}`),
    );
    expect(answered.body.extensions?.search).toEqual([
      {
        path: ["codeDiscountNodes"],
        query: "code:CODE12",
        warnings: [{ field: "code", message: "Invalid search field for this query." }],
      },
    ]);
  });

  it("DiscountCodeBasicCreate creates a code, then refuses a duplicate", async () => {
    const variables = basicCodeDiscountInput({
      title: "Alice 15",
      code: "ALICE15",
      percentage: 0.15,
      startsAt: "2026-04-01T00:00:00Z",
    });
    const { body } = await adminGraphql<DiscountCodeBasicCreateData>(DISCOUNT_CODE_BASIC_CREATE, {
      ...variables,
    });
    const payload = body.data?.discountCodeBasicCreate;
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.codeDiscountNode?.codeDiscount).toEqual({
      title: "Alice 15",
      codes: { nodes: [{ code: "ALICE15" }] },
    });
    expect(payload?.codeDiscountNode?.id).toMatch(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/);

    const found = await adminGraphql<DiscountCodeByCodeData>(DISCOUNT_CODE_BY_CODE, { code: "alice15" });
    expect(found.body.data?.codeDiscountNodeByCode?.id).toBe(payload?.codeDiscountNode?.id);

    const duplicate = await adminGraphql<DiscountCodeBasicCreateData>(DISCOUNT_CODE_BASIC_CREATE, {
      ...basicCodeDiscountInput({ title: "Dup", code: "alice10", percentage: 0.1, startsAt: NOW }),
    });
    expect(duplicate.body.data?.discountCodeBasicCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [
        {
          field: ["basicCodeDiscount", "code"],
          code: "TAKEN",
          message: "Code must be unique. Please try a different code.",
        },
      ],
    });
  });

  it("DiscountCodeBasicCreate rejects the pre-2025-10 customerSelection field on 2025-10", async () => {
    const { basicCodeDiscount } = basicCodeDiscountInput({
      title: "X",
      code: "X1",
      percentage: 0.1,
      startsAt: NOW,
    });
    const { context: _context, ...rest } = basicCodeDiscount;
    const legacy = { ...rest, customerSelection: { all: true } };
    const current = await adminGraphql(DISCOUNT_CODE_BASIC_CREATE, { basicCodeDiscount: legacy });
    expect(JSON.stringify(current.body.errors)).toContain("customerSelection");
    const older = await adminGraphql<DiscountCodeBasicCreateData>(
      DISCOUNT_CODE_BASIC_CREATE,
      { basicCodeDiscount: legacy },
      { apiVersion: "2025-04" },
    );
    expect(older.body.data?.discountCodeBasicCreate?.userErrors).toEqual([]);
  });

  it("ProductsById answers titles and featured images, null for missing ids", async () => {
    const { body } = await adminGraphql<ProductsByIdData>(PRODUCTS_BY_ID, {
      ids: [
        "gid://shopify/Product/8002",
        "gid://shopify/Product/1",
        "gid://shopify/Customer/7001",
        "gid://shopify/Product/8001",
      ],
    });
    expect(body.data?.nodes).toEqual([
      { __typename: "Product", id: "gid://shopify/Product/8002", title: "Road shoe", featuredMedia: null },
      null,
      { __typename: "Customer" },
      {
        __typename: "Product",
        id: "gid://shopify/Product/8001",
        title: "Trail shoe",
        featuredMedia: { preview: { image: { url: TRAIL_SHOE_IMAGE, altText: "Trail shoe" } } },
      },
    ]);
    expect(productsFromNodes(body.data?.nodes ?? [])).toEqual([
      { id: "gid://shopify/Product/8002", title: "Road shoe", image: null },
      {
        id: "gid://shopify/Product/8001",
        title: "Trail shoe",
        image: { url: TRAIL_SHOE_IMAGE, altText: "Trail shoe" },
      },
    ]);
  });

  it("ProductSearch searches titles", async () => {
    const { body } = await adminGraphql<ProductSearchData>(PRODUCT_SEARCH, { query: "shoe", first: 10 });
    expect(body.data?.products.nodes).toEqual([
      { id: "gid://shopify/Product/8001", title: "Trail shoe" },
      { id: "gid://shopify/Product/8002", title: "Road shoe" },
    ]);
  });

  it("CurrentAppInstallation and MetafieldsSet store and answer metafields", async () => {
    const installation = await adminGraphql<CurrentAppInstallationData>(CURRENT_APP_INSTALLATION);
    const ownerId = installation.body.data?.currentAppInstallation?.id;
    expect(ownerId).toMatch(/^gid:\/\/shopify\/AppInstallation\/\d+$/);

    const metafields = [
      { ownerId, namespace: "affiliate_ledger", key: "program", type: "json", value: '{"rate":0.1}' },
    ];
    const set = await adminGraphql<MetafieldsSetData>(METAFIELDS_SET, { metafields });
    expect(set.body.data).toEqual({
      metafieldsSet: {
        metafields: [{ namespace: "affiliate_ledger", key: "program", value: '{"rate":0.1}' }],
        userErrors: [],
      },
    });
    expect(emulator.store.getMetafield(ownerId ?? "", "affiliate_ledger", "program")?.value).toBe(
      '{"rate":0.1}',
    );

    const bad = await adminGraphql(METAFIELDS_SET, { metafields: [{ ...metafields[0], value: "{" }] });
    expect(bad.body.data).toEqual({
      metafieldsSet: {
        metafields: null,
        userErrors: [{ field: ["metafields", "0", "value"], message: "Value is invalid JSON." }],
      },
    });
  });

  it("ShopProfile answers the store's shop, with Shopify's defaults when the store names none", async () => {
    const { body } = await adminGraphql<ShopProfileData>(SHOP_PROFILE_QUERY);
    expect(body.data).toEqual({ shop: { name: "Emulated Shop", ianaTimezone: "UTC", currencyCode: "USD" } });

    emulator = createShopifyEmulator(
      { ...STORE, shop: { name: "Northwind", ianaTimezone: "America/Denver", currencyCode: "CAD" } },
      { now: () => NOW },
    );
    server.resetHandlers(...emulator.handlers);
    const named = await adminGraphql<ShopProfileData>(SHOP_PROFILE_QUERY);
    expect(named.body.data).toEqual({
      shop: { name: "Northwind", ianaTimezone: "America/Denver", currencyCode: "CAD" },
    });
  });

  it("answers an unknown operation with an error naming it", async () => {
    const { status, body } = await adminGraphql("query ShopCurrency { shop { currencyCode } }");
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("Shopify emulator: unknown operation ShopCurrency"),
      }),
    ]);
    const anonymous = await adminGraphql('{ customer(id: "gid://shopify/Customer/7001") { id } }');
    expect(JSON.stringify(anonymous.body.errors)).toContain("unknown operation (anonymous)");
  });

  it("validates known operations against the schema", async () => {
    const { body } = await adminGraphql(
      'query CustomerSearch { customer(id: "gid://shopify/Customer/7001") { ordersCount } }',
    );
    expect(JSON.stringify(body.errors)).toContain(
      'Cannot query field \\"ordersCount\\" on type \\"Customer\\"',
    );
  });

  it("refuses a request without an access token", async () => {
    const { status, body } = await adminGraphql(CURRENT_APP_INSTALLATION, undefined, { token: null });
    expect(status).toBe(401);
    expect(body.errors).toContain("Invalid API key or access token");
  });

  it("answers other shop URLs with a 404 naming them", async () => {
    const response = await fetch("https://demo-shop.myshopify.com/admin/api/2025-10/shop.json");
    expect(response.status).toBe(404);
    expect(unhandled).toEqual([
      "Shopify emulator: no handler for GET demo-shop.myshopify.com/admin/api/2025-10/shop.json",
    ]);
  });

  it("records the calls it answered", async () => {
    await adminGraphql(CUSTOMERS_FOR_ATTRIBUTION, { ids: ["gid://shopify/Customer/7001"] });
    expect(emulator.store.callsTo("CustomersForAttribution")).toEqual([
      expect.objectContaining({
        kind: "graphql",
        shop: "demo-shop.myshopify.com",
        variables: { ids: ["gid://shopify/Customer/7001"] },
        status: 200,
      }),
    ]);
  });
});

describe("failure injection", () => {
  const lookup = () =>
    adminGraphql<CustomersForAttributionData>(CUSTOMERS_FOR_ATTRIBUTION, {
      ids: ["gid://shopify/Customer/7001"],
    });

  it("answers 503 for the next N calls, then recovers", async () => {
    emulator.store.failNext(2, { status: 503 });
    expect((await lookup()).status).toBe(503);
    expect((await lookup()).status).toBe(503);
    const third = await lookup();
    expect(third.status).toBe(200);
    expect(third.body.data?.nodes[0]?.id).toBe("gid://shopify/Customer/7001");
  });

  it("answers 429 with Retry-After", async () => {
    emulator.store.failNext(1, 429);
    const { status, headers } = await lookup();
    expect(status).toBe(429);
    expect(headers.get("retry-after")).toBe("2.0");
  });

  it("fails at the network level", async () => {
    emulator.store.failNext(1, "network");
    await expect(lookup()).rejects.toThrow(TypeError);
    expect((await lookup()).status).toBe(200);
    expect(emulator.store.calls.map((call) => call.status)).toEqual(["network", 200]);
  });

  it("answers GraphQL throttling", async () => {
    emulator.store.failNext(1, "throttled");
    const { status, body } = await lookup();
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: "Throttled",
        extensions: expect.objectContaining({ code: "THROTTLED" }),
      }),
    ]);
  });

  it("fails only the named operation", async () => {
    emulator.store.failNext(1, { status: 500, operation: "CustomerSearch" });
    expect((await lookup()).status).toBe(200);
    expect((await adminGraphql(CUSTOMER_SEARCH, { query: "carol", first: 1 })).status).toBe(500);
  });

  it("adds latency", async () => {
    emulator.store.setLatency(50);
    const started = performance.now();
    await lookup();
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });
});
