// Shopify's compliance webhooks: a shop's or a customer's personal data erased, everywhere the app keeps it.
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import type { AttributionInput } from "~/attribution";
import { DeliveryState } from "~/models/deliveries/state";
import { eraseEmailsToCustomer } from "~/models/email/erase.server";
import { describeIssues, MalformedPayloadError, shopifyId as id } from "./payload.server";
const customersRedactSchema = z.object({
  customer: z.object({ id, email: z.string().nullable().optional() }),
  orders_to_redact: z.array(id).optional().default([]),
});

export const REDACTED_PAYLOAD = new TextEncoder().encode(JSON.stringify({ redacted: true }));

/**
 * `shop/redact`: 48 hours after uninstall Shopify asks for every trace of the shop to go. Nothing of the
 * shop is left, the delivery that asked included.
 */
export async function redactShop(db: PrismaClient, shop: string): Promise<void> {
  await db.$transaction([
    db.ledgerLine.deleteMany({ where: { shop } }),
    db.attributedOrder.deleteMany({ where: { shop } }),
    db.customerConnection.deleteMany({ where: { shop } }),
    db.productConnection.deleteMany({ where: { shop } }),
    db.coupon.deleteMany({ where: { shop } }),
    db.affiliateEmail.deleteMany({ where: { shop } }),
    db.affiliateClickDay.deleteMany({ where: { shop } }),
    db.affiliate.deleteMany({ where: { shop } }),
    db.programSettings.deleteMany({ where: { shop } }),
    db.portalSettings.deleteMany({ where: { shop } }),
    db.session.deleteMany({ where: { shop } }),
    db.webhookDelivery.deleteMany({ where: { shop } }),
  ]);
}

/**
 * `customers/redact`: erases the customer's personal data (connections, email, the raw order payloads
 * that name them) while keeping the ledger's money, which the merchant owes or has paid.
 */
export async function redactCustomer(db: PrismaClient, shop: string, payload: unknown): Promise<void> {
  const parsed = customersRedactSchema.safeParse(payload);
  if (!parsed.success)
    throw new MalformedPayloadError(`customers/redact payload: ${describeIssues(parsed.error)}`);
  const customerId = parsed.data.customer.id;

  const orders = await db.attributedOrder.findMany({
    where: { shop, OR: [{ customerId }, { orderId: { in: parsed.data.orders_to_redact } }] },
    select: { id: true, orderId: true, input: true },
  });
  const orderIds = [...new Set([...orders.map((order) => order.orderId), ...parsed.data.orders_to_redact])];
  await eraseEmailsToCustomer(db, shop, parsed.data.customer);

  await db.$transaction([
    db.customerConnection.deleteMany({ where: { shop, customerId } }),
    ...orders.map((order) =>
      db.attributedOrder.update({
        where: { id: order.id },
        data: { customerEmail: null, input: withoutCustomerEmail(order.input) },
      }),
    ),
    db.webhookDelivery.updateMany({
      where: { shop, orderId: { in: orderIds }, state: { not: DeliveryState.pending } },
      data: { payload: REDACTED_PAYLOAD },
    }),
  ]);
}

function withoutCustomerEmail(inputJson: string): string {
  const input = JSON.parse(inputJson) as AttributionInput;
  if (input.order?.customer) input.order.customer.email = null;
  return JSON.stringify(input);
}
