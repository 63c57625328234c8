import {
  CODE_DISCOUNT_SELECTION,
  toDiscountCodeSummary,
  type CodeDiscountFields,
  type DiscountCodeSummary,
} from "./discount-code-search";

/**
 * The code discount that has exactly this code (Shopify matches it case-insensitively), or null.
 * Scope: read_discounts.
 */
export const DISCOUNT_CODE_BY_CODE = `#graphql
  query DiscountCodeByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
      codeDiscount {
        ${CODE_DISCOUNT_SELECTION}
      }
    }
  }
`;

export interface DiscountCodeByCodeVariables {
  code: string;
}

export interface DiscountCodeByCodeData {
  codeDiscountNodeByCode: {
    /** gid://shopify/DiscountCodeNode/… */
    id: string;
    codeDiscount: CodeDiscountFields;
  } | null;
}

/**
 * The discount found for `code`, and the code as Shopify spells it: among the discount's first codes when
 * it is there, else as asked (a discount with many codes, where Shopify found it case-insensitively).
 */
export function discountForCode(
  data: DiscountCodeByCodeData,
  code: string,
): { discount: DiscountCodeSummary; code: string } | null {
  const node = data.codeDiscountNodeByCode;
  const discount = node && toDiscountCodeSummary(node.id, node.codeDiscount);
  if (!discount) return null;
  const wanted = code.trim().toLowerCase();
  return {
    discount,
    code: discount.codes.find((candidate) => candidate.toLowerCase() === wanted) ?? code.trim(),
  };
}
