// The commission digest as the worker queued it until decision 0026: through Prisma, a handful of queries and
// a commit per affiliate. Kept, unchanged, as the reference the batched path (~/models/email/digest.server)
// must equal row for row (test/email/digest-batches.test.ts), and as the baseline of its benchmark
// (bench/scale/digest-cli.ts).
import type { PrismaClient } from "@prisma/client";
import { DIGEST_INTERVAL_MS, DIGEST_MAX_LINES, FIRST_DIGEST_LOOKBACK_MS } from "~/models/email/digest.server";
import {
  AffiliateEmailKind,
  type ApprovedFacts,
  type DigestLine,
  type DigestTotal,
} from "~/models/email/kinds";
import { queueEmail } from "~/models/email/queue.server";

const DIGEST = AffiliateEmailKind.commissionDigest;

/**
 * Queues a digest for every affiliate of an installed shop who is active, has an email address, has had a
 * ledger line recorded since their last digest (or, for a first one, in the last week and since they joined),
 * and has had no digest in the last 24 hours. A digest covers [the last digest's end, now). Returns how many
 * were queued. Run it as often as you like: a digest is keyed by where it starts, so one is never queued twice.
 * `between`, when given, is waited for before each digest (a big shop queues thousands at once).
 */
export async function queueDigestsThroughPrisma(
  db: PrismaClient,
  now: Date,
  { between }: { between?: () => Promise<void> } = {},
): Promise<number> {
  const lookback = new Date(now.getTime() - FIRST_DIGEST_LOOKBACK_MS);
  const installed = await db.session.findMany({ where: { isOnline: false }, select: { shop: true } });
  const shops = [...new Set(installed.map((session) => session.shop))];
  let queued = 0;
  for (const shop of shops) queued += await queueShopDigests(db, shop, lookback, now, between);
  return queued;
}

async function queueShopDigests(
  db: PrismaClient,
  shop: string,
  lookback: Date,
  now: Date,
  between?: () => Promise<void>,
): Promise<number> {
  const candidates = await db.affiliate.findMany({
    where: {
      shop,
      active: true,
      email: { not: null },
      // The line's shop, said again: the probe per affiliate then seeks the (shop, affiliateId, createdAt)
      // index. Without it SQLite scans that index for every affiliate (affiliates × the shop's whole ledger:
      // hours on a big shop, blocking the worker's thread).
      ledgerLines: { some: { shop, createdAt: { gte: lookback, lt: now } } },
    },
    select: {
      id: true,
      shop: true,
      name: true,
      email: true,
      createdAt: true,
    },
  });
  if (candidates.length === 0) return 0;
  const lastEnds = await lastDigestEnds(db, shop);
  let queued = 0;
  for (const affiliate of candidates) {
    const lastUntil = lastEnds.get(affiliate.id) ?? null;
    if (lastUntil && now.getTime() - lastUntil.getTime() < DIGEST_INTERVAL_MS) continue;
    const from = lastUntil ?? new Date(Math.max(affiliate.createdAt.getTime(), lookback.getTime()));
    await between?.();
    if (await queueDigest(db, affiliate, from, now)) queued += 1;
  }
  return queued;
}

/**
 * Where each of the shop's active affiliates with an address had their latest digest end: one seek per
 * affiliate into AffiliateEmail's (affiliateId, kind, digestUntil) index, which holds the answer, rather than
 * every digest they ever received (Prisma applies a nested `take: 1` in memory, after reading them all).
 */
async function lastDigestEnds(db: PrismaClient, shop: string): Promise<Map<string, Date>> {
  const rows = await db.$queryRaw<Array<{ affiliateId: string; lastUntil: string | Date | null }>>`
    SELECT "Affiliate"."id" AS "affiliateId",
      (SELECT MAX("AffiliateEmail"."digestUntil") FROM "AffiliateEmail"
        WHERE "AffiliateEmail"."affiliateId" = "Affiliate"."id" AND "AffiliateEmail"."kind" = ${DIGEST}) AS "lastUntil"
    FROM "Affiliate"
    WHERE "Affiliate"."shop" = ${shop} AND "Affiliate"."active" = ${true} AND "Affiliate"."email" IS NOT NULL`;
  const ends = new Map<string, Date>();
  for (const row of rows) if (row.lastUntil !== null) ends.set(row.affiliateId, new Date(row.lastUntil));
  return ends;
}

async function queueDigest(
  db: PrismaClient,
  affiliate: { id: string; shop: string; name: string; email: string | null },
  from: Date,
  until: Date,
): Promise<boolean> {
  const where = { shop: affiliate.shop, affiliateId: affiliate.id, createdAt: { gte: from, lt: until } };
  const [lines, sums, approval] = await Promise.all([
    db.ledgerLine.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: DIGEST_MAX_LINES,
      include: { attributedOrder: { select: { orderName: true } } },
    }),
    db.ledgerLine.groupBy({
      by: ["type", "currency"],
      where,
      _sum: { amountMinor: true },
      _count: { _all: true },
      orderBy: [{ currency: "asc" }, { type: "asc" }],
    }),
    db.affiliateEmail.findFirst({
      where: { shop: affiliate.shop, affiliateId: affiliate.id, kind: AffiliateEmailKind.approved },
      orderBy: { createdAt: "desc" },
      select: { facts: true },
    }),
  ]);
  if (lines.length === 0) return false;
  const totals = new Map<string, DigestTotal>();
  let count = 0;
  for (const sum of sums) {
    const total = totals.get(sum.currency) ?? {
      currency: sum.currency,
      commissionCount: 0,
      commissionsMinor: 0,
      reversalCount: 0,
      reversalsMinor: 0,
    };
    if (sum.type === "reversal") {
      total.reversalCount += sum._count._all;
      total.reversalsMinor += sum._sum.amountMinor ?? 0;
    } else {
      total.commissionCount += sum._count._all;
      total.commissionsMinor += sum._sum.amountMinor ?? 0;
    }
    count += sum._count._all;
    totals.set(sum.currency, total);
  }
  const digestLines: DigestLine[] = lines.map((line) => ({
    createdAt: line.createdAt.toISOString(),
    orderName: line.attributedOrder.orderName,
    orderId: line.orderId,
    type: line.type,
    status: line.status,
    amount: line.amount,
    currency: line.currency,
  }));
  const portalUrl = approval ? (JSON.parse(approval.facts) as ApprovedFacts).portalUrl : null;
  const result = await queueEmail(
    db,
    affiliate.shop,
    affiliate,
    {
      kind: DIGEST,
      facts: {
        name: affiliate.name,
        portalUrl,
        from: from.toISOString(),
        until: until.toISOString(),
        lines: digestLines,
        moreLines: count - digestLines.length,
        totals: [...totals.values()],
      },
    },
    `${DIGEST}:${affiliate.id}:${from.toISOString()}`,
    { digestUntil: until, now: until },
  );
  return result === "queued";
}
