import { randomUUID } from "node:crypto";
import type { Affiliate, Coupon, CustomerConnection, LedgerLine, ProductConnection } from "@prisma/client";
import prisma from "~/db.server";
import { createLedgerLine } from "~test/helpers/ledger";
import { TEST_SHOP } from "~test/helpers/shopify";

let sequence = 0;
const next = () => ++sequence;

export async function createAffiliate(overrides: Partial<Affiliate> = {}): Promise<Affiliate> {
  const n = next();
  const refCode = overrides.refCode ?? `affiliate${n}`;
  return prisma.affiliate.create({
    data: {
      shop: TEST_SHOP,
      name: `Affiliate ${n}`,
      email: `affiliate${n}@example.com`,
      active: true,
      ...overrides,
      refCode,
      refCodeKey: refCode.toLowerCase(),
    },
  });
}

export async function createCoupon(affiliate: Affiliate, overrides: Partial<Coupon> = {}): Promise<Coupon> {
  const code = overrides.code ?? `CODE${next()}`;
  return prisma.coupon.create({
    data: {
      shop: affiliate.shop,
      affiliateId: affiliate.id,
      ...overrides,
      code,
      codeKey: code.toLowerCase(),
    },
  });
}

export async function createConnection(
  affiliate: Affiliate,
  overrides: Partial<CustomerConnection> = {},
): Promise<CustomerConnection> {
  return prisma.customerConnection.create({
    data: {
      shop: affiliate.shop,
      affiliateId: affiliate.id,
      customerId: String(7000 + next()),
      customerEmail: null,
      origin: "manual",
      ...overrides,
    },
  });
}

export async function createProductConnection(
  affiliate: Affiliate,
  overrides: Partial<ProductConnection> = {},
): Promise<ProductConnection> {
  return prisma.productConnection.create({
    data: {
      shop: affiliate.shop,
      affiliateId: affiliate.id,
      productId: String(8000 + next()),
      productTitle: "Trail shoe",
      ...overrides,
    },
  });
}

/** An attributed order with one commission line, as the pipeline would have recorded it. */
export async function createCommission(
  affiliate: Affiliate,
  overrides: Partial<LedgerLine> = {},
): Promise<LedgerLine> {
  const orderId = overrides.orderId ?? String(1000 + next());
  const order = await prisma.attributedOrder.create({
    data: {
      shop: affiliate.shop,
      orderId,
      orderName: `#${orderId}`,
      currency: "USD",
      orderCreatedAt: overrides.orderCreatedAt ?? new Date("2026-03-01T12:00:00Z"),
      referrerAffiliateId: affiliate.id,
      referrerSource: "link",
      credited: overrides.type === undefined || overrides.type === "commission",
      input: "{}",
      trace: JSON.stringify([
        {
          code: "referrer_selected",
          message: `Credited to ${affiliate.refCode} through its link`,
          affiliateId: affiliate.id,
        },
      ]),
    },
  });
  return createLedgerLine(prisma, {
    shop: affiliate.shop,
    attributedOrderId: order.id,
    orderId,
    affiliateId: affiliate.id,
    type: "commission",
    source: "link",
    rule: "default",
    base: "100.00",
    amount: "10.00",
    amountMinor: 1000,
    currency: "USD",
    lineItemIds: JSON.stringify([randomUUID()]),
    status: "pending",
    orderCreatedAt: order.orderCreatedAt,
    ...overrides,
  });
}

/** A reversal of `line` (4.00 by default), as the pipeline records it after a refund. */
export async function createReversal(
  line: LedgerLine,
  overrides: Partial<LedgerLine> = {},
): Promise<LedgerLine> {
  return createLedgerLine(prisma, {
    shop: line.shop,
    attributedOrderId: line.attributedOrderId,
    orderId: line.orderId,
    affiliateId: line.affiliateId,
    type: "reversal",
    source: line.source,
    rule: line.rule,
    base: "-40.00",
    amount: "-4.00",
    amountMinor: -400,
    currency: line.currency,
    lineItemIds: line.lineItemIds,
    status: line.status,
    reversalOfId: line.id,
    reversalKey: "refund:1",
    orderCreatedAt: line.orderCreatedAt,
    ...overrides,
  });
}
