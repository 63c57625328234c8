/** The shop as the app keeps it: its name, IANA time zone and currency. No scope needed. */
export const SHOP_PROFILE_QUERY = `#graphql
  query ShopProfile {
    shop {
      name
      ianaTimezone
      currencyCode
    }
  }
`;

export type ShopProfileVariables = Record<string, never>;

export interface ShopProfileData {
  shop: {
    name: string;
    /** "America/New_York" */
    ianaTimezone: string;
    /** CurrencyCode: "USD" */
    currencyCode: string;
  };
}
