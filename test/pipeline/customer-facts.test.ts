// "Is the order's customer new?" A customer is new only when Shopify created it at most 10 minutes before
// the order AND counts at most one order (this one). Each case below meets one half without the other, or
// sits on a boundary, so that either half dropped, or the two joined with "or", fails here.
import { describe, expect, it } from "vitest";
import type { AdminGraphqlClient } from "~/graphql/client";
import {
  askCustomers,
  customerFacts,
  needsShopifyCustomer,
  NEW_CUSTOMER_WINDOW_MS,
  type CustomerNeeds,
} from "~/pipeline/customer-facts.server";
import type { OrderFacts } from "~/pipeline/order-facts.server";
import { readOrderFacts } from "~/pipeline/order-facts.server";
import { orderPayload } from "~test/helpers/orders";

const ORDER_AT = "2026-03-01T17:00:00.000Z";
const minutesBefore = (minutes: number, extraMs = 0) =>
  new Date(Date.parse(ORDER_AT) - minutes * 60_000 - extraMs).toISOString();

/** Shopify's answer to CustomersForAttribution for one customer (numberOfOrders is an UnsignedInt64 string). */
function shopifyAnswering(customer: { createdAt: string; numberOfOrders: string } | null) {
  const asked: Array<Record<string, unknown> | undefined> = [];
  const graphql: AdminGraphqlClient = async (_query, options) => {
    asked.push(options?.variables);
    return Response.json({
      data: { nodes: [customer && { id: "gid://shopify/Customer/7002", ...customer }] },
    });
  };
  return { graphql, asked };
}

/** As the pipeline does it: Shopify asked only when a rule needs it, then the facts from its answer. */
async function factsOf(facts: OrderFacts, needs: CustomerNeeds, graphql: AdminGraphqlClient) {
  const answers =
    facts.customer && needsShopifyCustomer(facts, needs)
      ? await askCustomers(graphql, [facts.customer.id])
      : new Map();
  return customerFacts(facts, needs, answers);
}

const order = () => readOrderFacts(orderPayload({ id: 1, createdAt: ORDER_AT, customer: { id: 7002 } }));
const NEW_CUSTOMER_RULE_ON = { newCustomer: true, email: false };

async function isNew(createdAt: string, numberOfOrders: string) {
  const { graphql, asked } = shopifyAnswering({ createdAt, numberOfOrders });
  const { isNew } = await factsOf(order(), NEW_CUSTOMER_RULE_ON, graphql);
  if (asked.length !== 1) throw new Error("expected Shopify to be asked once about the customer");
  return isNew;
}

describe("the new-customer rule", () => {
  it("is 10 minutes", () => {
    expect(NEW_CUSTOMER_WINDOW_MS).toBe(600_000);
  });

  it("counts a customer created minutes before, with this order only, as new", async () => {
    expect(await isNew(minutesBefore(3), "1")).toBe(true);
    // Shopify may not have counted this order yet.
    expect(await isNew(minutesBefore(3), "0")).toBe(true);
  });

  it("does not count a customer created minutes before but with earlier orders", async () => {
    expect(await isNew(minutesBefore(3), "2")).toBe(false);
    expect(await isNew(minutesBefore(0), "7")).toBe(false);
  });

  it("does not count a customer with one order but created long before it", async () => {
    expect(await isNew(minutesBefore(60 * 24 * 365), "1")).toBe(false);
    expect(await isNew(minutesBefore(11), "0")).toBe(false);
  });

  it("does not count a customer that fails both halves", async () => {
    expect(await isNew(minutesBefore(60), "3")).toBe(false);
  });

  it("includes the 10th minute and nothing past it", async () => {
    expect(await isNew(minutesBefore(10), "1")).toBe(true);
    expect(await isNew(minutesBefore(10, 1), "1")).toBe(false);
  });

  it("asks Shopify about the order's customer by gid, and says so in the trace", async () => {
    const { graphql, asked } = shopifyAnswering({ createdAt: minutesBefore(3), numberOfOrders: "2" });
    const answer = await factsOf(order(), NEW_CUSTOMER_RULE_ON, graphql);
    expect(asked).toEqual([{ ids: ["gid://shopify/Customer/7002"] }]);
    expect(answer).toEqual({
      isNew: false,
      email: null,
      trace: [
        {
          code: "customer_returning",
          message: `Returning customer: Shopify created the customer at ${minutesBefore(3)} and counts 2 order(s)`,
        },
      ],
    });
  });

  it("treats a customer Shopify does not know as returning, and asks nothing while the rule is off", async () => {
    const unknown = shopifyAnswering(null);
    expect((await factsOf(order(), NEW_CUSTOMER_RULE_ON, unknown.graphql)).isNew).toBe(false);
    const off = shopifyAnswering({ createdAt: minutesBefore(1), numberOfOrders: "1" });
    const ruleOff = { newCustomer: false, email: false };
    expect(await factsOf(order(), ruleOff, off.graphql)).toEqual({
      isNew: false,
      email: null,
      trace: [],
    });
    expect(off.asked).toEqual([]);
  });
});
