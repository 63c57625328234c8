import type { Affiliate, Coupon, CustomerConnection, PrismaClient, ProductConnection } from "@prisma/client";
import type { AttributionInput, Rate } from "~/attribution";
import type { Program } from "~/models/program/program.server";
import type { OrderFacts } from "./order-facts.server";

export function rateOf(kind: string | null, value: string | null): Rate | null {
  if (!kind || value == null) return null;
  return { kind, value } as Rate;
}

/**
 * Everything of the program a batch of orders can touch, and nothing else: the affiliates reached by
 * their refs, discount codes, products, customers' connections and renewal origins, and their customers'
 * earlier credited orders. A handful of queries per batch, whatever the size of the program.
 */
export interface ProgramState {
  affiliatesById: Map<string, Affiliate>;
  affiliateIdByRefKey: Map<string, string>;
  couponsByKey: Map<string, Coupon>;
  productConnectionsByProduct: Map<string, ProductConnection[]>;
  connectionsByCustomer: Map<string, CustomerConnection>;
  /** Per customer: when each of their earlier credited orders was placed (ms). */
  creditedOrderTimes: Map<string, number[]>;
  /** Per customer: their subscription (selling plan) orders, newest first. */
  subscriptionOrders: Map<string, Array<{ at: number; referrerAffiliateId: string | null }>>;
}

export async function loadProgramState(
  db: PrismaClient,
  shop: string,
  batch: OrderFacts[],
): Promise<ProgramState> {
  const refKeys = unique(batch.flatMap((facts) => (facts.ref ? [facts.ref.toLowerCase()] : [])));
  const codeKeys = unique(batch.flatMap((facts) => facts.discountCodes.map((code) => code.toLowerCase())));
  const productIds = unique(
    batch.flatMap((facts) => facts.lineItems.flatMap((l) => (l.productId ? [l.productId] : []))),
  );
  const customerIds = unique(batch.flatMap((facts) => (facts.customer ? [facts.customer.id] : [])));
  const renewalCustomerIds = unique(
    batch.flatMap((facts) => (facts.isRenewal && facts.customer ? [facts.customer.id] : [])),
  );

  const [refAffiliates, coupons, productConnections, connections, credited, subscriptions] =
    await Promise.all([
      refKeys.length ? db.affiliate.findMany({ where: { shop, refCodeKey: { in: refKeys } } }) : [],
      codeKeys.length ? db.coupon.findMany({ where: { shop, codeKey: { in: codeKeys } } }) : [],
      productIds.length
        ? db.productConnection.findMany({
            where: { shop, productId: { in: productIds } },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          })
        : [],
      customerIds.length
        ? db.customerConnection.findMany({ where: { shop, customerId: { in: customerIds } } })
        : [],
      customerIds.length
        ? db.attributedOrder.findMany({
            where: { shop, customerId: { in: customerIds }, referrerAffiliateId: { not: null } },
            select: { customerId: true, orderCreatedAt: true },
          })
        : [],
      renewalCustomerIds.length
        ? db.attributedOrder.findMany({
            where: { shop, customerId: { in: renewalCustomerIds }, hasSellingPlan: true },
            select: { customerId: true, orderCreatedAt: true, referrerAffiliateId: true },
            orderBy: { orderCreatedAt: "desc" },
          })
        : [],
    ]);

  const affiliatesById = new Map(refAffiliates.map((affiliate) => [affiliate.id, affiliate]));
  const wanted = unique([
    ...coupons.map((coupon) => coupon.affiliateId),
    ...productConnections.map((pc) => pc.affiliateId),
    ...connections.map((connection) => connection.affiliateId),
    ...subscriptions.flatMap((order) => (order.referrerAffiliateId ? [order.referrerAffiliateId] : [])),
  ]).filter((id) => !affiliatesById.has(id));
  if (wanted.length) {
    for (const affiliate of await db.affiliate.findMany({ where: { shop, id: { in: wanted } } })) {
      affiliatesById.set(affiliate.id, affiliate);
    }
  }

  return {
    affiliatesById,
    affiliateIdByRefKey: new Map(refAffiliates.map((affiliate) => [affiliate.refCodeKey, affiliate.id])),
    couponsByKey: new Map(coupons.map((coupon) => [coupon.codeKey, coupon])),
    productConnectionsByProduct: groupBy(productConnections, (pc) => pc.productId),
    connectionsByCustomer: new Map(connections.map((connection) => [connection.customerId, connection])),
    creditedOrderTimes: groupBy(
      credited,
      (order) => order.customerId ?? "",
      (order) => order.orderCreatedAt.getTime(),
    ),
    subscriptionOrders: groupBy(
      subscriptions,
      (order) => order.customerId ?? "",
      (order) => ({ at: order.orderCreatedAt.getTime(), referrerAffiliateId: order.referrerAffiliateId }),
    ),
  };
}

