// @ts-check
// Store records as GraphQL objects (graphql-js calls function-valued fields with their arguments).

import { GraphQLError } from "graphql";
import { connection } from "./connection.mjs";
import { parseGid, toGid } from "./gid.mjs";
import { customerDisplayName } from "./store.mjs";

/**
 * @import { Customer, DiscountCode, Metafield, Order, Product, ShopifyStore, SubscriptionContract } from "./types"
 * @import { ConnectionArgs } from "./connection.mjs"
 */

const DISCOUNT_TYPENAMES = {
  basic: "DiscountCodeBasic",
  bxgy: "DiscountCodeBxgy",
  freeShipping: "DiscountCodeFreeShipping",
  app: "DiscountCodeApp",
};

/**
 * @param {ShopifyStore} store
 * @param {string} ownerId gid
 */
function metafieldFields(store, ownerId) {
  return {
    /** @param {{ namespace?: string | null, key: string }} args */
    metafield: ({ namespace, key }) => {
      const metafield = store.getMetafield(ownerId, resolveNamespace(namespace), key);
      return metafield && metafieldView(metafield);
    },
    /** @param {ConnectionArgs & { namespace?: string | null, keys?: string[] | null }} args */
    metafields: (args) => {
      const namespace = args.namespace == null ? null : resolveNamespace(args.namespace);
      const list = store
        .listMetafields(ownerId, namespace)
        .filter((m) => !args.keys || args.keys.includes(`${m.namespace}.${m.key}`));
      return connection(list, args, (m) => m.id, metafieldView);
    },
  };
}

/** The emulated app's id, used for app-reserved namespaces (`$app` -> `app--1`). */
export const APP_ID = "1";

/** @param {string | null | undefined} namespace */
export function resolveNamespace(namespace) {
  if (namespace == null || namespace === "$app") return `app--${APP_ID}`;
  if (namespace.startsWith("$app:")) return `app--${APP_ID}--${namespace.slice("$app:".length)}`;
  return namespace;
}

/** @param {ShopifyStore} store @param {Customer} customer */
export function customerView(store, customer) {
  const id = toGid("Customer", customer.id);
  return {
    __typename: "Customer",
    id,
    legacyResourceId: customer.id,
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName: customerDisplayName(customer),
    email: customer.email,
    phone: customer.phone,
    defaultEmailAddress: customer.email
      ? { emailAddress: customer.email, marketingState: "NOT_SUBSCRIBED" }
      : null,
    numberOfOrders: String(customer.numberOfOrders),
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
    note: customer.note,
    tags: customer.tags,
    verifiedEmail: Boolean(customer.email),
    state: "DISABLED",
    storeCreditAccounts: store.storeCredit.accountsField(customer.id),
    ...metafieldFields(store, id),
  };
}

/** @param {ShopifyStore} store @param {Product} product */
export function productView(store, product) {
  const id = toGid("Product", product.id);
  return {
    __typename: "Product",
    id,
    legacyResourceId: product.id,
    title: product.title,
    handle: product.handle,
    status: product.status,
    createdAt: product.createdAt,
    updatedAt: product.createdAt,
    // Its first media, an image: Shopify's featuredMedia (MediaImage) with the preview image.
    featuredMedia: product.imageUrl
      ? {
          __typename: "MediaImage",
          id: toGid("MediaImage", product.id),
          alt: product.title,
          mediaContentType: "IMAGE",
          status: "READY",
          preview: { image: { url: product.imageUrl, altText: product.title }, status: "READY" },
        }
      : null,
    ...metafieldFields(store, id),
  };
}

/** @param {ShopifyStore} store @param {DiscountCode} discount */
export function discountNodeView(store, discount) {
  const redeemCode = {
    id: toGid("DiscountRedeemCode", discount.codeId),
    code: discount.code,
    asyncUsageCount: 0,
  };
  return {
    __typename: "DiscountCodeNode",
    id: toGid("DiscountCodeNode", discount.id),
    codeDiscount: {
      __typename: DISCOUNT_TYPENAMES[discount.type],
      title: discount.title,
      status: store.discountStatus(discount),
      summary: discountSummary(discount),
      startsAt: discount.startsAt,
      endsAt: discount.endsAt,
      createdAt: discount.createdAt,
      updatedAt: discount.createdAt,
      asyncUsageCount: 0,
      usageLimit: discount.usageLimit,
      appliesOncePerCustomer: discount.appliesOncePerCustomer,
      /** @param {ConnectionArgs} args */
      codes: (args) =>
        connection(
          [redeemCode],
          args,
          () => discount.codeId,
          (code) => code,
        ),
      codesCount: { count: 1, precision: "EXACT" },
    },
  };
}

