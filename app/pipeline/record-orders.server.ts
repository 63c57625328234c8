// Recording orders: a batch of one shop's `orders/create` payloads read, asked about (what a renewal
// renews, whether the customer is new, their email when the payload has none, whether a credited order was
// a subscription), attributed by the engine and written in one transaction with the ledger's, the
// connections', the daily figures' and the inbox's statements.
import type { Client, InStatement, Transaction } from "@libsql/client";
import type { PrismaClient } from "@prisma/client";
import { AttributionInputError, attributeOrder } from "~/attribution";
import type { AttributionResult, TraceEntry } from "~/attribution";
import type { AdminGraphqlClient } from "~/graphql/client";
import { ShopifyUnavailableError } from "~/graphql/client";
import { mapWithConcurrency } from "~/lib/concurrency";
import { lifetimeConnectionStatement } from "~/models/connections/lifetime.server";
import { LedgerStatus } from "~/models/ledger/status";
import { CouponTotalsChange } from "~/models/ledger/coupon-totals.server";
import { DailyTotalsChange } from "~/models/ledger/daily-totals.server";
import { storedTimeZone } from "~/models/ledger/time-zone.server";
import {
  attributedOrderRows,
  ledgerInsertStatements,
  type AttributedOrderDraft,
} from "~/models/ledger/writer.server";
import { DEFAULT_SHOP_TIME_ZONE } from "~/models/shop/profile.server";
import { getProgramSettings, type ProgramSettingsView } from "~/models/program/program.server";
import { markProcessedStatement, releaseWaitingStatement } from "./inbox.server";
import {
  affiliatesInPlay,
  buildAttributionInput,
  loadProgramState,
  NOT_A_RENEWAL,
  resolveRenewal,
  type Renewal,
} from "./attribution-input.server";
import {
  askCustomers,
  customerFacts,
  needsShopifyCustomer,
  type CustomerAnswer,
  type CustomerFacts,
} from "./customer-facts.server";
import { readOrderFacts, type OrderFacts } from "./order-facts.server";
import { MalformedPayloadError } from "./payload.server";
import { addStageTime, batchTimed, stageStart, timed, timedSync } from "./stage-times.server";
import {
  askSubscriptionLines,
  hadSellingPlan,
  renewalOrigin,
  renewalTrace,
  type RenewalOrigin,
} from "./subscription-lines.server";

export interface RecordOrderDeps {
  db: PrismaClient;
  /** The same database on the driver: the batch is read and written with it (see writeDrafts). */
  sqlite: Client;
  /** Where the batch's transaction is written instead, when given (ProcessDeps.creditingSqlite). */
  creditingSqlite?: Client;
  /** The shop's Admin GraphQL client, or null when the shop has no offline session (not installed). */
  graphql: AdminGraphqlClient | null;
  now: Date;
}

export interface OrderDelivery {
  deliveryId: string;
  payload: unknown;
}

export type RecordOutcome =
  /** Recorded, and its delivery marked processed in the same transaction. */
  | { deliveryId: string; status: "recorded" }
  | { deliveryId: string; status: "duplicate" }
  /** Another order of the same customer is ahead of it in this batch: it goes in the next one. */
  | { deliveryId: string; status: "deferred" }
  | { deliveryId: string; status: "malformed" | "retry"; error: string };

/** How many questions go to Shopify at once. */
const SHOPIFY_CONCURRENCY = 8;

/**
 * Runs a batch of one shop's `orders/create` payloads through the engine and records them in one
 * transaction: each order with its input and trace, one ledger line per commission, the lifetime
 * connections, and the release of refunds and cancellations that arrived before their orders. An order
 * already recorded changes nothing. Orders of the same customer are recorded one batch after another, so
 * each sees the credit and the connection the earlier one left.
 */
