// Result types shared by several GraphQL documents in this folder (hand-written, matching the selections).

/**
 * An entry of a mutation's `userErrors`: `UserError { field message }` (customerCreate), or an error type
 * with a code as well (`DiscountUserError`, `MetafieldsSetUserError`), typed by `Code` where it is known.
 */
export interface ShopifyUserError<Code extends string = string> {
  field: string[] | null;
  message: string;
  /** Where the document selects it. */
  code?: Code | null;
}

export type DiscountErrorCode =
  | "ACTIVE_PERIOD_OVERLAP"
  | "BLANK"
  | "CONFLICT"
  | "DUPLICATE"
  | "EQUAL_TO"
  | "EXCEEDED_MAX"
  | "GREATER_THAN"
  | "GREATER_THAN_OR_EQUAL_TO"
  | "IMPLICIT_DUPLICATE"
  | "INCLUSION"
  | "INTERNAL_ERROR"
  | "INVALID"
  | "LESS_THAN"
  | "LESS_THAN_OR_EQUAL_TO"
  | "MISSING_ARGUMENT"
  | "PRESENT"
  | "TAKEN"
  | "TOO_LONG"
  | "TOO_MANY_ARGUMENTS"
  | "TOO_SHORT"
  | "VALUE_OUTSIDE_RANGE"
  | (string & {});

/** The customer fields CustomerSearch and CustomerCreate select. */
export interface ShopifyCustomerSummary {
  /** gid://shopify/Customer/… */
  id: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  /** ISO 8601 DateTime. */
  createdAt: string;
  /** UnsignedInt64: a decimal string. */
  numberOfOrders: string;
  defaultEmailAddress: { emailAddress: string } | null;
}

export type DiscountStatus = "ACTIVE" | "EXPIRED" | "SCHEDULED";
