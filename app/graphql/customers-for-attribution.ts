/**
 * Facts the attribution engine needs about the customers of a batch of orders ("new customer" rule, and
 * the email for the self-referral check): one `nodes` query for up to CUSTOMERS_PER_QUERY of them.
 * Scope: read_customers. Shopify answers null for an id it does not know, in the order of `ids`.
 */
export const CUSTOMERS_FOR_ATTRIBUTION = `#graphql
  query CustomersForAttribution($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Customer {
        id
        createdAt
        numberOfOrders
        defaultEmailAddress {
          emailAddress
        }
      }
    }
  }
`;

/**
 * `nodes` takes at most 250 ids; 100 keeps a query's calculated cost (an object for each customer and one
 * for its email) near 200 points, well inside Shopify's limit for one query.
 */
export const CUSTOMERS_PER_QUERY = 100;

export interface CustomersForAttributionVariables {
  /** gid://shopify/Customer/… (see `toGid`). */
  ids: string[];
}

export interface CustomerForAttribution {
  id: string;
  /** ISO 8601 DateTime. */
  createdAt: string;
  /** UnsignedInt64: a decimal string ("1"). */
  numberOfOrders: string;
  defaultEmailAddress: { emailAddress: string } | null;
}

export interface CustomersForAttributionData {
  /** One entry per id, null for a customer Shopify does not have. */
  nodes: Array<CustomerForAttribution | null>;
}
