// A ledger line as the screens show it (the Commissions list, an order's detail): plain values only, so
// the screens' components can name the type (no server code here).

/** One ledger line, with its order's name and its affiliate. */
export interface LedgerRow {
  id: string;
  attributedOrderId: string;
  orderId: string;
  orderName: string;
  affiliateId: string;
  affiliateName: string;
  affiliateRef: string;
  type: string;
  source: string;
  rule: string;
  base: string;
  amount: string;
  currency: string;
  status: string;
  reversalOfId: string | null;
  createdAt: string;
}
