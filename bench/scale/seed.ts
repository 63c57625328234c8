/**
 * Seeds a migrated SQLite database with a store's history, as the app would have stored it: a big shop
 * (10,000 affiliates, coupons, product connections, customers with lifetime connections and subscriptions,
 * and `orders` orders over a year per 250,000) and a second, small shop.
 *
 * Honest by construction: every order is an `orders/create` payload read by the pipeline's own
 * `readOrderFacts`, asked about by `customerFacts` (answered from the seeded customers) and, for a
 * subscription's renewal, by `renewalOrigin` and `resolveRenewal` (the contract's origin order), given its input
 * by `buildAttributionInput` and attributed by the engine; its rows come from the ledger writer's row
 * builders, refunds and cancellations from the ledger's own reversal builders, connections follow the
 * pipeline's rule (a valid connection stands). Only the I/O is different: rows are written in large
 * batches, in time order, with statuses as a year of reviewing leaves them.
 *
 * As a script: `npm run bench:seed -- --database <migrated file> [--size 25k|250k|330k|1m]` (./seed-cli.ts).
 */
import { Worker } from "node:worker_threads";
import { createClient, type Client, type InStatement } from "@libsql/client";
import {
  Prisma,
  PrismaClient,
  type Affiliate,
  type Coupon,
  type CustomerConnection,
  type ProductConnection,
  type RefundedLine,
} from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { appScopes } from "~root/scripts/lib/app-server.mjs";
import { attributeOrder, type AttributionInput } from "~/attribution";
import { orderedId } from "~/lib/ordered-id.server";
import { insertModelRows, sqliteDateTime, type SqliteRow } from "~/lib/sqlite.server";
import { LedgerStatus, type LedgerStatus as Status } from "~/models/ledger/status";
import { reversalStatusFor } from "~/models/ledger/review.server";
import {
  cancellationReversalRows,
  refundReversalRows,
  type LineForReversal,
} from "~/models/ledger/reversals.server";
import { storeShopProfile } from "~/models/ledger/time-zone.server";
import { attributedOrderRows, ledgerInsertStatements } from "~/models/ledger/writer.server";
import { CouponTotalsChange } from "~/models/ledger/coupon-totals.server";
import { saveProgramSettings, type Program } from "~/models/program/program.server";
import {
  buildAttributionInput,
  NOT_A_RENEWAL,
  resolveRenewal,
  type ProgramState,
} from "~/pipeline/attribution-input.server";
import type { AdminGraphqlClient } from "~/graphql/client";
import { askCustomers, customerFacts, needsShopifyCustomer } from "~/pipeline/customer-facts.server";
import { renewalOrigin, type SubscriptionLines } from "~/pipeline/subscription-lines.server";
import { readOrderFacts, type OrderFacts } from "~/pipeline/order-facts.server";
import { buildFiguresInSql } from "./seed-figures";
import { SeedTimings, cpuSeconds } from "./seed-timings";

const DAY = 86_400_000;

export interface ShopPlan {
  shop: string;
  currency: string;
  /** The shop's IANA time zone. */
  timeZone: string;
  name: string;
  affiliates: number;
  orders: number;
  customers: number;
  products: number;
  /** Products with a product connection (the most popular ones), and how many of them have two. */
  connectedProducts: number;
  doublyConnectedProducts: number;
  /** Every third affiliate among the first `couponAffiliates` has a coupon. */
  couponAffiliates: number;
  manualConnections: number;
  /** The history runs from `end - days` to `end`. */
  days: number;
  seed: number;
}

/** Orders a year in the big shop: the sizes grow the history, not the pace. */
const ORDERS_PER_YEAR = 250_000;

/** "empty": the shops installed, with their settings and profiles, and nothing else yet. */
/** "330k": about a million ledger lines in the big shop, the size the export is held to. */
export const SIZES: Record<string, number> = {
  empty: 0,
  "25k": 25_000,
  "250k": 250_000,
  "330k": 330_000,
  "1m": 1_000_000,
};

export const BIG_SHOP = "big-shop.myshopify.com";
export const SMALL_SHOP = "small-shop.myshopify.com";

