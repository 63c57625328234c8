// Links from the app's screens to the Shopify admin's own pages. In an embedded app an anchor whose URL
// uses the `shopify:` protocol opens the admin page (App Bridge's Navigation API), whatever the shop's
// admin domain; the id is Shopify's numeric id.

export type AdminResource = "customers" | "orders" | "products" | "discounts";

/** The admin page of a customer, order, product or discount, e.g. `shopify://admin/orders/450789469`. */
export function adminUrl(resource: AdminResource, numericId: string): string {
  return `shopify://admin/${resource}/${encodeURIComponent(numericId)}`;
}

/** The type and numeric id of a Shopify global id (`gid://shopify/Customer/7101`), or null for anything else. */
export function shopifyGidParts(value: string): { type: string; id: string } | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)$/.exec(value);
  return match ? { type: match[1], id: match[2] } : null;
}

const REFERENCE_WORDS: Record<string, string> = {
  StoreCreditAccountCreditTransaction: "store credit transaction",
  GiftCard: "gift card",
};

/** A payout's reference as a merchant reads it: Shopify's global ids in words, anything else as it was given. */
export function referenceWords(reference: string): string {
  const parts = shopifyGidParts(reference);
  if (!parts) return reference;
  return `${REFERENCE_WORDS[parts.type] ?? parts.type} ${parts.id}`;
}
