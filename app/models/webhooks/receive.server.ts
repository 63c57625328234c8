import { createHmac, timingSafeEqual } from "node:crypto";
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
    orderId: orderIdOf(topic, context.payload),
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

/**
 * A Request whose body was read already: its bytes are served by `text()`, `json()`, `arrayBuffer()` and
 * `bytes()`, once, as a stream's would be (`body` itself is null). Building a Request around a body
 * stream and reading it back costs more than everything else authenticate.webhook does with it.
 */
export class ReadRequest extends Request {
  private consumed = false;

  constructor(
    url: string,
    method: string,
    headers: Headers,
    private readonly readBody: Uint8Array<ArrayBuffer>,
  ) {
    super(url, { method, headers });
  }

  override get bodyUsed(): boolean {
    return this.consumed;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.consume().slice().buffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.consume().slice();
  }

  override async text(): Promise<string> {
    return new TextDecoder().decode(this.consume());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override clone(): ReadRequest {
    if (this.consumed) throw new TypeError("Body is unusable: Body has already been read");
    return new ReadRequest(this.url, this.method, new Headers(this.headers), this.readBody);
  }

  private consume(): Uint8Array<ArrayBuffer> {
    if (this.consumed) throw new TypeError("Body is unusable: Body has already been read");
    this.consumed = true;
    return this.readBody;
  }
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
