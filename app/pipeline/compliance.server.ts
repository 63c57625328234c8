// Shopify's compliance webhooks: a shop's or a customer's personal data erased, everywhere the app keeps it.
import type { Client } from "@libsql/client";
import type { PrismaClient, WebhookDelivery } from "@prisma/client";
import { z } from "zod/v4";
import type { AttributionInput } from "~/attribution";
import { truncateLog } from "~/lib/sqlite.server";
import { eraseEmailsToCustomer } from "~/models/email/erase.server";
import { describeIssues, MalformedPayloadError, shopifyId as id } from "./payload.server";
import {
  customerIdIn,
  erasePersonalData,
  ERASED,
  holdsContact,
  type RedactedCustomer,
} from "./personal-data.server";
import type { Spool } from "./spool.server";

/**
 * The shop a compliance payload names must be the shop it was delivered for: the signature covers the body
 * only, so a body signed for one purpose must not act for another.
 */
const forShop = (shop: string) => ({
  shop_id: id,
  shop_domain: z.string().refine((domain) => domain === shop, `is not ${shop}, the shop it was sent for`),
});

const contact = z.string().nullable().optional();

const customersRedactSchema = (shop: string) =>
  z
    .object({
      ...forShop(shop),
      customer: z.object({ id, email: contact, phone: contact }),
      orders_to_redact: z.array(id),
    })
    .refine((payload) => !("data_request" in payload), "a customers/data_request payload is not a redaction");

const dataRequestSchema = (shop: string) =>
  z.object({
    ...forShop(shop),
    customer: z.object({ id }),
    orders_requested: z.array(id),
    data_request: z.object({ id }),
  });

/** shop/redact names the shop and nothing else: a customer's compliance payload is not one. */
const shopRedactSchema = (shop: string) =>
  z
    .object(forShop(shop))
    .passthrough()
    .refine(
      (payload) => !("customer" in payload || "orders_to_redact" in payload),
      "a customer's payload is not a shop/redact",
    );

