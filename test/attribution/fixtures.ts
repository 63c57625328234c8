/**
 * Builders for engine inputs. The defaults are the worked examples' setting (attribution.md):
 * percent 10 default rate, every option off, base without shipping and tax, self-referrals
 * excluded, USD; affiliates A (ref `alice`, coupon `ALICE10`) and B (ref `bob`, coupon `BOB15`),
 * both active; one line L1 of product P1, quantity 2 at 50.00, no discount, no tax.
 */
import type {
  Affiliate,
  AttributionInput,
  Coupon,
  Customer,
  CustomerConnection,
  LineItem,
  ManualReferral,
  Order,
  ProductConnection,
  ProgramSettings,
  Rate,
} from "~/attribution/types";

export const percent = (value: string): Rate => ({ kind: "percent", value });
export const flatPerOrder = (value: string): Rate => ({ kind: "flat_per_order", value });
export const flatPerItem = (value: string): Rate => ({ kind: "flat_per_item", value });

export const CREATED_AT = "2026-03-01T12:00:00Z";

export function program(
  overrides: { [K in keyof ProgramSettings]?: Partial<ProgramSettings[K]> } = {},
): ProgramSettings {
  const base: ProgramSettings = {
    defaultRate: percent("10"),
    newCustomer: { enabled: false, rate: percent("20") },
    couponCommission: { enabled: false, rate: percent("15"), appliesTo: "affiliate_coupons" },
    firstCommission: { enabled: false, rate: percent("30") },
    lifetime: { enabled: false, expiresAfterDays: null },
    recurring: { enabled: false },
    base: { includeShipping: false, includeTax: false },
    excludeSelfReferrals: true,
  };
  return {
    defaultRate: (overrides.defaultRate as Rate | undefined) ?? base.defaultRate,
    newCustomer: { ...base.newCustomer, ...overrides.newCustomer },
    couponCommission: { ...base.couponCommission, ...overrides.couponCommission },
    firstCommission: { ...base.firstCommission, ...overrides.firstCommission },
    lifetime: { ...base.lifetime, ...overrides.lifetime },
    recurring: { ...base.recurring, ...overrides.recurring },
    base: { ...base.base, ...overrides.base },
    excludeSelfReferrals: overrides.excludeSelfReferrals ?? base.excludeSelfReferrals,
  };
}

export function affiliate(overrides: Partial<Affiliate> & { id: string; refCode: string }): Affiliate {
  return {
    email: `${overrides.refCode.toLowerCase()}@example.com`,
    customerId: `cust-${overrides.id}`,
    active: true,
    rate: null,
    ...overrides,
  };
}

export const ALICE = affiliate({ id: "A", refCode: "alice" });
export const BOB = affiliate({ id: "B", refCode: "bob" });

export function line(overrides: Partial<LineItem> = {}): LineItem {
  return {
    id: "L1",
    productId: "P1",
    quantity: 2,
    unitPrice: "50.00",
    discount: "0",
    tax: "0",
    giftCard: false,
    ...overrides,
  };
}

export function customer(overrides: Partial<Customer> = {}): Customer {
  return { id: "cust-1", email: "carol@example.com", isNew: false, referredOrdersBefore: 0, ...overrides };
}

export interface InputOptions {
  order?: Partial<Omit<Order, "customer" | "lineItems">>;
  /** Merged into the default customer; null for a guest order. */
  customer?: Partial<Customer> | null;
  lineItems?: LineItem[];
  program?: Parameters<typeof program>[0];
  affiliates?: Affiliate[];
  connection?: CustomerConnection | null;
  productConnections?: ProductConnection[];
  coupons?: Coupon[];
  manualReferral?: ManualReferral | null;
}

/** A complete, valid input: the worked examples' defaults with `options` applied. */
export function input(options: InputOptions = {}): AttributionInput {
  return {
    order: {
      id: "1001",
      createdAt: CREATED_AT,
      currency: "USD",
      taxesIncluded: false,
      customer: options.customer === null ? null : customer(options.customer),
      lineItems: options.lineItems ?? [line()],
      shipping: "0",
      discountCodes: [],
      ref: null,
      renewalOf: null,
      ...options.order,
    },
    program: program(options.program),
    affiliates: options.affiliates ?? [ALICE, BOB],
    connection: options.connection ?? null,
    productConnections: options.productConnections ?? [],
    coupons: options.coupons ?? [
      { code: "ALICE10", affiliateId: "A" },
      { code: "BOB15", affiliateId: "B" },
    ],
    ...(options.manualReferral === undefined ? {} : { manualReferral: options.manualReferral }),
  };
}
