import prisma from "~/db.server";

/** Empties every table of this test file's own database. */
export async function resetDatabase(): Promise<void> {
  await prisma.$transaction([
    prisma.ledgerLine.deleteMany(),
    prisma.attributedOrder.deleteMany(),
    prisma.customerConnection.deleteMany(),
    prisma.productConnection.deleteMany(),
    prisma.coupon.deleteMany(),
    prisma.affiliate.deleteMany(),
    prisma.programSettings.deleteMany(),
    prisma.webhookDelivery.deleteMany(),
    prisma.session.deleteMany(),
  ]);
}
