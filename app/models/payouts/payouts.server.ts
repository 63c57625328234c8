// Payouts as records: a batch of payouts, one per affiliate and currency, each holding exactly the ledger
// lines it settles (PayoutLine: one row per line, the line as primary key, so no line is ever in two live
// payouts). Paying a payout moves its lines to paid, through the ledger's one status change; a failed or
// cancelled payout releases them (its rows deleted, their ids kept on the payout). A paid payout is never
// edited again.
import { Prisma, type PrismaClient } from "@prisma/client";
import { minorToDecimal } from "~/format/money";
import { changeLedgerStatus } from "~/models/ledger/status-change.server";
import { LedgerStatus } from "~/models/ledger/status";
import { queuePayoutSentEmail } from "~/models/email/queue.server";
import type { SkippedRow } from "~/lib/answers";
import { balancesOf, methodProblem, payableLinesOf, paypalRecipient } from "./balances.server";
import { PayoutMethod, PayoutStatus, giftCardCurrencyProblem, payoutReference } from "./codes";
import { getPayoutSettings } from "./settings.server";

type Tx = Prisma.TransactionClient;

export class PayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PayoutError";
  }
}

export interface CreateBatchRequest {
  /** "affiliateId:currency" keys of the balances to pay. */
  balances: Array<{ affiliateId: string; currency: string }>;
  method: PayoutMethod;
  createdBy: string;
  now?: Date;
  /** The shop's currency: gift cards pay balances in it only (required for them). */
  shopCurrency?: string;
}

