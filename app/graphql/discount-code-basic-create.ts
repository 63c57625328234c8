import type { DiscountErrorCode, ShopifyUserError } from "./types";

/**
 * Creates a percentage-off code discount for an affiliate's coupon (Coupons > Create in Shopify).
 * Scope: write_discounts. From API 2025-10 the buyer selection is `context`, not `customerSelection`.
 */
export const DISCOUNT_CODE_BASIC_CREATE = `#graphql
  mutation DiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        id
        codeDiscount {
          ... on DiscountCodeBasic {
            title
            codes(first: 1) {
              nodes {
                code
              }
            }
          }
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`;

/** The subset of `DiscountCodeBasicInput` the app sends. */
export interface DiscountCodeBasicInput {
  title: string;
  code: string;
  /** ISO 8601 DateTime. */
  startsAt: string;
  endsAt?: string | null;
  context: { all: "ALL" };
  customerGets: {
    value: { percentage: number };
    items: { all: true };
  };
  appliesOncePerCustomer?: boolean;
  usageLimit?: number | null;
}

export interface DiscountCodeBasicCreateVariables {
  basicCodeDiscount: DiscountCodeBasicInput;
}

export interface DiscountCodeBasicCreateData {
  discountCodeBasicCreate: {
    codeDiscountNode: {
      /** gid://shopify/DiscountCodeNode/… */
      id: string;
      codeDiscount: { title: string; codes: { nodes: Array<{ code: string }> } };
    } | null;
    /** e.g. `{ field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique. …" }`. */
    userErrors: Array<ShopifyUserError<DiscountErrorCode>>;
  } | null;
}

export interface BasicCodeDiscountOptions {
  title: string;
  code: string;
  /** A fraction: 0.1 is 10 % off. Must be in (0, 1]. */
  percentage: number;
  startsAt: Date | string;
}

/** Variables for DiscountCodeBasicCreate: `percentage` off the whole order, for all buyers, from `startsAt`. */
export function basicCodeDiscountInput({
  title,
  code,
  percentage,
  startsAt,
}: BasicCodeDiscountOptions): DiscountCodeBasicCreateVariables {
  if (!title.trim()) throw new RangeError("basicCodeDiscountInput: title is required");
  if (!code.trim() || /\s/.test(code.trim())) {
    throw new RangeError(
      `basicCodeDiscountInput: code must be non-empty without spaces, got ${JSON.stringify(code)}`,
    );
  }
  if (!Number.isFinite(percentage) || percentage <= 0 || percentage > 1) {
    throw new RangeError(
      `basicCodeDiscountInput: percentage is a fraction in (0, 1] (0.1 = 10 %), got ${percentage}`,
    );
  }
  const start = new Date(startsAt);
  if (Number.isNaN(start.getTime())) {
    throw new RangeError(`basicCodeDiscountInput: startsAt is not a date: ${String(startsAt)}`);
  }
  return {
    basicCodeDiscount: {
      title: title.trim(),
      code: code.trim(),
      startsAt: start.toISOString(),
      context: { all: "ALL" },
      customerGets: { value: { percentage }, items: { all: true } },
    },
  };
}
