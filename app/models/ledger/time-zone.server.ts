// The ledger's days are the shop's days. Its figures are kept per day in the zone of the shop's profile;
// storing a profile for the first time, or with another zone, rebuilds them from the ledger in the same
// transaction, so that every write after it counts in the new zone and none before it is lost.
import type { Client, Transaction } from "@libsql/client";
import type { PrismaClient } from "@prisma/client";
import { ShopifyUnavailableError, type AdminGraphqlClient } from "~/graphql/client";
import { sqliteDateTime } from "~/lib/sqlite.server";
import {
  SHOP_TIME_ZONE_SQL,
  fetchShopFacts,
  getShopProfile,
  isProfileStale,
  type ShopFacts,
  type ShopProfile,
} from "~/models/shop/profile.server";
import { rebuildDailyTotals } from "./daily-totals.server";

/** The shop's time zone, read in the caller's write transaction on the driver (null: no profile yet). */
export async function storedTimeZone(tx: Transaction, shop: string): Promise<string | null> {
  const { rows } = await tx.execute({ sql: SHOP_TIME_ZONE_SQL, args: [shop] });
  return rows.length > 0 ? String(rows[0].timeZone) : null;
}

/**
 * Stores the shop's profile as Shopify describes it now; when it is the first, or the time zone changed,
 * rebuilds the ledger's figures in the new zone, in the same transaction. Returns whether it rebuilt.
 */
export async function storeShopProfile(
  sqlite: Client,
  shop: string,
  facts: ShopFacts,
  now: Date,
): Promise<{ rebuilt: boolean }> {
  const tx = await sqlite.transaction("write");
  try {
    const previous = await storedTimeZone(tx, shop);
    await tx.execute({
      sql: `INSERT INTO "ShopProfile" ("shop", "name", "timeZone", "currency", "refreshedAt") VALUES (?, ?, ?, ?, ?)
        ON CONFLICT ("shop") DO UPDATE SET "name" = excluded."name", "timeZone" = excluded."timeZone",
          "currency" = excluded."currency", "refreshedAt" = excluded."refreshedAt"`,
      args: [shop, facts.name, facts.timeZone, facts.currency, sqliteDateTime(now)],
    });
    const rebuilt = previous !== facts.timeZone;
    if (rebuilt) await rebuildDailyTotals(tx, shop, facts.timeZone);
    await tx.commit();
    return { rebuilt };
  } finally {
    tx.close();
  }
}

const refreshing = new Map<string, Promise<ShopProfile>>();

/**
 * Keeps the shop's profile fresh when the merchant opens the app: the first time (install, or first use
 * after an upgrade) it is fetched before the page answers; a day later it is refreshed in the background,
 * once at a time per shop, and the page answers with the profile the app has.
 */
export async function ensureShopProfile(
  db: PrismaClient,
  sqlite: Client,
  graphql: AdminGraphqlClient,
  shop: string,
  now: Date,
): Promise<void> {
  const profile = await getShopProfile(db, shop);
  if (!isProfileStale(profile, now)) return;
  let running = refreshing.get(shop);
  if (!running) {
    running = refreshShopProfile(db, sqlite, graphql, shop, now).finally(() => refreshing.delete(shop));
    refreshing.set(shop, running);
  }
  if (profile.refreshedAt === null) {
    await running;
  } else {
    running.catch((error: unknown) => console.error(`Refreshing the shop profile of ${shop} failed:`, error));
  }
}

/**
 * The shop's profile, fetched from Shopify first when it is missing or older than a day. When Shopify
 * does not answer, the profile the app has (or the defaults) serves until the next time.
 */
export async function refreshShopProfile(
  db: PrismaClient,
  sqlite: Client,
  graphql: AdminGraphqlClient,
  shop: string,
  now: Date,
): Promise<ShopProfile> {
  const profile = await getShopProfile(db, shop);
  if (!isProfileStale(profile, now)) return profile;
  let facts: ShopFacts;
  try {
    facts = await fetchShopFacts(graphql);
  } catch (error) {
    if (!(error instanceof ShopifyUnavailableError)) throw error;
    console.error(`Could not refresh the shop profile of ${shop}: ${error.message}`);
    return profile;
  }
  await storeShopProfile(sqlite, shop, facts, now);
  return { shop, ...facts, refreshedAt: now.toISOString() };
}
