import type { ShopifyCustomerSummary } from "./types";

/**
 * Searches the shop's customers with Shopify's search syntax (`email:carol@example.com`, or free text matching
 * name and email). Scope: read_customers.
 */
export const CUSTOMER_SEARCH = `#graphql
  query CustomerSearch($query: String!, $first: Int!) {
    customers(first: $first, query: $query) {
      nodes {
        id
        firstName
        lastName
        displayName
        createdAt
        numberOfOrders
        defaultEmailAddress {
          emailAddress
        }
      }
    }
  }
`;

export interface CustomerSearchVariables {
  query: string;
  /** 1..250 */
  first: number;
}

export interface CustomerSearchData {
  customers: { nodes: ShopifyCustomerSummary[] };
}

/** `email:"…"` search term for an exact email match (quoted, so `+` and `.` are taken literally). */
export function emailSearchQuery(email: string): string {
  return `email:"${email.trim().replace(/["\\]/g, "")}"`;
}
