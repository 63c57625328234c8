import type { Affiliate, PrismaClient } from "@prisma/client";
import type { AttributionInput, Rate } from "~/attribution";
import type { Program } from "~/models/program/program.server";
import type { OrderFacts } from "./order-facts.server";

export function rateOf(kind: string | null, value: string | null): Rate | null {
  if (!kind || value == null) return null;
  return { kind, value } as Rate;
}

export interface CustomerHistory {
  referredOrdersBefore: number;
  /** For a renewal: the referrer of the customer's latest earlier subscription order (null: none credited). */
  renewalAffiliateId: string | null;
}

/**
 * Everything of the program this order can touch, and nothing else: the affiliates reached by its ref,
 * its discount codes, its products, its customer's connection and its renewal origin. The cost per order
 * does not grow with the size of the program.
 */
export async function loadAttributionInput(
  db: PrismaClient,
  shop: string,
  facts: OrderFacts,
  program: Program,
  customer: { isNew: boolean } | null,
): Promise<{ input: AttributionInput; history: CustomerHistory }> {
  const codeKeys = facts.discountCodes.map((code) => code.toLowerCase());
  const productIds = [
    ...new Set(facts.lineItems.flatMap((line) => (line.productId ? [line.productId] : []))),
  ];
  const customerId = facts.customer?.id ?? null;

  const [connection, coupons, productConnections, refAffiliate, history] = await Promise.all([
    customerId
      ? db.customerConnection.findUnique({ where: { shop_customerId: { shop, customerId } } })
      : null,
    codeKeys.length ? db.coupon.findMany({ where: { shop, codeKey: { in: codeKeys } } }) : [],
    productIds.length
      ? db.productConnection.findMany({
          where: { shop, productId: { in: productIds } },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        })
      : [],
    facts.ref
      ? db.affiliate.findUnique({ where: { shop_refCodeKey: { shop, refCodeKey: facts.ref.toLowerCase() } } })
      : null,
    loadCustomerHistory(db, shop, facts),
  ]);

  const affiliateIds = new Set<string>([
    ...coupons.map((coupon) => coupon.affiliateId),
    ...productConnections.map((pc) => pc.affiliateId),
  ]);
  if (connection) affiliateIds.add(connection.affiliateId);
  if (history.renewalAffiliateId) affiliateIds.add(history.renewalAffiliateId);
  if (refAffiliate) affiliateIds.delete(refAffiliate.id);
  const others: Affiliate[] = affiliateIds.size
    ? await db.affiliate.findMany({ where: { shop, id: { in: [...affiliateIds] } } })
    : [];
  const affiliates = refAffiliate ? [refAffiliate, ...others] : others;

  const input: AttributionInput = {
    order: {
      id: facts.orderId,
      createdAt: facts.createdAt,
      currency: facts.currency,
      taxesIncluded: facts.taxesIncluded,
      customer: facts.customer
        ? {
            id: facts.customer.id,
            email: facts.customer.email,
            isNew: customer?.isNew ?? false,
            referredOrdersBefore: history.referredOrdersBefore,
          }
        : null,
      lineItems: facts.lineItems,
      shipping: facts.shipping,
      discountCodes: facts.discountCodes,
      ref: facts.ref,
      renewalOf: facts.isRenewal ? { affiliateId: history.renewalAffiliateId } : null,
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
  return { input, history };
}

async function loadCustomerHistory(
  db: PrismaClient,
  shop: string,
  facts: OrderFacts,
): Promise<CustomerHistory> {
  const customerId = facts.customer?.id;
  if (!customerId) return { referredOrdersBefore: 0, renewalAffiliateId: null };
  const before = new Date(facts.createdAt);
  const [referredOrdersBefore, origin] = await Promise.all([
    db.attributedOrder.count({
      where: { shop, customerId, referrerAffiliateId: { not: null }, orderCreatedAt: { lt: before } },
    }),
    facts.isRenewal
      ? db.attributedOrder.findFirst({
          where: { shop, customerId, hasSellingPlan: true, orderCreatedAt: { lt: before } },
          orderBy: { orderCreatedAt: "desc" },
          select: { referrerAffiliateId: true },
        })
      : null,
  ]);
  return { referredOrdersBefore, renewalAffiliateId: origin?.referrerAffiliateId ?? null };
}
