// Credit by hand: the merchant names the affiliate who referred an order that earned nothing. The engine
// runs again on the order's stored input with that affiliate as `manualReferral` (docs/attribution.md), and
// its commissions are recorded like the pipeline's (the ledger's writer, the daily figures), with source
// `manual`, the note and who credited it in the stored trace. Refunds and cancellations then reverse them
// like any other line (they read the order's stored input and lines).
//
// Once per order, enforced by the database: the order is claimed by a guarded UPDATE (`credited` false,
// not cancelled) in the same write transaction as the lines; a second request finds it claimed.
import type { Client } from "@libsql/client";
import type { PrismaClient } from "@prisma/client";
import {
  AttributionInputError,
  attributeOrder,
  type AttributionInput,
  type AttributionResult,
  type Commission,
  type TraceEntry,
} from "~/attribution";
import { engineAffiliate } from "~/models/affiliates/engine-affiliate";
import { DailyTotalsChange } from "~/models/ledger/daily-totals.server";
import { parseTrace } from "~/models/ledger/order-detail.server";
import { applyRefund, type Refund } from "~/models/ledger/reversals.server";
import { LedgerStatus } from "~/models/ledger/status";
import { storedTimeZone } from "~/models/ledger/time-zone.server";
import { commissionLineRows, ledgerLineInsertStatements } from "~/models/ledger/writer.server";
import { getProgramSettings } from "~/models/program/program.server";
import { DEFAULT_SHOP_TIME_ZONE } from "~/models/shop/profile.server";

/** The longest note kept (it is shown in the trace). */
export const CREDIT_NOTE_MAX_LENGTH = 500;

export interface CreditRequest {
  /** The attributed order's id (AttributedOrder.id). */
  orderId: string;
  affiliateId: string;
  note: string;
  /** Who credited it: the staff member, or "merchant". */
  creditedBy: string;
}

/** What a credit by hand would record, or did. */
export interface CreditPlan {
  commissions: Commission[];
  input: AttributionInput;
  result: AttributionResult;
}

export type CreditOutcome =
  | { status: "not_found" }
  | { status: "refused"; field: "affiliateId" | "note" | "form"; message: string }
  | { status: "credited"; commissions: Commission[] };

type Refusal = Extract<CreditOutcome, { status: "refused" }>;
const refuse = (message: string, field: Refusal["field"] = "form"): Refusal => ({
  status: "refused",
  field,
  message,
});

const ALREADY_CREDITED =
  "This order is already credited: a credit by hand is only for an order that earned nothing.";
const CANCELLED = "This order was cancelled: it cannot be credited.";

/** The note as stored: trimmed, one line (the trace is read line by line). */
export function cleanNote(note: string): string {
  return note.replace(/\s+/g, " ").trim();
}

/**
 * What crediting the order to the affiliate would record: refused (with the reason in words) when the order
 * cannot be credited by hand or would earn nothing; not_found when the order or the affiliate is not this
 * shop's.
 */
export async function planCreditByHand(
  db: PrismaClient,
  shop: string,
  { orderId, affiliateId }: Pick<CreditRequest, "orderId" | "affiliateId">,
): Promise<{ status: "planned"; plan: CreditPlan } | Exclude<CreditOutcome, { status: "credited" }>> {
  const [order, affiliate, settings] = await Promise.all([
    db.attributedOrder.findFirst({
      where: { shop, id: orderId },
      select: { credited: true, cancelledAt: true, test: true, input: true },
    }),
    affiliateId ? db.affiliate.findFirst({ where: { shop, id: affiliateId } }) : null,
    getProgramSettings(db, shop),
  ]);
  if (!order) return { status: "not_found" };
  if (order.credited) return refuse(ALREADY_CREDITED);
  if (order.cancelledAt) return refuse(CANCELLED);
  if (order.test && !settings.creditTestOrders)
    return refuse("This is a test order, and crediting test orders is off in Settings.");
  if (!affiliateId) return refuse("Choose the affiliate to credit.", "affiliateId");
  if (!affiliate) return { status: "not_found" };
  const candidate = engineAffiliate(affiliate);
  if (!candidate.active)
    return refuse(
      `${affiliate.name} is not an active affiliate: only active affiliates earn.`,
      "affiliateId",
    );

  let stored: AttributionInput;
  try {
    stored = JSON.parse(order.input) as AttributionInput;
  } catch {
    return refuse("This order's recorded input cannot be read: it cannot be credited by hand.");
  }
  // The affiliate as it is now (it may have joined, or changed rate, since the order).
  const input: AttributionInput = {
    ...stored,
    affiliates: [...(stored.affiliates ?? []).filter((a) => a.id !== candidate.id), candidate],
    manualReferral: { affiliateId: candidate.id },
  };
  let result: AttributionResult;
  try {
    result = attributeOrder(input);
  } catch (error) {
    if (!(error instanceof AttributionInputError)) throw error;
    return refuse(`This order's recorded input cannot be attributed: ${error.message}`);
  }
  if (result.commissions.length === 0) {
    const why = result.trace.find(
      (entry) => entry.code === "self_referral" || entry.code === "commission_dropped",
    );
    return refuse(
      why?.code === "self_referral"
        ? `${affiliate.name} is the customer on this order, and self-referrals earn nothing (Settings).`
        : `${affiliate.name} would earn nothing on this order: it has nothing eligible for commission.`,
      "affiliateId",
    );
  }
  return { status: "planned", plan: { commissions: result.commissions, input, result } };
}

