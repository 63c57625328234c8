import type { ShopifyCustomerSummary, ShopifyUserError } from "./types";

/** Creates a store customer (Connections > Link customer). Scope: write_customers. */
export const CUSTOMER_CREATE = `#graphql
  mutation CustomerCreate($input: CustomerInput!) {
    customerCreate(input: $input) {
      customer {
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
      userErrors {
        field
        message
      }
    }
  }
`;

export interface CustomerCreateVariables {
  input: {
    firstName?: string;
    lastName?: string;
    email: string;
  };
}

export interface CustomerCreateData {
  customerCreate: {
    customer: ShopifyCustomerSummary | null;
    /** e.g. `{ field: ["email"], message: "Email has already been taken" }`. */
    userErrors: ShopifyUserError[];
  } | null;
}
