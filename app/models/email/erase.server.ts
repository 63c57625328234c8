import type { PrismaClient } from "@prisma/client";

/**
 * `customers/redact` for emails: every email queued or sent to the customer — as an affiliate (their own
 * Shopify customer id) or by address — is deleted, with its facts. Returns how many.
 */
export async function eraseEmailsToCustomer(
  db: PrismaClient,
  shop: string,
  customer: { id: string; email?: string | null },
): Promise<number> {
  const affiliates = await db.affiliate.findMany({
    where: { shop, customerId: customer.id },
    select: { id: true },
  });
  const address = customer.email?.trim();
  const { count } = await db.affiliateEmail.deleteMany({
    where: {
      shop,
      OR: [
        { affiliateId: { in: affiliates.map((affiliate) => affiliate.id) } },
        ...(address ? [{ toAddress: address }] : []),
      ],
    },
  });
  return count;
}
