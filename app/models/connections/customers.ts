// Customers as the connection screens show them: a connection's customer, one an affiliate referred, and a
// store customer (searched in Shopify) as the "Link customer to affiliate" picker offers it, with the
// labels they go by. Shared by the server and the screens (no server code here).

/** How a customer is named in messages: email, else name, else "Customer <id>". */
export function customerLabel(customer: {
  customerId: string;
  customerEmail?: string | null;
  customerName?: string | null;
}): string {
  return customer.customerEmail || customer.customerName || `Customer ${customer.customerId}`;
}

/** A customer's connection, as seen from one affiliate's page. */
export type CustomerConnectionState =
  | { state: "none" }
  | { state: "this_affiliate"; connectionId: string; expiresAt: string | null }
  | { state: "other_affiliate"; connectionId: string; affiliateId: string; affiliateName: string }
  | { state: "expired"; connectionId: string; affiliateId: string; affiliateName: string };

/** A customer an affiliate referred (its page's Customers section). */
export interface ReferredCustomer {
  customerId: string;
  customerEmail: string | null;
  customerName: string | null;
  orderCount: number;
  lastOrderAt: string;
  lastOrderName: string | null;
  connection: CustomerConnectionState;
}

/** A Shopify customer, with its connection in this shop. */
export interface StoreCustomerOption {
  /** Shopify's numeric customer id. */
  id: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  numberOfOrders: number;
  /** The customer's current connection in this shop, if any. */
  connection: null | { affiliateId: string; affiliateName: string; expired: boolean };
}

/** How the picker names a customer: "Carol Ng (carol@example.com)", or just the name. */
export const storeCustomerLabel = (customer: StoreCustomerOption) =>
  customer.email && customer.displayName !== customer.email
    ? `${customer.displayName} (${customer.email})`
    : customer.displayName;
