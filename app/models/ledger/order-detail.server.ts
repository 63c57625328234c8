// One order of the ledger, as its detail screen shows it: its lines, and the trace the engine and the
// pipeline left, sorted into what the merchant asks (who was credited and why, what lost and why).
import type { PrismaClient } from "@prisma/client";
import type { TraceCode, TraceEntry } from "~/attribution";
import { ledgerRowInclude, toLedgerRow } from "./lines.server";
import type { OrderDetail, TraceGroups } from "./views";

const CREDITED = new Set<TraceCode | "manual_credit">([
  "referrer_selected",
  "signal_merged",
  "rule_applied",
  "product_commission",
  "product_lines_moved",
  "product_kept_in_referrer",
  "connect",
  "manual_credit",
]);
const NOT_CREDITED = new Set<TraceCode>([
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
const BASE = new Set<TraceCode>([
  "line_gift_card",
  "line_zero_quantity",
  "line_base_floored",
  "shipping_included",
]);

/** The pipeline's own codes (a customer's newness, a test order) fall in no group: they go to `other`. */
const has = (group: ReadonlySet<string>, code: string) => group.has(code);

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
    if (has(CREDITED, entry.code)) groups.credited.push(entry);
    else if (has(NOT_CREDITED, entry.code)) groups.notCredited.push(entry);
    else if (has(BASE, entry.code)) groups.base.push(entry);
    else groups.other.push(entry);
  }
  return groups;
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
    include: ledgerRowInclude,
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
    lines: lines.map(toLedgerRow),
    focusLineId,
    affiliates: byId,
  };
}
