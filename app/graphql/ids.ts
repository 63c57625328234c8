/**
 * Shopify global ids: `toCustomerGid("7001")` -> `"gid://shopify/Customer/7001"`,
 * `fromGid("gid://shopify/Customer/7001")` -> `"7001"`. Webhook payloads carry numeric ids; GraphQL takes gids.
 */

export type ShopifyResourceType =
  | "AppInstallation"
  | "Customer"
  | "DiscountCodeNode"
  | "DiscountRedeemCode"
  | "LineItem"
  | "Metafield"
  | "Order"
  | "Product"
  | "ProductVariant"
  | "Refund"
  | "SellingPlan"
  | "SubscriptionContract";

export type ShopifyNumericId = string;

const GID_PATTERN = /^gid:\/\/shopify\/([A-Za-z]+)\/([1-9]\d*)(?:\?.*)?$/;
const NUMERIC_ID = /^[1-9]\d*$/;

export class InvalidShopifyIdError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidShopifyIdError";
  }
}

/** `toGid("Customer", "7001")` -> `"gid://shopify/Customer/7001"`. Accepts a positive integer or its string. */
export function toGid(type: ShopifyResourceType, id: string | number | bigint): string {
  const text = typeof id === "string" ? id.trim() : String(id);
  if (typeof id === "number" && !Number.isSafeInteger(id)) {
    throw new InvalidShopifyIdError(`Shopify ${type} id ${id} is not a safe integer: pass it as a string`);
  }
  if (!NUMERIC_ID.test(text)) {
    throw new InvalidShopifyIdError(
      `Expected a numeric Shopify ${type} id like "7001", got ${JSON.stringify(id)}`,
    );
  }
  return `gid://shopify/${type}/${text}`;
}

/** Splits a gid into its resource type and numeric id; throws `InvalidShopifyIdError` on anything else. */
export function parseGid(gid: string): { type: string; id: ShopifyNumericId } {
  const match = typeof gid === "string" ? GID_PATTERN.exec(gid) : null;
  if (!match)
    throw new InvalidShopifyIdError(
      `Expected a Shopify global id like "gid://shopify/Customer/7001", got ${JSON.stringify(gid)}`,
    );
  return { type: match[1], id: match[2] };
}

/**
 * `legacyId("gid://shopify/Customer/7001")` -> `"7001"`. With `expectedType`, also checks the resource type.
 */
export function legacyId(gid: string, expectedType?: ShopifyResourceType): ShopifyNumericId {
  const { type, id } = parseGid(gid);
  if (expectedType && type !== expectedType) {
    throw new InvalidShopifyIdError(`Expected a ${expectedType} id, got ${JSON.stringify(gid)}`);
  }
  return id;
}

/** Alias of `legacyId`. */
export const fromGid = legacyId;

/** True for a well-formed gid (of `type`, when given). */
export function isGid(value: unknown, type?: ShopifyResourceType): value is string {
  if (typeof value !== "string") return false;
  const match = GID_PATTERN.exec(value);
  return match !== null && (type === undefined || match[1] === type);
}

/** Accepts either a numeric id or a gid of `type`, and returns the gid. */
export function ensureGid(type: ShopifyResourceType, idOrGid: string | number): string {
  if (typeof idOrGid === "string" && idOrGid.startsWith("gid://")) {
    legacyId(idOrGid, type);
    return idOrGid;
  }
  return toGid(type, idOrGid);
}

export const toCustomerGid = (id: string | number): string => toGid("Customer", id);
export const toProductGid = (id: string | number): string => toGid("Product", id);
export const toOrderGid = (id: string | number): string => toGid("Order", id);
export const toDiscountCodeNodeGid = (id: string | number): string => toGid("DiscountCodeNode", id);
