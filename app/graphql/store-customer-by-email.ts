import type { ShopifyCustomerSummary } from "./types";

/**
 * The store customer with exactly this email address, as the customer pickers show one (Connections > Link
 * customer: the customer Shopify says already has the email of a customer being created). Exact and
 * immediate, unlike a `customers(query:)` search, whose index may not have the customer yet. Scope:
 * read_customers.
 */
export const STORE_CUSTOMER_BY_EMAIL = `#graphql
  query StoreCustomerByEmail($email: String!) {
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

export interface StoreCustomerByEmailVariables {
  email: string;
}

export interface StoreCustomerByEmailData {
  customerByIdentifier: ShopifyCustomerSummary | null;
}
