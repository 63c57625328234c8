// The Home screen: the program at a glance for a range of the shop's days — referred sales and commissions
// over time, the top affiliates, the average referred order — and what is owed, all from the ledger's
// maintained figures; the latest referred orders; the setup steps. This shop's rows only.
import type { PrismaClient } from "@prisma/client";
import { minorToDecimal } from "~/format/money";
import { addDays, dayIn, daysBetween } from "~/lib/days";
import { parseDayRange } from "~/lib/day-range";
import { countDeliveriesNeedingAttention } from "~/models/deliveries/deliveries.server";
import { dailyFigures, totalsByStatus, type FigureSums } from "~/models/ledger/figures.server";
import { topAffiliatesBySales } from "~/models/ledger/rankings.server";
import { getShopProfile } from "~/models/shop/profile.server";
import type { ChartGrain, Dashboard, RangeFigures } from "./views";

export const LATEST_ORDERS = 10;
export const TOP_AFFILIATES = 10;

export function themeEditorUrl(shop: string): string {
  return `https://${shop}/admin/themes/current/editor?context=apps`;
}

/** Days for up to three months, weeks (from Monday) for up to two years, months beyond. */
export function chartGrain(range: { from: string; to: string }): ChartGrain {
  const days = daysBetween(range.from, range.to).length;
  return days <= 92 ? "day" : days <= 731 ? "week" : "month";
}

function stepStart(day: string, grain: ChartGrain): string {
  if (grain === "day") return day;
  if (grain === "month") return `${day.slice(0, 8)}01`;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** The chart's points, without the step still running (`running`, the start of today's step) when others precede it. */
function chartOf(
  steps: Map<string, { amountMinor: number; referredSalesMinor: number; referredOrders: number }>,
  grain: ChartGrain,
  currency: string,
  running: string | null,
): Dashboard["chart"] {
  const points = [...steps].map(([start, step]) => ({
    start,
    referredSales: minorToDecimal(step.referredSalesMinor, currency),
    commissions: minorToDecimal(step.amountMinor, currency),
    referredOrders: step.referredOrders,
  }));
  const unfinished = running !== null && steps.has(running) ? running : null;
  const complete = points.filter((point) => point.start !== unfinished);
  return { grain, currency, points: complete.length > 0 ? complete : points, unfinished };
}

function rangeFigures(sums: Omit<FigureSums, "lines">): RangeFigures {
  const { currency } = sums;
  return {
    currency,
    referredSales: minorToDecimal(sums.referredSalesMinor, currency),
    commissions: minorToDecimal(sums.amountMinor, currency),
    referredOrders: sums.referredOrders,
    averageOrderValue:
      sums.referredOrders > 0
        ? minorToDecimal(Math.round(sums.referredSalesMinor / sums.referredOrders), currency)
        : null,
  };
}

export async function getDashboard(
  db: PrismaClient,
  shop: string,
  params: URLSearchParams,
  now: Date,
): Promise<Dashboard> {
  const profile = await getShopProfile(db, shop);
  const today = dayIn(now, profile.timeZone);
  const range = parseDayRange(params, today);
  const [days, top, owed, latest, settings, affiliates, coupons, deliveries] = await Promise.all([
    dailyFigures(db, shop, range),
    topAffiliatesBySales(db, shop, range, TOP_AFFILIATES, today),
    totalsByStatus(db, shop),
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

  const byCurrency = new Map<string, Omit<FigureSums, "lines">>();
  for (const row of days) {
    const sum = byCurrency.get(row.currency) ?? {
      currency: row.currency,
      amountMinor: 0,
      referredOrders: 0,
      referredSalesMinor: 0,
    };
    sum.amountMinor += row.amountMinor;
    sum.referredOrders += row.referredOrders;
    sum.referredSalesMinor += row.referredSalesMinor;
    byCurrency.set(row.currency, sum);
  }
  const currency = profile.currency;
  const figures = [...byCurrency.values()]
    .sort((a, b) =>
      a.currency === currency ? -1 : b.currency === currency ? 1 : a.currency.localeCompare(b.currency),
    )
    .map(rangeFigures);

  const grain = chartGrain(range);
  const steps = new Map<
    string,
    { amountMinor: number; referredSalesMinor: number; referredOrders: number }
  >();
  for (const day of daysBetween(range.from, range.to)) {
    steps.set(stepStart(day, grain), { amountMinor: 0, referredSalesMinor: 0, referredOrders: 0 });
  }
  for (const row of days) {
    if (row.currency !== currency) continue;
    const step = steps.get(stepStart(row.day, grain))!;
    step.amountMinor += row.amountMinor;
    step.referredSalesMinor += row.referredSalesMinor;
    step.referredOrders += row.referredOrders;
  }

  const owedByCurrency = new Map<string, { pending: number; approved: number; paid: number }>();
  for (const row of owed) {
    const totals = owedByCurrency.get(row.currency) ?? { pending: 0, approved: 0, paid: 0 };
    if (row.status === "pending" || row.status === "approved" || row.status === "paid") {
      totals[row.status] += row.amountMinor;
    }
    owedByCurrency.set(row.currency, totals);
  }

  const named = [
    ...new Set([
      ...latest.map((order) => order.referrerAffiliateId).filter((id): id is string => !!id),
      ...top.map((row) => row.affiliateId),
    ]),
  ];
  const names = new Map(
    (
      await db.affiliate.findMany({ where: { shop, id: { in: named } }, select: { id: true, name: true } })
    ).map((a) => [a.id, a.name]),
  );
  const nameOf = (id: string) => names.get(id) ?? "Deleted affiliate";

  return {
    range,
    today,
    timeZone: profile.timeZone,
    currency,
    figures,
    chart: chartOf(steps, grain, currency, range.to >= today ? stepStart(today, grain) : null),
    topAffiliates: top.map((row) => ({
      id: row.affiliateId,
      name: nameOf(row.affiliateId),
      ...rangeFigures(row),
    })),
    totals: [...owedByCurrency].map(([code, t]) => ({
      currency: code,
      pending: minorToDecimal(t.pending, code),
      approved: minorToDecimal(t.approved, code),
      paid: minorToDecimal(t.paid, code),
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
        referrer: referrerId ? { id: referrerId, name: nameOf(referrerId) } : null,
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
