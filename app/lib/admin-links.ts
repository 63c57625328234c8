// Links from the app's screens to the Shopify admin's own pages. In an embedded app an anchor whose URL
// uses the `shopify:` protocol opens the admin page (App Bridge's Navigation API), whatever the shop's
// admin domain; the id is Shopify's numeric id.

export type AdminResource = "customers" | "orders" | "products" | "discounts";

/** The admin page of a customer, order, product or discount, e.g. `shopify://admin/orders/450789469`. */
export function adminUrl(resource: AdminResource, numericId: string): string {
  return `shopify://admin/${resource}/${encodeURIComponent(numericId)}`;
}