/** The big shop; `days` of history instead of a year per 250,000 orders (a small test's whole review cycle). */
export function bigShopPlan(orders: number, days?: number): ShopPlan {
  const plan: ShopPlan = {
    shop: BIG_SHOP,
    currency: "USD",
    timeZone: "America/New_York",
    name: "Big Outdoor Co.",
    affiliates: 10_000,
    orders,
    customers: Math.round(orders * 0.208),
    products: 2_000,
    connectedProducts: 700,
    doublyConnectedProducts: 60,
    couponAffiliates: 9_000,
    manualConnections: Math.round(orders / 250),
    days: days ?? Math.max(7, Math.round((orders / ORDERS_PER_YEAR) * 365)),
    seed: 1,
  };
  if (orders > 0) return plan;
  return {
    ...plan,
    affiliates: 0,
    customers: 0,
    connectedProducts: 0,
    doublyConnectedProducts: 0,
    couponAffiliates: 0,
    manualConnections: 0,
  };
}

export function smallShopPlan(): ShopPlan {
  return {
    shop: SMALL_SHOP,
    currency: "EUR",
    timeZone: "Europe/Berlin",
    name: "Kleiner Laden",
    affiliates: 20,
    orders: 500,
    customers: 200,
    products: 40,
    connectedProducts: 6,
    doublyConnectedProducts: 1,
    couponAffiliates: 20,
    manualConnections: 5,
    days: 365,
    seed: 2,
  };
}

export const PROGRAM: Program = {
  defaultRate: { kind: "percent", value: "10" },
  newCustomer: { enabled: true, rate: { kind: "percent", value: "15" } },
  couponCommission: {
    enabled: true,
    rate: { kind: "percent", value: "12" },
    appliesTo: "affiliate_coupons",
  },
  firstCommission: { enabled: false, rate: { kind: "percent", value: "20" } },
  lifetime: { enabled: true, expiresAfterDays: 90 },
  recurring: { enabled: true },
  base: { includeShipping: false, includeTax: false },
  excludeSelfReferrals: true,
};

/** A small, fast, seeded random source (mulberry32), so every run seeds the same history. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** 0 … n-1, uniformly. */
    int: (n: number) => Math.floor(next() * n),
    /** 0 … n-1, the first ones far more often (popular affiliates, best-selling products). */
    skewed: (n: number, power: number) => Math.floor(n * next() ** power),
    chance: (p: number) => next() < p,
  };
}

type Random = ReturnType<typeof randomSource>;

interface Customer {
  id: string;
  email: string;
  subscriber: boolean;
  /** When Shopify created it (its first order), once it ordered; and how many orders it has. */
  createdAt: number | null;
  orders: number;
  /** A subscriber's first order: its subscription contract was created from it. */
  subscriptionOrigin: string | null;
}

interface SeedCounts {
  orders: number;
  lines: number;
  reversals: number;
  connections: number;
}

const BATCH_ORDERS = 2_000;

/**
 * Seeds one shop into the database. Statuses are decided as a year of reviewing leaves them, by the age
 * of the line at `end`: older than 60 days mostly paid, 30–60 days mostly approved, newer mostly pending,
 * a few denied at every age; reversals take their commission's status as the app's review rules do.
 */
