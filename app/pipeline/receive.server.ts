import { createHmac, timingSafeEqual } from "node:crypto";
import { ReadRequest } from "~/lib/read-request.server";
import { orderIdOf, type IncomingDelivery } from "./inbox.server";

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
  /** Stores a delivery (InboxWriter in the app); `duplicate` when it was stored before. */
  store: (delivery: IncomingDelivery) => Promise<{ duplicate: boolean }>;
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
  const rawBody = new Uint8Array(await request.arrayBuffer());
  let context: Awaited<ReturnType<WebhookAuthenticator>>;
  try {
    context = await deps.authenticate(asWebhookOnly(request, rawBody));
  } catch (thrown) {
    if (thrown instanceof Response) throw thrown;
    // The signature was valid but the body is not JSON: keep it for the merchant rather than have Shopify
    // retry it forever. Checked again here, so nothing unsigned is ever stored.
    if (thrown instanceof SyntaxError) return storeUnparseable(request.headers, rawBody, deps);
    throw thrown;
  }

  const topic = topicName(context.topic);
  const { duplicate } = await deps.store({
    shop: context.shop,
    topic,
    orderId: orderIdOf(topic, context.payload, rawBody),
    webhookId: context.webhookId,
    eventId: context.eventId ?? null,
    apiVersion: context.apiVersion ?? null,
    payload: rawBody,
  });
  if (!duplicate) deps.onStored?.();
  return new Response(null, { status: 200 });
}

/**
 * The request as authenticate.webhook needs it: only Shopify's own headers, and the body already read.
 * shopify-api rebuilds its header map once for every header it copies, and a real delivery arrives with
 * twenty-odd proxy and CDN headers that validation never reads. The body is served from the bytes in hand
 * (`text()`, which is all authenticate.webhook reads) rather than wrapped in a new stream.
 */
function asWebhookOnly(request: Request, rawBody: Uint8Array<ArrayBuffer>): Request {
  const headers = new Headers();
  for (const [name, value] of request.headers) {
    if (name.startsWith("x-shopify-") || name === "content-type") headers.set(name, value);
  }
  return new ReadRequest(request.url, request.method, headers, rawBody);
}

async function storeUnparseable(
  headers: Headers,
  rawBytes: Uint8Array<ArrayBuffer>,
  deps: ReceiveDeps,
): Promise<Response> {
  const shop = headers.get("x-shopify-shop-domain");
  const topic = headers.get("x-shopify-topic");
  const webhookId = headers.get("x-shopify-webhook-id");
  if (
    !shop ||
    !topic ||
    !webhookId ||
    !hasValidSignature(rawBytes, headers.get("x-shopify-hmac-sha256"), deps.apiSecret)
  ) {
    return new Response(null, { status: 401 });
  }
  await deps.store({
    shop,
    topic,
    webhookId,
    eventId: headers.get("x-shopify-event-id"),
    apiVersion: headers.get("x-shopify-api-version"),
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
