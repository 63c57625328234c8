import { createHmac, timingSafeEqual } from "node:crypto";
import { isUtf8 } from "node:buffer";
import { InvalidShopError } from "@shopify/shopify-api";
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
  return topic.includes("/") ? topic.toLowerCase() : topic.toLowerCase().replace("_", "/");
}

/**
 * Receives a webhook on the route of `routeTopic`: authenticates it (a forged one gets 401 and leaves no
 * trace), stores it in the inbox, and answers 200 before any processing. A delivery already stored is
 * answered 200 and ignored.
 *
 * The signature covers the body and nothing around it, so what the headers claim is checked against the
 * route: a signed delivery whose topic is not the route's is kept as needing attention, never processed
 * (a signed order body sent again as `orders/cancelled` or `shop/redact` would otherwise act). Its shape is
 * checked against its topic when it is processed.
 */
export async function receiveWebhook(
  request: Request,
  deps: ReceiveDeps,
  routeTopic: string,
): Promise<Response> {
  const signed = await authenticated(request, deps, deps.authenticate, routeTopic);
  if (signed instanceof Response) return signed;
  const { rawBody, context } = signed;
  const topic = topicName(context.topic);
  const delivery: IncomingDelivery = {
    shop: context.shop,
    topic,
    orderId: orderIdOf(topic, context.payload, rawBody),
    webhookId: context.webhookId,
    eventId: context.eventId ?? null,
    apiVersion: context.apiVersion ?? null,
    payload: rawBody,
  };
  if (topic !== routeTopic) delivery.unprocessableReason = wrongRoute(topic, routeTopic);
  const { duplicate } = await deps.store(delivery);
  if (!duplicate && !delivery.unprocessableReason) deps.onStored?.();
  return new Response(null, { status: 200 });
}

/**
 * For the webhooks a route acts on at once rather than through the inbox (app/uninstalled,
 * app/scopes_update): authenticates the delivery as receiveWebhook does, and hands back its context only
 * when its topic is the route's and `isShaped` accepts its payload for its shop. Anything else that is
 * signed is kept as needing attention, never acted on, and answered 200; the answer is handed back then.
 */
export async function receiveOwnWebhook<Context extends Awaited<ReturnType<WebhookAuthenticator>>>(
  request: Request,
  deps: ReceiveDeps,
  authenticate: (request: Request) => Promise<Context>,
  routeTopic: string,
  isShaped: (payload: unknown, shop: string) => boolean,
): Promise<Context | Response> {
  const signed = await authenticated(request, deps, authenticate, routeTopic);
  if (signed instanceof Response) return signed;
  const { rawBody, context } = signed;
  const topic = topicName(context.topic);
  const problem =
    topic !== routeTopic
      ? wrongRoute(topic, routeTopic)
      : isShaped(context.payload, context.shop)
        ? null
        : `The payload is not shaped as a ${topic} payload of ${context.shop}: kept, not acted on`;
  if (!problem) return context;
  await deps.store({
    shop: context.shop,
    topic,
    webhookId: context.webhookId,
    eventId: context.eventId ?? null,
    apiVersion: context.apiVersion ?? null,
    payload: rawBody,
    unprocessableReason: problem,
  });
  return new Response(null, { status: 200 });
}

/**
 * The body's bytes and what authenticate.webhook makes of them, or the answer when there is nothing more
 * to do: 401 forged, 400 for a shop domain that is none, 200 for a signed body that cannot be read (kept).
 */
async function authenticated<Context>(
  request: Request,
  deps: ReceiveDeps,
  authenticate: (request: Request) => Promise<Context>,
  routeTopic: string,
): Promise<{ rawBody: Uint8Array<ArrayBuffer>; context: Context } | Response> {
  const rawBody =
    request instanceof ReadRequest ? request.takeBytes() : new Uint8Array(await request.arrayBuffer());
  // Shopify's library checks the signature on the body decoded as UTF-8: bytes that are not plain UTF-8
  // (invalid sequences, a byte-order mark, gzip) would fail it however they were signed. Those are checked
  // here on the bytes themselves and kept exactly as they came.
  const unreadable = unreadableReason(rawBody);
  if (unreadable) return storeUnreadable(request.headers, rawBody, deps, routeTopic, unreadable);
  try {
    return { rawBody, context: await authenticate(asWebhookOnly(request, rawBody)) };
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    if (thrown instanceof InvalidShopError) return invalidShop();
    // The signature was valid but the body is not JSON: keep it for the merchant rather than have Shopify
    // retry it forever. Checked again here, so nothing unsigned is ever stored.
    if (thrown instanceof SyntaxError)
      return storeUnreadable(request.headers, rawBody, deps, routeTopic, "The payload is not valid JSON");
    throw thrown;
  }
}

const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];

/** Why a body cannot be read as the JSON text Shopify sends, or null when it can be. */
function unreadableReason(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return "The payload is gzip-compressed, not JSON text";
  if (BYTE_ORDER_MARK.every((byte, index) => bytes[index] === byte))
    return "The payload starts with a byte-order mark";
  if (!isUtf8(bytes)) return "The payload is not valid UTF-8";
  return null;
}

/** A shop domain as authenticate.webhook accepts one (the rule of shopify-api's sanitizeShop). */
function isShopDomain(shop: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9-_]*\.(myshopify\.com|shopify\.com|myshopify\.io|shop\.dev)$/.test(shop);
}

function wrongRoute(topic: string, routeTopic: string): string {
  return `Signed as ${topic} but sent to the ${routeTopic} webhook: kept, not processed`;
}

function invalidShop(): Response {
  return new Response("The X-Shopify-Shop-Domain header is not a shop domain", {
    status: 400,
    statusText: "Invalid shop domain",
  });
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

/**
 * A signed body that cannot be read (not UTF-8, not JSON): stored byte for byte as needing attention, so
 * the merchant sees it and Shopify stops retrying it. The signature is checked here on the raw bytes.
 */
async function storeUnreadable(
  headers: Headers,
  rawBytes: Uint8Array<ArrayBuffer>,
  deps: ReceiveDeps,
  routeTopic: string,
  reason: string,
): Promise<Response> {
  const shop = headers.get("x-shopify-shop-domain");
  const topic = headers.get("x-shopify-topic");
  const webhookId = headers.get("x-shopify-webhook-id");
  if (!hasValidSignature(rawBytes, headers.get("x-shopify-hmac-sha256"), deps.apiSecret)) {
    return new Response(null, { status: 401, statusText: "Unauthorized" });
  }
  if (!shop || !topic || !webhookId) {
    return new Response(null, { status: 400, statusText: "Missing Shopify headers" });
  }
  if (!isShopDomain(shop)) return invalidShop();
  const storedTopic = topicName(topic);
  await deps.store({
    shop,
    topic: storedTopic,
    webhookId,
    eventId: headers.get("x-shopify-event-id"),
    apiVersion: headers.get("x-shopify-api-version"),
    payload: rawBytes,
    unprocessableReason:
      storedTopic === routeTopic ? reason : `${reason}. ${wrongRoute(storedTopic, routeTopic)}`,
  });
  return new Response(null, { status: 200 });
}

function hasValidSignature(rawBody: Uint8Array, signature: string | null, secret: string): boolean {
  if (!signature || !secret) return false;
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
