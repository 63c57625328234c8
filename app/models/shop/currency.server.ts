import type { PrismaClient } from "@prisma/client";

/**
 * The shop's currency as far as the app knows it: its profile's (from Shopify), else the currency of the
 * latest recorded order (orders are recorded in shop money). Null until either is known (flat rates then
 * read as plain decimals).
 */
export async function knownShopCurrency(db: PrismaClient, shop: string): Promise<string | null> {
  const profile = await db.shopProfile.findUnique({ where: { shop }, select: { currency: true } });
  if (profile) return profile.currency;
  const latest = await db.attributedOrder.findFirst({
    where: { shop },
    orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }],
    select: { currency: true },
  });
  return latest?.currency ?? null;
}
