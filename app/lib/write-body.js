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
 * Marks bytes as the body's own to give back once written: their memory is then freed as soon as the response
 * has flushed them, instead of when the garbage collector next looks at old objects (a chunk that waited for the
 * socket long enough to be promoted kept its bytes until then: the ledger's export, docs/decisions/0027). Only
 * for bytes that nothing else holds or will read again: a body may reuse its chunks (React's are shared).
 * A registered symbol, so the server bundle's copy of this module and server.mjs's agree.
 */
export const GIVE_BACK_WHEN_WRITTEN = Symbol.for("write-body.give-back-when-written");

/**
 * `bytes`, marked to be given back once written (see GIVE_BACK_WHEN_WRITTEN).
 * @template {Uint8Array} T
 * @param {T} bytes
 * @returns {T}
 */
export function giveBackWhenWritten(bytes) {
  /** @type {any} */ (bytes)[GIVE_BACK_WHEN_WRITTEN] = true;
  return bytes;
}

/** @param {Uint8Array} bytes */
const toGiveBack = (bytes) =>
  /** @type {any} */ (bytes)[GIVE_BACK_WHEN_WRITTEN] === true &&
  bytes.byteOffset === 0 &&
  bytes.byteLength === bytes.buffer.byteLength &&
  !(bytes.buffer instanceof SharedArrayBuffer);

/**
 * Frees bytes now: their memory moves to a new ArrayBuffer that nothing refers to (the next young collection
 * frees it), and the old one, however old, is left empty.
 * @param {Uint8Array} bytes
 */
function giveBack(bytes) {
  structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
}

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
  // Written chunks to give back: all are flushed once the response drains (the socket has written them, or
  // compression's zlib has read them).
  /** @type {Uint8Array[]} */
  let written = [];
  try {
    for (let chunk = await reader.read(); !chunk.done && !closed; chunk = await reader.read()) {
      const accepted = response.write(chunk.value);
      response.flush?.();
      if (toGiveBack(chunk.value)) written.push(chunk.value);
      if (!accepted && !closed) {
        await new Promise((resolve) => (resume = () => resolve(undefined)));
        if (!closed) {
          written.forEach(giveBack);
          written = [];
        }
      }
    }
  } catch (error) {
    response.destroy(/** @type {Error} */ (error));
    throw error;
  }
  if (!closed) response.end();
}
