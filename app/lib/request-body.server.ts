import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The largest webhook body accepted (8 MiB, WEBHOOK_MAX_BYTES to change it). Shopify documents no limit
 * for HTTPS deliveries; it limits most shops to 500 line items an order. A real order's line item is about
 * 1.3 KB of JSON, and one with several tax lines, discount allocations and properties about 5 KB, so 500
 * of them make 2.5 MB, and a cancelled order repeats its lines in its refunds and fulfillments: about
 * 7.5 MB at the very worst. `test/server/limits.test.ts` builds that order and sends it.
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
        // Left flowing with no listener: whatever else arrives is dropped, not buffered.
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

/**
 * Answers 413 and closes the connection: Node drops the rest of the body instead of reading it. (Measured
 * on loopback: a client still sending 100 MB receives the answer within milliseconds.)
 */
export function refuseTooLarge(response: ServerResponse, maxBytes: number): void {
  const text = `Payload too large: this endpoint accepts at most ${maxBytes} bytes.\n`;
  response.writeHead(413, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    Connection: "close",
  });
  response.end(text);
}
