// Clicks on affiliate links, as the storefront embed reports them through the app proxy (`/proxy/click`):
// counted per affiliate per day of the shop, and nothing else — no visitor, no address, no time of day.
//
//   recordStorefrontClick(db, gate, click)           the proxy route: is it a click that counts? count it
//   countClicks(db, shop, affiliateId, range)         clicks in a range of days (the portal, the admin)
//   clickSummary(db, shop, affiliateId, range, zone)  clicks, referred orders and conversion for a range
//
// A day is `YYYY-MM-DD` in the shop's time zone (its profile); the caller says which zone. Bots by user agent are ignored; repeats and a visitor's rate are bounded in memory (VisitorGate).
import type { PrismaClient } from "@prisma/client";
import { isbot } from "isbot";
import { startOfDay } from "~/lib/days";
import type { ClickSummary, DayRange } from "./views";
import type { VisitorGate } from "./visitor-gate.server";

export type { ClickSummary, DayRange } from "./views";

/** What the storefront embed accepts as a ref (extensions/affiliate-capture): 1–64 of `A-Z a-z 0-9 _ -`. */
const REF = /^[A-Za-z0-9_-]{1,64}$/;

export interface StorefrontClick {
  shop: string;
  ref: string | null;
  userAgent: string | null;
  /** The X-Forwarded-For header Shopify's proxy adds (the visitor's address), for the rate only. */
  forwardedFor: string | null;
  now: Date;
  timeZone: string;
}

export type ClickOutcome = "counted" | "invalid_ref" | "bot" | "repeat" | "over_rate" | "unknown_ref";

/** The day an instant falls on in a zone: `YYYY-MM-DD`. */
export function dayIn(instant: Date, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })
    .format(instant)
    .slice(0, 10);
}

/**
 * Counts one click on an approved affiliate's link, unless it is no click to count: a ref that is not one,
 * a bot, the same visitor's same link again within the gate's window, or a visitor over their rate.
 * One statement (an upsert), so concurrent clicks never lose a count.
 */
export async function recordStorefrontClick(
  db: PrismaClient,
  gate: VisitorGate,
  click: StorefrontClick,
): Promise<ClickOutcome> {
  const ref = click.ref?.trim() ?? "";
  if (!REF.test(ref)) return "invalid_ref";
  if (!click.userAgent || isbot(click.userAgent)) return "bot";
  const refKey = ref.toLowerCase();
  const verdict = gate.admit(gate.visitorKey(click.shop, click.forwardedFor), refKey, click.now.getTime());
  if (verdict !== "count") return verdict;
  const day = dayIn(click.now, click.timeZone);
  const counted = await db.$executeRaw`
    INSERT INTO "AffiliateClickDay" ("shop", "affiliateId", "day", "clicks")
    SELECT "shop", "id", ${day}, 1 FROM "Affiliate"
    WHERE "shop" = ${click.shop} AND "refCodeKey" = ${refKey} AND "applicationStatus" = 'approved'
    ON CONFLICT ("shop", "affiliateId", "day")
    DO UPDATE SET "clicks" = "AffiliateClickDay"."clicks" + excluded."clicks"`;
  return counted > 0 ? "counted" : "unknown_ref";
}

/** Clicks on an affiliate's links in a range of the shop's days. */
export async function countClicks(
  db: PrismaClient,
  shop: string,
  affiliateId: string,
  range: DayRange,
): Promise<number> {
  const { _sum } = await db.affiliateClickDay.aggregate({
    where: { shop, affiliateId, day: { gte: range.from, lte: range.to } },
    _sum: { clicks: true },
  });
  return _sum.clicks ?? 0;
}

/** The days from `days - 1` days ago to today in a zone. */
export function lastDays(days: number, now: Date, timeZone: string): DayRange {
  const to = dayIn(now, timeZone);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

/** Clicks, referred orders and conversion for an affiliate over a range of the shop's days. */
export async function clickSummary(
  db: PrismaClient,
  shop: string,
  affiliateId: string,
  range: DayRange,
  timeZone: string,
): Promise<ClickSummary> {
  const next = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const [clicks, referredOrders] = await Promise.all([
    countClicks(db, shop, affiliateId, range),
    db.attributedOrder.count({
      where: {
        shop,
        referrerAffiliateId: affiliateId,
        orderCreatedAt: { gte: startOfDay(range.from, timeZone), lt: startOfDay(next, timeZone) },
      },
    }),
  ]);
  return {
    range,
    clicks,
    referredOrders,
    conversionPercent: clicks > 0 ? ((referredOrders / clicks) * 100).toFixed(1) : null,
  };
}
