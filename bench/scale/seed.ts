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
  type AttributedOrder,
  type Coupon,
  type LedgerLine,
  type CustomerConnection,
  type ProductConnection,
  type RefundedLine,
} from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { storeOfflineSession } from "~root/scripts/lib/app-server.mjs";
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
import { attributedOrderDraft } from "~/pipeline/record-orders.server";
import { buildFiguresInSql } from "./seed-figures";
import { recordSentDigests } from "./seed-digests";
import { SeedTimings, cpuSeconds } from "./seed-timings";
import {
  compileRow,
  shiftRow,
  type CompiledRow,
  CONTRACT_ID_BASE,
  CUSTOMER_ID_BASE,
  LINE_ITEM_ID_BASE,
  ORDER_ID_BASE,
  REFUND_ID_BASE,
  type StoryShift,
} from "./story-shift";

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

/** The tables the history is loaded into (the rest are written before or after it, in SQL). */
const LOADED_TABLES = ["AttributedOrder", "LedgerLine", "CustomerConnection"];

/**
 * The indexes of the loaded tables kept up to date as the rows are written: their keys follow the order the
 * rows come in (time, the ordered ids), so each insert lands at the end of the index, and the writer thread
 * does it while the main thread builds the next rows. Every other index of those tables (an affiliate's, a
 * customer's: an insert anywhere in them) is set aside and built once over the loaded rows.
 */
const INDEXES_KEPT_DURING_LOAD = new Set([
  "AttributedOrder_shop_orderCreatedAt_idx",
  "AttributedOrder_shop_orderId_key",
  "AttributedOrder_shop_credited_orderCreatedAt_idx",
  "LedgerLine_shop_createdAt_idx",
  "LedgerLine_shop_status_createdAt_idx",
  "LedgerLine_shop_orderCreatedAt_idx",
  "LedgerLine_reversalOfId_reversalKey_key",
  "LedgerLine_shop_status_statusChangedAt_idx",
  "LedgerLine_shop_status_orderCreatedAt_idx",
  "LedgerLine_attributedOrderId_createdAt_id_idx",
]);

const WEEK = 7 * DAY;

/** Customers whose stories are built through the app's code, per copy made of them. */
const CUSTOMERS_PER_COPY = 3_000;
/** At most this many copies: copy k starts k weeks after the first (see `HistoryPlan`). */
const MAX_COPIES = 26;

/**
 * How a shop's history is made: the stories of `storyCustomers` customers, built through the app's code
 * from `storiesStart` to the end of the history (`storyOrders` orders), and `copies` copies of them, copy
 * k moved k weeks later (and cut at the end: only what happened before it). Every copy covers the
 * history's `days`; the earlier copies begin before it (the program's first weeks, ramping up).
 */
export interface HistoryPlan {
  copies: number;
  storiesStart: number;
  storyOrders: number;
  storyCustomers: number;
  storyManualConnections: number;
  end: number;
}

export function historyPlan(plan: ShopPlan, end: Date, copies?: number): HistoryPlan {
  const count = copies ?? Math.max(1, Math.min(MAX_COPIES, Math.round(plan.customers / CUSTOMERS_PER_COPY)));
  const historyMs = plan.days * DAY;
  const storiesMs = historyMs + (count - 1) * WEEK;
  // Orders per ms so that the copies, cut at the end, hold `plan.orders` orders in all.
  const pace = plan.orders / (count * historyMs + (WEEK * count * (count - 1)) / 2);
  return {
    copies: count,
    storiesStart: end.getTime() - storiesMs,
    storyOrders: Math.round(pace * storiesMs),
    storyCustomers: Math.max(1, Math.round(plan.customers / count)),
    storyManualConnections: Math.round(plan.manualConnections / count),
    end: end.getTime(),
  };
}

/** What every story of a shop shares: its affiliates, their coupons, the product connections. */
export interface SharedEntities {
  affiliates: Affiliate[];
  coupons: Coupon[];
  productConnections: ProductConnection[];
}

/** The shop's affiliates, coupons and product connections, made before the history starts at `start`. */
function sharedEntities(plan: ShopPlan, start: number): SharedEntities {
  const { shop } = plan;
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
  return { affiliates, coupons, productConnections };
}

