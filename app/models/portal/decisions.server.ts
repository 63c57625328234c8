// The merchant's decisions on applications: approve or decline, one or many at once. Each decision is stored
// with its email to the applicant in one transaction (the email is queued if and only if the decision is
// stored; models/email delivers it), and only an application in a status that allows the decision changes:
// a retried or repeated decision changes nothing and sends nothing twice.
import type { Prisma, PrismaClient } from "@prisma/client";
import type { BulkSelection } from "~/lib/forms";
import { affiliateLink, affiliateSearchWhere } from "~/models/affiliates/affiliates.server";
import { MAX_DECLINE_REASON_LENGTH, type ApplicationStatus } from "~/models/affiliates/application";
import { affiliatePortalUrl, queueApprovalEmail, queueDeclineEmail } from "~/models/email/queue.server";
import { getPortalSettings, proxyPathOf } from "./settings.server";

/** The most applications one decision takes (one screen's worth, many times over). */
export const MAX_APPLICATIONS_PER_DECISION = 250;

export type Decision = { kind: "approve" } | { kind: "decline"; reason: string };

export type DecisionResult = { ok: true; count: number } | { ok: false; field: "reason"; message: string };

/** The decline reason as typed: line ends made `\n`, trimmed, bounded. */
export function parseDeclineReason(
  value: unknown,
): { ok: true; reason: string } | { ok: false; message: string } {
  const reason = String(value ?? "")
    .replace(/\r\n?/g, "\n")
    .trim();
  if (reason.length > MAX_DECLINE_REASON_LENGTH) {
    return { ok: false, message: `Use at most ${MAX_DECLINE_REASON_LENGTH} characters` };
  }
  return { ok: true, reason };
}

/** The statuses a decision applies to: a declined applicant may still be approved; only pending is declined. */
function decidable(decision: Decision): string[] {
  return decision.kind === "approve" ? ["pending", "declined"] : ["pending"];
}

/**
 * Approves or declines the selected applications of the shop (ids, or every one matching a search), and queues
 * each applicant's email. Answers how many changed.
 */
export async function decideApplications(
  db: PrismaClient,
  shop: string,
  selection: BulkSelection & { status?: ApplicationStatus },
  decision: Decision,
  now = new Date(),
): Promise<DecisionResult> {
  if (decision.kind === "decline") {
    const parsed = parseDeclineReason(decision.reason);
    if (!parsed.ok) return { ok: false, field: "reason", message: parsed.message };
    decision = { kind: "decline", reason: parsed.reason };
  }
  const scope: Prisma.AffiliateWhereInput =
    "ids" in selection
      ? { shop, id: { in: selection.ids.slice(0, MAX_APPLICATIONS_PER_DECISION) } }
      : affiliateSearchWhere(shop, selection.allMatching, selection.status);
  const where: Prisma.AffiliateWhereInput = { ...scope, applicationStatus: { in: decidable(decision) } };

  // Read outside the transaction what the approval email says; the transaction holds the write lock briefly.
  const [pathPrefix, settings] =
    decision.kind === "approve"
      ? await Promise.all([proxyPathOf(db, shop), getPortalSettings(db, shop)])
      : [null, null];

  const count = await db.$transaction(async (tx) => {
    const applicants = await tx.affiliate.findMany({
      where,
      select: { id: true, name: true, email: true, refCode: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: MAX_APPLICATIONS_PER_DECISION,
    });
    if (applicants.length === 0) return 0;
    const decided = await tx.affiliate.updateMany({
      where: { ...where, id: { in: applicants.map((a) => a.id) } },
      data:
        decision.kind === "approve"
          ? { applicationStatus: "approved", decidedAt: now, declineReason: null }
          : { applicationStatus: "declined", decidedAt: now, declineReason: decision.reason || null },
    });
    // The decision's time names the occasion: approving after an earlier decline emails again.
    const occasion = now.toISOString();
    for (const applicant of applicants) {
      if (decision.kind === "approve") {
        await queueApprovalEmail(tx, shop, applicant, {
          referralLink: affiliateLink(shop, applicant.refCode),
          portalUrl: affiliatePortalUrl(shop, pathPrefix ?? undefined),
          welcomeMessage: settings?.welcomeMessage,
          occasion,
        });
      } else {
        await queueDeclineEmail(tx, shop, applicant, { reason: decision.reason, occasion });
      }
    }
    return decided.count;
  });
  return { ok: true, count };
}
