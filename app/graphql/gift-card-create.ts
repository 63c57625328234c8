import type { ShopifyUserError } from "./types";

/**
 * Issues a gift card (Payouts › Pay with gift cards) in the shop's currency — the input has no currency.
 * `code` is the payout's own (8–20 letters a-z and digits, unique in the shop): a retry whose first attempt
 * landed is refused with TAKEN, and the card is then found by its code (GIFT_CARDS_BY_CODE). The recipient
 * is the affiliate's customer: Shopify sends them the card with its code. Scope: write_gift_cards.
 */
export const GIFT_CARD_CREATE = `#graphql
  mutation PayoutGiftCardCreate($input: GiftCardCreateInput!) {
    giftCardCreate(input: $input) {
      giftCard {
        id
        createdAt
        lastCharacters
        initialValue {
          amount
          currencyCode
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

export interface GiftCardCreateVariables {
  input: {
    initialValue: string;
    code: string;
    customerId: string;
    note: string;
    recipientAttributes: { id: string; message: string };
  };
}

export type GiftCardErrorCode =
  | "CUSTOMER_NOT_FOUND"
  | "GIFT_CARD_LIMIT_EXCEEDED"
  | "GREATER_THAN"
  | "INTERNAL_ERROR"
  | "INVALID"
  | "MISSING_ARGUMENT"
  | "RECIPIENT_NOT_FOUND"
  | "TAKEN"
  | "TOO_LONG"
  | "TOO_SHORT";

export interface IssuedGiftCard {
  id: string;
  createdAt: string;
  lastCharacters: string;
  initialValue: { amount: string; currencyCode: string };
}

export interface GiftCardCreateData {
  giftCardCreate: {
    giftCard: IssuedGiftCard | null;
    userErrors: Array<ShopifyUserError<GiftCardErrorCode>>;
  } | null;
}
