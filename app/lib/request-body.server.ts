import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The largest webhook body accepted (8 MiB; WEBHOOK_MAX_BYTES changes it). Shopify documents no limit for
 * HTTPS deliveries, and limits most shops to 500 line items an order. A line item as Shopify sends it is
 * about 1 KB of JSON; with three tax lines, three discount allocations and three properties, 2.3 KB. A
 * cancelled order of 500 such lines repeats them in its fulfillment and its refund: 3.5 MB, the largest
 * body we could build (test/helpers/large-order.ts, sent whole by test/server/limits.test.ts). The limit
 * is more than twice that.
 */
export const DEFAULT_WEBHOOK_MAX_BYTES = 8 * 1024 * 1024;

/** The largest body of any other request: the admin's forms, /auth/login. The biggest real one is a few KB. */
export const FORM_MAX_BYTES = 1024 * 1024;

/** Request line and headers together (Node's own default, said out loud): beyond it, 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** WEBHOOK_MAX_BYTES read: a whole number of bytes, or null when it is not one. */
export function webhookMaxBytes(setting: string | undefined): number | null {
  if (setting === undefined || setting.trim() === "") return DEFAULT_WEBHOOK_MAX_BYTES;
  const bytes = Number(setting);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}

export type BodyReading =
  | { status: "read"; body: Buffer }
  /** `declared`: refused on its Content-Length, before a byte of it was read. */
  | { status: "too_large"; declared: boolean; bytes: number }
  /** The client went away before the body ended. */
  | { status: "aborted" };

/** Whether a request carries a body at all (a Content-Length above 0, or chunked). */
export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers["content-length"];
  if (length !== undefined) return length !== "0";
  return request.headers["transfer-encoding"] !== undefined;
}

/**
 * Reads a request's body, never holding more than `maxBytes` of it. A Content-Length above the limit is
 * refused before anything is read; a body without one (chunked) is counted as it arrives and refused as
 * soon as it passes the limit, and what came so far is let go. Nothing is copied twice: a body that
 * arrived in one chunk is that chunk.
 */
export function readBodyWithin(request: IncomingMessage, maxBytes: number): Promise<BodyReading> {
  const declared = request.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) {
    return Promise.resolve({ status: "too_large", declared: true, bytes: Number(declared) });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (reading: BodyReading) => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onGone);
      request.off("close", onGone);
      resolve(reading);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        // Whatever else arrives is not kept: refuseTooLarge then stops reading altogether.
        finish({ status: "too_large", declared: false, bytes: size });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () =>
      finish({ status: "read", body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) });
    const onGone = () => {
      if (!request.complete) finish({ status: "aborted" });
    };
    request.on("data", onData);
    request.once("end", onEnd);
    request.once("error", onGone);
    request.once("close", onGone);
  });
}

/** How long a refused client has to read its answer before the connection is closed under it. */
const LINGER_MS = 1_000;

/**
 * Answers 413 and closes the connection, reading no more of the body: the connection is paused, so a
 * client still sending is held back by TCP rather than read from. The answer is written whole at once, and
 * the connection closed when the client closes it or a second later, so that the client reads the 413
 * rather than a reset connection. (Measured on loopback: eight clients each sending 100 MB at once are
 * answered within 90 ms, having sent 4 MB.)
 */
export function refuseTooLarge(request: IncomingMessage, response: ServerResponse, maxBytes: number): void {
  const text = `Payload too large: this endpoint accepts at most ${maxBytes} bytes.\n`;
  response.writeHead(413, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    Connection: "close",
  });
  response.write(text);
  request.pause();
  const close = () => {
    clearTimeout(timer);
    if (!response.writableEnded) response.end();
  };
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  request.once("close", close);
}
