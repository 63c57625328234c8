// The read side of the ledger for the Commissions screens: filtered, paginated lines and one order's
// detail with its trace in words. Writes (approve, deny, mark paid) belong to `~/models/ledger/review.server`.
import type { Prisma, PrismaClient } from "@prisma/client";
import { paginate, type PageInfo } from "~/lib/pagination";

import { LEDGER_STATUSES, LEDGER_TYPES, type LedgerStatus, type LedgerType } from "~/lib/ledger-words";

export { LEDGER_STATUSES, LEDGER_TYPES, type LedgerStatus, type LedgerType };

export interface LedgerFilters {
  status: LedgerStatus | null;
  affiliateId: string | null;
  type: LedgerType | null;
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
    status: (LEDGER_STATUSES as readonly string[]).includes(status ?? "") ? (status as LedgerStatus) : null,
    type: (LEDGER_TYPES as readonly string[]).includes(type ?? "") ? (type as LedgerType) : null,
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

const rowInclude = {
  affiliate: { select: { name: true, refCode: true } },
  attributedOrder: { select: { orderName: true } },
} satisfies Prisma.LedgerLineInclude;

type LineWithJoins = Prisma.LedgerLineGetPayload<{ include: typeof rowInclude }>;

function toRow(line: LineWithJoins): LedgerRow {
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
    include: rowInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip,
    take,
  });
  return { lines: lines.map(toRow), pageInfo };
}

// ---------------------------------------------------------------------------------------------------
// One order: its lines and its trace in words.

export interface TraceEntry {
  code: string;
  message: string;
  affiliateId?: string;
}

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

const CREDITED = new Set([
  "referrer_selected",
  "signal_merged",
  "rule_applied",
  "product_commission",
  "product_lines_moved",
  "product_kept_in_referrer",
  "connect",
]);
const NOT_CREDITED = new Set([
  "connection_no_customer",
  "connection_expired",
  "affiliate_unknown",
  "affiliate_inactive",
  "code_not_coupon",
  "ref_unknown",
  "renewal_without_affiliate",
  "recurring_disabled",
  "no_referrer",
  "signal_beaten",
  "self_referral",
  "first_commission_ignored",
  "product_connection_shadowed",
  "product_no_eligible_lines",
  "commission_dropped",
  "connect_skipped",
]);
const BASE = new Set(["line_gift_card", "line_zero_quantity", "line_base_floored", "shipping_included"]);

/** Parses a stored trace leniently: a malformed trace yields no entries rather than an error page. */
export function parseTrace(raw: string | null | undefined): TraceEntry[] {
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const entries: TraceEntry[] = [];
  for (const item of value) {
    if (!item || typeof item !== "object") continue;
    const { code, message, affiliateId } = item as Record<string, unknown>;
    if (typeof message !== "string" && typeof code !== "string") continue;
    entries.push({
      code: typeof code === "string" ? code : "note",
      message: typeof message === "string" && message ? message : String(code),
      ...(typeof affiliateId === "string" ? { affiliateId } : {}),
    });
  }
  return entries;
}

/** Sorts the trace into what the merchant asks: who was credited and why, what lost and why. Order is kept. */
export function groupTrace(entries: TraceEntry[]): TraceGroups {
  const groups: TraceGroups = { credited: [], notCredited: [], base: [], other: [] };
  for (const entry of entries) {
    if (CREDITED.has(entry.code)) groups.credited.push(entry);
    else if (NOT_CREDITED.has(entry.code)) groups.notCredited.push(entry);
    else if (BASE.has(entry.code)) groups.base.push(entry);
    else groups.other.push(entry);
  }
  return groups;
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

/**
 * An order of this shop with its trace and all its ledger lines. `id` is the attributed order's id or
 * one of its ledger lines' ids (then `focusLineId` names it). Null when neither exists in this shop.
 */
export async function getOrderDetail(
  db: PrismaClient,
  shop: string,
  id: string,
): Promise<OrderDetail | null> {
  let focusLineId: string | null = null;
  let order = await db.attributedOrder.findFirst({ where: { id, shop } });
  if (!order) {
    const line = await db.ledgerLine.findFirst({ where: { id, shop }, select: { attributedOrderId: true } });
    if (!line) return null;
    focusLineId = id;
    order = await db.attributedOrder.findFirst({ where: { id: line.attributedOrderId, shop } });
    if (!order) return null;
  }
  const lines = await db.ledgerLine.findMany({
    where: { shop, attributedOrderId: order.id },
    include: rowInclude,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const entries = parseTrace(order.trace);
  const affiliateIds = new Set<string>();
  for (const entry of entries) if (entry.affiliateId) affiliateIds.add(entry.affiliateId);
  if (order.referrerAffiliateId) affiliateIds.add(order.referrerAffiliateId);
  const affiliates = await db.affiliate.findMany({
    where: { shop, id: { in: [...affiliateIds] } },
    select: { id: true, name: true, refCode: true },
  });
  const byId = Object.fromEntries(affiliates.map((a) => [a.id, { name: a.name, refCode: a.refCode }]));
  const referrer = order.referrerAffiliateId ? byId[order.referrerAffiliateId] : undefined;
  return {
    order: {
      id: order.id,
      orderId: order.orderId,
      orderName: order.orderName ?? `#${order.orderId}`,
      currency: order.currency,
      orderCreatedAt: order.orderCreatedAt.toISOString(),
      customerEmail: order.customerEmail,
      referrer: referrer && order.referrerAffiliateId ? { id: order.referrerAffiliateId, ...referrer } : null,
      referrerSource: order.referrerSource,
      test: order.test,
      cancelledAt: order.cancelledAt?.toISOString() ?? null,
    },
    trace: groupTrace(entries),
    lines: lines.map(toRow),
    focusLineId,
    affiliates: byId,
  };
}
