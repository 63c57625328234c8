import type { Prisma, PrismaClient } from "@prisma/client";

export const LEDGER_CSV_COLUMNS = [
  "order_id",
  "order_name",
  "affiliate_ref",
  "affiliate_email",
  "source",
  "rule",
  "type",
  "base",
  "amount",
  "currency",
  "status",
  "created_at",
] as const;

export interface LedgerExportFilters {
  status?: string | null;
  affiliateId?: string | null;
  from?: Date | null;
  /** Exclusive upper bound. */
  to?: Date | null;
}

const PAGE = 1_000;

/** The shop's ledger as RFC 4180 CSV (header row, CRLF), one row per ledger line, oldest first. */
export async function exportLedgerCsv(
  db: PrismaClient,
  shop: string,
  filters: LedgerExportFilters = {},
): Promise<string> {
  const where: Prisma.LedgerLineWhereInput = {
    shop,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.affiliateId ? { affiliateId: filters.affiliateId } : {}),
    ...(filters.from || filters.to
      ? {
          createdAt: {
            ...(filters.from ? { gte: filters.from } : {}),
            ...(filters.to ? { lt: filters.to } : {}),
          },
        }
      : {}),
  };
  const rows: string[] = [LEDGER_CSV_COLUMNS.join(",")];
  let cursor: string | undefined;
  for (;;) {
    const page = await db.ledgerLine.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      include: {
        affiliate: { select: { refCode: true, email: true } },
        attributedOrder: { select: { orderName: true } },
      },
    });
    for (const line of page) {
      rows.push(
        [
          line.orderId,
          text(line.attributedOrder.orderName),
          text(line.affiliate.refCode),
          text(line.affiliate.email),
          line.source,
          line.rule,
          line.type,
          line.base,
          line.amount,
          line.currency,
          line.status,
          line.createdAt.toISOString(),
        ]
          .map(csvField)
          .join(","),
      );
    }
    if (page.length < PAGE) break;
    cursor = page[page.length - 1].id;
  }
  return rows.join("\r\n") + "\r\n";
}

/**
 * What makes a spreadsheet read a cell as a formula: = + - @, a tab, CR or LF first (OWASP's list), their
 * full-width forms (read as the same in Japanese locales), also behind leading spaces.
 */
const FORMULA_START = /^[\s\u00a0\u3000]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;

/**
 * A text field a spreadsheet must not run as a formula: prefixed with ' when it could be read as one.
 * Amounts are never passed through here: "-3.00" is a number and stays one.
 */
function text(value: string | null): string {
  if (!value) return "";
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
