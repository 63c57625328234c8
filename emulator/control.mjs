// @ts-check
// Optional loopback control server for a preloaded emulator (the benchmark drives the app from another
// process): GET /calls, POST /fail {count, status, kind?, operation?}, POST /clear-faults, POST /latency {ms},
// POST /clear-calls, GET /health. JSON in and out; bound to 127.0.0.1 only.

import { createServer } from "node:http";

/**
 * @import { Server, IncomingMessage } from "node:http"
 * @import { ShopifyStore } from "./types"
 */

/**
 * @param {ShopifyStore} store
 * @param {number} port
 * @returns {Promise<Server>}
 */
export function startControlServer(store, port) {
  const server = createServer(async (request, response) => {
    /** @param {number} status @param {unknown} body */
    const send = (status, body) => {
      response.writeHead(status, { "Content-Type": "application/json", Connection: "close" });
      response.end(JSON.stringify(body));
    };
    try {
      const route = `${request.method} ${new URL(request.url ?? "/", "http://localhost").pathname}`;
      switch (route) {
        case "GET /health":
          return send(200, { ok: true });
        case "GET /calls":
          return send(200, store.calls);
        case "POST /clear-calls":
          store.clearCalls();
          return send(200, { ok: true });
        case "POST /fail": {
          const body = await readJson(request);
          store.failNext(Number(body.count ?? 1), {
            status: /** @type {import("./types").FaultStatus} */ (body.status),
            ...(body.kind ? { kind: /** @type {"graphql" | "oauth" | "any"} */ (body.kind) } : {}),
            ...(body.operation ? { operation: String(body.operation) } : {}),
          });
          return send(200, { ok: true });
        }
        case "POST /clear-faults":
          store.clearFaults();
          return send(200, { ok: true });
        case "POST /latency": {
          const body = await readJson(request);
          store.setLatency(Number(body.ms));
          return send(200, { ok: true });
        }
        default:
          return send(404, { error: `no route ${route}` });
      }
    } catch (error) {
      return send(400, { error: error instanceof Error ? error.message : String(error) });
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.unref(); // never keeps the app's process alive on its own
      resolve(server);
    });
  });
}

/** @param {IncomingMessage} request @returns {Promise<Record<string, unknown>>} */
async function readJson(request) {
  let text = "";
  for await (const chunk of request) text += chunk;
  const parsed = text ? JSON.parse(text) : {};
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new Error("expected a JSON object");
  return parsed;
}
