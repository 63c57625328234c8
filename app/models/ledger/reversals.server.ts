import type { LedgerLine, Prisma, PrismaClient } from "@prisma/client";
import { lineBase, money } from "~/attribution";
import type { AttributionInput, Decimal, LineItem } from "~/attribution";
import { readOrderId, readRefundFacts } from "~/models/orders/order-facts.server";
import { reversalStatusFor } from "./review.server";

export type ReversalOutcome =
  | { status: "applied"; reversals: number }
  | { status: "waiting"; orderId: string };

interface ReversalDraft {
  commission: LedgerLine;
  base: Decimal;
  amount: Decimal;
}

/**
 * Reverses the order's commissions pro rata for a refund: for each commission,
 * amount × (Σ over its refunded lines of lineBase × refunded qty ÷ qty) ÷ its base, rounded once, never
 * more than what remains of it. A refund of an order not recorded yet waits for it.
 */
export async function applyRefund(
  db: PrismaClient,
  shop: string,
  payload: unknown,
  now: Date,
): Promise<ReversalOutcome> {
  const refund = readRefundFacts(payload);
  const order = await db.attributedOrder.findUnique({
    where: { shop_orderId: { shop, orderId: refund.orderId } },
    include: { ledgerLines: true },
  });
  if (!order) return { status: "waiting", orderId: refund.orderId };

  const input = JSON.parse(order.input) as AttributionInput;
  const lines = new Map(input.order.lineItems.map((line) => [line.id, line]));
  const refundedQuantity = new Map<string, number>();
  for (const line of refund.lines) {
    refundedQuantity.set(line.lineItemId, (refundedQuantity.get(line.lineItemId) ?? 0) + line.quantity);
  }

  const drafts: ReversalDraft[] = [];
  for (const commission of order.ledgerLines) {
    if (commission.type !== "commission") continue;
    const covered = (JSON.parse(commission.lineItemIds) as string[]).flatMap((id) => {
      const line = lines.get(id);
      return line ? [line] : [];
    });
    const refunded = refundedPortion(covered, refundedQuantity, input);
    if (money.isZero(refunded.base) && refunded.quantityShare === null) continue;

    const base = money.parseDecimal(commission.base);
    const amount = money.parseDecimal(commission.amount);
    const share = money.isZero(base)
      ? (refunded.quantityShare ?? money.ZERO)
      : money.divide(refunded.base, base);
    const reversal = money.roundToCurrency(money.multiply(amount, share), order.currency);
    drafts.push({ commission, base: refunded.base, amount: reversal });
  }
  const reversals = await recordReversals(
    db,
    shop,
    order.ledgerLines,
    drafts,
    `refund:${refund.refundId}`,
    order.currency,
    now,
  );
  return { status: "applied", reversals };
}

/** Reverses whatever remains of each of the order's commissions. */
export async function applyCancellation(
  db: PrismaClient,
  shop: string,
  payload: unknown,
  now: Date,
): Promise<ReversalOutcome> {
  const orderId = readOrderId(payload);
  const order = await db.attributedOrder.findUnique({
    where: { shop_orderId: { shop, orderId } },
    include: { ledgerLines: true },
  });
  if (!order) return { status: "waiting", orderId };

  const drafts: ReversalDraft[] = order.ledgerLines
    .filter((line) => line.type === "commission")
    .map((commission) => ({
      commission,
      base: remainingOf(commission, order.ledgerLines, "base"),
      amount: remainingOf(commission, order.ledgerLines, "amount"),
    }));
  const reversals = await recordReversals(db, shop, order.ledgerLines, drafts, "cancel", order.currency, now);
  if (!order.cancelledAt) {
    await db.attributedOrder.update({ where: { id: order.id }, data: { cancelledAt: now } });
  }
  return { status: "applied", reversals };
}

/**
 * The refunded part of the lines a commission covers: their refunded base, and (for a commission whose
 * base is zero, e.g. a flat rate on free items) the refunded share of their quantity.
 */
function refundedPortion(
  covered: LineItem[],
  refundedQuantity: Map<string, number>,
  input: AttributionInput,
): { base: Decimal; quantityShare: Decimal | null } {
  let base = money.ZERO;
  let refundedUnits = 0;
  let coveredUnits = 0;
  for (const line of covered) {
    coveredUnits += line.quantity;
    const quantity = Math.min(refundedQuantity.get(line.id) ?? 0, line.quantity);
    if (quantity === 0 || line.quantity === 0) continue;
    refundedUnits += quantity;
    const full = lineBase(line, input.order.taxesIncluded, input.program.base.includeTax);
    base = money.add(
      base,
      money.divide(money.multiplyByInteger(full, quantity), money.decimalFromInteger(line.quantity)),
    );
  }
  const quantityShare =
    refundedUnits > 0 && coveredUnits > 0
      ? money.divide(money.decimalFromInteger(refundedUnits), money.decimalFromInteger(coveredUnits))
      : null;
  return { base, quantityShare };
}

function remainingOf(commission: LedgerLine, all: LedgerLine[], field: "base" | "amount"): Decimal {
  const reversed = all
    .filter((line) => line.reversalOfId === commission.id)
    .map((line) => money.negate(money.parseDecimal(line[field])));
  return money.subtract(money.parseDecimal(commission[field]), money.sum(reversed));
}

async function recordReversals(
  db: PrismaClient,
  shop: string,
  ledger: LedgerLine[],
  drafts: ReversalDraft[],
  reversalKey: string,
  currency: string,
  now: Date,
): Promise<number> {
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
      type: "reversal",
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
      createdAt: now,
      statusChangedAt: now,
    });
  }
  if (rows.length === 0) return 0;
  await db.ledgerLine.createMany({ data: rows });
  return rows.length;
}
