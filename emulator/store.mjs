// @ts-check
// The in-memory Shopify store the emulator answers from.

import { randomBytes } from "node:crypto";
import { createFaultQueue } from "./faults.mjs";
import { searchRecords } from "./search-query.mjs";
import { parseStoreJson, shopifyDateTime } from "./store-json.mjs";
import { createStoreCredit } from "./store-credit.mjs";
import { createGiftCards, GIFT_CARD_SEARCH } from "./gift-cards.mjs";

/**
 * @import {
 *   CallRecord, Customer, DiscountCode, DiscountStatus, IssuedToken, Metafield, Order, Product, SearchWarning,
 *   ShopifyStore, StoreOptions, SubscriptionContract,
 * } from "./types"
 * @import { SearchSpec } from "./search-query.mjs"
 */

const MAX_CALLS = 1000;
/** Emulator-created ids start above this, like Shopify's 13-digit ids, and above every id in the store file. */
const MIN_CREATED_ID = 1_000_000_000_000n;

/** @type {SearchSpec<Customer>} */
const CUSTOMER_SEARCH = {
  fields: {
    email: { kind: "exact", get: (c) => c.email },
    first_name: { kind: "exact", get: (c) => c.firstName },
    last_name: { kind: "exact", get: (c) => c.lastName },
    phone: { kind: "exact", get: (c) => c.phone },
    tag: { kind: "exact", get: (c) => c.tags },
    id: { kind: "number", get: (c) => c.id },
    orders_count: { kind: "number", get: (c) => c.numberOfOrders },
    customer_date: { kind: "date", get: (c) => c.createdAt },
    updated_at: { kind: "date", get: (c) => c.updatedAt },
  },
  text: (c) => [c.firstName, c.lastName, customerDisplayName(c), c.email, c.phone],
};

/** @type {SearchSpec<Product>} */
const PRODUCT_SEARCH = {
  fields: {
    title: { kind: "contains", get: (p) => p.title },
    handle: { kind: "exact", get: (p) => p.handle },
    status: { kind: "exact", get: (p) => p.status },
    id: { kind: "number", get: (p) => p.id },
    created_at: { kind: "date", get: (p) => p.createdAt },
  },
  text: (p) => [p.title, p.handle],
};

/**
 * The discount filters Shopify documents for `codeDiscountNodes` (no `code`: Shopify ignores it there) and
 * `discountNodes` (with `code` and `method`). A discount's status depends on the clock, hence `status`.
 * @param {(discount: DiscountCode) => DiscountStatus} status
 * @param {{ byCode: boolean }} options
 * @returns {SearchSpec<DiscountCode>}
 */
function discountSearchSpec(status, { byCode }) {
  return {
    fields: {
      ...(byCode
        ? {
            code: { kind: "exact", get: (d) => d.code },
            method: { kind: "exact", get: () => "code" },
          }
        : {}),
      title: { kind: "contains", get: (d) => d.title },
      status: { kind: "exact", get: (d) => status(d) },
      type: { kind: "exact", get: discountTypes },
      id: { kind: "number", get: (d) => d.id },
      starts_at: { kind: "date", get: (d) => d.startsAt },
      ends_at: { kind: "date", get: (d) => d.endsAt },
      created_at: { kind: "date", get: (d) => d.createdAt },
    },
    text: (d) => [d.title, d.code],
  };
}

/** The values of the `type` filter a discount answers to (`all` leaves out app discounts). @param {DiscountCode} d */
function discountTypes(d) {
  const own = {
    basic: d.percentage != null ? "percentage" : "fixed_amount",
    bxgy: "bxgy",
    freeShipping: "free_shipping",
    app: "app",
  }[d.type];
  return d.type === "app" ? [own, "all_with_app"] : [own, "all", "all_with_app"];
}

/** The search filters the emulator implements, by root field: each one Shopify documents. */
export const SEARCH_FILTERS = {
  customers: Object.keys(CUSTOMER_SEARCH.fields),
  products: Object.keys(PRODUCT_SEARCH.fields),
  codeDiscountNodes: Object.keys(discountSearchSpec(() => "ACTIVE", { byCode: false }).fields),
  discountNodes: Object.keys(discountSearchSpec(() => "ACTIVE", { byCode: true }).fields),
  giftCards: Object.keys(GIFT_CARD_SEARCH.fields),
};

