// The Home screen: the program at a glance, from this shop's rows only.
import type { PrismaClient } from "@prisma/client";
import { minorToDecimal } from "~/format/money";
import { countDeliveriesNeedingAttention } from "~/models/deliveries/deliveries.server";

/** Net commission amounts (reversals deducted) by status, in one currency, as exact decimals. */
export interface CurrencyTotals {
  currency: string;
  pending: string;
  approved: string;
  paid: string;
}

export interface LatestOrder {
  /** The attributed order's id (the commission detail page). */
  id: string;
  orderId: string;
  orderName: string;
  orderCreatedAt: string;
  currency: string;
  referrer: { id: string; name: string } | null;
  referrerSource: string | null;
  /** Net commission of the order over every affiliate, denied lines left out. */
  commission: string;
  /** The lines' common status, or "mixed". Null when the order earned nothing. */
  status: string | null;
}

export interface SetupSteps {
  settingsSaved: boolean;
  hasAffiliate: boolean;
  hasCoupon: boolean;
  /** The theme editor's app embeds, where the merchant turns the storefront embed on (not checkable here). */
  themeEditorUrl: string;
}

export interface Dashboard {
  /** Orders whose referrer (connection, coupon, link or renewal) was credited. */
  referredOrders: number;
  /** Orders with at least one commission (referrer or product connection). */
  creditedOrders: number;
  totals: CurrencyTotals[];
  latestOrders: LatestOrder[];
  setup: SetupSteps;
  deliveriesNeedingAttention: number;
}

export const LATEST_ORDERS = 10;

export function themeEditorUrl(shop: string): string {
  return `https://${shop}/admin/themes/current/editor?context=apps`;
}

export async function getDashboard(db: PrismaClient, shop: string): Promise<Dashboard> {
  const [referredOrders, creditedOrders, sums, latest, settings, affiliates, coupons, deliveries] =
    await Promise.all([
      db.attributedOrder.count({ where: { shop, referrerAffiliateId: { not: null } } }),
      db.attributedOrder.count({ where: { shop, ledgerLines: { some: { type: "commission" } } } }),
      db.ledgerLine.groupBy({
        by: ["currency", "status"],
        where: { shop },
        _sum: { amountMinor: true },
        orderBy: [{ currency: "asc" }, { status: "asc" }],
      }),
      db.attributedOrder.findMany({
        where: { shop, referrerAffiliateId: { not: null } },
        orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }],
        take: LATEST_ORDERS,
        include: { ledgerLines: { select: { amountMinor: true, status: true, currency: true } } },
      }),
      db.programSettings.count({ where: { shop } }),
      db.affiliate.count({ where: { shop } }),
      db.coupon.count({ where: { shop } }),
      countDeliveriesNeedingAttention(db, shop),
    ]);

  const byCurrency = new Map<string, { pending: number; approved: number; paid: number }>();
  for (const row of sums) {
    const totals = byCurrency.get(row.currency) ?? { pending: 0, approved: 0, paid: 0 };
    if (row.status === "pending" || row.status === "approved" || row.status === "paid") {
      totals[row.status] += row._sum.amountMinor ?? 0;
    }
    byCurrency.set(row.currency, totals);
  }

  const referrerIds = [
    ...new Set(latest.map((order) => order.referrerAffiliateId).filter((id): id is string => !!id)),
  ];
  const names = new Map(
    (
      await db.affiliate.findMany({
        where: { shop, id: { in: referrerIds } },
        select: { id: true, name: true },
      })
    ).map((a) => [a.id, a.name]),
  );

  return {
    referredOrders,
    creditedOrders,
    totals: [...byCurrency].map(([currency, t]) => ({
      currency,
      pending: minorToDecimal(t.pending, currency),
      approved: minorToDecimal(t.approved, currency),
      paid: minorToDecimal(t.paid, currency),
    })),
    latestOrders: latest.map((order) => {
      const counted = order.ledgerLines.filter((line) => line.status !== "denied");
      const statuses = new Set(order.ledgerLines.map((line) => line.status));
      const referrerId = order.referrerAffiliateId;
      return {
        id: order.id,
        orderId: order.orderId,
        orderName: order.orderName ?? `#${order.orderId}`,
        orderCreatedAt: order.orderCreatedAt.toISOString(),
        currency: order.currency,
        referrer: referrerId ? { id: referrerId, name: names.get(referrerId) ?? "Deleted affiliate" } : null,
        referrerSource: order.referrerSource,
        commission: minorToDecimal(
          counted.reduce((sum, line) => sum + line.amountMinor, 0),
          order.currency,
        ),
        status: statuses.size === 0 ? null : statuses.size === 1 ? [...statuses][0] : "mixed",
      };
    }),
    setup: {
      settingsSaved: settings > 0,
      hasAffiliate: affiliates > 0,
      hasCoupon: coupons > 0,
      themeEditorUrl: themeEditorUrl(shop),
    },
    deliveriesNeedingAttention: deliveries,
  };
}
