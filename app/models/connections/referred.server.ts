// The customers an affiliate referred (its page's Customers section), and connecting one of them to it.
import type { PrismaClient } from "@prisma/client";
import { paginate, type Page } from "~/lib/pagination";
import { connectCustomer, isConnectionActive, type ConnectResult } from "./connections.server";
import type { CustomerConnectionState, ReferredCustomer } from "./customers";
import { earns, whyNotEarning } from "~/models/affiliates/application";

function connectionState(
  connection:
    | { id: string; affiliateId: string; expiresAt: Date | null; affiliate: { name: string } }
    | undefined,
  affiliateId: string,
  now: Date,
): CustomerConnectionState {
  if (!connection) return { state: "none" };
  if (!isConnectionActive(connection, now)) {
    return {
      state: "expired",
      connectionId: connection.id,
      affiliateId: connection.affiliateId,
      affiliateName: connection.affiliate.name,
    };
  }
  if (connection.affiliateId === affiliateId) {
    return {
      state: "this_affiliate",
      connectionId: connection.id,
      expiresAt: connection.expiresAt?.toISOString() ?? null,
    };
  }
  return {
    state: "other_affiliate",
    connectionId: connection.id,
    affiliateId: connection.affiliateId,
    affiliateName: connection.affiliate.name,
  };
}

const latestFirst = (a: { orderCreatedAt: Date; id: string }, b: { orderCreatedAt: Date; id: string }) =>
  b.orderCreatedAt.getTime() - a.orderCreatedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * The distinct customers of the orders credited to this affiliate as referrer, latest order first, with their
 * order count, last order and connection (to this affiliate, another, or none). 25 a page.
 */
export async function listReferredCustomers(
  db: PrismaClient,
  shop: string,
  affiliateId: string,
  options: { page?: number; now?: Date } = {},
): Promise<Page<ReferredCustomer>> {
  const now = options.now ?? new Date();
  const where = { shop, referrerAffiliateId: affiliateId, customerId: { not: null } };
  const counted = await db.$queryRaw<Array<{ total: number | bigint }>>`
    SELECT COUNT(DISTINCT "customerId") AS total FROM "AttributedOrder"
    WHERE "shop" = ${shop} AND "referrerAffiliateId" = ${affiliateId} AND "customerId" IS NOT NULL`;
  const total = Number(counted[0]?.total ?? 0);
  const { pageInfo, skip, take } = paginate(total, options.page ?? 1);
  if (total === 0) return { pageInfo, items: [] };
  const groups = await db.attributedOrder.groupBy({
    by: ["customerId"],
    where,
    _count: { _all: true },
    _max: { orderCreatedAt: true },
    orderBy: [{ _max: { orderCreatedAt: "desc" } }, { customerId: "asc" }],
    skip,
    take,
  });
  const customerIds = groups.map((group) => group.customerId).filter((id): id is string => id !== null);
  const [orders, connections] = await Promise.all([
    // Sorted here rather than in SQL: ordered by date, the planner would walk all the affiliate's orders
    // by date instead of this page's customers' through the (referrer, customer) index.
    db.attributedOrder
      .findMany({
        where: { ...where, customerId: { in: customerIds } },
        select: { id: true, customerId: true, customerEmail: true, orderName: true, orderCreatedAt: true },
      })
      .then((rows) => rows.sort(latestFirst)),
    db.customerConnection.findMany({
      where: { shop, customerId: { in: customerIds } },
      include: { affiliate: { select: { name: true } } },
    }),
  ]);
  const latestOrder = new Map<string, (typeof orders)[number]>();
  const knownEmail = new Map<string, string>();
  for (const order of orders) {
    if (!order.customerId) continue;
    if (!latestOrder.has(order.customerId)) latestOrder.set(order.customerId, order);
    if (order.customerEmail && !knownEmail.has(order.customerId))
      knownEmail.set(order.customerId, order.customerEmail);
  }
  const connectionByCustomer = new Map(connections.map((c) => [c.customerId, c]));
  return {
    pageInfo,
    items: groups.map((group) => {
      const customerId = group.customerId as string;
      const connection = connectionByCustomer.get(customerId);
      return {
        customerId,
        customerEmail: knownEmail.get(customerId) ?? connection?.customerEmail ?? null,
        customerName: connection?.customerName ?? null,
        orderCount: group._count._all,
        lastOrderAt: (group._max.orderCreatedAt ?? new Date(0)).toISOString(),
        lastOrderName: latestOrder.get(customerId)?.orderName ?? null,
        connection: connectionState(connection, affiliateId, now),
      };
    }),
  };
}

export type ConnectReferredResult =
  | ConnectResult
  | { ok: false; reason: "not_referred" | "affiliate_inactive"; message: string };

/**
 * Connects a customer this affiliate referred (origin `referred_order`, through its latest referred order).
 * Null when the shop has no such affiliate. A customer already connected to any affiliate stays as it is.
 */
export async function connectReferredCustomer(
  db: PrismaClient,
  shop: string,
  affiliateId: string,
  customerId: string,
  now = new Date(),
): Promise<ConnectReferredResult | null> {
  const affiliate = await db.affiliate.findFirst({ where: { id: affiliateId, shop } });
  if (!affiliate) return null;
  const order = await db.attributedOrder.findFirst({
    where: { shop, referrerAffiliateId: affiliate.id, customerId },
    orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }],
  });
  if (!order) {
    return { ok: false, reason: "not_referred", message: `${affiliate.name} has not referred this customer` };
  }
  if (!earns(affiliate)) {
    const fix = affiliate.applicationStatus === "approved" ? "activate it" : "approve it";
    return {
      ok: false,
      reason: "affiliate_inactive",
      message: `${affiliate.name} ${whyNotEarning(affiliate)}: ${fix} before connecting customers`,
    };
  }
  const emailOrder = order.customerEmail
    ? order
    : await db.attributedOrder.findFirst({
        where: { shop, customerId, customerEmail: { not: null } },
        orderBy: [{ orderCreatedAt: "desc" }, { id: "desc" }],
      });
  return connectCustomer(db, shop, {
    affiliate,
    customerId,
    customerEmail: emailOrder?.customerEmail ?? null,
    customerName: null,
    origin: "referred_order",
    orderId: order.orderId,
    now,
  });
}
