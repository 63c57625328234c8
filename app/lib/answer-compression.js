// @ts-check
// How the production server compresses its answers (compression 1.8: br for browsers, which all send
// `gzip, deflate, br`; gzip or deflate for other clients). Plain JavaScript checked by TypeScript, so server.mjs
// imports it before any build.
//
// A CSV download (the ledger's export: ≈ 280 MB per million lines) is compressed on the main thread as it
// streams, so its levels are chosen for CPU: br quality 1 and gzip level 1 (docs/decisions/0024). Every other
// answer (documents, loader data, assets: small) keeps compression()'s defaults, br 4 and gzip 6.
import zlib from "node:zlib";
// @ts-expect-error compression ships no types (its only users are this file and a test)
import compression from "compression";

/** @typedef {import("node:http").IncomingMessage} Request */
/** @typedef {import("node:http").ServerResponse} Response */

/** @param {Response} response */
const isCsv = (response) => /^text\/csv\b/i.test(String(response.getHeader("Content-Type") ?? ""));

/** The CSV levels: ≈ 4 ms of CPU per MB (br 1) against ≈ 16 (br 4), for ≈ 35 % more bytes; gzip 1 ≈ 8 against ≈ 23. */
export const CSV_LEVELS = {
  level: 1,
  brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } },
};

/**
 * The middleware, in order: compression()'s defaults for every answer but CSV, and the CSV levels for CSV
 * (each one passes through what the other compresses).
 */
export function answerCompression() {
  /** @type {(request: Request, response: Response) => boolean} */
  const notCsv = (request, response) => !isCsv(response) && compression.filter(request, response);
  /** @type {(request: Request, response: Response) => boolean} */
  const csv = (_request, response) => isCsv(response);
  return [compression({ filter: notCsv }), compression({ ...CSV_LEVELS, filter: csv })];
}