export async function seedShop(
  db: PrismaClient,
  writer: BatchWriter,
  plan: ShopPlan,
  end: Date,
): Promise<SeedCounts> {
  const random = randomSource(plan.seed);
  const { shop } = plan;
  const start = end.getTime() - plan.days * DAY;
  const at = (ms: number) => sqliteDateTime(new Date(ms));

  await writer.flush(); // Prisma writes on a connection of its own: one writer at a time.
  await db.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "installed",
      isOnline: false,
      scope: appScopes(),
      accessToken: `shpat_${shop.split(".")[0]}`,
    },
  });
  await saveProgramSettings(db, shop, {
    program: PROGRAM,
    autoApproveDays: null,
    creditTestOrders: false,
    cookieWindowDays: 30,
  });

  // Affiliates, as the Affiliates screen stores them: a few inactive, some with their own rate.
  const affiliates: Affiliate[] = [];
  for (let i = 0; i < plan.affiliates; i++) {
    const refCode = `aff${String(i).padStart(5, "0")}`;
    const createdAt = new Date(start - DAY + i * 1000);
    affiliates.push({
      id: orderedId(createdAt.getTime()),
      shop,
      name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]} ${i}`,
      email: `${refCode}@affiliates.example`,
      refCode,
      refCodeKey: refCode.toLowerCase(),
      customerId: null,
      active: i % 37 !== 36,
      rateKind: i % 10 === 3 ? "percent" : null,
      rateValue: i % 10 === 3 ? "12.5" : null,
      createdAt,
      updatedAt: createdAt,
      // Added by hand on the Affiliates screen: approved, no application.
      applicationStatus: "approved",
      appliedAt: null,
      promotion: null,
      payoutEmail: null,
      termsAcceptedAt: null,
      declineReason: null,
      decidedAt: null,
    });
  }
  const coupons: Coupon[] = [];
  for (let i = 0; i < plan.couponAffiliates; i += 3) {
    const code = `${affiliates[i].refCode.toUpperCase()}-10`;
    coupons.push({
      id: orderedId(start),
      shop,
      code,
      codeKey: code.toLowerCase(),
      affiliateId: affiliates[i].id,
      shopifyDiscountId: `gid://shopify/DiscountCodeNode/${100000 + i}`,
      createdAt: new Date(start),
    });
  }
  const couponByAffiliate = new Map(coupons.map((coupon) => [coupon.affiliateId, coupon]));
  const productConnections: ProductConnection[] = [];
  for (let p = 0; p < plan.connectedProducts; p++) {
    const owners = p < plan.doublyConnectedProducts ? 2 : 1;
    for (let k = 0; k < owners; k++) {
      productConnections.push({
        id: orderedId(start),
        shop,
        productId: productId(p),
        productTitle: `Product ${p + 1}`,
        affiliateId: affiliates[(p * 7 + k * 101) % plan.affiliates].id,
        rateKind: p % 5 === 0 ? "percent" : p % 5 === 1 ? "flat_per_item" : null,
        rateValue: p % 5 === 0 ? "8" : p % 5 === 1 ? "2.50" : null,
        createdAt: new Date(start + k),
      });
    }
  }
  const productConnectionsByProduct = new Map<string, ProductConnection[]>();
  for (const connection of productConnections) {
    const list = productConnectionsByProduct.get(connection.productId) ?? [];
    list.push(connection);
    productConnectionsByProduct.set(connection.productId, list);
  }

  const customers: Customer[] = [];
  for (let i = 0; i < plan.customers; i++) {
    customers.push({
      id: String(5_000_000_000 + i),
      email: `customer${i}@shoppers.example`,
      subscriber: i % 25 === 0,
      createdAt: null,
      orders: 0,
      subscriptionOrigin: null,
    });
  }
  const connections = new Map<string, CustomerConnection>();
  for (let i = 0; i < plan.manualConnections; i++) {
    const customer = customers[random.int(customers.length)];
    connections.set(customer.id, {
      id: orderedId(start),
      shop,
      customerId: customer.id,
      customerEmail: customer.email,
      customerName: null,
      affiliateId: affiliates[random.skewed(plan.affiliates, 3)].id,
      expiresAt: null,
      origin: "manual",
      orderId: null,
      createdAt: new Date(start),
    });
  }
  await writer.write([
    ...insertModelRows(
      "Affiliate",
      Object.values(Prisma.AffiliateScalarFieldEnum),
      affiliates.map(sqliteRow),
    ),
    ...insertModelRows("Coupon", Object.values(Prisma.CouponScalarFieldEnum), coupons.map(sqliteRow)),
    ...insertModelRows(
      "ProductConnection",
      Object.values(Prisma.ProductConnectionScalarFieldEnum),
      productConnections.map(sqliteRow),
    ),
  ]);

  const affiliatesById = new Map(affiliates.map((affiliate) => [affiliate.id, affiliate]));
  const state: ProgramState = {
    affiliatesById,
    affiliateIdByRefKey: new Map(affiliates.map((affiliate) => [affiliate.refCodeKey, affiliate.id])),
    couponsByKey: new Map(coupons.map((coupon) => [coupon.codeKey, coupon])),
    productConnectionsByProduct,
    connectionsByCustomer: connections,
    creditedOrderTimes: new Map(),
    originOrders: new Map(),
    sellingPlanOrders: new Map(),
  };

  const counts: SeedCounts = { orders: 0, lines: 0, reversals: 0, connections: 0 };
  const pendingOrders: Array<ReturnType<typeof attributedOrderRows>["order"]> = [];
  const pendingLines: Array<ReturnType<typeof attributedOrderRows>["lines"][number]> = [];
  const reversalRows: Prisma.LedgerLineCreateManyInput[] = [];
  const cancelled: Array<{ id: string; at: number }> = [];
  const refundedLines: RefundedLine[] = [];
  // Each code's usage, as the pipeline and the reversals write it beside the rows (a line's status here is
  // already its last: it counts in that status only).
  let couponFigures = new CouponTotalsChange(shop);
  const flush = async () => {
    for (const line of [...pendingLines, ...reversalRows])
      couponFigures.add({ ...line, couponCodeKey: line.couponCodeKey ?? null });
    const statements: InStatement[] = [
      ...ledgerInsertStatements(pendingOrders, pendingLines),
      ...couponFigures.statements(),
      ...insertModelRows(
        "LedgerLine",
        Object.values(Prisma.LedgerLineScalarFieldEnum),
        reversalRows.map((row) => sqliteRow({ ...row, id: orderedId() } as Prisma.LedgerLineCreateManyInput)),
      ),
      ...insertModelRows(
        "RefundedLine",
        Object.values(Prisma.RefundedLineScalarFieldEnum),
        refundedLines.map(sqliteRow),
      ),
      ...cancelled.map(({ id, at: when }) => ({
        sql: `UPDATE "AttributedOrder" SET "cancelledAt" = ? WHERE "id" = ?`,
        args: [at(when), id],
      })),
    ];
    counts.lines += pendingLines.length + reversalRows.length;
    counts.reversals += reversalRows.length;
    couponFigures = new CouponTotalsChange(shop);
    pendingOrders.length = 0;
    pendingLines.length = 0;
    reversalRows.length = 0;
    cancelled.length = 0;
    refundedLines.length = 0;
    await writer.write(statements);
  };

  const step = (plan.days * DAY) / plan.orders;
  for (let n = 0; n < plan.orders; n++) {
    const placedAt = Math.floor(start + n * step + random.next() * step);
    const order = orderPayload(n, placedAt, plan, random, customers, affiliates, couponByAffiliate);
    // The facts are built beside the payload (reading 250,000 payloads would take most of the seeding);
    // every 50th is read by the pipeline's own reader, and must come out the same.
    const facts = order.facts;
    if (n % 50 === 0) assertSameFacts(readOrderFacts(order.payload), facts);
    const customer = order.customer;
    if (customer) {
      customer.orders += 1;
      customer.createdAt ??= placedAt - 60_000;
    }
    // A renewal: Shopify answers that its line belongs to the subscription contract created from the
    // customer's first subscription order (what askSubscriptionLines reads).
    const renewal =
      facts.isRenewal && order.subscribedWith
        ? resolveRenewal(
            facts,
            renewalOrigin(facts.orderId, subscriptionAnswer(facts, order.subscribedWith)),
            state,
          )
        : NOT_A_RENEWAL;
    const needs = { newCustomer: PROGRAM.newCustomer.enabled, email: false };
    const customerAnswer = customerFacts(
      facts,
      needs,
      facts.customer && needsShopifyCustomer(facts, needs)
        ? await askCustomers(shopifyAnswering(customer), [facts.customer.id])
        : new Map(),
    );
    const input = buildAttributionInput(facts, PROGRAM, customerAnswer, state, renewal);
    const result = facts.test ? { commissions: [], connect: null, trace: [] } : attributeOrder(input);
    const asked = [...renewal.trace, ...customerAnswer.trace];
    const trace = facts.test
      ? [
          ...asked,
          {
            code: "test_order_not_credited",
            message: "Test order: not credited (crediting test orders is off in Settings)",
          },
        ]
      : [...asked, ...result.trace];
    const recordedAt = placedAt + 2_000 + random.int(60_000);
    const status = statusAt(end.getTime() - recordedAt, random);
    const rows = attributedOrderRows(
      shop,
      {
        orderId: facts.orderId,
        orderName: facts.orderName,
        customer: input.order.customer
          ? { id: input.order.customer.id, email: input.order.customer.email }
          : null,
        currency: facts.currency,
        orderCreatedAt: new Date(facts.createdAt),
        hasSellingPlan: order.subscribedWith !== null,
        test: facts.test,
        input,
        trace,
        commissions: result.commissions,
      },
      { status, now: new Date(recordedAt) },
    );
    pendingOrders.push(rows.order);
    couponFigures.addOrder({ discountCodes: input.order.discountCodes, currency: facts.currency });
    pendingLines.push(...rows.lines);
    counts.orders += 1;

    rememberOrder(state, facts, placedAt, rows.order.referrerAffiliateId, order.subscribedWith !== null);
    if (result.connect) connect(state, shop, facts, result.connect, placedAt, recordedAt);

    reverse(
      shop,
      input,
      rows,
      status,
      recordedAt,
      end.getTime(),
      random,
      reversalRows,
      cancelled,
      refundedLines,
    );
    if (pendingOrders.length >= BATCH_ORDERS) await flush();
  }
  await flush();

  const connectionRows = [...connections.values()];
  counts.connections = connectionRows.length;
  await writer.write(
    insertModelRows(
      "CustomerConnection",
      Object.values(Prisma.CustomerConnectionScalarFieldEnum),
      connectionRows.map(sqliteRow),
    ),
  );
  return counts;
}

