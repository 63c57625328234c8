import type { IssuedGiftCard } from "./gift-card-create";

/**
 * The gift cards a search finds: with `query` set to a code, the card with that code (Shopify's default
 * search covers gift card codes, case-insensitively). Used to look before paying a gift card payout again.
 * Scope: read_gift_cards.
 */
export const GIFT_CARDS_BY_CODE = `#graphql
  query PayoutGiftCardsByCode($query: String!) {
    giftCards(first: 5, query: $query) {
      nodes {
        id
        createdAt
        lastCharacters
        initialValue {
          amount
          currencyCode
        }
        customer {
          id
        }
      }
    }
  }
`;

export interface GiftCardsByCodeVariables {
  query: string;
}

export interface GiftCardsByCodeData {
  giftCards: { nodes: Array<IssuedGiftCard & { customer: { id: string } | null }> };
}
