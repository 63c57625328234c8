import prisma from "~/db.server";
import { spool } from "~/pipeline/runtime.server";
import { sessionStorage } from "~/shopify.server";

/** Empties every table of this test file's own database, and its spool. */
export async function resetDatabase(): Promise<void> {
  // Through the app's session storage, so its cache forgets them too.
  const sessions = await prisma.session.findMany({ select: { id: true } });
  await sessionStorage.deleteSessions(sessions.map((session) => session.id));
  await prisma.$transaction([
    prisma.payoutLine.deleteMany(),
    prisma.payout.deleteMany(),
    prisma.payoutBatch.deleteMany(),
    prisma.payoutSettings.deleteMany(),
    prisma.ledgerLine.deleteMany(),
    prisma.ledgerDailyTotal.deleteMany(),
    prisma.affiliateDailyTotal.deleteMany(),
    prisma.couponTotal.deleteMany(),
    prisma.affiliateSales.deleteMany(),
    prisma.affiliateStatusTotal.deleteMany(),
    prisma.shopProfile.deleteMany(),
    prisma.attributedOrder.deleteMany(),
    prisma.customerConnection.deleteMany(),
    prisma.productConnection.deleteMany(),
    prisma.coupon.deleteMany(),
    prisma.affiliateEmail.deleteMany(),
    prisma.affiliateClickDay.deleteMany(),
    prisma.affiliate.deleteMany(),
    prisma.programSettings.deleteMany(),
    prisma.portalSettings.deleteMany(),
    prisma.webhookDelivery.deleteMany(),
    prisma.refundedLine.deleteMany(),
    prisma.personalDataRedaction.deleteMany(),
    prisma.session.deleteMany(),
  ]);
  await (await spool()).client.execute(`DELETE FROM "SpooledDelivery"`);
}
