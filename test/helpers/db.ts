import prisma from "~/db.server";
import { spool } from "~/pipeline/runtime.server";

/** Empties every table of this test file's own database, and its spool. */
export async function resetDatabase(): Promise<void> {
  await prisma.$transaction([
    prisma.ledgerLine.deleteMany(),
    prisma.ledgerDailyTotal.deleteMany(),
    prisma.affiliateDailyTotal.deleteMany(),
    prisma.shopProfile.deleteMany(),
    prisma.attributedOrder.deleteMany(),
    prisma.customerConnection.deleteMany(),
    prisma.productConnection.deleteMany(),
    prisma.coupon.deleteMany(),
    prisma.affiliate.deleteMany(),
    prisma.programSettings.deleteMany(),
    prisma.webhookDelivery.deleteMany(),
    prisma.refundedLine.deleteMany(),
    prisma.personalDataRedaction.deleteMany(),
    prisma.session.deleteMany(),
  ]);
  await (await spool()).client.execute(`DELETE FROM "SpooledDelivery"`);
}
