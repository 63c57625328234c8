// Refunds and cancellations take commissions back: reversal lines, pro rata, never beyond what remains.
import type { LedgerLine, Prisma, PrismaClient } from "@prisma/client";
import { lineBase, money } from "~/attribution";
import type { AttributionInput, Decimal, LineItem } from "~/attribution";
import { shopTimeZoneIn } from "~/models/shop/profile.server";
import { CouponTotalsChange } from "./coupon-totals.server";
import { DailyTotalsChange } from "./daily-totals.server";
import { reversalStatusFor } from "./review.server";
import { executeStatements } from "./statements.server";
import { LedgerLineType } from "./status";

/** A refund of an order, as the ledger reverses it: which lines, how many of each. */
export interface Refund {
  refundId: string;
  orderId: string;
  lines: Array<{ lineItemId: string; quantity: number }>;
}

export type ReversalOutcome =
  | { status: "applied"; reversals: number }
  | { status: "waiting"; orderId: string };

interface ReversalDraft {
  commission: LineForReversal;
  base: Decimal;
  amount: Decimal;
}

/** An order as its reversals read it: the engine's input (JSON) and the currency. */
export interface OrderForReversal {
  input: string;
  currency: string;
}

/** A ledger line as its reversals read it. */
export type LineForReversal = { orderCreatedAt: Date | string } & Pick<
  LedgerLine,
  | "id"
  | "attributedOrderId"
  | "orderId"
  | "affiliateId"
  | "type"
  | "source"
  | "rule"
  | "base"
  | "amount"
  | "lineItemIds"
  | "status"
  | "reversalOfId"
  | "reversalKey"
  | "couponCodeKey"
>;

/**
 * Reverses the order's commissions pro rata for a refund: for each commission,
 * amount × (Σ over its refunded lines of lineBase × refunded qty ÷ qty) ÷ its base, rounded once, never
 * more than what remains of it. A refund of an order not recorded yet waits for it.
 */
export async function applyRefund(
  db: PrismaClient,
  shop: string,
  refund: Refund,
  now: Date,
): Promise<ReversalOutcome> {
  const order = await db.attributedOrder.findUnique({
    where: { shop_orderId: { shop, orderId: refund.orderId } },
    include: { ledgerLines: true },
  });
  if (!order) return { status: "waiting", orderId: refund.orderId };
  const earlier = await db.refundedLine.findMany({
    where: { shop, orderId: refund.orderId, refundId: { not: refund.refundId } },
    select: { lineItemId: true, quantity: true },
  });
  const refundedBefore = new Map<string, number>();
  for (const line of earlier) {
    refundedBefore.set(line.lineItemId, (refundedBefore.get(line.lineItemId) ?? 0) + line.quantity);
  }
  const { rows, refundedQuantity } = refundReversal(
    shop,
    order,
    order.ledgerLines,
    refund,
    now,
    refundedBefore,
  );
  // What this refund refunded of each line, written with its reversals.
  const recordRefundedLines = async (tx: Prisma.TransactionClient) => {
    for (const [lineItemId, quantity] of refundedQuantity) {
      await tx.refundedLine.upsert({
        where: {
          shop_orderId_refundId_lineItemId: {
            shop,
            orderId: refund.orderId,
            refundId: refund.refundId,
            lineItemId,
          },
        },
        create: { shop, orderId: refund.orderId, refundId: refund.refundId, lineItemId, quantity },
        update: {},
      });
    }
  };
  return { status: "applied", reversals: await createReversals(db, shop, rows, recordRefundedLines) };
}

/** Reverses whatever remains of each of the order's commissions. */
export async function applyCancellation(
  db: PrismaClient,
  shop: string,
  orderId: string,
  now: Date,
): Promise<ReversalOutcome> {
  const order = await db.attributedOrder.findUnique({
    where: { shop_orderId: { shop, orderId } },
    include: { ledgerLines: true },
  });
  if (!order) return { status: "waiting", orderId };
  const reversals = await createReversals(
    db,
    shop,
    cancellationReversalRows(shop, order, order.ledgerLines, now),
    order.cancelledAt
      ? null
      : async (tx) => {
          await tx.attributedOrder.update({ where: { id: order.id }, data: { cancelledAt: now } });
        },
  );
  return { status: "applied", reversals };
}