export async function recordOrders(
  shop: string,
  deliveries: OrderDelivery[],
  deps: RecordOrderDeps,
): Promise<RecordOutcome[]> {
  const { db } = deps;
  const outcomes = new Map<string, RecordOutcome>();
  const pending: Array<{ deliveryId: string; facts: OrderFacts }> = [];
  const orderIdsInBatch = new Set<string>();
  const customersInBatch = new Set<string>();

  for (const { deliveryId, payload } of deliveries) {
    let facts: OrderFacts;
    try {
      facts = timedSync("order facts", () => readOrderFacts(payload));
    } catch (error) {
      if (!(error instanceof MalformedPayloadError)) throw error;
      outcomes.set(deliveryId, { deliveryId, status: "malformed", error: error.message });
      continue;
    }
    if (orderIdsInBatch.has(facts.orderId)) {
      outcomes.set(deliveryId, { deliveryId, status: "duplicate" });
    } else if (facts.customer && customersInBatch.has(facts.customer.id)) {
      outcomes.set(deliveryId, { deliveryId, status: "deferred" });
    } else {
      orderIdsInBatch.add(facts.orderId);
      if (facts.customer) customersInBatch.add(facts.customer.id);
      pending.push({ deliveryId, facts });
    }
  }

  const recorded = await timed("already-recorded check", () =>
    recordedOrderIds(deps.sqlite, shop, [...orderIdsInBatch]),
  );
  const fresh = pending.filter(({ deliveryId, facts }) => {
    if (!recorded.has(facts.orderId)) return true;
    outcomes.set(deliveryId, { deliveryId, status: "duplicate" });
    return false;
  });

  const settings = await timed("program settings", () => getProgramSettings(db, shop));
  const { program } = settings;
  const retry = (deliveryId: string, error: unknown) => {
    if (!(error instanceof ShopifyUnavailableError)) throw error;
    outcomes.set(deliveryId, { deliveryId, status: "retry", error: error.message });
  };

  // 1. What Shopify says each renewal renews (orders webhooks carry no selling-plan data).
  const asked = await askShopify(fresh, async ({ facts }) => {
    if (!facts.isRenewal || !program.recurring.enabled) return null;
    const answer = await askSubscriptionLines(
      requireGraphql(deps.graphql),
      facts.orderId,
      facts.lineItems.length,
    );
    return { origin: renewalOrigin(facts.orderId, answer), hasSellingPlan: hadSellingPlan(answer) };
  });
  const answered = fresh.flatMap((order, index) => {
    const answer = asked[index];
    if (answer.ok) return [{ ...order, subscription: answer.value }];
    retry(order.deliveryId, answer.error);
    return [];
  });

  // 2. The program the batch can touch, renewal origins included; then each order's renewal.
  const origins = answered.flatMap(({ subscription }) =>
    subscription?.origin.kind === "origin" ? [subscription.origin.orderId] : [],
  );
  const state = await timed("program state", () =>
    loadProgramState(
      deps.sqlite,
      shop,
      answered.map(({ facts }) => facts),
      origins,
    ),
  );
  const withRenewals = answered.map((order) => ({
    ...order,
    renewal: renewalFor(order.facts, order.subscription?.origin ?? null, program.recurring.enabled, state),
  }));

  // 3. The customers, where a rule needs Shopify's word (new customer, or an email to compare): one
  // question for the whole batch.
  const withNeeds = withRenewals.map((order) => ({
    ...order,
    needs: {
      newCustomer: program.newCustomer.enabled,
      email:
        program.excludeSelfReferrals &&
        affiliatesInPlay(order.facts, state, order.renewal).some((affiliate) => affiliate.email !== null),
    },
  }));
  const customerAnswers = await timed("ask customers", () =>
    askCustomersOf(
      withNeeds.filter(({ facts, needs }) => needsShopifyCustomer(facts, needs)),
      deps.graphql,
    ),
  );

  // 4. The engine.
  const attributed: OrderDraft[] = [];
  withNeeds.forEach(({ deliveryId, facts, renewal, subscription, needs }) => {
    let customer: CustomerFacts;
    try {
      if (!customerAnswers.ok && needsShopifyCustomer(facts, needs)) throw customerAnswers.error;
      customer = customerFacts(facts, needs, customerAnswers.ok ? customerAnswers.value : new Map());
    } catch (error) {
      return retry(deliveryId, error);
    }
    const input = timedSync("build input", () =>
      buildAttributionInput(facts, program, customer, state, renewal),
    );
    try {
      const { result, trace } = timedSync("engine", () =>
        attribute(facts, input, settings, [...renewal.trace, ...customer.trace]),
      );
      attributed.push({
        deliveryId,
        facts,
        input,
        result,
        trace,
        hasSellingPlan: subscription?.hasSellingPlan ?? false,
      });
    } catch (error) {
      if (!(error instanceof MalformedPayloadError)) throw error;
      outcomes.set(deliveryId, { deliveryId, status: "malformed", error: error.message });
    }
  });

  // 5. Whether each credited order was a subscription, for the renewals that may look back at it one day:
  // asked now, because Shopify answers for the last 60 days of orders only.
  const subscriptionChecks = await askShopify(attributed, async (draft) => {
    if (!needsSellingPlanAnswer(draft, program.recurring.enabled)) return draft.hasSellingPlan;
    const answer = await askSubscriptionLines(
      requireGraphql(deps.graphql),
      draft.facts.orderId,
      draft.facts.lineItems.length,
    );
    return hadSellingPlan(answer);
  });
  const drafts = attributed.flatMap((draft, index) => {
    const check = subscriptionChecks[index];
    if (check.ok) return [{ ...draft, hasSellingPlan: check.value }];
    retry(draft.deliveryId, check.error);
    return [];
  });

  await writeDrafts(deps.creditingSqlite ?? deps.sqlite, shop, drafts, settings, deps.now, outcomes);
  return deliveries.map(({ deliveryId }) => outcomes.get(deliveryId)!);
}

