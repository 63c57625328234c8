import type { ShopifyCustomerSummary } from "./types";

/**
 * The store customer with exactly this email address (affiliate sign-up: link the customer who applies, or
 * find the one a concurrent sign-up just created; Connections > Link customer: the customer Shopify says
 * already has a new customer's email). Exact and immediate, unlike a `customers(query:)` search, which
 * reads an index that may lag behind. Scope: read_customers.
 */
export const CUSTOMER_BY_EMAIL = `#graphql
  query CustomerByEmail($email: String!) {
    customerByIdentifier(identifier: { emailAddress: $email }) {
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
`;

export interface CustomerByEmailVariables {
  email: string;
}

export interface CustomerByEmailData {
  customerByIdentifier: ShopifyCustomerSummary | null;
}