/** The engine's input for one order, from the batch's program state. */
export function buildAttributionInput(
  facts: OrderFacts,
  program: Program,
  customerIsNew: boolean,
  state: ProgramState,
): AttributionInput {
  const placedAt = Date.parse(facts.createdAt);
  const customerId = facts.customer?.id ?? null;
  const connection = customerId ? (state.connectionsByCustomer.get(customerId) ?? null) : null;
  const coupons = unique(facts.discountCodes.map((code) => code.toLowerCase())).flatMap((key) => {
    const coupon = state.couponsByKey.get(key);
    return coupon ? [coupon] : [];
  });
  const productConnections = unique(
    facts.lineItems.flatMap((line) => (line.productId ? [line.productId] : [])),
  ).flatMap((productId) => state.productConnectionsByProduct.get(productId) ?? []);
  const referredOrdersBefore = customerId
    ? (state.creditedOrderTimes.get(customerId) ?? []).filter((at) => at < placedAt).length
    : 0;
  const renewalAffiliateId =
    facts.isRenewal && customerId
      ? ((state.subscriptionOrders.get(customerId) ?? []).find((order) => order.at < placedAt)
          ?.referrerAffiliateId ?? null)
      : null;

  const affiliateIds = unique([
    ...(facts.ref ? [state.affiliateIdByRefKey.get(facts.ref.toLowerCase())] : []),
    ...(connection ? [connection.affiliateId] : []),
    ...coupons.map((coupon) => coupon.affiliateId),
    ...productConnections.map((pc) => pc.affiliateId),
    ...(renewalAffiliateId ? [renewalAffiliateId] : []),
  ]);
  const affiliates = affiliateIds.flatMap((id) => {
    const affiliate = id ? state.affiliatesById.get(id) : undefined;
    return affiliate ? [affiliate] : [];
  });

  return {
    order: {
      id: facts.orderId,
      createdAt: facts.createdAt,
      currency: facts.currency,
      taxesIncluded: facts.taxesIncluded,
      customer: facts.customer
        ? { id: facts.customer.id, email: facts.customer.email, isNew: customerIsNew, referredOrdersBefore }
        : null,
      lineItems: facts.lineItems,
      shipping: facts.shipping,
      discountCodes: facts.discountCodes,
      ref: facts.ref,
      renewalOf: facts.isRenewal ? { affiliateId: renewalAffiliateId } : null,
    },
    program,
    affiliates: affiliates.map((affiliate) => ({
      id: affiliate.id,
      refCode: affiliate.refCode,
      email: affiliate.email,
      customerId: affiliate.customerId,
      active: affiliate.active,
      rate: rateOf(affiliate.rateKind, affiliate.rateValue),
    })),
    connection: connection
      ? { affiliateId: connection.affiliateId, expiresAt: connection.expiresAt?.toISOString() ?? null }
      : null,
    productConnections: productConnections.map((pc) => ({
      productId: pc.productId,
      affiliateId: pc.affiliateId,
      rate: rateOf(pc.rateKind, pc.rateValue),
    })),
    coupons: coupons.map((coupon) => ({ code: coupon.code, affiliateId: coupon.affiliateId })),
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function groupBy<T, V = T>(items: T[], key: (item: T) => string, value?: (item: T) => V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const list = groups.get(key(item)) ?? [];
    list.push(value ? value(item) : (item as unknown as V));
    groups.set(key(item), list);
  }
  return groups;
}