/**
 * The reversal lines a refund makes of an order's ledger (none for a refund already reversed), given what
 * the order's other refunds refunded of each line before it.
 */
export function refundReversalRows(
  shop: string,
  order: OrderForReversal,
  ledger: LineForReversal[],
  refund: Refund,
  now: Date,
  refundedBefore = new Map<string, number>(),
): Prisma.LedgerLineCreateManyInput[] {
  return refundReversal(shop, order, ledger, refund, now, refundedBefore).rows;
}

function refundReversal(
  shop: string,
  order: OrderForReversal,
  ledger: LineForReversal[],
  refund: Refund,
  now: Date,
  refundedBefore: Map<string, number>,
): { rows: Prisma.LedgerLineCreateManyInput[]; refundedQuantity: Map<string, number> } {
  const input = JSON.parse(order.input) as AttributionInput;
  const lines = new Map(input.order.lineItems.map((line) => [line.id, line]));
  const refundedQuantity = quantitiesLeftToRefund(refund, lines, refundedBefore);

  const drafts: ReversalDraft[] = [];
  for (const commission of ledger) {
    if (commission.type !== LedgerLineType.commission) continue;
    const covered = (JSON.parse(commission.lineItemIds) as string[]).flatMap((id) => {
      const line = lines.get(id);
      return line ? [line] : [];
    });
    const refunded = refundedPortion(covered, refundedQuantity, input);
    if (refunded.refundedUnits === 0) continue;

    const base = money.parseDecimal(commission.base);
    const amount = money.parseDecimal(commission.amount);
    // Multiply first, divide once, round once: amount × (N / D) ÷ base, or by quantity when the base is zero.
    const reversal = money.isZero(base)
      ? money.divide(
          money.multiplyByInteger(amount, refunded.refundedUnits),
          money.decimalFromInteger(refunded.coveredUnits),
        )
      : money.divide(
          money.multiply(amount, refunded.numerator),
          money.multiplyByInteger(base, refunded.denominator),
        );
    drafts.push({
      commission,
      base: money.divide(refunded.numerator, money.decimalFromInteger(refunded.denominator)),
      amount: money.roundToCurrency(reversal, order.currency),
    });
  }
  return {
    rows: reversalRows(shop, ledger, drafts, `refund:${refund.refundId}`, order.currency, now),
    refundedQuantity,
  };
}

/**
 * How many of each line this refund reverses: what it refunds, but never more than the line's quantity
 * less what the order's other refunds refunded of it. Refunds of the same line, together, can then never
 * take back more than that line's share of a commission. The same refund again finds its own quantities.
 */
function quantitiesLeftToRefund(
  refund: Refund,
  lines: Map<string, LineItem>,
  refundedBefore: Map<string, number>,
): Map<string, number> {
  const requested = new Map<string, number>();
  for (const line of refund.lines) {
    requested.set(line.lineItemId, (requested.get(line.lineItemId) ?? 0) + line.quantity);
  }
  const left = new Map<string, number>();
  for (const [lineItemId, quantity] of requested) {
    const ordered = lines.get(lineItemId)?.quantity ?? 0;
    left.set(lineItemId, Math.max(0, Math.min(quantity, ordered - (refundedBefore.get(lineItemId) ?? 0))));
  }
  return left;
}

/** The reversal lines that take back whatever remains of an order's commissions. */
export function cancellationReversalRows(
  shop: string,
  order: OrderForReversal,
  ledger: LineForReversal[],
  now: Date,
): Prisma.LedgerLineCreateManyInput[] {
  const drafts: ReversalDraft[] = ledger
    .filter((line) => line.type === LedgerLineType.commission)
    .map((commission) => ({
      commission,
      base: remainingOf(commission, ledger, "base"),
      amount: remainingOf(commission, ledger, "amount"),
    }));
  return reversalRows(shop, ledger, drafts, "cancel", order.currency, now);
}

/**
 * The refunded part of the lines a commission covers, as one exact fraction: Σ lineBase × refunded ÷ qty
 * = numerator ÷ denominator, with the denominator the least common multiple of the lines' quantities.
 */
