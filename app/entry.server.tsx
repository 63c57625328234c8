import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isbot } from "isbot";
import { addDocumentResponseHeaders } from "./shopify.server";
import { startInboxWorker, stopInboxWorker } from "~/pipeline/runtime.server";

export const streamTimeout = 5000;

// Processes stored webhook deliveries, resuming whatever a restart left unprocessed (see pipeline/runtime.server).
startInboxWorker();

/** Called by server.mjs on SIGTERM/SIGINT: lets the delivery in hand finish. */
export { stopInboxWorker };

/** What server.mjs hands webhooks to their routes as (their body read already). */
export { ReadRequest } from "~/lib/read-request.server";

/** How server.mjs reads bodies within their limits, and what it logs about requests. */
export {
  FORM_MAX_BYTES,
  MAX_HEADER_BYTES,
  hasBody,
  readBodyWithin,
  refuseTooLarge,
  webhookMaxBytes,
} from "~/lib/request-body.server";
export { RefusalLog, loggable, loggableUrl } from "~/lib/request-log.server";

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const userAgent = request.headers.get("user-agent");
  const callbackName = isbot(userAgent ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });

    // Abort the render after the stream timeout so a hung loader cannot hold the response open.
    setTimeout(abort, streamTimeout + 1000);
  });
}
