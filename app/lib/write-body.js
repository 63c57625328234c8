// @ts-check
// Writing a streamed answer's body (a web ReadableStream, as Remix answers) to the HTTP response, at the pace the
// client reads. Plain JavaScript checked by TypeScript, so server.mjs imports it before any build.
//
// Remix's writeReadableStreamToWritable writes every chunk without looking at write()'s answer, so a body
// produced faster than the client reads (the ledger's CSV export: hundreds of MB) piles up in memory. Here a
// refused write waits for 'drain' before the next chunk is read, and the producer (a ReadableStream pulls only
// when read) stops with it. Behind compression() this holds too: its res.write returns gzip's answer, and a
// 'drain' listener added to the response is given to the gzip stream, which drains only once the socket took
// what it had compressed (compression 1.8; test/server/write-body.test.ts).

/** @typedef {import("node:http").ServerResponse} Response */

/**
 * Writes `body` to `response` and ends it. A chunk is read only once the response took the last one; each is
 * flushed through compression as Remix does (a streamed document's chunks go out as they come). When the
 * client goes away first, the body is cancelled (its producer stops) and this returns. When the body fails,
 * the response is destroyed and the error thrown, as Remix's helper does.
 * @param {ReadableStream<Uint8Array>} body
 * @param {Response & { flush?: () => void }} response
 */
export async function writeBody(body, response) {
  const reader = body.getReader();
  let closed = false;
  /** @type {(() => void) | null} */
  let resume = null;
  const wake = () => {
    const waiting = resume;
    resume = null;
    waiting?.();
  };
  // One listener each for the whole body: compression() moves 'drain' listeners to its gzip stream but
  // would not remove them from there, so none is added per wait.
  response.on("drain", wake);
  response.on("close", () => {
    closed = true;
    wake();
    // Before the whole body was written, this is the client going away: the body is cancelled, so its
    // producer stops and a read in progress ends (after the end, cancelling a finished body does nothing).
    reader.cancel(new Error("the client went away")).catch(() => {});
  });
  try {
    for (let chunk = await reader.read(); !chunk.done && !closed; chunk = await reader.read()) {
      const accepted = response.write(chunk.value);
      response.flush?.();
      if (!accepted && !closed) await new Promise((resolve) => (resume = () => resolve(undefined)));
    }
  } catch (error) {
    response.destroy(/** @type {Error} */ (error));
    throw error;
  }
  if (!closed) response.end();
}
