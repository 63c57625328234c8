// An affiliate's page, as its loader hands it to the screen. Shared by the server and the screens (no server
// code here).

/** The affiliate, its link, coupons, connected products and latest commissions. */
export interface AffiliateDetail {
  affiliate: {
    id: string;
    name: string;
    email: string | null;
    refCode: string;
    active: boolean;
    rateKind: string | null;
    rateValue: string | null;
    createdAt: string;
    link: string;
  };
  coupons: { items: Array<{ id: string; code: string; createdAt: string }>; total: number };
  products: {
    items: Array<{
      id: string;
      productId: string;
      productTitle: string | null;
      rateKind: string | null;
      rateValue: string | null;
    }>;
    total: number;
  };
  commissions: {
    items: Array<{
      id: string;
      orderId: string;
      orderName: string | null;
      type: string;
      source: string;
      amount: string;
      currency: string;
      status: string;
      createdAt: string;
    }>;
    total: number;
    /** Sums by status and currency, in integer minor units. */
    totals: Array<{ status: string; currency: string; amountMinor: number }>;
  };
  connectedCustomerCount: number;
  /** The shop's currency, once an order has shown it (flat rates read as money of it). */
  currency: string | null;
}