/** A row as the driver writes it: Dates as Prisma stores them, Booleans as 0 or 1. */
function sqliteRow<Model extends object>(row: Model): SqliteRow<Model> {
  const converted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    converted[key] =
      value instanceof Date ? sqliteDateTime(value) : typeof value === "boolean" ? (value ? 1 : 0) : value;
  }
  return converted as SqliteRow<Model>;
}

/** Shopify's answer about the order's customer (what `askCustomers` asks), from the seeded customers. */
function shopifyAnswering(customer: Customer | null): AdminGraphqlClient {
  const body = {
    data: {
      nodes: [
        customer && {
          id: `gid://shopify/Customer/${customer.id}`,
          createdAt: new Date(customer.createdAt!).toISOString(),
          numberOfOrders: String(customer.orders),
        },
      ],
    },
  };
  return async () => ({ ok: true, status: 200, json: async () => body }) as Response;
}

function assertSameFacts(read: OrderFacts, built: OrderFacts): void {
  const [a, b] = [JSON.stringify(read), JSON.stringify(built)];
  if (a !== b) throw new Error(`The seeder's order facts differ from the pipeline's reading:\n${a}\n${b}`);
}

/** Writes batches on a thread of its own (./writer-thread.mjs), at most two batches ahead of it. */
class BatchWriter {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly inFlight: Array<Promise<void>> = [];
  /** Time the seeding waited for the writer (the rest of the main loop is building rows). */
  waitedSeconds = 0;

