// @ts-check
// Root resolvers: queries and mutations answered from the store, with Shopify's userErrors.

import { connection } from "./connection.mjs";
import { parseGid } from "./gid.mjs";
import { isValidEmail } from "./store-json.mjs";
import {
  appInstallationView,
  shopView,
  customerView,
  discountNodeOfDiscountView,
  discountNodeView,
  metafieldView,
  nodeView,
  orderView,
  productView,
  requireGid,
  resolveNamespace,
} from "./views.mjs";

/**
 * @import { Metafield, SearchWarning, ShopifyStore } from "./types"
 * @import { ConnectionArgs } from "./connection.mjs"
 * @typedef {{ store: ShopifyStore, searchWarnings: Array<SearchWarning & { path: string[], query: string }> }} Context
 * @typedef {ConnectionArgs & { query?: string | null }} SearchArgs
 * @typedef {{ field: string[] | null, message: string, code?: string }} UserError
 */

const MAX_METAFIELDS_PER_CALL = 25;
const METAFIELD_KEY = /^[a-zA-Z0-9_-]{2,64}$/;
const METAFIELD_NAMESPACE = /^[a-zA-Z0-9_:-]{2,255}$/;

/**
 * A searchable connection root field: the store's search for it, its records as connection nodes, and the
 * search warnings (unknown filters) reported under the field's name.
 * @template {{ id: string }} T
 * @param {string} root
 * @param {(store: ShopifyStore, query: string | null | undefined, warnings: SearchWarning[]) => T[]} search
 * @param {(store: ShopifyStore, record: T) => unknown} view
 */
function searchField(root, search, view) {
  /** @param {SearchArgs} args @param {Context} ctx */
  return (args, ctx) => {
    /** @type {SearchWarning[]} */
    const warnings = [];
    const found = search(ctx.store, args.query, warnings);
    for (const warning of warnings)
      ctx.searchWarnings.push({ ...warning, path: [root], query: args.query ?? "" });
    return connection(
      found,
      args,
      (record) => record.id,
      (record) => view(ctx.store, record),
    );
  };
}

/** The root value for graphql-js `execute`: every root field of the served schema. */
export const rootValue = {
  /** @param {{ id: string }} args @param {Context} ctx */
  customer: ({ id }, { store }) => {
    const customer = store.getCustomer(requireGid(id, "Customer").id);
    return customer && customerView(store, customer);
  },

  /**
   * Exact look-up by one identifier (a oneOf input). Phone numbers are not kept by the emulator's store.
   * @param {{ identifier: { emailAddress?: string | null, id?: string | null, phoneNumber?: string | null } }} args
   * @param {Context} ctx
   */
  customerByIdentifier: ({ identifier }, { store }) => {
    let customer = null;
    if (identifier.emailAddress != null) customer = store.findCustomerByEmail(identifier.emailAddress);
    else if (identifier.id != null) customer = store.getCustomer(requireGid(identifier.id, "Customer").id);
    else if (identifier.phoneNumber != null) {
      const phone = identifier.phoneNumber.trim();
      customer = store.listCustomers().find((c) => c.phone === phone) ?? null;
    }
    return customer && customerView(store, customer);
  },
  customers: searchField("customers", (store, q, w) => store.searchCustomers(q, w), customerView),

  /** @param {{ id: string }} args @param {Context} ctx */
  order: ({ id }, { store }) => {
    const order = store.getOrder(requireGid(id, "Order").id);
    return order && orderView(store, order);
  },

  /** @param {{ id: string }} args @param {Context} ctx */
  product: ({ id }, { store }) => {
    const product = store.getProduct(requireGid(id, "Product").id);
    return product && productView(store, product);
  },

  products: searchField("products", (store, q, w) => store.searchProducts(q, w), productView),

  /** @param {{ id: string }} args @param {Context} ctx */
  codeDiscountNode: ({ id }, { store }) => {
    const discount = store.getDiscountCode(requireGid(id, "DiscountCodeNode").id);
    return discount && discountNodeView(store, discount);
  },

  /** @param {{ code: string }} args @param {Context} ctx */
  codeDiscountNodeByCode: ({ code }, { store }) => {
    const discount = store.findDiscountByCode(code);
    return discount && discountNodeView(store, discount);
  },

  codeDiscountNodes: searchField(
    "codeDiscountNodes",
    (store, q, w) => store.searchCodeDiscounts(q, w),
    discountNodeView,
  ),

  discountNodes: searchField(
    "discountNodes",
    (store, q, w) => store.searchDiscounts(q, w),
    discountNodeOfDiscountView,
  ),

  /** @param {unknown} _args @param {Context} ctx */
  currentAppInstallation: (_args, { store }) => appInstallationView(store),

  /** @param {unknown} _args @param {Context} ctx */
  shop: (_args, { store }) => shopView(store),

  /** @param {{ id: string }} args @param {Context} ctx */
  node: ({ id }, { store }) => nodeView(store, id),

  /** @param {{ ids: string[] }} args @param {Context} ctx */
  nodes: ({ ids }, { store }) => {
    if (ids.length > 250) throw new Error("The ids argument accepts at most 250 ids.");
    return ids.map((id) => nodeView(store, id));
  },

  customerCreate,
  discountCodeBasicCreate,
  metafieldsSet,

  /** @param {Parameters<ShopifyStore["storeCredit"]["credit"]>[0]} args @param {Context} ctx */
  storeCreditAccountCredit: (args, { store }) => store.storeCredit.credit(args),

  /** @param {Parameters<ShopifyStore["giftCards"]["create"]>[0]} args @param {Context} ctx */
  giftCardCreate: (args, { store }) => store.giftCards.create(args),

  /** @param {Parameters<ShopifyStore["giftCards"]["list"]>[0]} args @param {Context} ctx */
  giftCards: (args, { store }) => store.giftCards.list(args),
};

