// Ledger lines made directly by a test, with their share of the ledger's daily figures and of its coupon's
// figures, as the app's writers record them (the figures' own tests check them against a recomputation: test/ledger/).
import type { LedgerLine, Prisma, PrismaClient } from "@prisma/client";
import { CouponTotalsChange } from "~/models/ledger/coupon-totals.server";
import { DailyTotalsChange } from "~/models/ledger/daily-totals.server";
import { executeStatements } from "~/models/ledger/statements.server";
import { shopTimeZoneIn } from "~/models/shop/profile.server";

export async function createLedgerLine(
  db: PrismaClient,
  data: Prisma.LedgerLineUncheckedCreateInput,
): Promise<LedgerLine> {
  return db.$transaction(async (tx) => {
    const line = await tx.ledgerLine.create({ data });
    const change = new DailyTotalsChange(line.shop, await shopTimeZoneIn(tx, line.shop)).add(line);
    const coupons = new CouponTotalsChange(line.shop).add(line);
    await executeStatements(tx, [...change.statements(), ...coupons.statements()]);
    return line;
  });
}
