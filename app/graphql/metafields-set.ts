import type { ShopifyUserError } from "./types";

/** Creates or updates up to 25 metafields at once (all or none). */
export const METAFIELDS_SET_MUTATION = `#graphql
  mutation MetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        namespace
        key
        value
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** Shopify's `MetafieldsSetInput`. */
export interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string;
  key: string;
  /** A metafield type such as `number_integer`; required unless a definition exists. */
  type?: string;
  /** Always a string, whatever the type (`"30"` for a `number_integer`). */
  value: string;
  compareDigest?: string | null;
}

export type MetafieldsSetVariables = {
  metafields: MetafieldsSetInput[];
};

export interface MetafieldsSetData {
  metafieldsSet: {
    metafields: Array<{ namespace: string; key: string; value: string }> | null;
    userErrors: ShopifyUserError[];
  } | null;
}