/**
 * The same discount as a `DiscountNode` (`discountNodes`): the node's id is the discount's own.
 * @param {ShopifyStore} store @param {DiscountCode} discount
 */
export function discountNodeOfDiscountView(store, discount) {
  const { codeDiscount } = discountNodeView(store, discount);
  return { __typename: "DiscountNode", id: toGid("DiscountNode", discount.id), discount: codeDiscount };
}

/** @param {ShopifyStore} store @param {Order} order */
export function orderView(store, order) {
  return {
    __typename: "Order",
    id: toGid("Order", order.id),
    /** @param {ConnectionArgs} args */
    lineItems: (args) =>
      connection(
        order.lineItems,
        args,
        (line) => line.id,
        (line) => ({
          __typename: "LineItem",
          id: toGid("LineItem", line.id),
          sellingPlan: line.sellingPlan && {
            name: line.sellingPlan.name,
            sellingPlanId: line.sellingPlan.id && toGid("SellingPlan", line.sellingPlan.id),
          },
          contract: () => {
            const contract = line.contractId ? store.getSubscriptionContract(line.contractId) : null;
            return contract && subscriptionContractView(store, contract);
          },
        }),
      ),
  };
}

/** @param {ShopifyStore} store @param {SubscriptionContract} contract */
export function subscriptionContractView(store, contract) {
  return {
    __typename: "SubscriptionContract",
    id: toGid("SubscriptionContract", contract.id),
    originOrder: () => {
      const origin = contract.originOrderId ? store.getOrder(contract.originOrderId) : null;
      return origin && orderView(store, origin);
    },
  };
}

/** @param {DiscountCode} discount */
function discountSummary(discount) {
  if (discount.type === "freeShipping") return "Free shipping on all products";
  if (discount.type === "bxgy") return "Buy X get Y";
  if (discount.percentage != null) return `${round(discount.percentage * 100)}% off entire order`;
  return "Discount on entire order";
}

/** @param {number} value */
function round(value) {
  return Math.round(value * 100) / 100;
}

/** @param {Metafield} metafield */
export function metafieldView(metafield) {
  return {
    __typename: "Metafield",
    id: toGid("Metafield", metafield.id),
    namespace: metafield.namespace,
    key: metafield.key,
    value: metafield.value,
    type: metafield.type,
    jsonValue: jsonValue(metafield),
    createdAt: metafield.createdAt,
    updatedAt: metafield.updatedAt,
  };
}

/** @param {Metafield} metafield */
function jsonValue(metafield) {
  if (metafield.type === "json" || metafield.type.startsWith("list.")) return JSON.parse(metafield.value);
  if (metafield.type === "boolean") return metafield.value === "true";
  if (metafield.type === "number_integer") return Number(metafield.value);
  return metafield.value;
}

/** @param {ShopifyStore} store */
export function shopView(store) {
  const { id, ...fields } = store.shop;
  return { __typename: "Shop", id: toGid("Shop", id), ...fields };
}

/** @param {ShopifyStore} store */
export function appInstallationView(store) {
  const id = toGid("AppInstallation", store.appInstallationId);
  return { __typename: "AppInstallation", id, ...metafieldFields(store, id) };
}

/**
 * Parses a global id argument, throwing Shopify's error for malformed ones.
 * @param {unknown} value
 * @param {string} [expectedType]
 */
export function requireGid(value, expectedType) {
  const parsed = parseGid(value);
  if (!parsed)
    throw new GraphQLError(`Invalid global id '${String(value)}'`, { extensions: { code: "INVALID_ID" } });
  if (expectedType && parsed.type !== expectedType) {
    throw new GraphQLError(`Invalid id: expected a ${expectedType} global id, got '${String(value)}'`, {
      extensions: { code: "INVALID_ID" },
    });
  }
  return parsed;
}

/**
 * Looks up any node by global id (null when absent or of an unserved type).
 * @param {ShopifyStore} store
 * @param {string} gid
 */
export function nodeView(store, gid) {
  const { type, id } = requireGid(gid);
  switch (type) {
    case "Customer": {
      const customer = store.getCustomer(id);
      return customer && customerView(store, customer);
    }
    case "Product": {
      const product = store.getProduct(id);
      return product && productView(store, product);
    }
    case "DiscountCodeNode": {
      const discount = store.getDiscountCode(id);
      return discount && discountNodeView(store, discount);
    }
    case "AppInstallation":
      return id === store.appInstallationId ? appInstallationView(store) : null;
    case "Order": {
      const order = store.getOrder(id);
      return order && orderView(store, order);
    }
    default:
      return null;
  }
}
