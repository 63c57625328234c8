// The one way a ledger line changes status (approve, deny, mark paid, automatic approval, reversals
// following their commission, and any status a later feature adds): the lines, the daily figures and the
// coupons' figures change together, in the caller's transaction.
import type { Prisma } from "@prisma/client";
import { shopTimeZoneIn } from "~/models/shop/profile.server";
import { CouponTotalsChange } from "./coupon-totals.server";
import { DailyTotalsChange } from "./daily-totals.server";
import type { LedgerStatus } from "./status";
import { executeStatements } from "./statements.server";

/**
 * Moves the shop's lines matching `where` to status `to` (lines already there are left alone), moving
 * their share of the daily figures with them. Reads the lines inside the transaction, so the figures
 * move from the status each line really had. Returns how many lines changed.
 */
export async function changeLedgerStatus(
  tx: Prisma.TransactionClient,
  shop: string,
  where: Prisma.LedgerLineWhereInput,
  to: LedgerStatus,
  now: Date,
): Promise<number> {
  const lines = await tx.ledgerLine.findMany({
    where: { AND: [where, { shop, status: { not: to } }] },
    select: {
      id: true,
      affiliateId: true,
      currency: true,
      status: true,
      type: true,
      source: true,
      amountMinor: true,
      base: true,
      orderCreatedAt: true,
      couponCodeKey: true,
    },
  });
  if (lines.length === 0) return 0;
  await tx.ledgerLine.updateMany({
    where: { shop, id: { in: lines.map((line) => line.id) } },
    data: { status: to, statusChangedAt: now },
  });
  const change = new DailyTotalsChange(shop, await shopTimeZoneIn(tx, shop));
  const coupons = new CouponTotalsChange(shop);
  for (const line of lines) {
    change.remove(line).add({ ...line, status: to });
    coupons.remove(line).add({ ...line, status: to });
  }
  await executeStatements(tx, [...change.statements(), ...coupons.statements()]);
  return lines.length;
}
