import type { ShopifyUserError } from "./types";

/**
 * Credits a customer's store credit account in one currency (Payouts › Pay with store credit). `id` is
 * the customer's gid: Shopify opens an account in that currency if there is none. There is no idempotency
 * key in 2025-10: the payout module looks at the account's recent credits before paying again.
 * Scope: write_store_credit_account_transactions.
 */
export const STORE_CREDIT_CREDIT = `#graphql
  mutation PayoutStoreCreditCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
      storeCreditAccountTransaction {
        id
        createdAt
        amount {
          amount
          currencyCode
        }
        account {
          id
        }
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export interface StoreCreditCreditVariables {
  id: string;
  creditInput: { creditAmount: { amount: string; currencyCode: string } };
}

export type StoreCreditCreditErrorCode =
  | "ACCOUNT_NOT_FOUND"
  | "CREDIT_LIMIT_EXCEEDED"
  | "EXPIRES_AT_IN_PAST"
  | "MISMATCHING_CURRENCY"
  | "NEGATIVE_OR_ZERO_AMOUNT"
  | "OWNER_NOT_FOUND"
  | "UNSUPPORTED_CURRENCY";

export interface StoreCreditTransaction {
  id: string;
  createdAt: string;
  amount: { amount: string; currencyCode: string };
}

export interface StoreCreditCreditData {
  storeCreditAccountCredit: {
    storeCreditAccountTransaction: (StoreCreditTransaction & { account: { id: string } }) | null;
    userErrors: Array<ShopifyUserError<StoreCreditCreditErrorCode>>;
  } | null;
}
