// What it takes to put orders' traces into words (app/format/trace-words.js): the affiliates' current
// names and the products' titles, looked up for a page of orders at once (two queries, whatever the page).
import type { PrismaClient } from "@prisma/client";
import { traceWordsContext, type TraceWordsContext } from "~/format/trace-words";

/** An order as its trace is read: the engine input stored with it and its currency. */
export interface OrderForWords {
  id: string;
  input: string;
  currency: string;
}

interface StoredInput {
  affiliates?: Array<{ id?: unknown }>;
  order?: { lineItems?: Array<{ productId?: unknown }> };
}

function readInput(text: string): StoredInput {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as StoredInput) : {};
  } catch {
    return {};
  }
}

const strings = (values: unknown[]) => values.filter((v): v is string => typeof v === "string");

/**
 * The words context of each order (by its id), in the shop's time zone: names of the affiliates its input
 * names (and `alsoAffiliateIds`, e.g. a later credit by hand), titles of its products the app knows (from
 * product connections; lines recorded with their titles carry their own).
 */
export async function traceWordsContexts(
  db: PrismaClient,
  shop: string,
  orders: OrderForWords[],
  timeZone: string,
  alsoAffiliateIds: string[] = [],
): Promise<Map<string, TraceWordsContext>> {
  const inputs = orders.map((order) => readInput(order.input));
  const affiliateIds = new Set(alsoAffiliateIds);
  const productIds = new Set<string>();
  for (const input of inputs) {
    for (const id of strings((input.affiliates ?? []).map((a) => a?.id))) affiliateIds.add(id);
    for (const id of strings((input.order?.lineItems ?? []).map((l) => l?.productId))) productIds.add(id);
  }
  const [affiliates, products] = await Promise.all([
    affiliateIds.size
      ? db.affiliate.findMany({
          where: { shop, id: { in: [...affiliateIds] } },
          select: { id: true, name: true },
        })
      : [],
    productIds.size
      ? db.productConnection.findMany({
          where: { shop, productId: { in: [...productIds] }, productTitle: { not: null } },
          select: { productId: true, productTitle: true },
        })
      : [],
  ]);
  const names = Object.fromEntries(affiliates.map((a) => [a.id, a.name]));
  const productTitles: Record<string, string> = {};
  for (const product of products)
    if (product.productTitle) productTitles[product.productId] = product.productTitle;
  return new Map(
    orders.map((order, index) => [
      order.id,
      traceWordsContext({ input: inputs[index], currency: order.currency, timeZone, names, productTitles }),
    ]),
  );
}
