import type { TraceEntry } from "~/attribution";
import type { AdminGraphqlClient } from "~/graphql/client";
import { queryAdmin, ShopifyUnavailableError } from "~/graphql/client";
import {
  CUSTOMER_FOR_ATTRIBUTION,
  type CustomerForAttributionData,
} from "~/graphql/customer-for-attribution";
import { toGid } from "~/graphql/ids";
import type { OrderFacts } from "./order-facts.server";

/** A customer counts as new when Shopify created it at most this long before the order. */
export const NEW_CUSTOMER_WINDOW_MS = 10 * 60 * 1000;

export type NewCustomerAnswer =
  | { found: true; isNew: boolean; createdAt: string; numberOfOrders: number }
  | { found: false };

/**
 * Asks Shopify whether the order's customer is new: created no earlier than 10 minutes before the
 * order, with at most one order (this one). Throws `ShopifyUnavailableError` when Shopify does not
 * answer, so the delivery is retried rather than credited on a guess.
 */
export async function checkNewCustomer(
  graphql: AdminGraphqlClient,
  customerId: string,
  orderCreatedAt: string,
): Promise<NewCustomerAnswer> {
  const data = await queryAdmin<CustomerForAttributionData>(graphql, CUSTOMER_FOR_ATTRIBUTION, {
    id: toGid("Customer", customerId),
  });
  const customer = data.customer;
  if (!customer) return { found: false };
  const numberOfOrders = Number(customer.numberOfOrders);
  const createdAtMs = Date.parse(customer.createdAt);
  const isNew = createdAtMs >= Date.parse(orderCreatedAt) - NEW_CUSTOMER_WINDOW_MS && numberOfOrders <= 1;
  return { found: true, isNew, createdAt: customer.createdAt, numberOfOrders };
}

/**
 * Whether the order's customer is new (when the program's new-customer commission is on), with the trace
 * entry that says what Shopify answered. Throws `ShopifyUnavailableError` when it cannot ask.
 */
export async function customerNewness(
  facts: OrderFacts,
  newCustomerEnabled: boolean,
  graphql: AdminGraphqlClient | null,
): Promise<{ isNew: boolean; trace: TraceEntry[] }> {
  if (!facts.customer || !newCustomerEnabled) return { isNew: false, trace: [] };
  if (!graphql) {
    throw new ShopifyUnavailableError(
      "The shop has no offline session: cannot ask Shopify whether the customer is new",
    );
  }
  const answer = await checkNewCustomer(graphql, facts.customer.id, facts.createdAt);
  if (!answer.found) {
    return {
      isNew: false,
      trace: [
        {
          code: "customer_not_found",
          message: `Shopify has no customer ${facts.customer.id}: treated as a returning customer`,
        },
      ],
    };
  }
  const counted = `Shopify created the customer at ${answer.createdAt} and counts ${answer.numberOfOrders} order(s)`;
  return {
    isNew: answer.isNew,
    trace: [
      answer.isNew
        ? { code: "customer_new", message: `New customer: ${counted}` }
        : { code: "customer_returning", message: `Returning customer: ${counted}` },
    ],
  };
}