/** Which of `orderIds` the shop has recorded already. */
async function recordedOrderIds(sqlite: Client, shop: string, orderIds: string[]): Promise<Set<string>> {
  if (orderIds.length === 0) return new Set();
  const { rows } = await sqlite.execute({
    sql: `SELECT "orderId" FROM "AttributedOrder" WHERE "shop" = ? AND "orderId" IN (SELECT value FROM json_each(?))`,
    args: [shop, JSON.stringify(orderIds)],
  });
  return new Set(rows.map((row) => String(row.orderId)));
}

function requireGraphql(graphql: AdminGraphqlClient | null): AdminGraphqlClient {
  if (!graphql) throw new ShopifyUnavailableError("The shop has no offline session: cannot ask Shopify");
  return graphql;
}

/** A renewal's `renewalOf` and trace; any other order is no renewal. */
function renewalFor(
  facts: OrderFacts,
  origin: RenewalOrigin | null,
  recurringEnabled: boolean,
  state: Parameters<typeof resolveRenewal>[2],
): Renewal {
  if (!facts.isRenewal) return NOT_A_RENEWAL;
  if (!recurringEnabled || !origin) {
    return {
      renewalOf: null,
      trace: [
        renewalTrace(
          "Renewal (placed by a subscription contract): recurring commission is off in Settings, so Shopify " +
            "was not asked what it renews",
        ),
      ],
    };
  }
  return resolveRenewal(facts, origin, state);
}

/**
 * A credited order with a customer: a renewal of it may one day need to know whether it had a selling-plan
 * line (when its contract does not name it). Renewals were asked already; nothing is asked while
 * recurring commission is off.
 */
function needsSellingPlanAnswer(draft: OrderDraft, recurringEnabled: boolean): boolean {
  const credited = draft.result.commissions.some((commission) => commission.source !== "product");
  return recurringEnabled && credited && draft.facts.customer !== null && !draft.facts.isRenewal;
}

