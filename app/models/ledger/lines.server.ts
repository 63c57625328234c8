// The ledger's lines as the Commissions list shows them: filtered by the URL, newest first, a page at a
// time. Reviewing them is ./review.server; one order's lines and trace are ./order-detail.server.
import type { Prisma, PrismaClient } from "@prisma/client";
import { paginate, type PageInfo } from "~/lib/pagination";
import { parseSort, type ListSort } from "~/lib/sorting";
import type { LedgerRow } from "./views";
import { endOfDay, isDay, startOfDay } from "~/lib/days";
import { countLedgerLines } from "./figures.server";
import { isLedgerLineType, isLedgerStatus, type LedgerLineType, type LedgerStatus } from "./status";

export interface LedgerFilters {
  status: LedgerStatus | null;
  affiliateId: string | null;
  type: LedgerLineType | null;
  /** Inclusive first day the line was recorded, `YYYY-MM-DD` in the shop's time zone. */
  from: string | null;
  /** Inclusive last day the line was recorded. */
  to: string | null;
  /** Inclusive first day the line's order was placed, `YYYY-MM-DD` in the shop's time zone. */
  orderFrom: string | null;
  /** Inclusive last day the line's order was placed. */
  orderTo: string | null;
}

/**
 * The filters of the list from the URL (`status`, `affiliateId`, `type`, `from`, `to`, `orderFrom`,
 * `orderTo`). Unknown or malformed values are dropped, never guessed.
 */
export function parseLedgerFilters(params: URLSearchParams): LedgerFilters {
  const status = params.get("status");
  const type = params.get("type");
  const day = (name: string) => {
    const value = params.get(name);
    return isDay(value) ? value : null;
  };
  return {
    status: isLedgerStatus(status) ? status : null,
    type: isLedgerLineType(type) ? type : null,
    affiliateId: params.get("affiliateId")?.trim() || null,
    from: day("from"),
    to: day("to"),
    orderFrom: day("orderFrom"),
    orderTo: day("orderTo"),
  };
}

/** Days of the shop as the instants the export and the queries compare: [start of `from`, end of `to`). */
function instants(from: string | null, to: string | null, timeZone: string) {
  return {
    gte: from ? startOfDay(from, timeZone) : undefined,
    lt: to ? endOfDay(to, timeZone) : undefined,
  };
}

/**
 * The CSV export of what the list shows: `/app/commissions/export` with `status`, `affiliateId`, `type`,
 * and the days as the instants they start and end in the shop's time zone (`from`, and `to` exclusive;
 * `orderFrom`, and `orderTo` exclusive).
 */
export function exportUrl(filters: LedgerFilters, timeZone: string): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.affiliateId) params.set("affiliateId", filters.affiliateId);
  if (filters.type) params.set("type", filters.type);
  const recorded = instants(filters.from, filters.to, timeZone);
  const ordered = instants(filters.orderFrom, filters.orderTo, timeZone);
  if (recorded.gte) params.set("from", recorded.gte.toISOString());
  if (recorded.lt) params.set("to", recorded.lt.toISOString());
  if (ordered.gte) params.set("orderFrom", ordered.gte.toISOString());
  if (ordered.lt) params.set("orderTo", ordered.lt.toISOString());
  const query = params.toString();
  return `/app/commissions/export${query ? `?${query}` : ""}`;
}

function ledgerWhere(shop: string, filters: LedgerFilters, timeZone: string): Prisma.LedgerLineWhereInput {
  const where: Prisma.LedgerLineWhereInput = { shop };
  if (filters.status) where.status = filters.status;
  if (filters.type) where.type = filters.type;
  if (filters.affiliateId) where.affiliateId = filters.affiliateId;
  if (filters.from || filters.to) where.createdAt = instants(filters.from, filters.to, timeZone);
  if (filters.orderFrom || filters.orderTo) {
    where.orderCreatedAt = instants(filters.orderFrom, filters.orderTo, timeZone);
  }
  return where;
}

