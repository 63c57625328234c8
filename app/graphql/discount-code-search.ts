import type { DiscountStatus } from "./types";

/**
 * Searches code discounts (`code:ALICE10`, or free text matching title and code). `codeDiscount` is a union
 * without a shared interface, so every code-discount type is selected with the same fields. Scope: read_discounts.
 */
export const DISCOUNT_CODE_SEARCH = `#graphql
  query DiscountCodeSearch($query: String!, $first: Int!) {
    codeDiscountNodes(first: $first, query: $query) {
      nodes {
        id
        codeDiscount {
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
        }
      }
    }
  }
`;

export interface DiscountCodeSearchVariables {
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

export interface DiscountCodeSearchNode {
  /** gid://shopify/DiscountCodeNode/… */
  id: string;
  codeDiscount: CodeDiscountFields;
}

export interface DiscountCodeSearchData {
  codeDiscountNodes: { nodes: DiscountCodeSearchNode[] };
}

/** A flat view of one search result. */
export interface DiscountCodeSummary {
  id: string;
  type: CodeDiscountTypename;
  title: string;
  status: DiscountStatus;
  codes: string[];
}

export function toDiscountCodeSummary(node: DiscountCodeSearchNode): DiscountCodeSummary {
  const discount = node.codeDiscount;
  return {
    id: node.id,
    type: discount.__typename,
    title: discount.title,
    status: discount.status,
    codes: discount.codes.nodes.map((redeemCode) => redeemCode.code),
  };
}

/** `code:"…"` search term for an exact code match. */
export function codeSearchQuery(code: string): string {
  return `code:"${code.trim().replace(/["\\]/g, "")}"`;
}