function refundedPortion(
  covered: LineItem[],
  refundedQuantity: Map<string, number>,
  input: AttributionInput,
): { numerator: Decimal; denominator: bigint; refundedUnits: number; coveredUnits: number } {
  const refunded = covered
    .map((line) => ({ line, quantity: Math.min(refundedQuantity.get(line.id) ?? 0, line.quantity) }))
    .filter(({ line, quantity }) => quantity > 0 && line.quantity > 0);
  const denominator = refunded.reduce((lcm, { line }) => leastCommonMultiple(lcm, BigInt(line.quantity)), 1n);
  let numerator = money.ZERO;
  for (const { line, quantity } of refunded) {
    const full = lineBase(line, input.order.taxesIncluded, input.program.base.includeTax);
    numerator = money.add(
      numerator,
      money.multiplyByInteger(full, (BigInt(quantity) * denominator) / BigInt(line.quantity)),
    );
  }
  return {
    numerator,
    denominator,
    refundedUnits: refunded.reduce((units, { quantity }) => units + quantity, 0),
    coveredUnits: covered.reduce((units, line) => units + line.quantity, 0),
  };
}

function leastCommonMultiple(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return (a / x) * b;
}

function remainingOf(commission: LineForReversal, all: LineForReversal[], field: "base" | "amount"): Decimal {
  const reversed = all
    .filter((line) => line.reversalOfId === commission.id)
    .map((line) => money.negate(money.parseDecimal(line[field])));
  return money.subtract(money.parseDecimal(commission[field]), money.sum(reversed));
}

function reversalRows(
  shop: string,
  ledger: LineForReversal[],
  drafts: ReversalDraft[],
  reversalKey: string,
  currency: string,
  now: Date,
): Prisma.LedgerLineCreateManyInput[] {
  const rows: Prisma.LedgerLineCreateManyInput[] = [];
  for (const draft of drafts) {
    const { commission } = draft;
    // Each cause reverses a commission once, and never beyond what remains of it.
    if (ledger.some((line) => line.reversalOfId === commission.id && line.reversalKey === reversalKey))
      continue;
    const remaining = remainingOf(commission, ledger, "amount");
    const amount = money.compare(draft.amount, remaining) > 0 ? remaining : draft.amount;
    if (money.compare(amount, money.ZERO) <= 0) continue;
    const base = money.roundToCurrency(draft.base, currency);
    rows.push({
      shop,
      attributedOrderId: commission.attributedOrderId,
      orderId: commission.orderId,
      affiliateId: commission.affiliateId,
      type: LedgerLineType.reversal,
      source: commission.source,
      rule: commission.rule,
      base: money.formatMoney(money.negate(base), currency),
      amount: money.formatMoney(money.negate(amount), currency),
      amountMinor: -Number(money.toMinorUnits(amount, currency)),
      currency,
      lineItemIds: commission.lineItemIds,
      status: reversalStatusFor(commission.status),
      reversalOfId: commission.id,
      reversalKey,
      couponCodeKey: commission.couponCodeKey,
      orderCreatedAt: commission.orderCreatedAt,
      createdAt: now,
      statusChangedAt: now,
    });
  }
  return rows;
}

/**
 * Records reversal lines and their share of the daily figures in one transaction, with what goes with
 * them (what a refund refunded of each line, an order's cancellation).
 */
async function createReversals(
  db: PrismaClient,
  shop: string,
  rows: Prisma.LedgerLineCreateManyInput[],
  alongside: ((tx: Prisma.TransactionClient) => Promise<void>) | null = null,
): Promise<number> {
  if (rows.length === 0 && !alongside) return 0;
  await db.$transaction(async (tx) => {
    if (rows.length > 0) {
      await tx.ledgerLine.createMany({ data: rows });
      const change = new DailyTotalsChange(shop, await shopTimeZoneIn(tx, shop));
      const coupons = new CouponTotalsChange(shop);
      for (const row of rows) {
        change.add({ ...row, orderCreatedAt: row.orderCreatedAt });
        coupons.add({ ...row, couponCodeKey: row.couponCodeKey ?? null });
      }
      await executeStatements(tx, [...change.statements(), ...coupons.statements()]);
    }
    if (alongside) await alongside(tx);
  });
  return rows.length;
}