  constructor(
    databaseUrl: string,
    private readonly timings: SeedTimings,
  ) {
    this.worker = new Worker(new URL("./writer-thread.mjs", import.meta.url), {
      workerData: { databaseUrl },
    });
    this.worker.on(
      "message",
      ({ id, error, times }: { id: number; error?: string; times?: Record<string, number> }) => {
        const settle = this.waiting.get(id)!;
        this.waiting.delete(id);
        if (times) this.timings.addWriter(times);
        if (error) settle.reject(new Error(error));
        else settle.resolve();
      },
    );
  }

  /** Queues a batch (one transaction); waits only when two are being written already. */
  async write(statements: InStatement[]): Promise<void> {
    if (statements.length === 0) return;
    const started = performance.now();
    while (this.inFlight.length >= 2) await this.inFlight.shift();
    this.waitedSeconds += (performance.now() - started) / 1000;
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ id, statements });
    this.inFlight.push(done);
  }

  /** Waits for every queued batch. */
  async flush(): Promise<void> {
    const started = performance.now();
    while (this.inFlight.length > 0) await this.inFlight.shift();
    this.waitedSeconds += (performance.now() - started) / 1000;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.worker.terminate();
  }
}

const productId = (p: number) => String(9_000_000_000 + p);

const FIRST_NAMES = [
  "Ada",
  "Ben",
  "Chloé",
  "Dev",
  "Eun-ji",
  "Farah",
  "Gus",
  "Hana",
  "Ivo",
  "Jun",
  "Kai",
  "Lea",
];
const LAST_NAMES = ["Moreau", "Okafor", "Svensson", "Tanaka", "Novak", "Reyes", "Dubois", "Kowalski", "Ito"];

/**
 * Order n as Shopify sends it: 1 to 6 lines of the catalogue (the best sellers more often, some with a
 * selling plan for subscribers), a customer (most orders), and what brought it: a link (`landing_site` or
 * the storefront embed's `_affiliate_ref`), an affiliate's coupon, a store-wide code, or nothing; a
 * subscriber's later orders are renewals (`source_name: subscription_contract`).
 */
