import type { Client, Row as LibsqlRow } from "@libsql/client";
import type { Affiliate, Coupon, CustomerConnection, Prisma, ProductConnection } from "@prisma/client";
import { modelColumns, readModelRows } from "~/lib/sqlite-rows.server";
import type { AttributionInput, TraceEntry } from "~/attribution";
import { engineAffiliate, rateOf } from "~/models/affiliates/engine-affiliate";
import type { Program } from "~/models/program/program.server";
import type { OrderFacts } from "./order-facts.server";
import { renewalTrace, type RenewalOrigin } from "./subscription-lines.server";

export { rateOf };

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
  /** The recorded orders the batch's renewals were created from, and whom each credited. */
  originOrders: Map<string, { referrerAffiliateId: string | null }>;
  /** Per renewing customer: their credited orders Shopify said had a selling-plan line, newest first. */
  sellingPlanOrders: Map<string, Array<{ at: number; orderId: string; referrerAffiliateId: string }>>;
}

/**
 * `originOrderIds`: the orders Shopify says the batch's renewals were created from. Read on the driver, a
 * handful of queries whatever the batch's size: through Prisma they cost more than the engine (0009).
 */
export async function loadProgramState(
  sqlite: Client,
  shop: string,
  batch: OrderFacts[],
  originOrderIds: string[] = [],
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
  const select = async <Row>(
    keys: string[],
    sql: string,
    read: (rows: LibsqlRow[]) => Row[],
  ): Promise<Row[]> => {
    if (keys.length === 0) return [];
    const { rows } = await sqlite.execute({ sql, args: [shop, JSON.stringify(keys)] });
    return read(rows);
  };
  const model =
    <Model>(name: Prisma.ModelName) =>
    (rows: LibsqlRow[]) =>
      readModelRows<Model>(name, rows);
  const inKeys = `IN (SELECT value FROM json_each(?))`;
  // A customer's orders are sought by (shop, customerId). Left to itself (no statistics), SQLite reads them
  // through an index led by (shop, referrerAffiliateId) or (shop, orderCreatedAt) instead: every credited
  // order of the shop, each batch (about 60 ms a batch on a shop of 250,000 orders, growing with it).
  const byCustomer = `INDEXED BY "AttributedOrder_shop_customerId_orderCreatedAt_idx"`;
  const at = (value: unknown) => new Date(String(value));
  const text = (value: unknown) => (value == null ? null : String(value));

  const [refAffiliates, coupons, productConnections, connections, credited, sellingPlan, origins] =
    await Promise.all([
      select(
        refKeys,
        `SELECT ${modelColumns("Affiliate")} FROM "Affiliate" WHERE "shop" = ? AND "refCodeKey" ${inKeys}`,
        model<Affiliate>("Affiliate"),
      ),
      select(
        codeKeys,
        `SELECT ${modelColumns("Coupon")} FROM "Coupon" WHERE "shop" = ? AND "codeKey" ${inKeys}`,
        model<Coupon>("Coupon"),
      ),
      select(
        productIds,
        `SELECT ${modelColumns("ProductConnection")} FROM "ProductConnection"
          WHERE "shop" = ? AND "productId" ${inKeys} ORDER BY "createdAt", "id"`,
        model<ProductConnection>("ProductConnection"),
      ),
      select(
        customerIds,
        `SELECT ${modelColumns("CustomerConnection")} FROM "CustomerConnection"
          WHERE "shop" = ? AND "customerId" ${inKeys}`,
        model<CustomerConnection>("CustomerConnection"),
      ),
      select(
        customerIds,
        `SELECT "customerId", "orderCreatedAt" FROM "AttributedOrder" ${byCustomer}
          WHERE "shop" = ? AND "customerId" ${inKeys} AND "referrerAffiliateId" IS NOT NULL`,
        (rows) =>
          rows.map((row) => ({ customerId: text(row.customerId), orderCreatedAt: at(row.orderCreatedAt) })),
      ),
      select(
        renewalCustomerIds,
        `SELECT "customerId", "orderId", "orderCreatedAt", "referrerAffiliateId" FROM "AttributedOrder" ${byCustomer}
          WHERE "shop" = ? AND "customerId" ${inKeys} AND "hasSellingPlan" AND "referrerAffiliateId" IS NOT NULL
          ORDER BY "orderCreatedAt" DESC`,
        (rows) =>
          rows.map((row) => ({
            customerId: text(row.customerId),
            orderId: String(row.orderId),
            orderCreatedAt: at(row.orderCreatedAt),
            referrerAffiliateId: text(row.referrerAffiliateId),
          })),
      ),
      select(
        unique(originOrderIds),
        `SELECT "orderId", "referrerAffiliateId" FROM "AttributedOrder" WHERE "shop" = ? AND "orderId" ${inKeys}`,
        (rows) =>
          rows.map((row) => ({
            orderId: String(row.orderId),
            referrerAffiliateId: text(row.referrerAffiliateId),
          })),
      ),
    ]);

  const affiliatesById = new Map(refAffiliates.map((affiliate) => [affiliate.id, affiliate]));
  const wanted = unique([
    ...coupons.map((coupon) => coupon.affiliateId),
    ...productConnections.map((pc) => pc.affiliateId),
    ...connections.map((connection) => connection.affiliateId),
    ...[...sellingPlan, ...origins].flatMap((order) =>
      order.referrerAffiliateId ? [order.referrerAffiliateId] : [],
    ),
  ]).filter((id) => !affiliatesById.has(id));
  const others = await select(
    wanted,
    `SELECT ${modelColumns("Affiliate")} FROM "Affiliate" WHERE "shop" = ? AND "id" ${inKeys}`,
    model<Affiliate>("Affiliate"),
  );
  for (const affiliate of others) affiliatesById.set(affiliate.id, affiliate);

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
    originOrders: new Map(
      origins.map((order) => [order.orderId, { referrerAffiliateId: order.referrerAffiliateId }]),
    ),
    sellingPlanOrders: groupBy(
      sellingPlan,
      (order) => order.customerId ?? "",
      (order) => ({
        at: order.orderCreatedAt.getTime(),
        orderId: order.orderId,
        referrerAffiliateId: order.referrerAffiliateId!,
      }),
    ),
  };
}

