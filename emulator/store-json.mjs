// @ts-check
// Validates and normalises the scenario file's `store` object. Every problem is reported at once,
// each with its path (`store.customers[0].email: ...`).

/**
 * @import {
 *   StoreJson, Customer, Product, DiscountCode, DiscountType, DiscountStatus, ProductStatus, Order,
 *   SubscriptionContract, Shop,
 * } from "./types"
 */

export const DEFAULT_CREATED_AT = "2020-01-01T00:00:00Z";
/** What `shop { … }` answers when the store file says nothing of the shop. */
export const DEFAULT_SHOP = Object.freeze({
  name: "Emulated Shop",
  contactEmail: "shop@example.com",
  ianaTimezone: "UTC",
  currencyCode: "USD",
});
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DISCOUNT_TYPES = /** @type {const} */ (["basic", "bxgy", "freeShipping", "app"]);
const DISCOUNT_STATUSES = /** @type {const} */ (["ACTIVE", "EXPIRED", "SCHEDULED"]);
const PRODUCT_STATUSES = /** @type {const} */ (["ACTIVE", "ARCHIVED", "DRAFT"]);
/** The shop currencies the emulator answers (values of Shopify's CurrencyCode enum). */
export const SHOP_CURRENCIES = /** @type {const} */ ([
  "AUD",
  "BRL",
  "CAD",
  "CHF",
  "CNY",
  "DKK",
  "EUR",
  "GBP",
  "HKD",
  "INR",
  "JPY",
  "KRW",
  "KWD",
  "MXN",
  "NOK",
  "NZD",
  "PLN",
  "SEK",
  "SGD",
  "USD",
]);

export class StoreValidationError extends Error {
  /** @param {string[]} problems */
  constructor(problems) {
    super(`Invalid Shopify emulator store:\n  - ${problems.join("\n  - ")}`);
    this.name = "StoreValidationError";
    this.problems = problems;
  }
}

/**
 * A DateTime as the Admin API serializes it: ISO 8601 in UTC, whole seconds ("2026-03-01T11:58:00Z").
 * @param {Date | string} date
 */
