// The ledger's raw-SQL writer: an attributed order and its commission lines as INSERT statements, for the
// pipeline to run in one batch on the driver (see ~/pipeline/record-orders.server for why not Prisma).
// The columns are the schema's own (Prisma's ScalarFieldEnum) and the rows are typed by its models, so a
// column added to or renamed in prisma/schema.prisma fails the typecheck here instead of the INSERT.
import type { InStatement } from "@libsql/client";
import { Prisma, type AttributedOrder, type LedgerLine } from "@prisma/client";
import { money, type AttributionInput, type Commission, type TraceEntry } from "~/attribution";
import { orderedId } from "~/lib/ordered-id.server";
import { insertModelRows, sqliteDateTime, type SqliteRow } from "~/lib/sqlite.server";
import { creditingCouponKey } from "./coupon-totals.server";
import { LedgerLineType, type LedgerStatus } from "./status";

const ATTRIBUTED_ORDER_COLUMNS = Object.values(Prisma.AttributedOrderScalarFieldEnum);
const LEDGER_LINE_COLUMNS = Object.values(Prisma.LedgerLineScalarFieldEnum);

/** One order as the engine attributed it, ready to record. */
export interface AttributedOrderDraft {
  orderId: string;
  orderName: string | null;
  customer: { id: string; email: string | null } | null;
  /** The shop's currency: orders are read in shop money. */
  currency: string;
  orderCreatedAt: Date;
  hasSellingPlan: boolean;
  test: boolean;
  /** The engine's input exactly as it was run, and the trace (the pipeline's notes and the engine's). */
  input: AttributionInput;
  trace: TraceEntry[];
  commissions: Commission[];
}

/** An order and its ledger lines as rows of their tables. */
export interface AttributedOrderRows {
  order: SqliteRow<AttributedOrder>;
  lines: Array<SqliteRow<LedgerLine>>;
}

/**
 * The rows of one attributed order: the order (with input and trace) and one ledger line per commission,
 * all in `status`, recorded at `now`. The referrer is the commission that is not a product connection's.
 */
export function attributedOrderRows(
  shop: string,
  draft: AttributedOrderDraft,
  { status, now }: { status: LedgerStatus; now: Date },
): AttributedOrderRows {
  const stamp = sqliteDateTime(now);
  const referrer = draft.commissions.find((commission) => commission.source !== "product") ?? null;
  const attributedOrderId = orderedId();
  const order: SqliteRow<AttributedOrder> = {
    id: attributedOrderId,
    shop,
    orderId: draft.orderId,
    orderName: draft.orderName,
    customerId: draft.customer?.id ?? null,
    customerEmail: draft.customer?.email ?? null,
    currency: draft.currency,
    orderCreatedAt: sqliteDateTime(draft.orderCreatedAt),
    referrerAffiliateId: referrer?.affiliateId ?? null,
    referrerSource: referrer?.source ?? null,
    hasSellingPlan: draft.hasSellingPlan ? 1 : 0,
    test: draft.test ? 1 : 0,
    credited: draft.commissions.length > 0 ? 1 : 0,
    input: JSON.stringify(draft.input),
    trace: JSON.stringify(draft.trace),
    cancelledAt: null,
    createdAt: stamp,
  };
  const lines = commissionLineRows(
    shop,
    {
      id: attributedOrderId,
      orderId: draft.orderId,
      currency: draft.currency,
      orderCreatedAt: draft.orderCreatedAt,
    },
    draft.commissions,
    { status, now },
    draft.input,
  );
  return { order, lines };
}

/**
 * One ledger line per commission of a recorded order (the pipeline's, or a credit by hand's). A line
 * credited through a coupon names its code, read from the engine's `input`.
 */
export function commissionLineRows(
  shop: string,
  order: { id: string; orderId: string; currency: string; orderCreatedAt: Date },
  commissions: Commission[],
  { status, now }: { status: LedgerStatus; now: Date },
  input: Pick<AttributionInput, "order" | "coupons"> | null = null,
): Array<SqliteRow<LedgerLine>> {
  const stamp = sqliteDateTime(now);
  return commissions.map(
    (commission): SqliteRow<LedgerLine> => ({
      id: orderedId(),
      shop,
      attributedOrderId: order.id,
      orderId: order.orderId,
      affiliateId: commission.affiliateId,
      type: LedgerLineType.commission,
      source: commission.source,
      rule: commission.rule,
      base: commission.base,
      amount: commission.amount,
      amountMinor: Number(money.toMinorUnits(money.parseDecimal(commission.amount), order.currency)),
      currency: order.currency,
      lineItemIds: JSON.stringify(commission.lineItemIds),
      status,
      reversalOfId: null,
      reversalKey: null,
      couponCodeKey:
        commission.source === "coupon" && input ? creditingCouponKey(input, commission.affiliateId) : null,
      orderCreatedAt: sqliteDateTime(order.orderCreatedAt),
      createdAt: stamp,
      statusChangedAt: stamp,
    }),
  );
}

/** Multi-row INSERTs of ledger lines. */
export function ledgerLineInsertStatements(lines: Array<SqliteRow<LedgerLine>>): InStatement[] {
  return insertModelRows("LedgerLine", LEDGER_LINE_COLUMNS, lines);
}

/** Multi-row INSERTs of attributed orders and ledger lines, the orders first. */
export function ledgerInsertStatements(
  orders: Array<SqliteRow<AttributedOrder>>,
  lines: Array<SqliteRow<LedgerLine>>,
): InStatement[] {
  return [
    ...insertModelRows("AttributedOrder", ATTRIBUTED_ORDER_COLUMNS, orders),
    ...insertModelRows("LedgerLine", LEDGER_LINE_COLUMNS, lines),
  ];
}