/** What the engine is told of an order as a renewal (`renewalOf`), and how the pipeline found it out. */
export interface Renewal {
  renewalOf: { affiliateId: string | null } | null;
  trace: TraceEntry[];
}

export const NOT_A_RENEWAL: Renewal = { renewalOf: null, trace: [] };

/**
 * The affiliate a renewal renews: the one the ledger credited on the order its subscription contract was
 * created from. When Shopify names no such order, or it is not in the ledger, the customer's latest
 * earlier credited order that Shopify said had a selling-plan line stands in for it. When neither is
 * known, the renewal credits no one through the recurring rule (never a guess), and the trace says so.
 */
export function resolveRenewal(facts: OrderFacts, origin: RenewalOrigin, state: ProgramState): Renewal {
  const name = (affiliateId: string) => state.affiliatesById.get(affiliateId)?.refCode ?? affiliateId;
  if (origin.kind === "origin") {
    const recorded = state.originOrders.get(origin.orderId);
    if (recorded) {
      const affiliateId = recorded.referrerAffiliateId;
      const credited = affiliateId
        ? `the ledger credits to ${name(affiliateId)}`
        : "the ledger credits to no affiliate";
      return {
        renewalOf: { affiliateId },
        trace: [renewalTrace(`${origin.trace}, which ${credited}`, affiliateId ?? undefined)],
      };
    }
  }
  const notInLedger = origin.kind === "origin" ? ", which is not in the ledger" : "";
  const placedAt = Date.parse(facts.createdAt);
  const earlier = facts.customer
    ? (state.sellingPlanOrders.get(facts.customer.id) ?? []).find((order) => order.at < placedAt)
    : undefined;
  if (earlier) {
    return {
      renewalOf: { affiliateId: earlier.referrerAffiliateId },
      trace: [
        renewalTrace(
          `${origin.trace}${notInLedger}; the customer's latest earlier credited order with a selling-plan line, ` +
            `${earlier.orderId}, is credited to ${name(earlier.referrerAffiliateId)}`,
          earlier.referrerAffiliateId,
        ),
      ],
    };
  }
  return {
    renewalOf: null,
    trace: [
      renewalTrace(
        `${origin.trace}${notInLedger}; ${facts.customer ? "the customer has no earlier credited order Shopify said had a selling-plan line" : "the order has no customer to look further"}: ` +
          "the affiliate it renews could not be found, so no recurring commission",
      ),
    ],
  };
}

/** The affiliates an order can reach: by its link, the customer's connection, its coupons, products, renewal. */
export function affiliatesInPlay(facts: OrderFacts, state: ProgramState, renewal: Renewal): Affiliate[] {
  return signals(facts, state, renewal).affiliates;
}

function signals(facts: OrderFacts, state: ProgramState, renewal: Renewal) {
  const customerId = facts.customer?.id ?? null;
  const connection = customerId ? (state.connectionsByCustomer.get(customerId) ?? null) : null;
  const coupons = unique(facts.discountCodes.map((code) => code.toLowerCase())).flatMap((key) => {
    const coupon = state.couponsByKey.get(key);
    return coupon ? [coupon] : [];
  });
  const productConnections = unique(
    facts.lineItems.flatMap((line) => (line.productId ? [line.productId] : [])),
  ).flatMap((productId) => state.productConnectionsByProduct.get(productId) ?? []);
  const renewalAffiliateId = renewal.renewalOf?.affiliateId ?? null;
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
  return { connection, coupons, productConnections, affiliates };
}

/** The engine's input for one order, from the batch's program state and what Shopify said. */
export function buildAttributionInput(
  facts: OrderFacts,
  program: Program,
  customer: { isNew: boolean; email: string | null },
  state: ProgramState,
  renewal: Renewal,
): AttributionInput {
  const placedAt = Date.parse(facts.createdAt);
  const { connection, coupons, productConnections, affiliates } = signals(facts, state, renewal);
  const referredOrdersBefore = facts.customer
    ? (state.creditedOrderTimes.get(facts.customer.id) ?? []).filter((at) => at < placedAt).length
    : 0;

  return {
    order: {
      id: facts.orderId,
      createdAt: facts.createdAt,
      currency: facts.currency,
      taxesIncluded: facts.taxesIncluded,
      customer: facts.customer
        ? { id: facts.customer.id, email: customer.email, isNew: customer.isNew, referredOrdersBefore }
        : null,
      lineItems: facts.lineItems,
      shipping: facts.shipping,
      discountCodes: facts.discountCodes,
      ref: facts.ref,
      renewalOf: renewal.renewalOf,
    },
    program,
    affiliates: affiliates.map(engineAffiliate),
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
