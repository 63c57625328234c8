// Orders as the screens show them: every order the app saw, and one order's page with its trace in words.
// Plain values only, so the screens' components can name the types (no server code here).
import type { CursorPageInfo } from "~/lib/keyset";
import type { Sentence } from "~/format/trace-words";
import type { OrderDetail } from "~/models/ledger/views";

/** The trace's groups (see the ledger's groupTrace), each entry in words. */
export interface TraceInWords {
  credited: Sentence[];
  notCredited: Sentence[];
  base: Sentence[];
  other: Sentence[];
}

export type OrderPage = Omit<OrderDetail, "trace" | "affiliates"> & {
  trace: TraceInWords;
  /** The order earned nothing and is not cancelled: it may be credited by hand. */
  creditable: boolean;
};

/** Which orders the Orders view lists. */
export type OrdersFilter = "all" | "not_credited" | "credited";

/** One row of the Orders view: every order the app saw, credited or not. */
export interface OrderRow {
  id: string;
  orderId: string;
  orderName: string;
  orderCreatedAt: string;
  test: boolean;
  cancelled: boolean;
  credited: boolean;
  /** The affiliates its commissions went to, and their sum (credited orders). */
  creditedTo: Array<{ id: string; name: string }>;
  commission: string | null;
  currency: string;
  /** Why it earned nothing, in words (orders not credited). */
  reason: Sentence[];
}

export interface OrdersPage {
  filter: OrdersFilter;
  rows: OrderRow[];
  pageInfo: CursorPageInfo;
}
