/**
 * The newest credits of a customer's store credit account in one currency (`$accountQuery` =
 * "currency_code:USD"): what the payout module looks at before paying a payout again whose answer was
 * lost. Scopes: read_store_credit_accounts, read_store_credit_account_transactions.
 */
export const STORE_CREDIT_RECENT_CREDITS = `#graphql
  query PayoutStoreCreditRecentCredits($customerId: ID!, $accountQuery: String!) {
    customer(id: $customerId) {
      id
      storeCreditAccounts(first: 1, query: $accountQuery) {
        nodes {
          id
          transactions(first: 50, sortKey: CREATED_AT, reverse: true, query: "type:credit") {
            nodes {
              createdAt
              amount {
                amount
                currencyCode
              }
              ... on StoreCreditAccountCreditTransaction {
                id
              }
            }
          }
        }
      }
    }
  }
`;

export interface StoreCreditRecentCreditsVariables {
  customerId: string;
  accountQuery: string;
}

export interface StoreCreditRecentCreditsData {
  customer: {
    id: string;
    storeCreditAccounts: {
      nodes: Array<{
        id: string;
        transactions: {
          nodes: Array<{ id?: string; createdAt: string; amount: { amount: string; currencyCode: string } }>;
        };
      }>;
    };
  } | null;
}