/** @param {Customer} customer */
export function customerDisplayName(customer) {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ").trim();
  return name || customer.email || customer.phone || "";
}

/**
 * Creates an in-memory store from a scenario's `store` object (validated; throws `StoreValidationError`).
 * @param {unknown} storeJson
 * @param {StoreOptions} [options]
 * @returns {ShopifyStore & { pendingFaults(): ReturnType<ReturnType<typeof createFaultQueue>["pending"]> }}
 */
export function createStore(storeJson, options = {}) {
  const now = options.now ?? (() => new Date());
  const parsed = parseStoreJson(storeJson);

  let lastId = [
    ...parsed.customers,
    ...parsed.products,
    ...parsed.discountCodes,
    ...parsed.orders,
    ...parsed.orders.flatMap((order) => order.lineItems),
    ...parsed.subscriptionContracts,
  ]
    .map((record) => BigInt(record.id))
    .reduce((max, id) => (id > max ? id : max), MIN_CREATED_ID);
  const nextId = () => {
    lastId += 1n;
    return lastId.toString();
  };

  /** @type {Map<string, Customer>} */
  const customers = new Map(parsed.customers.map((c) => [c.id, c]));
  /** @type {Map<string, Product>} */
  const products = new Map(parsed.products.map((p) => [p.id, p]));
  /** @type {Map<string, DiscountCode>} */
  const discounts = new Map(parsed.discountCodes.map((d) => [d.id, { ...d, codeId: nextId() }]));
  /** @type {Map<string, Order>} */
  const orders = new Map(parsed.orders.map((o) => [o.id, o]));
  /** @type {Map<string, SubscriptionContract>} */
  const contracts = new Map(parsed.subscriptionContracts.map((c) => [c.id, c]));
  /** @type {Map<string, Metafield>} */
  const metafields = new Map();
  /** @type {Map<string, IssuedToken>} */
  const refreshTokens = new Map();
  /** @type {CallRecord[]} */
  let calls = [];
  let latencyMs = 0;
  const faults = createFaultQueue();
  const appInstallationId = nextId();
  const shopId = nextId();

  /** @param {DiscountCode} discount @returns {DiscountStatus} */
  const discountStatus = (discount) => {
    if (discount.fixedStatus) return discount.fixedStatus;
    const time = now().getTime();
    if (time < Date.parse(discount.startsAt)) return "SCHEDULED";
    if (discount.endsAt && time >= Date.parse(discount.endsAt)) return "EXPIRED";
    return "ACTIVE";
  };

  const codeDiscountSearch = discountSearchSpec(discountStatus, { byCode: false });
  const discountSearch = discountSearchSpec(discountStatus, { byCode: true });

  /** @param {string} ownerId @param {string} namespace @param {string} key */
  const metafieldKey = (ownerId, namespace, key) => `${ownerId}\u0000${namespace}\u0000${key}`;
  /** @template T @param {Map<string, T>} map */
  const values = (map) => [...map.values()];

  /** @type {ReturnType<typeof createStoreCredit> | null} */
  let storeCredit = null;
  /** @type {ReturnType<typeof createGiftCards> | null} */
  let giftCards = null;

  /** @type {ReturnType<typeof createStore>} */
  const store = {
    appInstallationId,
    get storeCredit() {
      return (storeCredit ??= createStoreCredit(store));
    },
    get giftCards() {
      return (giftCards ??= createGiftCards(store));
    },
    shop: { id: shopId, ...parsed.shop },
    now,
    nextId,

    getCustomer: (id) => customers.get(id) ?? null,
    findCustomerByEmail: (email) => {
      const wanted = email.trim().toLowerCase();
      return values(customers).find((c) => c.email?.toLowerCase() === wanted) ?? null;
    },
    searchCustomers: (query, warnings) => searchRecords(values(customers), query, CUSTOMER_SEARCH, warnings),
    listCustomers: () => values(customers),
    createCustomer: (input) => {
      const email = input.email?.trim() || null;
      if (email && store.findCustomerByEmail(email))
        throw new Error(`customer email ${email} is already taken`);
      const at = shopifyDateTime(now());
      /** @type {Customer} */
      const customer = {
        id: nextId(),
        email,
        firstName: input.firstName?.trim() || null,
        lastName: input.lastName?.trim() || null,
        phone: input.phone?.trim() || null,
        createdAt: at,
        updatedAt: at,
        numberOfOrders: 0,
        tags: input.tags ?? [],
        note: input.note ?? null,
      };
      customers.set(customer.id, customer);
      return customer;
    },

    getProduct: (id) => products.get(id) ?? null,
    searchProducts: (query, warnings) => searchRecords(values(products), query, PRODUCT_SEARCH, warnings),
    listProducts: () => values(products),

    getDiscountCode: (id) => discounts.get(id) ?? null,
    findDiscountByCode: (code) => {
      const wanted = code.trim().toLowerCase();
      return values(discounts).find((d) => d.code.toLowerCase() === wanted) ?? null;
    },
    searchCodeDiscounts: (query, warnings) =>
      searchRecords(values(discounts), query, codeDiscountSearch, warnings),
    searchDiscounts: (query, warnings) => searchRecords(values(discounts), query, discountSearch, warnings),
    listDiscountCodes: () => values(discounts),
    discountStatus,
    createDiscountCode: (input) => {
      if (store.findDiscountByCode(input.code))
        throw new Error(`discount code ${input.code} is already taken`);
      /** @type {DiscountCode} */
      const discount = {
        id: nextId(),
        codeId: nextId(),
        code: input.code.trim(),
        title: input.title.trim(),
        type: "basic",
        fixedStatus: null,
        startsAt: shopifyDateTime(input.startsAt),
        endsAt: input.endsAt ? shopifyDateTime(input.endsAt) : null,
        createdAt: shopifyDateTime(now()),
        percentage: input.percentage ?? null,
        usageLimit: input.usageLimit ?? null,
        appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
      };
      discounts.set(discount.id, discount);
      return discount;
    },

    getOrder: (id) => orders.get(id) ?? null,
    getSubscriptionContract: (id) => contracts.get(id) ?? null,

    getMetafield: (ownerId, namespace, key) => metafields.get(metafieldKey(ownerId, namespace, key)) ?? null,
    listMetafields: (ownerId, namespace) =>
      values(metafields).filter(
        (m) => m.ownerId === ownerId && (namespace == null || m.namespace === namespace),
      ),
    setMetafield: (input) => {
      const mapKey = metafieldKey(input.ownerId, input.namespace, input.key);
      const existing = metafields.get(mapKey);
      const at = shopifyDateTime(now());
      /** @type {Metafield} */
      const metafield = existing
        ? { ...existing, type: input.type, value: input.value, updatedAt: at }
        : { id: nextId(), ...input, createdAt: at, updatedAt: at };
      metafields.set(mapKey, metafield);
      return metafield;
    },

    failNext: faults.failNext,
    takeFault: faults.takeFault,
    clearFaults: faults.clearFaults,
    pendingFaults: faults.pending,
    setLatency: (ms) => {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`setLatency: expected milliseconds >= 0, got ${ms}`);
      latencyMs = ms;
    },
    get latencyMs() {
      return latencyMs;
    },

    recordCall: (call) => {
      calls.push(call);
      if (calls.length > MAX_CALLS) calls = calls.slice(-MAX_CALLS);
    },
    get calls() {
      return calls;
    },
    callsTo: (operation) => calls.filter((call) => call.operation === operation),
    clearCalls: () => {
      calls = [];
    },

    issueToken: ({ withRefreshToken, ...token }) => {
      const prefix = token.online ? "shpua_" : "shpat_";
      /** @type {IssuedToken} */
      const issued = {
        ...token,
        accessToken: `${prefix}emulator_${randomBytes(16).toString("hex")}`,
        refreshToken: withRefreshToken ? `shprt_emulator_${randomBytes(16).toString("hex")}` : null,
      };
      if (issued.refreshToken) refreshTokens.set(issued.refreshToken, issued);
      return issued;
    },
    takeRefreshToken: (refreshToken) => {
      const issued = refreshTokens.get(refreshToken) ?? null;
      refreshTokens.delete(refreshToken);
      return issued;
    },
  };
  return store;
}
