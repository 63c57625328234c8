import { createHmac, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { orderIdOf, storeDelivery } from "./inbox.server";

export interface WebhookAuthenticator {
  (request: Request): Promise<{
    shop: string;
    topic: string;
    webhookId: string;
    eventId?: string;
    apiVersion?: string;
    payload: unknown;
  }>;
}

export interface ReceiveDeps {
  db: PrismaClient;
  authenticate: WebhookAuthenticator;
  apiSecret: string;
  /** Told when a new delivery is stored, so processing starts without waiting for the next poll. */
  onStored?: () => void;
}

/** "ORDERS_CREATE" (as authenticate.webhook reports it) → "orders/create" (as Shopify names the topic). */
export function topicName(topic: string): string {
  return topic.includes("/") ? topic : topic.toLowerCase().replace("_", "/");
}

/**
 * Receives a webhook: authenticates it (a forged one gets 401 and leaves no trace), stores it in the
 * inbox, and answers 200 before any processing. A delivery already stored is answered 200 and ignored.
 */
export async function receiveWebhook(request: Request, deps: ReceiveDeps): Promise<Response> {
  const copy = request.clone();
  let context: Awaited<ReturnType<WebhookAuthenticator>>;
  try {
    context = await deps.authenticate(request);
  } catch (thrown) {
    if (thrown instanceof Response) throw thrown;
    // The signature was valid but the body is not JSON: keep it for the merchant rather than have Shopify
    // retry it forever. Checked again here, so nothing unsigned is ever stored.
    if (thrown instanceof SyntaxError) return storeUnparseable(copy, deps);
    throw thrown;
  }

  const topic = topicName(context.topic);
  const { duplicate } = await storeDelivery(deps.db, {
    shop: context.shop,
    topic,
    orderId: orderIdOf(topic, context.payload),
    webhookId: context.webhookId,
    eventId: context.eventId ?? null,
    apiVersion: context.apiVersion ?? null,
    payload: new Uint8Array(await copy.arrayBuffer()),
  });
  if (!duplicate) deps.onStored?.();
  return new Response(null, { status: 200 });
}

async function storeUnparseable(request: Request, deps: ReceiveDeps): Promise<Response> {
  const rawBytes = new Uint8Array(await request.arrayBuffer());
  const shop = request.headers.get("x-shopify-shop-domain");
  const topic = request.headers.get("x-shopify-topic");
  const webhookId = request.headers.get("x-shopify-webhook-id");
  if (
    !shop ||
    !topic ||
    !webhookId ||
    !hasValidSignature(rawBytes, request.headers.get("x-shopify-hmac-sha256"), deps.apiSecret)
  ) {
    return new Response(null, { status: 401 });
  }
  await storeDelivery(deps.db, {
    shop,
    topic,
    webhookId,
    eventId: request.headers.get("x-shopify-event-id"),
    apiVersion: request.headers.get("x-shopify-api-version"),
    payload: rawBytes,
    unprocessableReason: "The payload is not valid JSON",
  });
  return new Response(null, { status: 200 });
}

function hasValidSignature(rawBody: Uint8Array, signature: string | null, secret: string): boolean {
  if (!signature || !secret) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