/**
 * @param {{ input: { id?: string | null, email?: string | null, firstName?: string | null,
 *   lastName?: string | null, phone?: string | null, note?: string | null, tags?: string[] | null } }} args
 * @param {Context} ctx
 */
function customerCreate({ input }, { store }) {
  /** @type {UserError[]} */
  const userErrors = [];
  const email = input.email?.trim() || null;
  if (input.id != null)
    userErrors.push({ field: ["id"], message: "Id must be blank when creating a customer" });
  if (!email && !input.phone?.trim() && !input.firstName?.trim() && !input.lastName?.trim()) {
    userErrors.push({ field: null, message: "Customer must have a name, phone number or email address" });
  }
  if (email && !isValidEmail(email)) userErrors.push({ field: ["email"], message: "Email is invalid" });
  else if (email && store.findCustomerByEmail(email)) {
    userErrors.push({ field: ["email"], message: "Email has already been taken" });
  }
  if (userErrors.length > 0) return { customer: null, userErrors };
  const customer = store.createCustomer({ ...input, email });
  return { customer: customerView(store, customer), userErrors };
}

/**
 * @typedef {{
 *   title?: string | null, code?: string | null, startsAt?: string | null, endsAt?: string | null,
 *   customerGets?: { value?: { percentage?: number | null, discountAmount?: { amount?: string | number | null } | null } | null,
 *     items?: { all?: boolean | null, products?: unknown } | null } | null,
 *   usageLimit?: number | null, appliesOncePerCustomer?: boolean | null,
 * }} BasicCodeDiscountInput
 */

/** @param {{ basicCodeDiscount: BasicCodeDiscountInput }} args @param {Context} ctx */
function discountCodeBasicCreate({ basicCodeDiscount: input }, { store }) {
  /** @type {UserError[]} */
  const userErrors = [];
  /** @param {string[]} path @param {string} code @param {string} message */
  const fail = (path, code, message) =>
    userErrors.push({ field: ["basicCodeDiscount", ...path], code, message });

  const title = input.title?.trim() ?? "";
  const code = input.code?.trim() ?? "";
  if (!title) fail(["title"], "BLANK", "Title can't be blank");
  else if (title.length > 255) fail(["title"], "TOO_LONG", "Title is too long (maximum is 255 characters)");
  if (!code) fail(["code"], "BLANK", "Code can't be blank");
  else if (code.length > 255) fail(["code"], "TOO_LONG", "Code is too long (maximum is 255 characters)");
  else if (/[\r\n]/.test(code)) fail(["code"], "INVALID", "Code cannot contain newline characters.");
  else if (store.findDiscountByCode(code))
    fail(["code"], "TAKEN", "Code must be unique. Please try a different code.");
  if (!input.startsAt) fail(["startsAt"], "BLANK", "Starts at can't be blank");
  else if (Number.isNaN(Date.parse(input.startsAt))) fail(["startsAt"], "INVALID", "Starts at is invalid");
  if (input.endsAt && Number.isNaN(Date.parse(input.endsAt)))
    fail(["endsAt"], "INVALID", "Ends at is invalid");
  else if (input.startsAt && input.endsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
    fail(["endsAt"], "INVALID", "Ends at needs to be after starts_at");
  }
  const value = input.customerGets?.value;
  if (!input.customerGets) fail(["customerGets"], "BLANK", "Customer gets can't be blank");
  else if (!value || (value.percentage == null) === (value.discountAmount == null)) {
    fail(
      ["customerGets", "value"],
      "INVALID",
      "Value must specify exactly one of percentage or discountAmount",
    );
  } else if (value.percentage != null && !(value.percentage >= 0 && value.percentage <= 1)) {
    fail(["customerGets", "value", "percentage"], "VALUE_OUTSIDE_RANGE", "Value must be between 0.0 and 1.0");
  }
  if (input.customerGets && !input.customerGets.items) {
    fail(["customerGets", "items"], "BLANK", "Items can't be blank");
  }
  if (userErrors.length > 0) return { codeDiscountNode: null, userErrors };

  const discount = store.createDiscountCode({
    title,
    code,
    startsAt: /** @type {string} */ (input.startsAt),
    endsAt: input.endsAt ?? null,
    percentage: value?.percentage ?? null,
    usageLimit: input.usageLimit ?? null,
    appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
  });
  return { codeDiscountNode: discountNodeView(store, discount), userErrors };
}

