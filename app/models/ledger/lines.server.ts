// The ledger's lines as the Commissions list shows them: filtered by the URL, newest first, a page at a
// time. Reviewing them is ./review.server; one order's lines and trace are ./order-detail.server.
import type { Prisma, PrismaClient } from "@prisma/client";
import { paginate, type PageInfo } from "~/lib/pagination";
import type { LedgerRow } from "./views";
import { isLedgerLineType, isLedgerStatus, type LedgerLineType, type LedgerStatus } from "./status";

export interface LedgerFilters {
  status: LedgerStatus | null;
  affiliateId: string | null;
  type: LedgerLineType | null;
  /** Inclusive first day, `YYYY-MM-DD` (UTC). */
  from: string | null;
  /** Inclusive last day, `YYYY-MM-DD` (UTC). */
  to: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isDay(value: string | null): value is string {
  if (!value || !DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * The filters of the list from the URL (`status`, `affiliateId`, `type`, `from`, `to`: the same names
 * the CSV export takes). Unknown or malformed values are dropped, never guessed.
 */
export function parseLedgerFilters(params: URLSearchParams): LedgerFilters {
  const status = params.get("status");
  const type = params.get("type");
  const affiliateId = params.get("affiliateId")?.trim() || null;
  const from = params.get("from");
  const to = params.get("to");
  return {
    status: isLedgerStatus(status) ? status : null,
    type: isLedgerLineType(type) ? type : null,
    affiliateId,
    from: isDay(from) ? from : null,
    to: isDay(to) ? to : null,
  };
}

/**
 * The CSV export of what the list shows: `/app/commissions/export` with `status`, `affiliateId`, `from`
 * and `to`. The export reads `to` as an exclusive bound, so the list's inclusive last day becomes the
 * day after it. (`type` is passed along too; the export may ignore it.)
 */
export function exportUrl(filters: LedgerFilters): string {
  const params = new URLSearchParams();
  if (filters.status) params.set("status", filters.status);
  if (filters.affiliateId) params.set("affiliateId", filters.affiliateId);
  if (filters.type) params.set("type", filters.type);
  if (filters.from) params.set("from", filters.from);
  if (filters.to) params.set("to", nextDay(filters.to));
  const query = params.toString();
  return `/app/commissions/export${query ? `?${query}` : ""}`;
}

function nextDay(day: string): string {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
}

function ledgerWhere(shop: string, filters: LedgerFilters): Prisma.LedgerLineWhereInput {
  const where: Prisma.LedgerLineWhereInput = { shop };
  if (filters.status) where.status = filters.status;
  if (filters.type) where.type = filters.type;
  if (filters.affiliateId) where.affiliateId = filters.affiliateId;
  if (filters.from || filters.to) {
    const createdAt: Prisma.DateTimeFilter = {};
    if (filters.from) createdAt.gte = new Date(`${filters.from}T00:00:00Z`);
    if (filters.to) createdAt.lt = new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + 86_400_000);
    where.createdAt = createdAt;
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
    createdAt: line.createdAt.toISOString(),
  };
}

/** One page of the shop's ledger, newest first. */
export async function listLedgerLines(
  db: PrismaClient,
  shop: string,
  filters: LedgerFilters,
  page: number,
): Promise<{ lines: LedgerRow[]; pageInfo: PageInfo }> {
  const where = ledgerWhere(shop, filters);
  const total = await db.ledgerLine.count({ where });
  const { pageInfo, skip, take } = paginate(total, page);
  const lines = await db.ledgerLine.findMany({
    where,
    include: ledgerRowInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip,
    take,
  });
  return { lines: lines.map(toLedgerRow), pageInfo };
}
