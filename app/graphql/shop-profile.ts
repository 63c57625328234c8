/** What emails to affiliates say of the shop: its name, the address replies go to, and its time zone. */
export const SHOP_PROFILE_QUERY = `#graphql
  query ShopProfile {
    shop {
      name
      contactEmail
      ianaTimezone
    }
  }
`;

export type ShopProfileVariables = Record<string, never>;

export interface ShopProfileData {
  shop: {
    name: string;
    /** The public-facing contact address ("Customers will use this email to communicate with the shop owner"). */
    contactEmail: string;
    /** e.g. "Europe/Paris" */
    ianaTimezone: string;
  };
}