export const ledgerRowInclude = {
  affiliate: { select: { name: true, refCode: true } },
  attributedOrder: { select: { orderName: true } },
} satisfies Prisma.LedgerLineInclude;

type LineWithJoins = Prisma.LedgerLineGetPayload<{ include: typeof ledgerRowInclude }>;

export function toLedgerRow(line: LineWithJoins): LedgerRow {
  return {
    id: line.id,
    attributedOrderId: line.attributedOrderId,
    orderId: line.orderId,
    orderName: line.attributedOrder.orderName ?? `#${line.orderId}`,
    affiliateId: line.affiliateId,
    affiliateName: line.affiliate.name,
    affiliateRef: line.affiliate.refCode,
    type: line.type,
    source: line.source,
    rule: line.rule,
    base: line.base,
    amount: line.amount,
    currency: line.currency,
    status: line.status,
    reversalOfId: line.reversalOfId,
    orderCreatedAt: line.orderCreatedAt.toISOString(),
    createdAt: line.createdAt.toISOString(),
  };
}

/** The columns the Commissions list sorts by. */
export const LEDGER_SORTS = ["affiliate", "amount", "status", "orderDate", "recorded"] as const;
export type LedgerSort = (typeof LEDGER_SORTS)[number];

/** The sort the merchant chose (`?sort=&direction=`), or null for the list's own order. */
export function parseLedgerSort(params: URLSearchParams): ListSort<LedgerSort> | null {
  return params.has("sort") ? parseSort(params, LEDGER_SORTS, { key: "recorded", direction: "desc" }) : null;
}

function ledgerOrderBy({
  key,
  direction,
}: ListSort<LedgerSort>): Prisma.LedgerLineOrderByWithRelationInput[] {
  const first: Prisma.LedgerLineOrderByWithRelationInput =
    key === "affiliate"
      ? { affiliate: { name: direction } }
      : key === "amount"
        ? { amountMinor: direction }
        : key === "status"
          ? { status: direction }
          : key === "orderDate"
            ? { orderCreatedAt: direction }
            : { createdAt: direction };
  return [first, { createdAt: direction }, { id: direction }];
}

/**
 * One page of the shop's ledger, in the order the merchant chose, else newest first: by the order's date when the list is filtered by it, else
 * by when the lines were recorded. The count comes from the ledger's daily figures unless the list is
 * filtered by the day lines were recorded (then it counts those days' lines).
 */
export async function listLedgerLines(
  db: PrismaClient,
  shop: string,
  filters: LedgerFilters,
  page: number,
  timeZone: string,
  sort: ListSort<LedgerSort> | null = null,
): Promise<{ lines: LedgerRow[]; pageInfo: PageInfo }> {
  const where = ledgerWhere(shop, filters, timeZone);
  const total =
    filters.from || filters.to
      ? await db.ledgerLine.count({ where })
      : await countLedgerLines(db, shop, filters);
  const { pageInfo, skip, take } = paginate(total, page);
  const byOrderDate = !!(filters.orderFrom || filters.orderTo);
  const lines = await db.ledgerLine.findMany({
    where,
    include: ledgerRowInclude,
    orderBy: sort
      ? ledgerOrderBy(sort)
      : byOrderDate
        ? [{ orderCreatedAt: "desc" }, { createdAt: "desc" }, { id: "desc" }]
        : [{ createdAt: "desc" }, { id: "desc" }],
    skip,
    take,
  });
  return { lines: lines.map(toLedgerRow), pageInfo };
}

/**
 * How many commission lines the shop's order `orderId` has (what the Deliveries screen's Retry reports), read
 * by the order: its row by the shop's unique order id, then its lines by the order's index. LedgerLine keeps
 * no index of its own on (shop, orderId): every line it records would pay for one that only this read used.
 */
export async function orderCommissionCount(db: PrismaClient, shop: string, orderId: string): Promise<number> {
  const order = await db.attributedOrder.findUnique({
    where: { shop_orderId: { shop, orderId } },
    select: { id: true },
  });
  if (!order) return 0;
  return db.ledgerLine.count({ where: { attributedOrderId: order.id, type: "commission" } });
}