/**
 * Seeds one shop into the database: its shared entities, then the stories of one window of history built
 * through the app's own code (`buildWindow`), written once per window, moved by whole weeks and numbered
 * anew (./story-shift.ts), and settled at `end` (`settleStory`: statuses as a year of reviewing leaves them,
 * the refunds and cancellations that happened before `end`).
 */
export async function seedShop(
  db: PrismaClient,
  writer: BatchWriter,
  plan: ShopPlan,
  end: Date,
  timings: SeedTimings,
  copies?: number,
): Promise<SeedCounts> {
  const { shop } = plan;
  const history = historyPlan(plan, end, copies);

  await writer.flush(); // Prisma writes on a connection of its own: one writer at a time.
  await storeOfflineSession(db, shop, `shpat_${shop.split(".")[0]}`);
  await saveProgramSettings(db, shop, {
    program: PROGRAM,
    autoApproveDays: null,
    creditTestOrders: false,
    cookieWindowDays: 30,
  });
  const shared = sharedEntities(plan, history.storiesStart);
  await writer.write([
    ...insertModelRows(
      "Affiliate",
      Object.values(Prisma.AffiliateScalarFieldEnum),
      shared.affiliates.map(sqliteRow),
    ),
    ...insertModelRows("Coupon", Object.values(Prisma.CouponScalarFieldEnum), shared.coupons.map(sqliteRow)),
    ...insertModelRows(
      "ProductConnection",
      Object.values(Prisma.ProductConnectionScalarFieldEnum),
      shared.productConnections.map(sqliteRow),
    ),
  ]);
  const counts: SeedCounts = { orders: 0, lines: 0, reversals: 0, connections: 0 };
  if (history.storyOrders === 0) return counts;

  // The stories, through the app's own code; every copy is made of them.
  const built = await timings.phase("building the stories (app code)", () =>
    buildStories(plan, shared, history, 0, (n) => n),
  );
  const copying = performance.now();
  const copyingCpu = process.cpuUsage();
  const template = compileStories(built);
  const { numbers, placed } = orderNumbers(built.stories, history, end.getTime());
  const shifts = numbers.map((copyNumbers, copy) => copyShift(history, copy, copyNumbers));
  const batch = new SettledBatch(shop);
  const flush = async () => {
    counts.lines += batch.lines.length;
    counts.reversals += batch.reversals;
    await writer.write(batch.take());
  };
  // Every copy's orders together, in the order they were placed: the tables hold them in time order, as a
  // store's do (the figures' and the screens' index scans then read the table in order, as on a real one).
  for (const { copy, n } of placed) {
    batch.add(settleStory(shiftStory(template.stories[n], shifts[copy]), end.getTime()));
    counts.orders += 1;
    if (batch.orders.length >= BATCH_ORDERS) await flush();
  }
  for (const shift of shifts) {
    const connections = connectionsAt(template.connections, end.getTime() - shift.ms).map((row) => ({
      ...shiftRow<SqliteRow<CustomerConnection>>(row, shift),
      id: orderedId(),
    }));
    counts.connections += connections.length;
    batch.connections.push(...connections);
  }
  await flush();
  timings.add(
    "copying the stories (overlapping the writer)",
    (performance.now() - copying) / 1000,
    cpuSeconds(process.cpuUsage(copyingCpu)),
  );
  return counts;
}

/**
 * Each copy's order numbers: the orders of every copy numbered in the order they were placed (as Shopify
 * numbers them), `numbers[copy][n]` for the stories' order n (orders after the end have none), and that
 * order itself (`placed`).
 */
export function orderNumbers(
  stories: Array<{ placedAt: number; recordedAt: number }>,
  history: HistoryPlan,
  end: number,
): { numbers: number[][]; placed: Array<{ copy: number; n: number }> } {
  const placed: Array<{ at: number; copy: number; n: number }> = [];
  for (let copy = 0; copy < history.copies; copy++)
    stories.forEach((story, n) => {
      if (story.recordedAt + copy * WEEK < end) placed.push({ at: story.placedAt + copy * WEEK, copy, n });
    });
  placed.sort((a, b) => a.at - b.at || a.copy - b.copy || a.n - b.n);
  const numbers = Array.from({ length: history.copies }, () => new Array<number>(stories.length));
  placed.forEach(({ copy, n }, number) => (numbers[copy][n] = number));
  return { numbers, placed };
}