function orderPayload(
  n: number,
  placedAt: number,
  plan: ShopPlan,
  random: Random,
  customers: Customer[],
  affiliates: Affiliate[],
  couponByAffiliate: Map<string, Coupon>,
) {
  const customer = random.chance(0.96) ? customers[random.int(customers.length)] : null;
  const renewal = !!customer?.subscriber && customer.orders > 0;
  const referrer = affiliates[random.skewed(plan.affiliates, 3)];
  const signal = random.next();
  const codes: string[] = [];
  let ref: string | null = null;
  let viaEmbed = false;
  if (!renewal) {
    if (signal < 0.6) {
      ref = referrer.refCode;
      viaEmbed = random.chance(0.5);
    } else if (signal < 0.88) {
      const coupon = couponByAffiliate.get(referrer.id);
      if (coupon) codes.push(coupon.code);
      else ref = referrer.refCode;
      if (random.chance(0.25)) ref = affiliates[random.skewed(plan.affiliates, 3)].refCode;
    }
    if (random.chance(0.1)) codes.push("WELCOME5");
  }
  const lineCount = 1 + random.int(6);
  const money = (amount: string) => ({ shop_money: { amount, currency_code: plan.currency } });
  const lineItems = [];
  for (let i = 0; i < lineCount; i++) {
    const product = random.skewed(plan.products, 2);
    const price = (5 + ((product * 37) % 195) + 0.99).toFixed(2);
    const quantity = 1 + (random.chance(0.2) ? random.int(3) : 0);
    const discount = codes.length > 0 ? ((Number(price) * quantity) / 10).toFixed(2) : null;
    lineItems.push({
      id: n * 10 + i + 1,
      product_id: Number(productId(product)),
      title: `Catalogue item ${product + 1}`,
      variant_id: Number(productId(product)) + 1,
      quantity,
      price,
      price_set: money(price),
      gift_card: false,
      discount_allocations: discount ? [{ amount: discount, amount_set: money(discount) }] : [],
      tax_lines: [],
    });
  }
  const test = random.chance(0.005);
  const payload = {
    id: 6_000_000_000 + n,
    name: `#${1001 + n}`,
    created_at: new Date(placedAt).toISOString(),
    test,
    currency: plan.currency,
    taxes_included: false,
    source_name: renewal ? "subscription_contract" : "web",
    landing_site: ref && !viaEmbed ? `/products/trail-shoe?ref=${ref}` : "/",
    note_attributes: ref && viaEmbed ? [{ name: "_affiliate_ref", value: ref }] : [],
    discount_codes: codes.map((code) => ({ code, amount: "1.00", type: "percentage" })),
    line_items: lineItems,
    shipping_lines: [{ price: "5.00", discounted_price: "5.00", discounted_price_set: money("5.00") }],
    customer: customer ? { id: Number(customer.id), email: customer.email } : null,
  };
  const facts: OrderFacts = {
    orderId: String(payload.id),
    orderName: payload.name,
    createdAt: payload.created_at,
    test,
    currency: plan.currency,
    taxesIncluded: false,
    customer: customer ? { id: customer.id, email: customer.email, name: null } : null,
    lineItems: lineItems.map((line) => ({
      id: String(line.id),
      productId: String(line.product_id),
      title: line.title,
      quantity: line.quantity,
      unitPrice: line.price,
      discount: line.discount_allocations[0]?.amount ?? "0",
      tax: "0",
      giftCard: false,
    })),
    shipping: "5.00",
    discountCodes: codes,
    ref,
    isRenewal: renewal,
  };
  // A subscriber's orders are all on the contract made from its first one (API 2025-10 webhooks do not say
  // so: the pipeline asks Shopify, see subscriptionAnswer).
  let subscribedWith: string | null = null;
  if (customer?.subscriber) subscribedWith = customer.subscriptionOrigin ??= facts.orderId;
  return { payload, facts, customer, subscribedWith };
}

/** The status a line recorded `age` ms before the end of the history has after a year of reviewing. */
function statusAt(age: number, random: Random): Status {
  const r = random.next();
  if (r < 0.03) return LedgerStatus.denied;
  if (age > 60 * DAY) return r < 0.93 ? LedgerStatus.paid : LedgerStatus.approved;
  if (age > 30 * DAY) return r < 0.75 ? LedgerStatus.approved : LedgerStatus.pending;
  return r < 0.88 ? LedgerStatus.pending : LedgerStatus.approved;
}

/** What the next orders of this customer read from the database in the pipeline: credits, subscriptions. */
function rememberOrder(
  state: ProgramState,
  facts: OrderFacts,
  placedAt: number,
  referrer: string | null,
  sellingPlan: boolean,
) {
  const customerId = facts.customer?.id;
  if (!customerId) return;
  if (referrer) {
    const times = state.creditedOrderTimes.get(customerId) ?? [];
    times.push(placedAt);
    state.creditedOrderTimes.set(customerId, times);
  }
  if (sellingPlan && !facts.isRenewal)
    state.originOrders.set(facts.orderId, { referrerAffiliateId: referrer });
  if (sellingPlan && referrer) {
    const orders = state.sellingPlanOrders.get(customerId) ?? [];
    orders.unshift({ at: placedAt, orderId: facts.orderId, referrerAffiliateId: referrer });
    state.sellingPlanOrders.set(customerId, orders);
  }
}

