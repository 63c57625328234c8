import type { LoginError } from "@shopify/shopify-app-remix/server";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";

export interface LoginErrorMessage {
  shop?: string;
}

export function loginErrorMessage(loginErrors: LoginError): LoginErrorMessage {
  if (loginErrors?.shop === LoginErrorType.MissingShop) {
    return { shop: "Please enter your shop domain to log in" };
  } else if (loginErrors?.shop === LoginErrorType.InvalidShop) {
    return { shop: "Please enter a valid shop domain to log in" };
  }
  return {};
}

/** The longest shop domain there is: a DNS name is at most 253 characters. */
const MAX_SHOP_DOMAIN = 253;

/**
 * Shopify's login() logs the shop it was given and redirects to a URL built from it: a shop value longer
 * than any domain is refused here first, as an invalid shop (nothing logged, no giant redirect).
 */
export async function overlongShop(request: Request): Promise<LoginError | null> {
  const fromQuery = new URL(request.url).searchParams.get("shop");
  const shop =
    fromQuery ?? (request.method === "POST" ? (await request.clone().formData()).get("shop") : null);
  return typeof shop === "string" && shop.length > MAX_SHOP_DOMAIN
    ? { shop: LoginErrorType.InvalidShop }
    : null;
}