export function shopifyDateTime(date) {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** @param {string} email */
export function isValidEmail(email) {
  return EMAIL_PATTERN.test(email);
}

/**
 * @param {unknown} json
 * @returns {{ shop: Omit<Shop, "id">, customers: Customer[], products: Product[], discountCodes: DiscountCode[],
 *   orders: Order[], subscriptionContracts: SubscriptionContract[] }}
 */
export function parseStoreJson(json) {
  /** @type {string[]} */
  const problems = [];
  const root = expectObject(json, "store", problems);
  if (!root) throw new StoreValidationError(problems);
  checkKeys(
    root,
    "store",
    ["shop", "customers", "products", "discountCodes", "orders", "subscriptionContracts"],
    problems,
  );

  const shopJson = root.shop === undefined ? {} : (expectObject(root.shop, "store.shop", problems) ?? {});
  checkKeys(shopJson, "store.shop", ["name", "contactEmail", "ianaTimezone", "currencyCode"], problems);
  const contactEmail = optionalString(shopJson, "contactEmail", "store.shop", problems);
  if (contactEmail != null && !isValidEmail(contactEmail))
    problems.push(`store.shop.contactEmail: "${contactEmail}" is not an email address`);
  const ianaTimezone = optionalString(shopJson, "ianaTimezone", "store.shop", problems);
  if (ianaTimezone != null && !isTimeZone(ianaTimezone))
    problems.push(`store.shop.ianaTimezone: "${ianaTimezone}" is not an IANA time zone`);
  const currencyCode = optionalString(shopJson, "currencyCode", "store.shop", problems);
  if (currencyCode != null && !(/** @type {readonly string[]} */ (SHOP_CURRENCIES).includes(currencyCode)))
    problems.push(
      `store.shop.currencyCode: expected one of ${SHOP_CURRENCIES.join(", ")}, got "${currencyCode}"`,
    );
  /** @type {Omit<Shop, "id">} */
  const shop = {
    name: optionalString(shopJson, "name", "store.shop", problems) ?? DEFAULT_SHOP.name,
    contactEmail: contactEmail ?? DEFAULT_SHOP.contactEmail,
    ianaTimezone: ianaTimezone ?? DEFAULT_SHOP.ianaTimezone,
    currencyCode: currencyCode ?? DEFAULT_SHOP.currencyCode,
  };

  const customers = list(root, "customers", problems).map((item, index) => {
    const path = `store.customers[${index}]`;
    const fields = ["id", "email", "firstName", "lastName", "phone", "createdAt", "numberOfOrders", "tags"];
    const obj = expectObject(item, path, problems) ?? {};
    checkKeys(obj, path, fields, problems);
    const email = optionalString(obj, "email", path, problems);
    if (email != null && !isValidEmail(email))
      problems.push(`${path}.email: "${email}" is not an email address`);
    const createdAt = optionalDate(obj, "createdAt", path, problems) ?? DEFAULT_CREATED_AT;
    /** @type {Customer} */
    const customer = {
      id: numericId(obj.id, `${path}.id`, problems),
      email: email ?? null,
      firstName: optionalString(obj, "firstName", path, problems) ?? null,
      lastName: optionalString(obj, "lastName", path, problems) ?? null,
      phone: optionalString(obj, "phone", path, problems) ?? null,
      createdAt,
      updatedAt: createdAt,
      numberOfOrders: orderCount(obj.numberOfOrders, `${path}.numberOfOrders`, problems),
      tags: stringList(obj.tags, `${path}.tags`, problems),
      note: null,
    };
    return customer;
  });
  unique(customers, (c) => c.id, "store.customers", "id", problems);
  unique(customers, (c) => (c.email ?? "").toLowerCase(), "store.customers", "email", problems);

  const products = list(root, "products", problems).map((item, index) => {
    const path = `store.products[${index}]`;
    const obj = expectObject(item, path, problems) ?? {};
    checkKeys(obj, path, ["id", "title", "handle", "status", "imageUrl"], problems);
    const title = requiredString(obj, "title", path, problems);
    /** @type {Product} */
    const product = {
      id: numericId(obj.id, `${path}.id`, problems),
      title,
      handle: optionalString(obj, "handle", path, problems) ?? handleize(title),
      status:
        oneOf(obj.status, PRODUCT_STATUSES, `${path}.status`, problems) ??
        /** @type {ProductStatus} */ ("ACTIVE"),
      imageUrl: optionalString(obj, "imageUrl", path, problems) ?? null,
      createdAt: DEFAULT_CREATED_AT,
    };
    return product;
  });
  unique(products, (p) => p.id, "store.products", "id", problems);

  const discountCodes = list(root, "discountCodes", problems).map((item, index) => {
    const path = `store.discountCodes[${index}]`;
    const obj = expectObject(item, path, problems) ?? {};
    const fields = ["id", "code", "title", "type", "status", "startsAt", "endsAt", "percentage"];
    checkKeys(obj, path, fields, problems);
    const code = requiredString(obj, "code", path, problems);
    if (code && /\s/.test(code)) problems.push(`${path}.code: "${code}" contains whitespace`);
    const percentage = obj.percentage ?? null;
    if (percentage !== null && (typeof percentage !== "number" || !(percentage > 0 && percentage <= 1))) {
      problems.push(
        `${path}.percentage: expected a fraction in (0, 1] like 0.1, got ${JSON.stringify(percentage)}`,
      );
    }
    /** @type {DiscountCode} */
    const discount = {
      id: numericId(obj.id, `${path}.id`, problems),
      codeId: "",
      code,
      title: optionalString(obj, "title", path, problems) ?? code,
      type:
        oneOf(obj.type, DISCOUNT_TYPES, `${path}.type`, problems) ?? /** @type {DiscountType} */ ("basic"),
      fixedStatus:
        oneOf(obj.status, DISCOUNT_STATUSES, `${path}.status`, problems) ??
        /** @type {DiscountStatus | null} */ (null),
      startsAt: optionalDate(obj, "startsAt", path, problems) ?? DEFAULT_CREATED_AT,
      endsAt: optionalDate(obj, "endsAt", path, problems) ?? null,
      createdAt: DEFAULT_CREATED_AT,
      percentage: typeof percentage === "number" ? percentage : null,
      usageLimit: null,
      appliesOncePerCustomer: false,
    };
    return discount;
  });
  unique(discountCodes, (d) => d.id, "store.discountCodes", "id", problems);
  unique(discountCodes, (d) => d.code.toLowerCase(), "store.discountCodes", "code", problems);

  const subscriptionContracts = list(root, "subscriptionContracts", problems).map((item, index) => {
    const path = `store.subscriptionContracts[${index}]`;
    const obj = expectObject(item, path, problems) ?? {};
    checkKeys(obj, path, ["id", "originOrder"], problems);
    /** @type {SubscriptionContract} */
    const contract = {
      id: numericId(obj.id, `${path}.id`, problems),
      originOrderId:
        obj.originOrder === undefined || obj.originOrder === null
          ? null
          : numericId(obj.originOrder, `${path}.originOrder`, problems),
    };
    return contract;
  });
  unique(subscriptionContracts, (c) => c.id, "store.subscriptionContracts", "id", problems);

  const orders = list(root, "orders", problems).map((item, index) => {
    const path = `store.orders[${index}]`;
    const obj = expectObject(item, path, problems) ?? {};
    checkKeys(obj, path, ["id", "lineItems"], problems);
    /** @type {Order} */
    const order = {
      id: numericId(obj.id, `${path}.id`, problems),
      lineItems: list(obj, "lineItems", problems, path).map((line, lineIndex) => {
        const at = `${path}.lineItems[${lineIndex}]`;
        const fields = expectObject(line, at, problems) ?? {};
        checkKeys(fields, at, ["id", "sellingPlan", "contract"], problems);
        const plan =
          fields.sellingPlan == null ? null : expectObject(fields.sellingPlan, `${at}.sellingPlan`, problems);
        if (plan) checkKeys(plan, `${at}.sellingPlan`, ["id", "name"], problems);
        const contractId =
          fields.contract == null ? null : numericId(fields.contract, `${at}.contract`, problems);
        if (contractId && !subscriptionContracts.some((c) => c.id === contractId))
          problems.push(
            `${at}.contract: "${contractId}" is not the id of any store.subscriptionContracts entry`,
          );
        return {
          id: numericId(fields.id, `${at}.id`, problems),
          sellingPlan: plan
            ? {
                id: plan.id == null ? null : numericId(plan.id, `${at}.sellingPlan.id`, problems),
                name: requiredString(plan, "name", `${at}.sellingPlan`, problems),
              }
            : null,
          contractId,
        };
      }),
    };
    return order;
  });
  unique(orders, (o) => o.id, "store.orders", "id", problems);
  subscriptionContracts.forEach((contract, index) => {
    if (contract.originOrderId && !orders.some((o) => o.id === contract.originOrderId))
      problems.push(
        `store.subscriptionContracts[${index}].originOrder: "${contract.originOrderId}" is not the id of any store.orders entry`,
      );
  });

  if (problems.length > 0) throw new StoreValidationError(problems);
  return { shop, customers, products, discountCodes, orders, subscriptionContracts };
}

/** @param {string} zone */
function isTimeZone(zone) {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * @param {unknown} value
 * @param {string} path
 * @param {string[]} problems
 * @returns {Record<string, unknown> | null}
 */
function expectObject(value, path, problems) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push(`${path}: expected an object, got ${describe(value)}`);
    return null;
  }
  return /** @type {Record<string, unknown>} */ (value);
}