/** What moves the stories (built as copy 0, order n numbered n) to copy `copy`. */
export function copyShift(history: HistoryPlan, copy: number, numbers: number[]): StoryShift {
  return {
    ms: copy * WEEK,
    customers: copy * history.storyCustomers,
    orderNumber: (n) => {
      const number = numbers[n];
      if (number === undefined) throw new Error(`Order ${n} of copy ${copy} is after the end of the history`);
      return number;
    },
  };
}

/** Each customer's connection as it stood at `at` (a customer's versions are in time order). */
export function connectionsAt<Row>(versions: Array<ConnectionVersion<Row>>, at: number): Row[] {
  const latest = new Map<string, Row>();
  for (const version of versions) if (version.at < at) latest.set(version.customerId, version.row);
  return [...latest.values()];
}

/**
 * One order's story as the pipeline wrote it, before the review: its rows (the commission lines still
 * unreviewed), the draw that decides the review, and its refund and cancellation, whenever they come.
 */
export interface OrderStory {
  order: SqliteRow<AttributedOrder>;
  placedAt: number;
  lines: Array<SqliteRow<LedgerLine>>;
  recordedAt: number;
  reviewDraw: number;
  discountCodes: string[];
  cancellation: { at: number; lines: Array<SqliteRow<LedgerLine>> } | null;
  refund: { at: number; lines: Array<SqliteRow<LedgerLine>>; refunded: SqliteRow<RefundedLine> } | null;
}

/** The stories' orders in time order, and every version of their customers' connections, in time order. */
export interface Stories {
  stories: OrderStory[];
  connections: Array<ConnectionVersion<SqliteRow<CustomerConnection>>>;
}

interface ConnectionVersion<Row> {
  /** When it was stored. */
  at: number;
  customerId: string;
  row: Row;
}

type Compiled<Row extends object> = CompiledRow<Row>;
interface CompiledStory {
  order: Compiled<SqliteRow<AttributedOrder>>;
  lines: Array<Compiled<SqliteRow<LedgerLine>>>;
  placedAt: number;
  recordedAt: number;
  reviewDraw: number;
  discountCodes: string[];
  cancellation: { at: number; lines: Array<Compiled<SqliteRow<LedgerLine>>> } | null;
  refund: {
    at: number;
    lines: Array<Compiled<SqliteRow<LedgerLine>>>;
    refunded: Compiled<SqliteRow<RefundedLine>>;
  } | null;
}

function compileStories(built: Stories) {
  return {
    stories: built.stories.map(
      (story): CompiledStory => ({
        order: compileRow(story.order),
        lines: story.lines.map(compileRow),
        placedAt: story.placedAt,
        recordedAt: story.recordedAt,
        reviewDraw: story.reviewDraw,
        discountCodes: story.discountCodes,
        cancellation: story.cancellation && {
          at: story.cancellation.at,
          lines: story.cancellation.lines.map(compileRow),
        },
        refund: story.refund && {
          at: story.refund.at,
          lines: story.refund.lines.map(compileRow),
          refunded: compileRow(story.refund.refunded),
        },
      }),
    ),
    connections: built.connections.map((version) => ({ ...version, row: compileRow(version.row) })),
  };
}

/** A story moved by `shift`, its rows with ids of their own (a reversal names its commission's new id). */
function shiftStory(story: CompiledStory, shift: StoryShift): OrderStory {
  const order = shiftRow<SqliteRow<AttributedOrder>>(story.order, shift);
  const recordedAt = story.recordedAt + shift.ms;
  order.id = orderedId(recordedAt);
  const ids = new Map<string, string>();
  const line = (compiled: Compiled<SqliteRow<LedgerLine>>) => {
    const row = shiftRow<SqliteRow<LedgerLine>>(compiled, shift);
    const id = orderedId(recordedAt);
    ids.set(row.id, id);
    row.id = id;
    row.attributedOrderId = order.id;
    if (row.reversalOfId !== null) row.reversalOfId = ids.get(row.reversalOfId)!;
    return row;
  };
  const lines = story.lines.map(line);
  return {
    order,
    lines,
    placedAt: story.placedAt + shift.ms,
    recordedAt,
    reviewDraw: story.reviewDraw,
    discountCodes: story.discountCodes,
    cancellation: story.cancellation && {
      at: story.cancellation.at + shift.ms,
      lines: story.cancellation.lines.map(line),
    },
    refund: story.refund && {
      at: story.refund.at + shift.ms,
      lines: story.refund.lines.map(line),
      refunded: { ...shiftRow<SqliteRow<RefundedLine>>(story.refund.refunded, shift), id: orderedId() },
    },
  };
}

