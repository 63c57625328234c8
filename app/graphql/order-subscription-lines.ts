/**
 * An order's lines with their selling plan and subscription contract, and the order each contract was
 * created from: how the app tells what a subscription renewal renews. Orders webhooks of API 2025-10 carry
 * no selling-plan data, so this is asked of the Admin API. Scopes: read_orders (orders, selling plans),
 * read_own_subscription_contracts (contracts).
 */
export const ORDER_SUBSCRIPTION_LINES = `#graphql
  query OrderSubscriptionLines($id: ID!, $first: Int!, $after: String) {
    order(id: $id) {
      id
      lineItems(first: $first, after: $after) {
        nodes {
          id
          sellingPlan {
            sellingPlanId
            name
          }
          contract {
            id
            originOrder {
              id
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export interface OrderSubscriptionLinesVariables {
  /** gid://shopify/Order/… */
  id: string;
  /** 1..250 */
  first: number;
  after?: string | null;
}

export interface OrderSubscriptionLine {
  /** gid://shopify/LineItem/… */
  id: string;
  sellingPlan: { sellingPlanId: string | null; name: string } | null;
  contract: { id: string; originOrder: { id: string } | null } | null;
}

export interface OrderSubscriptionLinesData {
  order: {
    id: string;
    lineItems: {
      nodes: OrderSubscriptionLine[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
}
