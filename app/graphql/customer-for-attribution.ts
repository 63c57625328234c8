/** Facts the attribution engine needs about an order's customer ("new customer" rule). Scope: read_customers. */
export const CUSTOMER_FOR_ATTRIBUTION = `#graphql
  query CustomerForAttribution($id: ID!) {
    customer(id: $id) {
      id
      createdAt
      numberOfOrders
      defaultEmailAddress {
        emailAddress
      }
    }
  }
`;

export interface CustomerForAttributionVariables {
  /** gid://shopify/Customer/… (see `toCustomerGid`). */
  id: string;
}

export interface CustomerForAttributionData {
  customer: {
    id: string;
    /** ISO 8601 DateTime. */
    createdAt: string;
    /** UnsignedInt64: a decimal string ("1"). */
    numberOfOrders: string;
    defaultEmailAddress: { emailAddress: string } | null;
  } | null;
}
