// Store customers, searched in Shopify (CustomerSearch) for the "Link customer to affiliate" form, each
// with its connection in this shop.
import type { PrismaClient } from "@prisma/client";
import { queryAdmin, type AdminGraphqlClient } from "~/graphql/client";
import {
  CUSTOMER_SEARCH,
  type CustomerSearchData,
  type CustomerSearchVariables,
} from "~/graphql/customer-search";
import { legacyId } from "~/graphql/ids";
import type { ShopifyCustomerSummary } from "~/graphql/types";
import { isConnectionActive } from "./connections.server";
import type { StoreCustomerOption } from "./customers";

export const CUSTOMER_SEARCH_SIZE = 10;

export function customerName(customer: { firstName: string | null; lastName: string | null }): string | null {
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(" ").trim();
  return name || null;
}

export async function withConnections(
  db: PrismaClient,
  shop: string,
  customers: ShopifyCustomerSummary[],
  now: Date,
): Promise<StoreCustomerOption[]> {
  const ids = customers.map((customer) => legacyId(customer.id, "Customer"));
  const connections = await db.customerConnection.findMany({
    where: { shop, customerId: { in: ids } },
    include: { affiliate: { select: { name: true } } },
  });
  const byCustomer = new Map(connections.map((c) => [c.customerId, c]));
  return customers.map((customer, index) => {
    const connection = byCustomer.get(ids[index]);
    const email = customer.defaultEmailAddress?.emailAddress ?? null;
    return {
      id: ids[index],
      displayName: customer.displayName || customerName(customer) || email || `Customer ${ids[index]}`,
      firstName: customer.firstName,
      lastName: customer.lastName,
      email,
      numberOfOrders: Number(customer.numberOfOrders) || 0,
      connection: connection
        ? {
            affiliateId: connection.affiliateId,
            affiliateName: connection.affiliate.name,
            expired: !isConnectionActive(connection, now),
          }
        : null,
    };
  });
}

/** Turns what the merchant typed into a Shopify customer search (free text over name and email). */
export function customerSearchQuery(text: string): string {
  return text
    .replace(/["'\\()]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 100);
}

/** Searches the store's customers in Shopify (CustomerSearch), each with its connection in this shop. */
export async function searchStoreCustomers(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  text: string,
  now = new Date(),
): Promise<StoreCustomerOption[]> {
  const variables: CustomerSearchVariables = {
    query: customerSearchQuery(text),
    first: CUSTOMER_SEARCH_SIZE,
  };
  const data = await queryAdmin<CustomerSearchData>(graphql, CUSTOMER_SEARCH, { ...variables });
  return withConnections(db, shop, data.customers.nodes, now);
}

/** One store customer by numeric id (CustomerSearch `id:`), or null when Shopify has none. */
export async function findStoreCustomer(
  db: PrismaClient,
  graphql: AdminGraphqlClient,
  shop: string,
  customerId: string,
  now = new Date(),
): Promise<StoreCustomerOption | null> {
  const variables: CustomerSearchVariables = { query: `id:${customerId}`, first: 1 };
  const data = await queryAdmin<CustomerSearchData>(graphql, CUSTOMER_SEARCH, { ...variables });
  const match = data.customers.nodes.filter((node) => legacyId(node.id, "Customer") === customerId);
  const [customer] = await withConnections(db, shop, match, now);
  return customer ?? null;
}