/** Asks Shopify about the customers of `orders` at once: their answers, or the error that stopped it. */
async function askCustomersOf(
  orders: Array<{ facts: OrderFacts }>,
  graphql: AdminGraphqlClient | null,
): Promise<{ ok: true; value: Map<string, CustomerAnswer> } | { ok: false; error: unknown }> {
  if (orders.length === 0) return { ok: true, value: new Map() };
  try {
    if (!graphql) {
      throw new ShopifyUnavailableError(
        "The shop has no offline session: cannot ask Shopify about the customer",
      );
    }
    return {
      ok: true,
      value: await askCustomers(
        graphql,
        orders.flatMap(({ facts }) => (facts.customer ? [facts.customer.id] : [])),
      ),
    };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Asks Shopify for each item, a few at a time; each answer or the error that stopped it. */
function askShopify<T, R>(
  items: T[],
  ask: (item: T) => Promise<R>,
): Promise<Array<{ ok: true; value: R } | { ok: false; error: unknown }>> {
  return mapWithConcurrency(items, SHOPIFY_CONCURRENCY, (item) =>
    ask(item).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
  );
}

interface OrderDraft {
  deliveryId: string;
  facts: OrderFacts;
  input: ReturnType<typeof buildAttributionInput>;
  result: AttributionResult;
  trace: TraceEntry[];
  /** Shopify said a line was sold on a selling plan (asked for renewals and credited orders only). */
  hasSellingPlan: boolean;
}

function attribute(
  facts: OrderFacts,
  input: OrderDraft["input"],
  settings: ProgramSettingsView,
  customerTrace: TraceEntry[],
): Pick<OrderDraft, "result" | "trace"> {
  if (facts.test && !settings.creditTestOrders) {
    const skipped: TraceEntry = {
      code: "test_order_not_credited",
      message: "Test order: not credited (crediting test orders is off in Settings)",
    };
    return { result: { commissions: [], connect: null, trace: [] }, trace: [...customerTrace, skipped] };
  }
  try {
    const result = attributeOrder(input);
    return { result, trace: [...customerTrace, ...result.trace] };
  } catch (error) {
    if (error instanceof AttributionInputError)
      throw new MalformedPayloadError(`Order cannot be attributed: ${error.message}`);
    throw error;
  }
}

/**
 * Writes every draft in one transaction; if that fails, each on its own, so one bad order blocks no other.
 *
 * The transaction is written on the driver, as one batch of prepared statements: SQLite has one writer at
 * a time, and webhooks are being stored while this runs, so the write lock is held only for the few
 * milliseconds SQLite itself needs (through Prisma, compiling each query inside the transaction held it
 * for hundreds). Everything decided beforehand is in the statements, with the ledger's daily figures;
 * the one decision left to the database, whether an existing connection still stands, is made inside
 * the upsert.
 */
async function writeDrafts(
  sqlite: Client,
  shop: string,
  drafts: OrderDraft[],
  settings: ProgramSettingsView,
  now: Date,
  outcomes: Map<string, RecordOutcome>,
): Promise<void> {
  if (drafts.length === 0) return;
  try {
    let began = stageStart();
    await inWriteTransaction(sqlite, async (tx) => {
      addStageTime("write: lock + begin", began);
      const timeZone =
        (await timed("write: time zone", () => storedTimeZone(tx, shop))) ?? DEFAULT_SHOP_TIME_ZONE;
      const statements = timedSync("write: build statements", () =>
        draftStatements(shop, drafts, settings, now, timeZone),
      );
      await batchTimed(tx, statements);
      began = stageStart();
    });
    addStageTime("write: commit", began);
    for (const draft of drafts)
      outcomes.set(draft.deliveryId, { deliveryId: draft.deliveryId, status: "recorded" });
    return;
  } catch (error) {
    if (drafts.length === 1) {
      const { deliveryId } = drafts[0];
      if (isUniqueViolation(error)) {
        outcomes.set(deliveryId, { deliveryId, status: "duplicate" });
      } else {
        outcomes.set(deliveryId, {
          deliveryId,
          status: "retry",
          error: error instanceof Error ? error.message : String(error),
        });
      }
      return;
    }
  }
  for (const draft of drafts) await writeDrafts(sqlite, shop, [draft], settings, now, outcomes);
}

/**
 * Runs `write` in a write transaction on the driver and commits it; rolls back when it throws. The shop's
 * time zone is read inside it, so the figures are counted in the zone they are kept in.
 */
async function inWriteTransaction(sqlite: Client, write: (tx: Transaction) => Promise<void>): Promise<void> {
  const tx = await sqlite.transaction("write");
  try {
    await write(tx);
    await tx.commit();
  } finally {
    tx.close();
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

/** What the ledger's writer records of an order: its facts, and the engine's input, trace and commissions. */
export function attributedOrderDraft({
  facts,
  input,
  result,
  trace,
  hasSellingPlan,
}: Omit<OrderDraft, "deliveryId">): AttributedOrderDraft {
  return {
    orderId: facts.orderId,
    orderName: facts.orderName,
    // The customer as the engine had them: the email from the payload, else Shopify's.
    customer: input.order.customer
      ? { id: input.order.customer.id, email: input.order.customer.email }
      : null,
    currency: facts.currency,
    orderCreatedAt: new Date(facts.createdAt),
    hasSellingPlan,
    test: facts.test,
    input,
    trace,
    commissions: result.commissions,
  };
}

function draftStatements(
  shop: string,
  drafts: OrderDraft[],
  settings: ProgramSettingsView,
  now: Date,
  timeZone: string,
): InStatement[] {
  const status = settings.autoApproveDays === 0 ? LedgerStatus.approved : LedgerStatus.pending;
  const orders = drafts.map(attributedOrderDraft);
  const connections = drafts.flatMap(({ facts, input, result }) =>
    result.connect
      ? [
          lifetimeConnectionStatement(
            shop,
            {
              customerId: result.connect.customerId,
              customerEmail: input.order.customer?.email ?? null,
              customerName: facts.customer?.name ?? null,
              affiliateId: result.connect.affiliateId,
              expiresAt: result.connect.expiresAt,
              orderId: facts.orderId,
              orderCreatedAt: new Date(facts.createdAt),
            },
            now,
          ),
        ]
      : [],
  );
  const rows = orders.map((order) => attributedOrderRows(shop, order, { status, now }));
  const lines = rows.flatMap((row) => row.lines);
  const figures = new DailyTotalsChange(shop, timeZone);
  for (const line of lines) figures.add(line);
  const coupons = new CouponTotalsChange(shop);
  for (const order of orders) coupons.addOrder({ ...order.input.order, currency: order.currency });
  for (const line of lines) coupons.add(line);
  return [
    ...ledgerInsertStatements(
      rows.map((row) => row.order),
      lines,
    ),
    ...figures.statements(),
    ...coupons.statements(),
    ...connections,
    releaseWaitingStatement(
      shop,
      drafts.map((draft) => draft.facts.orderId),
      now,
    ),
    markProcessedStatement(
      drafts.map((draft) => draft.deliveryId),
      now,
    ),
  ];
}
