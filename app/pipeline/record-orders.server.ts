// Recording orders: a batch of one shop's `orders/create` payloads read, asked about (is the customer
// new?), attributed by the engine and written in one transaction with the ledger's, the connections' and
// the inbox's statements.
import type { Client, InStatement, Transaction } from "@libsql/client";
import type { PrismaClient } from "@prisma/client";
import { AttributionInputError, attributeOrder } from "~/attribution";
import type { AttributionResult, TraceEntry } from "~/attribution";
import type { AdminGraphqlClient } from "~/graphql/client";
import { ShopifyUnavailableError } from "~/graphql/client";
import { mapWithConcurrency } from "~/lib/concurrency";
import { lifetimeConnectionStatement } from "~/models/connections/lifetime.server";
import { LedgerStatus } from "~/models/ledger/status";
import { DailyTotalsChange } from "~/models/ledger/daily-totals.server";
import { storedTimeZone } from "~/models/ledger/time-zone.server";
import { attributedOrderRows, ledgerInsertStatements } from "~/models/ledger/writer.server";
import { DEFAULT_SHOP_TIME_ZONE } from "~/models/shop/profile.server";
import { getProgramSettings, type ProgramSettingsView } from "~/models/program/program.server";
import { releaseWaitingStatement } from "./inbox.server";
import { buildAttributionInput, loadProgramState } from "./attribution-input.server";
import { customerNewness } from "./new-customer.server";
import { readOrderFacts, type OrderFacts } from "./order-facts.server";
import { MalformedPayloadError } from "./payload.server";

export interface RecordOrderDeps {
  db: PrismaClient;
  /** The same database on the driver: the batch is written with it (see writeDrafts). */
  sqlite: Client;
  /** The shop's Admin GraphQL client, or null when the shop has no offline session (not installed). */
  graphql: AdminGraphqlClient | null;
  now: Date;
}

export interface OrderDelivery {
  deliveryId: string;
  payload: unknown;
}

export type RecordOutcome =
  | { deliveryId: string; status: "recorded" | "duplicate" }
  /** Another order of the same customer is ahead of it in this batch: it goes in the next one. */
  | { deliveryId: string; status: "deferred" }
  | { deliveryId: string; status: "malformed" | "retry"; error: string };

/** How many "is this customer new?" questions go to Shopify at once. */
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
      facts = readOrderFacts(payload);
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

  const recorded = new Set(
    (
      await db.attributedOrder.findMany({
        where: { shop, orderId: { in: [...orderIdsInBatch] } },
        select: { orderId: true },
      })
    ).map((order) => order.orderId),
  );
  const fresh = pending.filter(({ deliveryId, facts }) => {
    if (!recorded.has(facts.orderId)) return true;
    outcomes.set(deliveryId, { deliveryId, status: "duplicate" });
    return false;
  });

  const settings = await getProgramSettings(db, shop);
  const state = await loadProgramState(
    db,
    shop,
    fresh.map(({ facts }) => facts),
  );
  const customerChecks = await mapWithConcurrency(fresh, SHOPIFY_CONCURRENCY, ({ facts }) =>
    customerNewness(facts, settings.program.newCustomer.enabled, deps.graphql).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
  );

  const drafts: OrderDraft[] = [];
  fresh.forEach(({ deliveryId, facts }, index) => {
    const check = customerChecks[index];
    if (!check.ok) {
      if (!(check.error instanceof ShopifyUnavailableError)) throw check.error;
      outcomes.set(deliveryId, { deliveryId, status: "retry", error: check.error.message });
      return;
    }
    const input = buildAttributionInput(facts, settings.program, check.value.isNew, state);
    try {
      drafts.push({ deliveryId, facts, input, ...attribute(facts, input, settings, check.value.trace) });
    } catch (error) {
      if (!(error instanceof MalformedPayloadError)) throw error;
      outcomes.set(deliveryId, { deliveryId, status: "malformed", error: error.message });
    }
  });

  await writeDrafts(deps.sqlite, shop, drafts, settings, deps.now, outcomes);
  return deliveries.map(({ deliveryId }) => outcomes.get(deliveryId)!);
}

interface OrderDraft {
  deliveryId: string;
  facts: OrderFacts;
  input: ReturnType<typeof buildAttributionInput>;
  result: AttributionResult;
  trace: TraceEntry[];
}

function attribute(
  facts: OrderFacts,
  input: OrderDraft["input"],
  settings: ProgramSettingsView,
  customerTrace: TraceEntry[],
): { result: AttributionResult; trace: TraceEntry[] } {
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
    await inWriteTransaction(sqlite, async (tx) => {
      const timeZone = (await storedTimeZone(tx, shop)) ?? DEFAULT_SHOP_TIME_ZONE;
      await tx.batch(draftStatements(shop, drafts, settings, now, timeZone));
    });
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

function draftStatements(
  shop: string,
  drafts: OrderDraft[],
  settings: ProgramSettingsView,
  now: Date,
  timeZone: string,
): InStatement[] {
  const status = settings.autoApproveDays === 0 ? LedgerStatus.approved : LedgerStatus.pending;
  const orders = drafts.map(({ facts, input, result, trace }) => ({
    orderId: facts.orderId,
    orderName: facts.orderName,
    customer: facts.customer,
    currency: facts.currency,
    orderCreatedAt: new Date(facts.createdAt),
    hasSellingPlan: facts.hasSellingPlan,
    test: facts.test,
    input,
    trace,
    commissions: result.commissions,
  }));
  const connections = drafts.flatMap(({ facts, result }) =>
    result.connect
      ? [
          lifetimeConnectionStatement(
            shop,
            {
              customerId: result.connect.customerId,
              customerEmail: facts.customer?.email ?? null,
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
  return [
    ...ledgerInsertStatements(
      rows.map((row) => row.order),
      lines,
    ),
    ...figures.statements(),
    ...connections,
    releaseWaitingStatement(
      shop,
      drafts.map((draft) => draft.facts.orderId),
      now,
    ),
  ];
}
