// Shopify's userErrors of CustomerCreate, next to the "Link customer to affiliate" form field each names.
import type { ShopifyUserError } from "~/graphql/types";
import type { LinkCustomerErrors, LinkCustomerField } from "./link-customer-form.server";

const SHOPIFY_FIELDS: Record<string, LinkCustomerField> = {
  email: "email",
  firstName: "firstName",
  first_name: "firstName",
  lastName: "lastName",
  last_name: "lastName",
};

/** Shopify's userErrors of customerCreate, next to the form field each names (else on the form). */
export function customerCreateErrors(userErrors: ShopifyUserError[]): LinkCustomerErrors {
  const errors: LinkCustomerErrors = {};
  for (const error of userErrors) {
    const field = [...(error.field ?? [])]
      .reverse()
      .map((name) => SHOPIFY_FIELDS[name])
      .find(Boolean);
    const key = field ?? "form";
    errors[key] = errors[key] ? `${errors[key]}. ${error.message}` : error.message;
  }
  return errors;
}