/** What Shopify answers about a subscription order's lines: the first on a plan, of the customer's contract. */
function subscriptionAnswer(facts: OrderFacts, originOrderId: string): SubscriptionLines {
  return {
    found: true,
    contractsRefused: false,
    lines: facts.lineItems.map((line, index) => ({
      lineItemId: line.id,
      sellingPlan: index === 0 ? "Deliver every month" : null,
      contractId: index === 0 ? String(8_000_000_000 + Number(originOrderId.slice(-9))) : null,
      originOrderId: index === 0 ? originOrderId : null,
    })),
  };
}

/** The pipeline's upsert of the lifetime connection: a connection that is still valid stands. */
function connect(
  state: ProgramState,
  shop: string,
  facts: OrderFacts,
  instruction: { customerId: string; affiliateId: string; expiresAt: string | null },
  placedAt: number,
  recordedAt: number,
) {
  const existing = state.connectionsByCustomer.get(instruction.customerId);
  if (existing) {
    const stillValid =
      state.affiliatesById.get(existing.affiliateId)?.active &&
      (existing.expiresAt === null || existing.expiresAt.getTime() > placedAt);
    if (stillValid) return;
  }
  state.connectionsByCustomer.set(instruction.customerId, {
    id: existing?.id ?? orderedId(recordedAt),
    shop,
    customerId: instruction.customerId,
    customerEmail: facts.customer?.email ?? null,
    customerName: existing?.customerName ?? null,
    affiliateId: instruction.affiliateId,
    expiresAt: instruction.expiresAt ? new Date(instruction.expiresAt) : null,
    origin: "referred_order",
    orderId: facts.orderId,
    createdAt: new Date(recordedAt),
  });
}

/**
 * Some orders are refunded in part (one unit of one line, 5 to 20 days later) and some cancelled (within 3
 * days), through the ledger's own reversal builders; each reversal takes its status from its commission
 * as the review rules leave it.
 */
function reverse(
  shop: string,
  input: AttributionInput,
  rows: ReturnType<typeof attributedOrderRows>,
  status: Status,
  recordedAt: number,
  end: number,
  random: Random,
  out: Prisma.LedgerLineCreateManyInput[],
  cancelled: Array<{ id: string; at: number }>,
  refundedLines: RefundedLine[],
) {
  if (rows.lines.length === 0) return;
  const order = { input: rows.order.input, currency: rows.order.currency };
  const ledger: LineForReversal[] = rows.lines.map((line) => ({ ...line }));
  const refundAt = recordedAt + (5 + random.int(16)) * DAY;
  if (random.chance(0.07) && refundAt < end) {
    const line = input.order.lineItems[random.int(input.order.lineItems.length)];
    const refund = {
      refundId: String(random.int(1e9)),
      orderId: input.order.id,
      lines: [{ lineItemId: line.id, quantity: 1 }],
    };
    const made = refundReversalRows(shop, order, ledger, refund, new Date(refundAt));
    // What the refund refunded of the line, as the pipeline keeps it beside the reversals.
    refundedLines.push({
      id: orderedId(refundAt),
      shop,
      orderId: refund.orderId,
      refundId: refund.refundId,
      lineItemId: line.id,
      quantity: 1,
      createdAt: new Date(refundAt),
    });
    for (const row of made) {
      row.status = reversalStatusAfter(status, refundAt, end);
      ledger.push({ ...(row as LineForReversal), id: orderedId() });
    }
    out.push(...made);
  }
  const cancelAt = recordedAt + random.int(3 * DAY);
  if (random.chance(0.02) && cancelAt < end) {
    const made = cancellationReversalRows(shop, order, ledger, new Date(cancelAt));
    for (const row of made) row.status = reversalStatusAfter(status, cancelAt, end);
    out.push(...made);
    cancelled.push({ id: rows.order.id, at: cancelAt });
  }
}

/**
 * A reversal's status once the review is over: it starts as `reversalStatusFor` the commission's status
 * then, follows its commission while unpaid, and stays approved (deducted from the next payout) when the
 * commission was already paid. A commission paid by the end was paid about 30 days after it was recorded.
 */