/**
 * The story as it stands at `end`: the commissions in the status a year of reviewing leaves them at their
 * age (`statusAt`), the refund and the cancellation only if they came before `end`, each reversal in the
 * status its commission gives it.
 */
export function settleStory(story: OrderStory, end: number) {
  const status = statusAt(end - story.recordedAt, story.reviewDraw);
  const lines = story.lines.map((line) => ({ ...line, status }));
  const order = { ...story.order };
  const reversals: Array<SqliteRow<LedgerLine>> = [];
  const refunded: Array<SqliteRow<RefundedLine>> = [];
  for (const event of [story.cancellation, story.refund]) {
    if (!event || event.at >= end) continue;
    for (const line of event.lines)
      reversals.push({ ...line, status: reversalStatusAfter(status, event.at, end) });
  }
  if (story.cancellation && story.cancellation.at < end)
    order.cancelledAt = sqliteDateTime(new Date(story.cancellation.at));
  if (story.refund && story.refund.at < end) refunded.push(story.refund.refunded);
  return {
    order,
    lines: [...lines, ...reversals],
    reversals: reversals.length,
    refunded,
    discountCodes: story.discountCodes,
  };
}

/** Settled stories gathered for one transaction, with their share of the coupons' figures. */
class SettledBatch {
  orders: Array<SqliteRow<AttributedOrder>> = [];
  lines: Array<SqliteRow<LedgerLine>> = [];
  refunded: Array<SqliteRow<RefundedLine>> = [];
  connections: Array<SqliteRow<CustomerConnection>> = [];
  reversals = 0;
  // Each code's usage, as the pipeline and the reversals write it beside the rows (a line's status here is
  // already its last: it counts in that status only).
  private coupons: CouponTotalsChange;

  constructor(private readonly shop: string) {
    this.coupons = new CouponTotalsChange(shop);
  }

  add(settled: ReturnType<typeof settleStory>): void {
    this.orders.push(settled.order);
    this.lines.push(...settled.lines);
    this.refunded.push(...settled.refunded);
    this.reversals += settled.reversals;
    this.coupons.addOrder({ discountCodes: settled.discountCodes, currency: settled.order.currency });
    for (const line of settled.lines) this.coupons.add(line);
  }

  /** The batch's statements; the batch starts again empty. */
  take(): InStatement[] {
    const statements: InStatement[] = [
      ...ledgerInsertStatements(this.orders, this.lines),
      ...this.coupons.statements(),
      ...insertModelRows("RefundedLine", Object.values(Prisma.RefundedLineScalarFieldEnum), this.refunded),
      ...insertModelRows(
        "CustomerConnection",
        Object.values(Prisma.CustomerConnectionScalarFieldEnum),
        this.connections,
      ),
    ];
    this.orders = [];
    this.lines = [];
    this.refunded = [];
    this.connections = [];
    this.reversals = 0;
    this.coupons = new CouponTotalsChange(this.shop);
    return statements;
  }
}

/**
 * Copy `copy` of the shop's stories, order by order through the pipeline's own code, unreviewed (see
 * `settleStory`): its customers numbered from the copy's offset, its orders numbered by `orderNumber`, its
 * instants `copy` weeks after the first copy's. Copy 0 is what the seeder copies; any copy built here is
 * what copying copy 0 there must give (test/bench/scale-stories.test.ts), up to the end of the history.
 */
