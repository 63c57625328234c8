import { Prisma, type PrismaClient } from "@prisma/client";
import { AttributionInputError, attributeOrder, money } from "~/attribution";
import type { AttributionInput, AttributionResult, TraceEntry } from "~/attribution";
import type { AdminGraphqlClient } from "~/graphql/client";
import { ShopifyUnavailableError } from "~/graphql/client";
import { getProgramSettings } from "~/models/program/program.server";
import { releaseWaiting } from "~/models/webhooks/inbox.server";
import { LedgerStatus } from "~/models/ledger/review.server";
import { loadAttributionInput } from "./attribution-input.server";
import { checkNewCustomer } from "./new-customer.server";
import { MalformedPayloadError, readOrderFacts, type OrderFacts } from "./order-facts.server";

export interface RecordOrderDeps {
  db: PrismaClient;
  /** The shop's Admin GraphQL client, or null when the shop has no offline session (not installed). */
  graphql: AdminGraphqlClient | null;
  now: Date;
}

export type RecordOrderOutcome = { status: "recorded"; commissions: number } | { status: "duplicate" };

/**
 * Runs an `orders/create` payload through the engine and records the result in one transaction: the
 * order with its input and trace, one ledger line per commission, the lifetime connection, and the
 * release of refunds and cancellations that arrived before it. The same order recorded again changes
 * nothing.
 */
export async function recordOrder(
  shop: string,
  payload: unknown,
  deps: RecordOrderDeps,
): Promise<RecordOrderOutcome> {
  const { db } = deps;
  const facts = readOrderFacts(payload);
  const already = await db.attributedOrder.findUnique({
    where: { shop_orderId: { shop, orderId: facts.orderId } },
    select: { id: true },
  });
  if (already) return { status: "duplicate" };

  const settings = await getProgramSettings(db, shop);
  const pipelineTrace: TraceEntry[] = [];
  const customerCheck = await newCustomerFacts(
    facts,
    settings.program.newCustomer.enabled,
    deps.graphql,
    pipelineTrace,
  );
  const { input } = await loadAttributionInput(db, shop, facts, settings.program, customerCheck);

  let result: AttributionResult;
  if (facts.test && !settings.creditTestOrders) {
    pipelineTrace.push({
      code: "test_order_not_credited",
      message: "Test order: not credited (crediting test orders is off in Settings)",
    });
    result = { commissions: [], connect: null, trace: [] };
  } else {
    result = runEngine(input);
  }

  const referrer = result.commissions.find((commission) => commission.source !== "product") ?? null;
  const status = settings.autoApproveDays === 0 ? LedgerStatus.approved : LedgerStatus.pending;

  try {
    await db.$transaction(async (tx) => {
      const order = await tx.attributedOrder.create({
        data: {
          shop,
          orderId: facts.orderId,
          orderName: facts.orderName,
          customerId: facts.customer?.id ?? null,
          customerEmail: facts.customer?.email ?? null,
          currency: facts.currency,
          orderCreatedAt: new Date(facts.createdAt),
          referrerAffiliateId: referrer?.affiliateId ?? null,
          referrerSource: referrer?.source ?? null,
          hasSellingPlan: facts.hasSellingPlan,
          test: facts.test,
          input: JSON.stringify(input),
          trace: JSON.stringify([...pipelineTrace, ...result.trace]),
        },
      });
      if (result.commissions.length > 0) {
        await tx.ledgerLine.createMany({
          data: result.commissions.map((commission) => ({
            shop,
            attributedOrderId: order.id,
            orderId: facts.orderId,
            affiliateId: commission.affiliateId,
            type: "commission",
            source: commission.source,
            rule: commission.rule,
            base: commission.base,
            amount: commission.amount,
            amountMinor: Number(money.toMinorUnits(money.parseDecimal(commission.amount), facts.currency)),
            currency: facts.currency,
            lineItemIds: JSON.stringify(commission.lineItemIds),
            status,
            createdAt: deps.now,
            statusChangedAt: deps.now,
          })),
        });
      }
      if (result.connect) {
        await connectCustomer(tx, shop, facts, result.connect, deps.now);
      }
      await releaseWaiting(tx, shop, facts.orderId, deps.now);
    });
  } catch (error) {
    // Another delivery of the same order won the race: it is recorded once.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return { status: "duplicate" };
    throw error;
  }
  return { status: "recorded", commissions: result.commissions.length };
}

function runEngine(input: AttributionInput): AttributionResult {
  try {
    return attributeOrder(input);
  } catch (error) {
    if (error instanceof AttributionInputError)
      throw new MalformedPayloadError(`Order cannot be attributed: ${error.message}`);
    throw error;
  }
}

async function newCustomerFacts(
  facts: OrderFacts,
  newCustomerEnabled: boolean,
  graphql: AdminGraphqlClient | null,
  trace: TraceEntry[],
): Promise<{ isNew: boolean } | null> {
  if (!facts.customer) return null;
  if (!newCustomerEnabled) return { isNew: false };
  if (!graphql) {
    throw new ShopifyUnavailableError(
      "The shop has no offline session: cannot ask Shopify whether the customer is new",
    );
  }
  const answer = await checkNewCustomer(graphql, facts.customer.id, facts.createdAt);
  if (!answer.found) {
    trace.push({
      code: "customer_not_found",
      message: `Shopify has no customer ${facts.customer.id}: treated as a returning customer`,
    });
    return { isNew: false };
  }
  trace.push({
    code: answer.isNew ? "customer_new" : "customer_returning",
    message: answer.isNew
      ? `New customer: Shopify created the customer at ${answer.createdAt} and counts ${answer.numberOfOrders} order(s)`
      : `Returning customer: Shopify created the customer at ${answer.createdAt} and counts ${answer.numberOfOrders} order(s)`,
  });
  return { isNew: answer.isNew };
}

async function connectCustomer(
  tx: Prisma.TransactionClient,
  shop: string,
  facts: OrderFacts,
  connect: NonNullable<AttributionResult["connect"]>,
  now: Date,
): Promise<void> {
  const existing = await tx.customerConnection.findUnique({
    where: { shop_customerId: { shop, customerId: connect.customerId } },
  });
  const orderTime = new Date(facts.createdAt);
  // A connection made in the meantime (by the merchant, or another order) that is still valid stands.
  if (existing && (existing.expiresAt === null || existing.expiresAt > orderTime)) return;
  const data = {
    affiliateId: connect.affiliateId,
    expiresAt: connect.expiresAt ? new Date(connect.expiresAt) : null,
    origin: "referred_order",
    orderId: facts.orderId,
    customerEmail: facts.customer?.email ?? null,
    createdAt: now,
  };
  if (existing) {
    await tx.customerConnection.update({ where: { id: existing.id }, data });
  } else {
    await tx.customerConnection.create({ data: { shop, customerId: connect.customerId, ...data } });
  }
}
