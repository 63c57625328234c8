import type { PrismaClient } from "@prisma/client";

/**
 * The shop's currency as far as the app knows it: orders are recorded in shop money, so it is the currency
 * of the latest recorded order. Null until the first order arrives (flat rates then read as plain
 * decimals).
 */
export async function knownShopCurrency(db: PrismaClient, shop: string): Promise<string | null> {
  const latest = await db.attributedOrder.findFirst({
    where: { shop },
    orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }],
    select: { currency: true },
  });
  return latest?.currency ?? null;
}