export async function buildStories(
  plan: ShopPlan,
  shared: SharedEntities,
  history: HistoryPlan,
  copy: number,
  orderNumber: (n: number) => number,
): Promise<Stories> {
  const random = randomSource(plan.seed);
  const { shop } = plan;
  const { affiliates } = shared;
  const storiesStart = history.storiesStart + copy * WEEK;
  const customerOffset = copy * history.storyCustomers;
  const couponByAffiliate = new Map(shared.coupons.map((coupon) => [coupon.affiliateId, coupon]));
  const productConnectionsByProduct = new Map<string, ProductConnection[]>();
  for (const connection of shared.productConnections) {
    const list = productConnectionsByProduct.get(connection.productId) ?? [];
    list.push(connection);
    productConnectionsByProduct.set(connection.productId, list);
  }

  const customers: Customer[] = [];
  for (let i = 0; i < history.storyCustomers; i++) {
    customers.push({
      id: String(CUSTOMER_ID_BASE + customerOffset + i),
      email: `customer${customerOffset + i}@shoppers.example`,
      subscriber: i % 25 === 0,
      createdAt: null,
      orders: 0,
      subscriptionOrigin: null,
    });
  }
  // Connected by hand on the Connections screen as the stories start.
  const connections = new Map<string, CustomerConnection>();
  for (let i = 0; i < history.storyManualConnections; i++) {
    const customer = customers[random.int(customers.length)];
    connections.set(customer.id, {
      id: orderedId(storiesStart),
      shop,
      customerId: customer.id,
      customerEmail: customer.email,
      customerName: null,
      affiliateId: affiliates[random.skewed(plan.affiliates, 3)].id,
      expiresAt: null,
      origin: "manual",
      orderId: null,
      createdAt: new Date(storiesStart),
    });
  }
  const versions: Array<ConnectionVersion<CustomerConnection>> = [...connections.values()].map((row) => ({
    at: storiesStart,
    customerId: row.customerId,
    row,
  }));

  const state: ProgramState = {
    affiliatesById: new Map(affiliates.map((affiliate) => [affiliate.id, affiliate])),
    affiliateIdByRefKey: new Map(affiliates.map((affiliate) => [affiliate.refCodeKey, affiliate.id])),
    couponsByKey: new Map(shared.coupons.map((coupon) => [coupon.codeKey, coupon])),
    productConnectionsByProduct,
    connectionsByCustomer: connections,
    creditedOrderTimes: new Map(),
    originOrders: new Map(),
    sellingPlanOrders: new Map(),
  };

  const stories: OrderStory[] = [];
  const step = (history.end - history.storiesStart) / history.storyOrders;
  for (let n = 0; n < history.storyOrders; n++) {
    const placedAt = Math.floor(storiesStart + n * step + random.next() * step);
    const number = orderNumber(n);
    const order = orderPayload(number, placedAt, plan, random, customers, affiliates, couponByAffiliate);
    // The facts are built beside the payload (reading every payload would take most of the seeding);
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
    const reviewDraw = random.next();
    const rows = attributedOrderRows(
      shop,
      attributedOrderDraft({ facts, input, result, trace, hasSellingPlan: order.subscribedWith !== null }),
      // Unreviewed: settleStory gives each line its status at the end of the history.
      { status: LedgerStatus.pending, now: new Date(recordedAt) },
    );
    rememberOrder(state, facts, placedAt, rows.order.referrerAffiliateId, order.subscribedWith !== null);
    if (result.connect) {
      const row = connect(state, shop, facts, result.connect, placedAt, recordedAt);
      if (row) versions.push({ at: recordedAt, customerId: row.customerId, row });
    }
    stories.push({
      order: rows.order,
      placedAt,
      lines: rows.lines,
      recordedAt,
      reviewDraw,
      discountCodes: input.order.discountCodes,
      ...reversalEvents(shop, number, input, rows, recordedAt, random),
    });
  }
  return {
    stories,
    connections: versions.map((version) => ({ ...version, row: sqliteRow(version.row) })),
  };
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
      id: LINE_ITEM_ID_BASE + n * 10 + i + 1,
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
    id: ORDER_ID_BASE + n,
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
function statusAt(age: number, r: number): Status {
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
      contractId: index === 0 ? String(CONTRACT_ID_BASE + Number(originOrderId.slice(-9))) : null,
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
): CustomerConnection | null {
  const existing = state.connectionsByCustomer.get(instruction.customerId);
  if (existing) {
    const stillValid =
      state.affiliatesById.get(existing.affiliateId)?.active &&
      (existing.expiresAt === null || existing.expiresAt.getTime() > placedAt);
    if (stillValid) return null;
  }
  const row: CustomerConnection = {
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
  };
  state.connectionsByCustomer.set(instruction.customerId, row);
  return row;
}

/**
 * Some orders are cancelled (within 3 days) and some refunded in part (one unit of one line, 5 to 20 days
 * later), through the ledger's own reversal builders, in that order; whether they came before the end of
 * the history is for `settleStory` to say (so the draws here never depend on it).
 */
function reversalEvents(
  shop: string,
  number: number,
  input: AttributionInput,
  rows: ReturnType<typeof attributedOrderRows>,
  recordedAt: number,
  random: Random,
): Pick<OrderStory, "cancellation" | "refund"> {
  if (rows.lines.length === 0) return { cancellation: null, refund: null };
  const order = { input: rows.order.input, currency: rows.order.currency };
  const ledger: LineForReversal[] = rows.lines.map((line) => ({ ...line }));
  const reversalLines = (made: Prisma.LedgerLineCreateManyInput[]) => {
    const lines = made.map((row) => sqliteRow({ ...row, id: orderedId() }) as SqliteRow<LedgerLine>);
    ledger.push(...(lines as unknown as LineForReversal[]));
    return lines;
  };
  const cancelled = random.chance(0.02);
  const cancelAt = recordedAt + random.int(3 * DAY);
  const refunded = random.chance(0.07);
  const refundAt = recordedAt + (5 + random.int(16)) * DAY;
  const refundedLine = input.order.lineItems[random.int(input.order.lineItems.length)];
  const cancellation = cancelled
    ? {
        at: cancelAt,
        lines: reversalLines(cancellationReversalRows(shop, order, ledger, new Date(cancelAt))),
      }
    : null;
  if (!refunded) return { cancellation, refund: null };
  const refund = {
    refundId: String(REFUND_ID_BASE + number),
    orderId: input.order.id,
    lines: [{ lineItemId: refundedLine.id, quantity: 1 }],
  };
  return {
    cancellation,
    refund: {
      at: refundAt,
      lines: reversalLines(refundReversalRows(shop, order, ledger, refund, new Date(refundAt))),
      // What the refund refunded of the line, as the pipeline keeps it beside the reversals.
      refunded: sqliteRow({
        id: orderedId(refundAt),
        shop,
        orderId: refund.orderId,
        refundId: refund.refundId,
        lineItemId: refundedLine.id,
        quantity: 1,
        createdAt: new Date(refundAt),
      }),
    },
  };
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
 * Drops the indexes of these tables that are not kept up to date during the load (the unique ones
 * included: the seeder writes no duplicates) and returns the statements that make them again, exactly as
 * the migrations made them.
 */
async function setIndexesAside(sqlite: Client, tables: string[]): Promise<string[]> {
  const { rows: all } = await sqlite.execute({
    sql: `SELECT "name", "sql" FROM "sqlite_master" WHERE "type" = 'index' AND "sql" IS NOT NULL
      AND "tbl_name" IN (${tables.map(() => "?").join(", ")})`,
    args: tables,
  });
  const rows = all.filter((row) => !INDEXES_KEPT_DURING_LOAD.has(String(row.name)));
  for (const row of rows) await sqlite.execute(`DROP INDEX "${String(row.name)}"`);
  return rows.map((row) => String(row.sql));
}

/** Seeds the big shop with `orders` orders and the small shop into a migrated database. */
export async function seedDatabase(
  databaseUrl: string,
  {
    orders,
    end = new Date(),
    days,
    copies,
  }: {
    orders: number;
    end?: Date;
    days?: number;
    /** The big shop's copies of its stories. */ copies?: number;
  },
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
    // A bulk load: the indexes that an insert would not append to are set aside, then built once over the
    // loaded rows (INDEXES_KEPT_DURING_LOAD).
    const indexes = await timings.phase("set indexes aside", () => setIndexesAside(sqlite, LOADED_TABLES));
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
        const planCopies = plan.shop === BIG_SHOP ? copies : undefined;
        shops.push({ shop: plan.shop, ...(await seedShop(db, writer, plan, end, timings, planCopies)) });
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
    // The maintained figures, as the ledger writer would have kept them through the history: built once
    // over the whole ledger in SQL (./seed-figures.ts), in one pass over the table (NOT INDEXED: through an
    // index of the ledger, SQLite would seek into the table once per line), before the indexes set aside
    // are built.
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
    for (const index of indexes) {
      const name = /INDEX\s+"?(\w+)"?/i.exec(index)?.[1] ?? index;
      await timings.phase(`index ${name}`, () => sqlite.execute(index));
    }
    // The digests the worker sent as the history ended (./seed-digests.ts).
    await timings.phase("digests sent (SQL)", async () => {
      await bulkLoading();
      const tx = await sqlite.transaction("write");
      try {
        for (const plan of plans) await recordSentDigests(tx, plan.shop, end);
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