/**
 * The order's trace after the credit: the pipeline's own notes as they were (what Shopify said of the
 * customer or renewal), the credit by hand, then the engine's trace of the run with it. The pipeline's notes
 * are what the stored trace has before the engine's part, found by running the stored input again (the
 * engine is pure); if that part is not found (the engine changed since), the stored trace is kept whole.
 */
function creditedTrace(
  storedTrace: TraceEntry[],
  storedInput: AttributionInput,
  credit: TraceEntry,
  result: AttributionResult,
): TraceEntry[] {
  let notes = storedTrace;
  try {
    const engineTrace = attributeOrder({ ...storedInput, manualReferral: null }).trace;
    const head = storedTrace.length - engineTrace.length;
    const tail = storedTrace.slice(head);
    if (head >= 0 && JSON.stringify(tail) === JSON.stringify(engineTrace)) notes = storedTrace.slice(0, head);
  } catch {
    // An input the engine refuses now: keep the stored trace whole.
  }
  return [...notes, credit, ...result.trace];
}

/**
 * Credits the order to the affiliate by hand, once: the commissions the engine gives with that affiliate as
 * the referrer, recorded in one write transaction with the order's new input and trace, its `credited`
 * flag and the ledger's daily figures.
 */
export async function creditByHand(
  db: PrismaClient,
  sqlite: Client,
  shop: string,
  request: CreditRequest,
  now: Date,
): Promise<CreditOutcome> {
  const note = cleanNote(request.note);
  if (!note)
    return refuse(
      "Write a note: why the order is credited by hand (it is kept in the order's trace).",
      "note",
    );
  if (note.length > CREDIT_NOTE_MAX_LENGTH)
    return refuse(`Keep the note under ${CREDIT_NOTE_MAX_LENGTH} characters.`, "note");
  const planned = await planCreditByHand(db, shop, request);
  if (planned.status !== "planned") return planned;
  const { plan } = planned;

  const order = await db.attributedOrder.findFirstOrThrow({
    where: { shop, id: request.orderId },
    select: { id: true, orderId: true, currency: true, orderCreatedAt: true, input: true, trace: true },
  });
  const affiliate = plan.input.affiliates.find((a) => a.id === request.affiliateId)!;
  const credit: TraceEntry = {
    code: "manual_credit",
    message: `Credited by hand to ${affiliate.refCode} on ${now.toISOString()} by ${request.creditedBy.replace(/:/g, " ")}: ${note}`,
    affiliateId: affiliate.id,
  };
  const trace = creditedTrace(
    parseTrace(order.trace),
    JSON.parse(order.input) as AttributionInput,
    credit,
    plan.result,
  );
  const settings = await getProgramSettings(db, shop);
  const status = settings.autoApproveDays === 0 ? LedgerStatus.approved : LedgerStatus.pending;
  const lines = commissionLineRows(shop, order, plan.commissions, { status, now });
  const referrer = plan.commissions.find((commission) => commission.source !== "product") ?? null;

  const tx = await sqlite.transaction("write");
  try {
    const claimed = await tx.execute({
      sql: `UPDATE "AttributedOrder" SET "credited" = 1, "input" = ?, "trace" = ?, "referrerAffiliateId" = ?, "referrerSource" = ?
            WHERE "shop" = ? AND "id" = ? AND "credited" = 0 AND "cancelledAt" IS NULL`,
      args: [
        JSON.stringify(plan.input),
        JSON.stringify(trace),
        referrer?.affiliateId ?? null,
        referrer?.source ?? null,
        shop,
        order.id,
      ],
    });
    if (claimed.rowsAffected !== 1) {
      await tx.rollback();
      const current = await db.attributedOrder.findFirst({
        where: { shop, id: order.id },
        select: { cancelledAt: true },
      });
      return refuse(current?.cancelledAt ? CANCELLED : ALREADY_CREDITED);
    }
    const timeZone = (await storedTimeZone(tx, shop)) ?? DEFAULT_SHOP_TIME_ZONE;
    const figures = new DailyTotalsChange(shop, timeZone);
    for (const line of lines) figures.add(line);
    await tx.batch([...ledgerLineInsertStatements(lines), ...figures.statements()]);
    await tx.commit();
  } finally {
    tx.close();
  }
  await reverseEarlierRefunds(db, shop, order.orderId, now);
  return { status: "credited", commissions: plan.commissions };
}

/**
 * Refunds of the order that came before the credit (they reversed nothing then): each takes its share of
 * the new commissions back now, as it would have. A reversal is recorded once per commission and refund,
 * so running this again changes nothing.
 */
async function reverseEarlierRefunds(db: PrismaClient, shop: string, orderId: string, now: Date) {
  const refunded = await db.refundedLine.findMany({
    where: { shop, orderId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const refunds = new Map<string, Refund>();
  for (const line of refunded) {
    const refund = refunds.get(line.refundId) ?? { refundId: line.refundId, orderId, lines: [] };
    refund.lines.push({ lineItemId: line.lineItemId, quantity: line.quantity });
    refunds.set(line.refundId, refund);
  }
  for (const refund of refunds.values()) await applyRefund(db, shop, refund, now);
}
