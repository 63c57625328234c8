// What the Payouts screens and the affiliate's page read: balances owed, batches, payouts and their lines.
// Every query is scoped by shop.
import { Prisma, type Affiliate, type PrismaClient } from "@prisma/client";
import { paginate, type Page } from "~/lib/pagination";
import {
  balanceOfRow,
  balancesOf,
  balancesQuery,
  methodProblem,
  payableSql,
  paypalRecipient,
  type Balance,
} from "./balances.server";
import { methodsForBalance } from "./balance-methods";
import { PayoutMethod, PayoutStatus, isPayoutMethod, isPayoutStatus } from "./codes";
import { paypalPayoutFile } from "./paypal-file";
import { getPayoutSettings, type PayoutSettingsView } from "./settings.server";

export interface BalanceRow extends Balance {
  affiliateName: string;
  affiliateEmail: string | null;
  /** The methods this balance can be paid by (of those offered): the affiliate's details and its currency allow them. */
  methods: PayoutMethod[];
}

export interface CurrencyTotal {
  currency: string;
  amountMinor: number;
  count: number;
}

function totalsByCurrency(rows: Array<{ currency: string; amountMinor: number }>): CurrencyTotal[] {
  const totals = new Map<string, CurrencyTotal>();
  for (const row of rows) {
    const total = totals.get(row.currency) ?? { currency: row.currency, amountMinor: 0, count: 0 };
    total.amountMinor += row.amountMinor;
    total.count += 1;
    totals.set(row.currency, total);
  }
  return [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

export interface BalancesFilter {
  /** Only affiliates who can be paid by this method. */
  method?: PayoutMethod | null;
  /** Only balances at or above the minimum (the default); false shows every balance, held ones too. */
  payableOnly?: boolean;
  page?: number;
}

/**
 * The SQL condition "the affiliate (`f`)'s balance (`b`) can be paid by `method`", as `methodProblem` and
 * `giftCardCurrencyProblem` decide it: PayPal needs an email (the payout email, else the affiliate's), store
 * credit a customer, a gift card a customer and a balance in the shop's currency (gift cards have no other).
 */
function paidBySql(method: PayoutMethod, shopCurrency: string): Prisma.Sql {
  if (method === PayoutMethod.paypal)
    return Prisma.sql`(TRIM(COALESCE(f."payoutEmail", '')) <> '' OR TRIM(COALESCE(f."email", '')) <> '')`;
  if (method === PayoutMethod.storeCredit) return Prisma.sql`f."customerId" IS NOT NULL`;
  if (method === PayoutMethod.giftCard)
    return Prisma.sql`(f."customerId" IS NOT NULL AND b."currency" = ${shopCurrency})`;
  return Prisma.sql`1 = 1`;
}

type PageRow = Parameters<typeof balanceOfRow>[0] &
  Pick<Affiliate, "name" | "email" | "payoutEmail" | "customerId">;

/**
 * The balances screen: one row per affiliate and currency, largest payable first, a page at a time. The
 * balances are filtered, counted, totalled and sorted in the database, in one statement that works them
 * out once for both, so only the page and a total per currency are read.
 */
export async function balancesPage(
  db: PrismaClient,
  shop: string,
  /** The shop's currency: a gift card pays only a balance in it. */
  shopCurrency: string,
  filter: BalancesFilter,
  now = new Date(),
): Promise<{
  settings: PayoutSettingsView;
  balances: Page<BalanceRow>;
  payableTotals: CurrencyTotal[];
  shopCurrency: string;
}> {
  const settings = await getPayoutSettings(db, shop);
  const payable = payableSql(settings, "b");
  const shown = Prisma.sql`SELECT b."affiliateId" AS "affiliateId", b."currency" AS "currency",
      b."payableMinor" AS "payableMinor", b."payableLines" AS "payableLines", b."heldMinor" AS "heldMinor",
      f."name" AS "name", f."email" AS "email", f."payoutEmail" AS "payoutEmail", f."customerId" AS "customerId",
      CASE WHEN ${payable} THEN 1 ELSE 0 END AS "payable"
    FROM (${balancesQuery(shop, settings, now)}) b
    JOIN "Affiliate" f ON f."id" = b."affiliateId" AND f."shop" = ${shop}
    WHERE ${(filter.payableOnly ?? true) ? payable : Prisma.sql`1 = 1`}
      AND ${filter.method ? paidBySql(filter.method, shopCurrency) : Prisma.sql`1 = 1`}`;
  const read = (page: number) => {
    const { skip, take } = paginate(Number.MAX_SAFE_INTEGER, page);
    return db.$queryRaw<Array<PageRow & { kind: string; rows: Count; amountMinor: Count; count: Count }>>`
      WITH "shown" AS MATERIALIZED (${shown})
      SELECT * FROM (SELECT 'total' AS "kind", NULL AS "affiliateId", "currency", NULL AS "payableMinor",
          NULL AS "payableLines", NULL AS "heldMinor", NULL AS "name", NULL AS "email", NULL AS "payoutEmail",
          NULL AS "customerId", COUNT(*) AS "rows", SUM("payable" * "payableMinor") AS "amountMinor",
          SUM("payable") AS "count"
        FROM "shown" GROUP BY "currency") AS "totals"
      UNION ALL
      SELECT * FROM (SELECT 'row' AS "kind", "affiliateId", "currency", "payableMinor", "payableLines",
          "heldMinor", "name", "email", "payoutEmail", "customerId", NULL AS "rows", NULL AS "amountMinor",
          NULL AS "count"
        FROM "shown" ORDER BY "payableMinor" DESC, LOWER("name"), "name", "currency"
        LIMIT ${take} OFFSET ${skip}) AS "page"`;
  };
  const requested = filter.page ?? 1;
  let answer = await read(requested);
  const totals = answer.filter((row) => row.kind === "total");
  const { pageInfo } = paginate(
    totals.reduce((sum, row) => sum + Number(row.rows), 0),
    requested,
  );
  // A page past the last is answered with the last, as the lists do.
  if (pageInfo.page !== requested) answer = await read(pageInfo.page);
  const rows = answer
    .filter((row) => row.kind === "row")
    .map((row): BalanceRow => {
      const methods = methodsForBalance(
        settings.methods.filter((method) => methodProblem(method, row) === null),
        row.currency,
        shopCurrency,
      );
      return { ...balanceOfRow(row, settings), affiliateName: row.name, affiliateEmail: row.email, methods };
    });
  return {
    settings,
    shopCurrency,
    balances: { items: rows, pageInfo },
    payableTotals: totals
      .filter((row) => Number(row.count) > 0)
      .map((row) => ({
        currency: row.currency,
        amountMinor: Number(row.amountMinor),
        count: Number(row.count),
      }))
      .sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

type Count = bigint | number | null;

const PAYOUT_ROW = {
  id: true,
  number: true,
  batchId: true,
  currency: true,
  amount: true,
  amountMinor: true,
  method: true,
  status: true,
  recipient: true,
  reference: true,
  failureReason: true,
  createdBy: true,
  createdAt: true,
  sentAt: true,
  paidAt: true,
  closedAt: true,
  affiliate: { select: { id: true, name: true } },
} as const;

/**
 * The payouts with how many ledger lines each settles, counted for these payouts only through PayoutLine's
 * (payoutId) index. (Prisma's `_count` would count every payout line of every payout, grouped, then keep
 * these: its cost grows with every payout ever made. Decision 0022.) The ids come from the shop's payouts.
 */
async function withLineCounts<Row extends { id: string }>(
  db: PrismaClient,
  payouts: Row[],
): Promise<Array<Row & { lineCount: number }>> {
  const counts =
    payouts.length === 0
      ? []
      : await db.payoutLine.groupBy({
          by: ["payoutId"],
          where: { payoutId: { in: payouts.map((payout) => payout.id) } },
          _count: { _all: true },
        });
  const byPayout = new Map(counts.map((row) => [row.payoutId, row._count._all]));
  return payouts.map((payout) => ({ ...payout, lineCount: byPayout.get(payout.id) ?? 0 }));
}

/** A batch and its payouts, with totals per currency (for its review and its PayPal files). */
export async function batchView(db: PrismaClient, shop: string, id: string) {
  const batch = await db.payoutBatch.findFirst({ where: { shop, id } });
  if (!batch) return null;
  const payouts = await withLineCounts(
    db,
    await db.payout.findMany({
      where: { shop, batchId: batch.id },
      select: PAYOUT_ROW,
      orderBy: { number: "asc" },
    }),
  );
  const live = payouts.filter((p) => p.status !== "failed" && p.status !== "cancelled");
  return { batch, payouts, totals: totalsByCurrency(live) };
}

export interface PayoutsFilter {
  status?: string | null;
  method?: string | null;
  affiliateId?: string | null;
  page?: number;
}

function payoutsWhere(shop: string, filter: PayoutsFilter) {
  return {
    shop,
    ...(isPayoutStatus(filter.status) ? { status: filter.status as PayoutStatus } : {}),
    ...(isPayoutMethod(filter.method) ? { method: filter.method } : {}),
    ...(filter.affiliateId ? { affiliateId: filter.affiliateId } : {}),
  };
}

/** Payout history, newest first, filtered by status, method and affiliate. */
export async function payoutsPage(db: PrismaClient, shop: string, filter: PayoutsFilter) {
  const where = payoutsWhere(shop, filter);
  const total = await db.payout.count({ where });
  const { pageInfo, skip, take } = paginate(total, filter.page ?? 1);
  const items = await withLineCounts(
    db,
    await db.payout.findMany({
      where,
      select: PAYOUT_ROW,
      orderBy: [{ createdAt: "desc" }, { number: "desc" }],
      skip,
      take,
    }),
  );
  return { items, pageInfo };
}

/** Every payout of the filter, for the history's CSV export (newest first). */
export async function payoutsForExport(db: PrismaClient, shop: string, filter: PayoutsFilter) {
  return withLineCounts(
    db,
    await db.payout.findMany({
      where: payoutsWhere(shop, filter),
      select: PAYOUT_ROW,
      orderBy: [{ createdAt: "desc" }, { number: "desc" }],
    }),
  );
}

/** A payout with the ledger lines it settles (or, once failed or cancelled, the lines it held). */
export async function payoutView(db: PrismaClient, shop: string, id: string) {
  const payout = await db.payout.findFirst({
    where: { shop, id },
    select: { ...PAYOUT_ROW, releasedLines: true, batch: { select: { id: true, number: true } } },
  });
  if (!payout) return null;
  const released: string[] = payout.releasedLines ? (JSON.parse(payout.releasedLines) as string[]) : [];
  const lines = await db.ledgerLine.findMany({
    where:
      released.length > 0 ? { shop, id: { in: released } } : { shop, payoutLine: { is: { payoutId: id } } },
    select: {
      id: true,
      orderId: true,
      type: true,
      status: true,
      amount: true,
      currency: true,
      orderCreatedAt: true,
      attributedOrder: { select: { orderName: true } },
    },
    orderBy: [{ orderCreatedAt: "asc" }, { id: "asc" }],
  });
  return { payout, lines, released: released.length > 0 };
}

/** The affiliate's page: what it is owed now and its latest payouts. */
export async function affiliatePayoutSummary(
  db: PrismaClient,
  shop: string,
  affiliateId: string,
  now = new Date(),
) {
  const settings = await getPayoutSettings(db, shop);
  const [balances, payouts, affiliate] = await Promise.all([
    balancesOf(db, shop, settings, now, { affiliateIds: [affiliateId] }),
    db.payout.findMany({
      where: { shop, affiliateId },
      select: PAYOUT_ROW,
      orderBy: [{ createdAt: "desc" }, { number: "desc" }],
      take: 10,
    }),
    db.affiliate.findFirst({ where: { shop, id: affiliateId }, select: { email: true, payoutEmail: true } }),
  ]);
  const paypal = {
    email: affiliate ? paypalRecipient(affiliate) : null,
    setByAffiliate: Boolean(affiliate?.payoutEmail?.trim()),
  };
  return { balances, payouts: await withLineCounts(db, payouts), methods: settings.methods, paypal };
}

/**
 * The PayPal upload file for a batch's PayPal payouts in one currency that are not paid, failed or cancelled
 * (drafts and sent ones: a file downloaded again is the same file). Null when there are none.
 */
export async function batchPaypalFile(
  db: PrismaClient,
  shop: string,
  batchId: string,
  currency: string,
  shopName: string,
) {
  const batch = await db.payoutBatch.findFirst({ where: { shop, id: batchId }, select: { number: true } });
  if (!batch) return null;
  const payouts = await db.payout.findMany({
    where: {
      shop,
      batchId,
      currency,
      method: PayoutMethod.paypal,
      status: { in: [PayoutStatus.draft, PayoutStatus.sent] },
    },
    select: { number: true, recipient: true, amountMinor: true, currency: true },
    orderBy: { number: "asc" },
  });
  if (payouts.length === 0) return null;
  const file = paypalPayoutFile(
    payouts.map((p) => ({ ...p, recipient: p.recipient ?? "" })),
    shopName,
  );
  return { ...file, batchNumber: batch.number };
}