function read<Schema extends z.ZodTypeAny>(
  schema: Schema,
  payload: unknown,
  topic: string,
): z.output<Schema> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new MalformedPayloadError(`${topic} payload: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Checks a shop/redact payload: it names this shop, and only the shop. */
export function readShopRedact(payload: unknown, shop: string): void {
  read(shopRedactSchema(shop), payload, "shop/redact");
}

/** Checks a customers/data_request payload (the customer, the orders, the request's id, this shop). */
export function readDataRequest(payload: unknown, shop: string): void {
  read(dataRequestSchema(shop), payload, "customers/data_request");
}

/**
 * `shop/redact`: 48 hours after uninstall Shopify asks for every trace of the shop to go. Nothing of the
 * shop is left, the delivery that asked included. (Its shape is checked first: readShopRedact.)
 */
export async function redactShop(db: PrismaClient, shop: string): Promise<void> {
  await db.$transaction([
    db.payoutLine.deleteMany({ where: { shop } }),
    db.payout.deleteMany({ where: { shop } }),
    db.payoutBatch.deleteMany({ where: { shop } }),
    db.payoutSettings.deleteMany({ where: { shop } }),
    db.ledgerLine.deleteMany({ where: { shop } }),
    db.ledgerDailyTotal.deleteMany({ where: { shop } }),
    db.affiliateDailyTotal.deleteMany({ where: { shop } }),
    db.couponTotal.deleteMany({ where: { shop } }),
    db.affiliateSales.deleteMany({ where: { shop } }),
    db.affiliateStatusTotal.deleteMany({ where: { shop } }),
    db.attributedOrder.deleteMany({ where: { shop } }),
    db.refundedLine.deleteMany({ where: { shop } }),
    db.customerConnection.deleteMany({ where: { shop } }),
    db.productConnection.deleteMany({ where: { shop } }),
    db.coupon.deleteMany({ where: { shop } }),
    db.affiliateEmail.deleteMany({ where: { shop } }),
    db.affiliateClickDay.deleteMany({ where: { shop } }),
    db.affiliate.deleteMany({ where: { shop } }),
    db.programSettings.deleteMany({ where: { shop } }),
    db.shopProfile.deleteMany({ where: { shop } }),
    db.portalSettings.deleteMany({ where: { shop } }),
    db.session.deleteMany({ where: { shop } }),
    db.personalDataRedaction.deleteMany({ where: { shop } }),
    db.webhookDelivery.deleteMany({ where: { shop } }),
  ]);
}

const customerSubject = (customerId: string) => `customer:${customerId}`;
const orderSubject = (orderId: string) => `order:${orderId}`;

/** Deliveries read at a time while looking for the customer's. */
const SCAN_PAGE = 200;

/**
 * `customers/redact`: erases the customer's personal data (email, phone, names, addresses, what they typed)
 * from every place the app keeps it: connections are deleted; the orders' stored email and engine input lose
 * it; every stored payload that names the customer or one of the orders, in any state, is rewritten without
 * it (a payload that is not JSON is replaced whole), this delivery's own included. The ledger's money and
 * Shopify's ids stay: the merchant owes or has paid those commissions, and the ids name no one once Shopify
 * has erased the customer. The customer and the orders are remembered by id, so that a delivery about them
 * arriving later is erased before it is processed (eraseRedactedDeliveries). The bytes themselves are
 * overwritten in the files (secure_delete), and the logs are checkpointed away after the round.
 */
export async function redactCustomer(db: PrismaClient, shop: string, payload: unknown): Promise<void> {
  const parsed = read(customersRedactSchema(shop), payload, "customers/redact");
  const customer: RedactedCustomer = {
    customerId: parsed.customer.id,
    email: parsed.customer.email ?? null,
    phone: parsed.customer.phone ?? null,
  };

  const orders = await db.attributedOrder.findMany({
    where: { shop, OR: [{ customerId: customer.customerId }, { orderId: { in: parsed.orders_to_redact } }] },
    select: { id: true, orderId: true, input: true, trace: true },
  });
  const orderIds = new Set([...orders.map((order) => order.orderId), ...parsed.orders_to_redact]);
  const deliveries = await deliveriesAbout(db, shop, customer, orderIds);
  await eraseEmailsToCustomer(db, shop, parsed.customer);

  await db.$transaction([
    db.customerConnection.deleteMany({ where: { shop, customerId: customer.customerId } }),
    ...orders.map((order) =>
      db.attributedOrder.update({
        where: { id: order.id },
        data: {
          customerEmail: null,
          input: withoutCustomerContact(order.input),
          trace: withoutContact(order.trace, customer),
        },
      }),
    ),
    ...deliveries.map((delivery) =>
      db.webhookDelivery.update({ where: { id: delivery.id }, data: { payload: delivery.payload } }),
    ),
    ...[customerSubject(customer.customerId), ...[...orderIds].map(orderSubject)].map((subject) =>
      db.personalDataRedaction.upsert({
        where: { shop_subject: { shop, subject } },
        create: { shop, subject },
        update: {},
      }),
    ),
  ]);
}

/** The shop's stored deliveries that name the customer or one of the orders, each with its payload erased. */
async function deliveriesAbout(
  db: PrismaClient,
  shop: string,
  customer: RedactedCustomer,
  orderIds: Set<string>,
): Promise<Array<{ id: string; payload: Uint8Array<ArrayBuffer> }>> {
  const found: Array<{ id: string; payload: Uint8Array<ArrayBuffer> }> = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await db.webhookDelivery.findMany({
      where: { shop },
      orderBy: { id: "asc" },
      take: SCAN_PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, topic: true, orderId: true, payload: true },
    });
    for (const delivery of page) {
      const about =
        (delivery.orderId !== null && orderIds.has(delivery.orderId)) ||
        holdsContact(delivery.payload, customer) ||
        (Buffer.from(delivery.payload).includes(customer.customerId) &&
          customerIdIn(delivery.payload) === customer.customerId);
      if (!about) continue;
      const erased = erasePersonalData(delivery.payload, customer, {
        keepCustomerId: delivery.topic.startsWith("customers/"),
      });
      if (!Buffer.from(erased).equals(Buffer.from(delivery.payload)))
        found.push({ id: delivery.id, payload: erased });
    }
    if (page.length < SCAN_PAGE) return found;
    cursor = page[page.length - 1].id;
  }
}

function withoutCustomerContact(inputJson: string): string {
  const input = JSON.parse(inputJson) as AttributionInput;
  if (input.order?.customer) input.order.customer.email = null;
  return JSON.stringify(input);
}

/** Text with the customer's email and phone cut out (the trace's messages may quote what Shopify said). */
function withoutContact(text: string, customer: RedactedCustomer): string {
  return [customer.email, customer.phone]
    .filter((value): value is string => typeof value === "string" && value.trim().length > 2)
    .reduce((erased, value) => erased.split(value.trim()).join(ERASED), text);
}

/**
 * Deliveries about a customer or an order erased earlier (customers/redact), arriving or retried after
 * it: their payloads are erased in the inbox before anything reads them, and handed back erased. An order
 * of a redacted customer then reads as a guest's: no connection is made, nothing is asked of Shopify.
 * Returns whether anything was erased. Costs one indexed query when the shop has had no redaction.
 */
export async function eraseRedactedDeliveries(
  db: PrismaClient,
  shop: string,
  deliveries: WebhookDelivery[],
): Promise<{ deliveries: WebhookDelivery[]; erased: boolean }> {
  const none = { deliveries, erased: false };
  if (deliveries.length === 0) return none;
  if (!(await db.personalDataRedaction.findFirst({ where: { shop }, select: { id: true } }))) return none;

  const subjectsOf = new Map(
    deliveries.map((delivery) => {
      const customerId = customerIdIn(delivery.payload);
      return [
        delivery.id,
        [
          ...(customerId ? [customerSubject(customerId)] : []),
          ...(delivery.orderId ? [orderSubject(delivery.orderId)] : []),
        ],
      ];
    }),
  );
  const redacted = new Set(
    (
      await db.personalDataRedaction.findMany({
        where: { shop, subject: { in: [...new Set([...subjectsOf.values()].flat())] } },
        select: { subject: true },
      })
    ).map((row) => row.subject),
  );
  if (redacted.size === 0) return none;

  const erasedDeliveries: WebhookDelivery[] = [];
  let erased = false;
  for (const delivery of deliveries) {
    if (!subjectsOf.get(delivery.id)!.some((subject) => redacted.has(subject))) {
      erasedDeliveries.push(delivery);
      continue;
    }
    const payload = erasePersonalData(
      delivery.payload,
      {},
      { keepCustomerId: delivery.topic.startsWith("customers/") },
    );
    await db.webhookDelivery.update({ where: { id: delivery.id }, data: { payload } });
    erasedDeliveries.push({ ...delivery, payload });
    erased = true;
  }
  return { deliveries: erasedDeliveries, erased };
}

/**
 * After personal data was erased: the database's and the spool's write-ahead logs copied into their files
 * and truncated, so that no old frame still holds the erased bytes (the files overwrite what is deleted
 * themselves: secure_delete). The spool's too, since every delivery passed through it. False when a reader
 * held a log past the wait: the caller tries again later.
 */
export async function scrubErasedBytes(sqlite: Client, spool: Spool): Promise<boolean> {
  const [database, spooled] = [await truncateLog(sqlite), await truncateLog(spool.client)];
  return database && spooled;
}
