import type { AdminGraphqlClient } from "~/graphql/client";
import { queryAdmin } from "~/graphql/client";
import {
  CUSTOMER_FOR_ATTRIBUTION,
  type CustomerForAttributionData,
} from "~/graphql/customer-for-attribution";
import { toGid } from "~/graphql/ids";

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