export interface CreateBatchOutcome {
  batchId: string | null;
  payoutIds: string[];
  skipped: SkippedRow[];
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Makes one batch with a payout for each chosen balance that is payable now by `method` (the others are
 * skipped, with the reason). The balances are worked out again inside the transaction, so what is
 * settled is what was owed at that moment; a line another batch took first is not taken twice — the
 * database refuses it, and the whole batch is refused with it.
 */
export async function createPayoutBatch(
  db: PrismaClient,
  shop: string,
  request: CreateBatchRequest,
): Promise<CreateBatchOutcome> {
  const now = request.now ?? new Date();
  const wanted = [...new Map(request.balances.map((b) => [`${b.affiliateId}:${b.currency}`, b])).values()];
  try {
    return await db.$transaction(async (tx) => {
      const settings = await getPayoutSettings(tx, shop);
      const skipped: SkippedRow[] = [];
      if (!settings.methods.includes(request.method)) {
        throw new PayoutError("That payout method is not offered (Settings › Payouts)");
      }
      const affiliateIds = [...new Set(wanted.map((b) => b.affiliateId))];
      const affiliates = new Map(
        (
          await tx.affiliate.findMany({
            where: { shop, id: { in: affiliateIds } },
            select: { id: true, name: true, email: true, payoutEmail: true, customerId: true },
          })
        ).map((a) => [a.id, a]),
      );
      const balances = new Map(
        (await balancesOf(tx, shop, settings, now, { affiliateIds })).map((b) => [
          `${b.affiliateId}:${b.currency}`,
          b,
        ]),
      );
      const planned: Array<{ affiliateId: string; currency: string; recipient: string | null }> = [];
      for (const { affiliateId, currency } of wanted) {
        const id = `${affiliateId}:${currency}`;
        const affiliate = affiliates.get(affiliateId);
        if (!affiliate) {
          skipped.push({ id, label: id, reason: "No such affiliate" });
          continue;
        }
        const label = `${affiliate.name} (${currency})`;
        const balance = balances.get(id);
        if (!balance || !balance.payable) {
          skipped.push({ id, label, reason: "Nothing payable (below the minimum, or still held)" });
          continue;
        }
        const problem = methodProblem(request.method, affiliate);
        if (problem) {
          skipped.push({ id, label, reason: problem });
          continue;
        }
        if (request.method === PayoutMethod.giftCard) {
          const currencyProblem = giftCardCurrencyProblem(currency, request.shopCurrency ?? "");
          if (currencyProblem) {
            skipped.push({ id, label, reason: currencyProblem });
            continue;
          }
        }
        const recipient =
          request.method === PayoutMethod.paypal
            ? paypalRecipient(affiliate)
            : request.method === PayoutMethod.storeCredit || request.method === PayoutMethod.giftCard
              ? `gid://shopify/Customer/${affiliate.customerId}`
              : null;
        planned.push({ affiliateId, currency, recipient });
      }
      if (planned.length === 0) return { batchId: null, payoutIds: [], skipped };

      const lastBatch = await tx.payoutBatch.findFirst({
        where: { shop },
        orderBy: { number: "desc" },
        select: { number: true },
      });
      const batch = await tx.payoutBatch.create({
        data: { shop, number: (lastBatch?.number ?? 0) + 1, createdBy: request.createdBy, createdAt: now },
      });
      const lastPayout = await tx.payout.findFirst({
        where: { shop },
        orderBy: { number: "desc" },
        select: { number: true },
      });
      let number = lastPayout?.number ?? 0;
      const payoutIds: string[] = [];
      for (const plan of planned) {
        const lines = await payableLinesOf(tx, shop, plan.affiliateId, plan.currency, settings, now);
        const amountMinor = lines.reduce((sum, line) => sum + line.amountMinor, 0);
        const payout = await tx.payout.create({
          data: {
            shop,
            number: ++number,
            batchId: batch.id,
            affiliateId: plan.affiliateId,
            currency: plan.currency,
            amount: minorToDecimal(amountMinor, plan.currency),
            amountMinor,
            method: request.method,
            status: PayoutStatus.draft,
            recipient: plan.recipient,
            createdBy: request.createdBy,
            createdAt: now,
          },
        });
        await tx.payoutLine.createMany({
          data: lines.map((line) => ({
            ledgerLineId: line.id,
            shop,
            payoutId: payout.id,
            amountMinor: line.amountMinor,
          })),
        });
        payoutIds.push(payout.id);
      }
      return { batchId: batch.id, payoutIds, skipped };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new PayoutError(
        "Some of these commissions were just put in another payout. Nothing was created; look at the balances again.",
      );
    }
    throw error;
  }
}

async function livePayout(tx: Tx, shop: string, id: string) {
  const payout = await tx.payout.findFirst({
    where: { shop, id },
    include: { affiliate: { select: { id: true, name: true, email: true, payoutEmail: true } } },
  });
  if (!payout) throw new PayoutError("No such payout");
  return payout;
}

/** Marks draft payouts sent (a PayPal file was uploaded, a transfer ordered). Answers how many moved. */
export async function markPayoutsSent(db: PrismaClient, shop: string, ids: string[], now = new Date()) {
  const { count } = await db.payout.updateMany({
    where: { shop, id: { in: ids }, status: PayoutStatus.draft },
    data: { status: PayoutStatus.sent, sentAt: now },
  });
  return count;
}

/**
 * Inside the caller's transaction: the payout is paid, its lines are paid (with the daily figures), and the
 * "payout sent" email is queued. Refuses a payout that is not draft or sent.
 */
export async function recordPayoutPaid(
  tx: Tx,
  shop: string,
  id: string,
  details: { reference: string | null; paidAt: Date; now: Date },
) {
  const payout = await livePayout(tx, shop, id);
  if (payout.status !== PayoutStatus.draft && payout.status !== PayoutStatus.sent) {
    throw new PayoutError(`This payout is ${payout.status}: it cannot be paid`);
  }
  const { count } = await tx.payout.updateMany({
    where: { shop, id, status: { in: [PayoutStatus.draft, PayoutStatus.sent] } },
    data: {
      status: PayoutStatus.paid,
      reference: details.reference,
      paidAt: details.paidAt,
      sentAt: payout.sentAt ?? details.paidAt,
      failureReason: null,
    },
  });
  if (count !== 1) throw new PayoutError("This payout changed meanwhile; look at it again");
  await changeLedgerStatus(
    tx,
    shop,
    { payoutLine: { is: { payoutId: id } } },
    LedgerStatus.paid,
    details.now,
  );
  await queuePayoutSentEmail(tx, shop, payout.affiliate, {
    payoutId: payout.id,
    reference: payoutReference(payout.number),
    amount: payout.amount,
    currency: payout.currency,
    method: payout.method,
    paidAt: details.paidAt.toISOString(),
  });
}

/** Records a payout paid outside the app (PayPal, bank transfer) with its reference and date. */
export async function markPayoutPaid(
  db: PrismaClient,
  shop: string,
  id: string,
  details: { reference: string; paidAt: Date },
  now = new Date(),
) {
  const reference = details.reference.trim();
  if (reference === "") throw new PayoutError("Enter the payment's reference (e.g. PayPal's transaction id)");
  if (reference.length > 200) throw new PayoutError("The reference is too long (200 characters at most)");
  const payout = await db.payout.findFirst({ where: { shop, id }, select: { method: true } });
  if (payout?.method === PayoutMethod.storeCredit) {
    throw new PayoutError("Store credit is paid through Shopify: use Pay with store credit");
  }
  if (payout?.method === PayoutMethod.giftCard) {
    throw new PayoutError("Gift cards are issued through Shopify: use Pay with gift cards");
  }
  await db.$transaction((tx) => recordPayoutPaid(tx, shop, id, { reference, paidAt: details.paidAt, now }));
}

/**
 * A payout that failed or was cancelled releases its lines: their PayoutLine rows are deleted and their ids
 * kept on the payout, so the lines are payable again (by a new payout). A paid payout cannot be.
 */
export async function closePayout(
  db: PrismaClient | Tx,
  shop: string,
  id: string,
  to: typeof PayoutStatus.failed | typeof PayoutStatus.cancelled,
  reason: string | null,
  now = new Date(),
) {
  const run = async (tx: Tx) => {
    const payout = await livePayout(tx, shop, id);
    if (payout.status !== PayoutStatus.draft && payout.status !== PayoutStatus.sent) {
      throw new PayoutError(
        payout.status === PayoutStatus.paid
          ? "A paid payout is never changed: record a correction instead"
          : `This payout is already ${payout.status}`,
      );
    }
    const lines = await tx.payoutLine.findMany({
      where: { shop, payoutId: id },
      select: { ledgerLineId: true },
    });
    await tx.payoutLine.deleteMany({ where: { shop, payoutId: id } });
    await tx.payout.update({
      where: { id },
      data: {
        status: to,
        closedAt: now,
        failureReason: reason?.trim().slice(0, 500) || null,
        releasedLines: JSON.stringify(lines.map((line) => line.ledgerLineId)),
      },
    });
  };
  return "$transaction" in db ? (db as PrismaClient).$transaction(run) : run(db);
}