function reversalStatusAfter(finalStatus: Status, reversedAt: number, end: number): Status {
  if (finalStatus !== LedgerStatus.paid) return reversalStatusFor(finalStatus);
  const paidAt = end - 45 * DAY;
  return reversedAt < paidAt ? LedgerStatus.paid : LedgerStatus.approved;
}

export interface SeedReport {
  shops: Array<{ shop: string } & SeedCounts>;
  seconds: number;
  /** Where the time went: each phase's wall and CPU (all threads), the writer thread's time per table. */
  timings: ReturnType<SeedTimings["toJSON"]>;
}

/**
 * Drops the indexes of these tables (the unique ones included: the seeder writes no duplicates) and
 * returns the statements that make them again, exactly as the migrations made them.
 */
async function setIndexesAside(sqlite: Client, tables: string[]): Promise<string[]> {
  const { rows } = await sqlite.execute({
    sql: `SELECT "name", "sql" FROM "sqlite_master" WHERE "type" = 'index' AND "sql" IS NOT NULL
      AND "tbl_name" IN (${tables.map(() => "?").join(", ")})`,
    args: tables,
  });
  for (const row of rows) await sqlite.execute(`DROP INDEX "${String(row.name)}"`);
  return rows.map((row) => String(row.sql));
}

/** Seeds the big shop with `orders` orders and the small shop into a migrated database. */
export async function seedDatabase(
  databaseUrl: string,
  { orders, end = new Date(), days }: { orders: number; end?: Date; days?: number },
): Promise<SeedReport> {
  const started = performance.now();
  const timings = new SeedTimings();
  const sqlite = createClient({ url: databaseUrl });
  // Seeding writes a history at once into a new file: no crash to survive, so no journal to keep (the
  // app puts the database back in WAL mode when it opens it). The driver opens a new connection after
  // each transaction: each is set up so before it is used.
  const bulkLoading = async () => {
    await sqlite.execute("PRAGMA journal_mode = OFF");
    await sqlite.execute("PRAGMA synchronous = OFF");
    await sqlite.execute("PRAGMA cache_size = -262144");
  };
  await bulkLoading();
  const db = new PrismaClient({ adapter: new PrismaLibSQL({ url: databaseUrl }) });
  try {
    // A bulk load: the migrations' indexes are set aside, then built once over the loaded rows.
    const indexes = await timings.phase("set indexes aside", () =>
      setIndexesAside(sqlite, ["AttributedOrder", "LedgerLine", "CustomerConnection"]),
    );
    const plans = [bigShopPlan(orders, days), smallShopPlan()];
    const shops = [];
    // The shops' profiles, as the app stores them when the merchant first opens it (before any order here:
    // the figures are then kept in each shop's zone from the first line on).
    await timings.phase("shop profiles", async () => {
      for (const plan of plans) {
        const facts = { name: plan.name, timeZone: plan.timeZone, currency: plan.currency };
        await storeShopProfile(sqlite, plan.shop, facts, end);
      }
    });
    const writer = new BatchWriter(databaseUrl, timings);
    const loop = performance.now();
    const loopCpu = process.cpuUsage();
    try {
      for (const plan of plans) {
        shops.push({ shop: plan.shop, ...(await seedShop(db, writer, plan, end)) });
      }
    } finally {
      await writer.close();
    }
    const loopWall = (performance.now() - loop) / 1000;
    timings.add(
      "building rows and writing them (overlapping)",
      loopWall,
      cpuSeconds(process.cpuUsage(loopCpu)),
    );
    timings.add("  of which building rows (main thread)", loopWall - writer.waitedSeconds, 0);
    timings.add("  of which waiting for the writer", writer.waitedSeconds, 0);
    await bulkLoading();
    for (const index of indexes) {
      const name = /INDEX\s+"?(\w+)"?/i.exec(index)?.[1] ?? index;
      await timings.phase(`index ${name}`, () => sqlite.execute(index));
    }
    // The maintained figures, as the ledger writer would have kept them through the history: built once
    // over the whole ledger in SQL (./seed-figures.ts).
    await timings.phase("maintained figures (SQL)", async () => {
      await bulkLoading();
      const tx = await sqlite.transaction("write");
      try {
        for (const plan of plans) await buildFiguresInSql(tx, plan.shop, plan.timeZone);
        await tx.commit();
      } finally {
        tx.close();
      }
    });
    await timings.phase("journal back to WAL", () => sqlite.execute("PRAGMA journal_mode = WAL"));
    return { shops, seconds: (performance.now() - started) / 1000, timings: timings.toJSON() };
  } finally {
    await db.$disconnect();
    sqlite.close();
  }
}
