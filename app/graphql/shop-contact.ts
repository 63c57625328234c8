/** What emails to affiliates say of the shop: its name, the address replies go to, and its time zone. */
export const SHOP_CONTACT_QUERY = `#graphql
  query ShopContact {
    shop {
      name
      contactEmail
      ianaTimezone
    }
  }
`;

export type ShopContactVariables = Record<string, never>;

export interface ShopContactData {
  shop: {
    name: string;
    /** The public-facing contact address ("Customers will use this email to communicate with the shop owner"). */
    contactEmail: string;
    /** e.g. "Europe/Paris" */
    ianaTimezone: string;
  };
}
