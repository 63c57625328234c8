// Each discount code's usage, kept up to date in the transactions that record orders and write the ledger
// (CouponTotal), so the Coupons list shows and sorts by it without reading the history:
// - usedOrders: the recorded orders whose discount codes include the code, credited or not, each once;
// - creditedOrders, referredSalesMinor, commissionMinor: the referrer's lines credited through the code
//   (LedgerLine.couponCodeKey): its commissions, their bases less their reversals' (the referred sales net
//   of refunds), and their amounts. A denied line counts for nothing, as on Home and the Affiliates list.
// Every write of the ledger that changes these applies a CouponTotalsChange beside its DailyTotalsChange:
// recording orders, reversals and status changes. Credits by hand are never a coupon's (source manual).
import type { InStatement } from "@libsql/client";
import type { LedgerLine } from "@prisma/client";
import { money } from "~/attribution";
import { insertRows } from "~/lib/sqlite.server";
import { LedgerLineType, LedgerStatus } from "./status";

/** What the figures count of a ledger line. */
export type CouponCountedLine = Pick<
  LedgerLine,
  "couponCodeKey" | "currency" | "status" | "type" | "amountMinor" | "base"
>;

/** How codes are compared (as the engine compares them): trimmed, lower-cased. */
export const couponCodeKey = (code: string) => code.trim().toLowerCase();

/**
 * The code through which the engine credited `affiliateId` as the referrer (source `coupon`): the first of
 * the order's codes that is a coupon of that affiliate, in the input the engine was run on (rule 1.2
 * credits the first code assigned to an active affiliate, and that affiliate is the one credited).
 */
export function creditingCouponKey(
  input: { order: { discountCodes: string[] }; coupons: Array<{ code: string; affiliateId: string }> },
  affiliateId: string,
): string | null {
  const own = new Set(
    input.coupons.filter((coupon) => coupon.affiliateId === affiliateId).map((c) => couponCodeKey(c.code)),
  );
  return input.order.discountCodes.map(couponCodeKey).find((key) => own.has(key)) ?? null;
}

interface Row {
  codeKey: string;
  currency: string;
  usedOrders: number;
  creditedOrders: number;
  referredSalesMinor: number;
  commissionMinor: number;
}

const MEASURES = ["usedOrders", "creditedOrders", "referredSalesMinor", "commissionMinor"] as const;
const KEY = ["shop", "codeKey", "currency"];
const COLUMNS = [...KEY, ...MEASURES];

/**
 * Changes to one shop's coupon figures, gathered from the orders a write records and the lines it adds or
 * takes away, then written as upserts that add to what is there (commutative, like the daily figures).
 */
export class CouponTotalsChange {
  private readonly rows = new Map<string, Row>();

  constructor(readonly shop: string) {}

  /** A recorded order: one use of each of its codes. */
  addOrder(order: { discountCodes: string[]; currency: string }): this {
    for (const key of new Set(order.discountCodes.map(couponCodeKey))) {
      if (key) this.row(key, order.currency).usedOrders += 1;
    }
    return this;
  }

  add(line: CouponCountedLine): this {
    return this.apply(line, 1);
  }

  remove(line: CouponCountedLine): this {
    return this.apply(line, -1);
  }

  private apply(line: CouponCountedLine, sign: 1 | -1): this {
    if (!line.couponCodeKey || line.status === LedgerStatus.denied) return this;
    const row = this.row(line.couponCodeKey, line.currency);
    if (line.type === LedgerLineType.commission) row.creditedOrders += sign;
    row.referredSalesMinor += sign * Number(money.toMinorUnits(money.parseDecimal(line.base), line.currency));
    row.commissionMinor += sign * line.amountMinor;
    return this;
  }

  private row(codeKey: string, currency: string): Row {
    const id = `${codeKey}|${currency}`;
    let row = this.rows.get(id);
    if (!row) {
      row = {
        codeKey,
        currency,
        usedOrders: 0,
        creditedOrders: 0,
        referredSalesMinor: 0,
        commissionMinor: 0,
      };
      this.rows.set(id, row);
    }
    return row;
  }

  statements(): InStatement[] {
    const changed = [...this.rows.values()].filter((row) => MEASURES.some((measure) => row[measure] !== 0));
    const sums = MEASURES.map(
      (measure) => `"${measure}" = "CouponTotal"."${measure}" + excluded."${measure}"`,
    );
    return insertRows(
      "CouponTotal",
      COLUMNS,
      changed.map((row) => [
        this.shop,
        row.codeKey,
        row.currency,
        ...MEASURES.map((measure) => row[measure]),
      ]),
      `ON CONFLICT (${KEY.map((column) => `"${column}"`).join(", ")}) DO UPDATE SET ${sums.join(", ")}`,
    );
  }
}
