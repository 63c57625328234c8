// @ts-check
// Waiting until an HTTP response can take more, for a body streamed a page at a time (the ledger's CSV export).
// Plain JavaScript checked by TypeScript, so server.mjs imports it before any build.
//
// Remix writes a streamed body without waiting for the response to drain, so the stream itself must wait. A
// response's own `writableNeedDrain` is not enough behind compression(): the middleware writes through a gzip
// stream, and when the client reads slowly gzip's buffer takes the whole body while `writableNeedDrain` stays
// false (test/server/response-drained.test.ts: 64 MB written for a client that read nothing). compression()
// returns gzip's answer from `write` and gives gzip's 'drain' to the response's 'drain' listeners, so a refused
// write is remembered until the next 'drain', compressed or not.

/** @typedef {import("node:http").ServerResponse} Response */

/**
 * Watches `response`'s writes (call it after compression() has wrapped them, before the body is written) and
 * returns a function that resolves once the response can take more, or rejects when the client went away.
 * @param {Response} response
 * @returns {() => Promise<void>}
 */
export function responseDrained(response) {
  let refused = false;
  /** @type {Array<() => void>} */
  let waiting = [];
  const wake = () => {
    const woken = waiting;
    waiting = [];
    for (const resume of woken) resume();
  };
  const write = response.write;
  /** @type {Response["write"]} */
  const watchedWrite = function (/** @type {any[]} */ ...args) {
    const accepted = write.apply(response, /** @type {any} */ (args));
    if (!accepted) refused = true;
    return accepted;
  };
  response.write = watchedWrite;
  // One listener each for the response's life (a listener per wait would stay on gzip's stream: compression()
  // adds 'drain' listeners there, but removes them from the response).
  response.on("drain", () => {
    refused = false;
    wake();
  });
  response.on("close", wake);
  const gone = () => new Error(`${response.req?.method} ${response.req?.url}: the client went away`);
  return () =>
    new Promise((resolve, reject) => {
      if (response.destroyed) return reject(gone());
      if (!refused && !response.writableNeedDrain) return resolve();
      waiting.push(() => (response.destroyed ? reject(gone()) : resolve()));
    });
}
