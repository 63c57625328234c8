// The shop profile: what the app keeps of the shop from Shopify (`shop { name ianaTimezone currencyCode }`),
// so that screens show the shop's days and money without asking Shopify each time. The shop's days are
// the ledger's days: a change of time zone rebuilds the ledger's figures (~/models/ledger/time-zone.server,
// which stores the profile). Other domains read it here.
import type { Prisma, PrismaClient } from "@prisma/client";
import { queryAdmin, ShopifyUnavailableError, type AdminGraphqlClient } from "~/graphql/client";
import { SHOP_PROFILE_QUERY, type ShopProfileData } from "~/graphql/shop-profile";
import { isTimeZone } from "~/lib/days";
import { knownShopCurrency } from "./currency.server";

/** The zone a shop's days are read in until its profile is known. */
export const DEFAULT_SHOP_TIME_ZONE = "UTC";

/** A profile older than this is fetched again when the merchant opens the app. */
export const PROFILE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The shop as Shopify describes it. */
export interface ShopFacts {
  name: string;
  /** IANA time zone. */
  timeZone: string;
  /** ISO 4217. */
  currency: string;
}

export interface ShopProfile extends ShopFacts {
  shop: string;
  /** When it was last fetched from Shopify; null when it never was (defaults). */
  refreshedAt: string | null;
}

/** Shopify's answer, checked: a zone Intl does not know is refused rather than stored. */
export async function fetchShopFacts(graphql: AdminGraphqlClient): Promise<ShopFacts> {
  const { shop } = await queryAdmin<ShopProfileData>(graphql, SHOP_PROFILE_QUERY);
  if (!isTimeZone(shop.ianaTimezone)) {
    throw new ShopifyUnavailableError(
      `Shopify answered a time zone this server does not know: ${shop.ianaTimezone}`,
    );
  }
  return { name: shop.name, timeZone: shop.ianaTimezone, currency: shop.currencyCode };
}

/**
 * The shop's profile; before it was ever fetched, the shop's domain for a name, UTC, and the currency of
 * its latest order (USD when it has none).
 */
export async function getShopProfile(db: PrismaClient, shop: string): Promise<ShopProfile> {
  const stored = await db.shopProfile.findUnique({ where: { shop } });
  if (stored) {
    return {
      shop,
      name: stored.name,
      timeZone: stored.timeZone,
      currency: stored.currency,
      refreshedAt: stored.refreshedAt.toISOString(),
    };
  }
  return {
    shop,
    name: shop.replace(/\.myshopify\.com$/, ""),
    timeZone: DEFAULT_SHOP_TIME_ZONE,
    currency: (await knownShopCurrency(db, shop)) ?? "USD",
    refreshedAt: null,
  };
}

/** The shop's time zone, read in the caller's (Prisma) transaction. */
export async function shopTimeZoneIn(
  tx: Prisma.TransactionClient | PrismaClient,
  shop: string,
): Promise<string> {
  const stored = await tx.shopProfile.findUnique({ where: { shop }, select: { timeZone: true } });
  return stored?.timeZone ?? DEFAULT_SHOP_TIME_ZONE;
}

/** The same read as SQL, for writes on the driver. */
export const SHOP_TIME_ZONE_SQL = `SELECT "timeZone" FROM "ShopProfile" WHERE "shop" = ?`;

export function isProfileStale(profile: ShopProfile, now: Date): boolean {
  return !profile.refreshedAt || now.getTime() - Date.parse(profile.refreshedAt) > PROFILE_MAX_AGE_MS;
}