/**
 * @param {{ metafields: Array<{ ownerId: string, namespace?: string | null, key: string, value: string,
 *   type?: string | null }> }} args
 * @param {Context} ctx
 */
function metafieldsSet({ metafields }, { store }) {
  /** @type {Array<UserError & { elementIndex: number | null }>} */
  const userErrors = [];
  if (metafields.length > MAX_METAFIELDS_PER_CALL) {
    userErrors.push({
      field: ["metafields"],
      code: "LESS_THAN_OR_EQUAL_TO",
      message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_CALL}.`,
      elementIndex: null,
    });
    return { metafields: null, userErrors };
  }
  /** @type {Array<{ ownerId: string, namespace: string, key: string, type: string, value: string }>} */
  const accepted = [];
  metafields.forEach((input, index) => {
    /** @param {string} field @param {string} code @param {string} message */
    const fail = (field, code, message) =>
      userErrors.push({ field: ["metafields", String(index), field], code, message, elementIndex: index });
    const owner = parseGid(input.ownerId);
    if (!owner || !ownerExists(store, owner))
      return fail("ownerId", "INVALID_VALUE", "Owner does not exist.");
    const namespace = resolveNamespace(input.namespace);
    if (!METAFIELD_NAMESPACE.test(namespace)) {
      return fail("namespace", "INVALID_VALUE", "Namespace must be 2-255 characters: letters, digits, _ - :");
    }
    if (!METAFIELD_KEY.test(input.key)) {
      return fail("key", "INVALID_VALUE", "Key must be 2-64 characters: letters, digits, _ and -");
    }
    const existing = store.getMetafield(input.ownerId, namespace, input.key);
    const type = input.type ?? existing?.type;
    if (!type) return fail("type", "BLANK", "Type can't be blank");
    if (existing && existing.type !== type) {
      return fail(
        "type",
        "INVALID_TYPE",
        `Type must be the same as the existing metafield's type (${existing.type})`,
      );
    }
    const problem = valueProblem(type, input.value);
    if (problem) return fail("value", "INVALID_VALUE", problem);
    accepted.push({ ownerId: input.ownerId, namespace, key: input.key, type, value: input.value });
  });
  // metafieldsSet is atomic: nothing is saved when any input fails.
  if (userErrors.length > 0) return { metafields: null, userErrors };
  /** @type {Metafield[]} */
  const saved = accepted.map((input) => store.setMetafield(input));
  return { metafields: saved.map(metafieldView), userErrors };
}

/** @param {ShopifyStore} store @param {{ type: string, id: string }} owner */
function ownerExists(store, owner) {
  switch (owner.type) {
    case "AppInstallation":
      return owner.id === store.appInstallationId;
    case "Customer":
      return store.getCustomer(owner.id) !== null;
    case "Product":
      return store.getProduct(owner.id) !== null;
    default:
      return false;
  }
}

/** @param {string} type @param {string} value @returns {string | null} */
function valueProblem(type, value) {
  switch (type) {
    case "json":
      try {
        JSON.parse(value);
        return null;
      } catch {
        return "Value is invalid JSON.";
      }
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "number_integer":
      return /^-?\d+$/.test(value) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal.";
    case "single_line_text_field":
      return /[\r\n]/.test(value) ? "Value must be a single line." : null;
    case "multi_line_text_field":
    case "url":
    case "date":
    case "date_time":
    case "color":
      return null;
    default:
      if (type.startsWith("list.")) {
        try {
          return Array.isArray(JSON.parse(value)) ? null : "Value must be a JSON array.";
        } catch {
          return "Value must be a JSON array.";
        }
      }
      return `Type '${type}' is not supported by the Shopify emulator.`;
  }
}
