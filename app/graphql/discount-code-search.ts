import type { DiscountStatus } from "./types";

/**
 * What the app reads of a code discount. `DiscountCode` is a union without a shared interface, so every
 * code-discount type is selected with the same fields.
 */
export const CODE_DISCOUNT_SELECTION = `
  __typename
  ... on DiscountCodeBasic {
    title
    status
    codes(first: 10) {
      nodes {
        code
      }
    }
  }
  ... on DiscountCodeBxgy {
    title
    status
    codes(first: 10) {
      nodes {
        code
      }
    }
  }
  ... on DiscountCodeFreeShipping {
    title
    status
    codes(first: 10) {
      nodes {
        code
      }
    }
  }
  ... on DiscountCodeApp {
    title
    status
    codes(first: 10) {
      nodes {
        code
      }
    }
  }
`;

/**
 * Searches the shop's code discounts by free text (title and code), for the coupon picker. `method:code`
 * keeps automatic discounts out. Scope: read_discounts.
 */
export const DISCOUNT_CODE_SEARCH = `#graphql
  query DiscountCodeSearch($query: String!, $first: Int!) {
    discountNodes(first: $first, query: $query) {
      nodes {
        id
        discount {
          ${CODE_DISCOUNT_SELECTION}
        }
      }
    }
  }
`;

export interface DiscountCodeSearchVariables {
  /** Shopify search syntax; see `discountCodeSearchQuery`. */
  query: string;
  /** 1..250 */
  first: number;
}

export type CodeDiscountTypename =
  | "DiscountCodeBasic"
  | "DiscountCodeBxgy"
  | "DiscountCodeFreeShipping"
  | "DiscountCodeApp";

export interface CodeDiscountFields {
  __typename: CodeDiscountTypename;
  title: string;
  status: DiscountStatus;
  codes: { nodes: Array<{ code: string }> };
}

/** An automatic discount, were one to slip through: it has no codes. */
export type OtherDiscount = { __typename: Exclude<string, CodeDiscountTypename> };

export interface DiscountCodeSearchData {
  discountNodes: {
    nodes: Array<{
      /** gid://shopify/DiscountNode/… */
      id: string;
      discount: CodeDiscountFields | OtherDiscount;
    }>;
  };
}

/** A flat view of one code discount. */
export interface DiscountCodeSummary {
  id: string;
  type: CodeDiscountTypename;
  title: string;
  status: DiscountStatus;
  codes: string[];
}

const CODE_DISCOUNT_TYPES: readonly string[] = [
  "DiscountCodeBasic",
  "DiscountCodeBxgy",
  "DiscountCodeFreeShipping",
  "DiscountCodeApp",
] satisfies CodeDiscountTypename[];

/** The code discount's summary, or null for any other kind of discount. */
export function toDiscountCodeSummary(
  id: string,
  discount: CodeDiscountFields | OtherDiscount,
): DiscountCodeSummary | null {
  if (!CODE_DISCOUNT_TYPES.includes(discount.__typename)) return null;
  const code = discount as CodeDiscountFields;
  return {
    id,
    type: code.__typename,
    title: code.title,
    status: code.status,
    codes: code.codes.nodes.map((redeemCode) => redeemCode.code),
  };
}

/** The search for code discounts whose title or code starts with `term` (every code discount when empty). */
export function discountCodeSearchQuery(term: string): string {
  const cleaned = term
    .trim()
    .replace(/["\\*():]/g, "")
    .slice(0, 100);
  return cleaned ? `method:code ${cleaned}*` : "method:code";
}
