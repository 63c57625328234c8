// The ledger as the screens show it: its lines (the Commissions list) and one order with its trace (its
// detail page). Plain values only, so the screens' components can name the types (no server code here).
import type { TraceEntry } from "~/attribution/types";

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
  /** When the order was placed. */
  orderCreatedAt: string;
  /** When the line was recorded. */
  createdAt: string;
}

/** An order's trace, sorted into what the merchant asks. */
export interface TraceGroups {
  /** Who was credited and why: the referrer, its rule, product commissions, lifetime connections. */
  credited: TraceEntry[];
  /** What lost and why: beaten or ignored signals, exclusions, dropped commissions. */
  notCredited: TraceEntry[];
  /** How the commission base was computed: lines left out or floored, shipping included. */
  base: TraceEntry[];
  /** Anything else the pipeline noted (codes this screen does not know yet). */
  other: TraceEntry[];
}

export interface OrderDetail {
  order: {
    id: string;
    orderId: string;
    orderName: string;
    currency: string;
    orderCreatedAt: string;
    customerEmail: string | null;
    referrer: { id: string; name: string; refCode: string } | null;
    referrerSource: string | null;
    test: boolean;
    cancelledAt: string | null;
  };
  trace: TraceGroups;
  lines: LedgerRow[];
  /** The line the detail was opened for, when opened from a line. */
  focusLineId: string | null;
  /** Affiliates named by the trace, for links. */
  affiliates: Record<string, { name: string; refCode: string }>;
}