/**
 * @param {Record<string, unknown>} obj
 * @param {string} path
 * @param {string[]} allowed
 * @param {string[]} problems
 */
function checkKeys(obj, path, allowed, problems) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key))
      problems.push(`${path}.${key}: unknown field (allowed: ${allowed.join(", ")})`);
  }
}

/**
 * @param {Record<string, unknown>} root
 * @param {string} key
 * @param {string[]} problems
 * @param {string} [path] where `root` is
 * @returns {unknown[]}
 */
function list(root, key, problems, path = "store") {
  const value = root[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${path}.${key}: expected an array, got ${describe(value)}`);
    return [];
  }
  return value;
}

/**
 * @param {unknown} value
 * @param {string} path
 * @param {string[]} problems
 */
function numericId(value, path, problems) {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === "string" && /^[1-9]\d*$/.test(value)) return value;
  problems.push(`${path}: expected a numeric id string like "7001", got ${describe(value)}`);
  return "";
}

/**
 * @param {unknown} value
 * @param {string} path
 * @param {string[]} problems
 */
function orderCount(value, path, problems) {
  if (value === undefined || value === null) return 0;
  const count = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof count === "number" && Number.isSafeInteger(count) && count >= 0) return count;
  problems.push(`${path}: expected a non-negative integer, got ${describe(value)}`);
  return 0;
}

/**
 * @param {Record<string, unknown>} obj
 * @param {string} key
 * @param {string} path
 * @param {string[]} problems
 * @returns {string | undefined}
 */
function optionalString(obj, key, path, problems) {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    problems.push(`${path}.${key}: expected a string, got ${describe(value)}`);
    return undefined;
  }
  return value;
}

/**
 * @param {Record<string, unknown>} obj
 * @param {string} key
 * @param {string} path
 * @param {string[]} problems
 */
function requiredString(obj, key, path, problems) {
  const value = obj[key];
  if (typeof value !== "string" || value.trim() === "") {
    problems.push(`${path}.${key}: expected a non-empty string, got ${describe(value)}`);
    return "";
  }
  return value;
}

/**
 * @param {Record<string, unknown>} obj
 * @param {string} key
 * @param {string} path
 * @param {string[]} problems
 */
function optionalDate(obj, key, path, problems) {
  const value = optionalString(obj, key, path, problems);
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    problems.push(
      `${path}.${key}: expected an ISO 8601 date-time like "2026-03-01T11:58:00Z", got "${value}"`,
    );
    return undefined;
  }
  return shopifyDateTime(new Date(time));
}

/**
 * @param {unknown} value
 * @param {string} path
 * @param {string[]} problems
 * @returns {string[]}
 */
function stringList(value, path, problems) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    problems.push(`${path}: expected an array of strings, got ${describe(value)}`);
    return [];
  }
  return value;
}

/**
 * @template {string} V
 * @param {unknown} value
 * @param {readonly V[]} allowed
 * @param {string} path
 * @param {string[]} problems
 * @returns {V | undefined}
 */
function oneOf(value, allowed, path, problems) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" && /** @type {readonly string[]} */ (allowed).includes(value)) {
    return /** @type {V} */ (value);
  }
  problems.push(`${path}: expected one of ${allowed.join(", ")}, got ${describe(value)}`);
  return undefined;
}

/**
 * @template T
 * @param {T[]} items
 * @param {(item: T) => string} keyOf
 * @param {string} path
 * @param {string} name
 * @param {string[]} problems
 */
function unique(items, keyOf, path, name, problems) {
  /** @type {Map<string, number>} */
  const seen = new Map();
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (!key) return;
    const first = seen.get(key);
    if (first !== undefined)
      problems.push(`${path}[${index}].${name}: "${key}" repeats ${path}[${first}].${name}`);
    else seen.set(key, index);
  });
}

/** @param {string} title */
export function handleize(title) {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** @param {unknown} value */
function describe(value) {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
