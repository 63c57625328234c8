// Approve / deny / mark paid from the Commissions screens, through the ledger's own review functions.
import type { PrismaClient } from "@prisma/client";
import { approveLines, denyLines, markLinesPaid } from "~/models/ledger/review.server";

export const REVIEW_INTENTS = ["approve", "deny", "markPaid"] as const;
export type ReviewIntent = (typeof REVIEW_INTENTS)[number];

export function isReviewIntent(value: unknown): value is ReviewIntent {
  return typeof value === "string" && (REVIEW_INTENTS as readonly string[]).includes(value);
}

export interface ReviewAnswer {
  intent: ReviewIntent;
  changed: number;
  /** Lines left as they were, each with a label the merchant recognises and the reason. */
  skipped: Array<{ id: string; label: string; reason: string }>;
  toast: { message: string; isError?: boolean };
}

const RUN = { approve: approveLines, deny: denyLines, markPaid: markLinesPaid } as const;
const DONE = { approve: "approved", deny: "denied", markPaid: "marked paid" } as const;

/**
 * Applies one review step to the given lines of this shop. Ids of other shops (or unknown ids) are
 * never passed on: they are reported as skipped, "No such commission".
 */
export async function reviewLines(
  db: PrismaClient,
  shop: string,
  intent: ReviewIntent,
  ids: string[],
): Promise<ReviewAnswer> {
  const unique = [...new Set(ids)];
  const own = await db.ledgerLine.findMany({
    where: { shop, id: { in: unique } },
    select: {
      id: true,
      orderId: true,
      type: true,
      affiliate: { select: { name: true } },
      attributedOrder: { select: { orderName: true } },
    },
  });
  const labels = new Map(
    own.map((line) => [
      line.id,
      `${line.attributedOrder.orderName ?? `#${line.orderId}`} · ${line.affiliate.name}${line.type === "reversal" ? " (reversal)" : ""}`,
    ]),
  );
  const outcome =
    own.length > 0 ? await RUN[intent](db, shop, [...labels.keys()]) : { changed: 0, skipped: [] };
  const skipped = [
    ...outcome.skipped.map((skip) => ({ ...skip, label: labels.get(skip.id) ?? skip.id })),
    ...unique.filter((id) => !labels.has(id)).map((id) => ({ id, label: id, reason: "No such commission" })),
  ];
  const lines = (n: number) => `${n} ${n === 1 ? "line" : "lines"}`;
  const message =
    outcome.changed > 0
      ? `${lines(outcome.changed)} ${DONE[intent]}${skipped.length ? `, ${lines(skipped.length)} skipped` : ""}`
      : `Nothing ${DONE[intent]}: ${lines(skipped.length)} skipped`;
  return { intent, changed: outcome.changed, skipped, toast: { message, isError: outcome.changed === 0 } };
}
