// A body streamed page by page waits for a client that does not read, with compression() in front as the
// production server has it: gzip's buffer must not take the whole body while the socket is full.
import http from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { responseDrained } from "~/lib/response-drained.js";
import { mswServer } from "~test/helpers/msw";

type Middleware = (request: http.IncomingMessage, response: http.ServerResponse, next: () => void) => void;
// compression ships no types (server.mjs, plain JavaScript, is its only user): loaded as CommonJS.
const compression = createRequire(import.meta.url)("compression") as () => Middleware;

const CHUNK = 64 * 1024;
const BODY = 64 * 1024 * 1024;

interface Producer {
  written: number;
  stopped: Error | null;
  finished: boolean;
}

let server: http.Server | null = null;

// MSW (listening for every test file) reads a whole answer before handing it on: this client must read as a
// slow browser does, straight from the socket.
beforeAll(() => mswServer.close());

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server whose one route writes BODY bytes of incompressible data, waiting on `responseDrained` between chunks. */
async function startServer(producer: Producer): Promise<number> {
  const compress = compression();
  const download = async (response: http.ServerResponse) => {
    const ready = responseDrained(response);
    response.setHeader("Content-Type", "text/csv");
    // Random bytes: gzip's output is as big as its input, so only waiting keeps it out of memory.
    const chunk = randomBytes(CHUNK);
    try {
      while (producer.written < BODY) {
        await ready();
        response.write(chunk);
        producer.written += CHUNK;
      }
      response.end();
      producer.finished = true;
    } catch (error) {
      producer.stopped = error as Error;
    }
  };
  // compression() as server.mjs has it in front of every answer (it is Express middleware: request, response, next).
  server = http.createServer((request, response) =>
    compress(request, response, () => void download(response)),
  );
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server!.once("listening", () => resolve()));
  return (server!.address() as AddressInfo).port;
}

/** Requests the download with gzip accepted, and does not read the answer. */
function requestWithoutReading(port: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: "127.0.0.1", port, path: "/download", headers: { "accept-encoding": "gzip" } },
      (answer) => {
        answer.pause();
        resolve(answer);
      },
    );
    request.on("error", reject);
  });
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the producer had written once it stopped writing (gzip works through what it holds first). */
async function stalled(producer: Producer): Promise<number> {
  let last = -1;
  while (producer.written !== last && !producer.finished) {
    last = producer.written;
    await settle(300);
  }
  return producer.written;
}

describe("responseDrained behind compression()", () => {
  it("stops producing while the client does not read, and produces everything once it does", async () => {
    const producer: Producer = { written: 0, stopped: null, finished: false };
    const port = await startServer(producer);
    const answer = await requestWithoutReading(port);
    expect(answer.headers["content-encoding"]).toBe("gzip");
    const whileStalled = await stalled(producer);
    // Socket buffers and gzip's hold a few MB; without waiting on gzip, all 64 MB went into memory at once.
    expect(whileStalled).toBeLessThan(16 * 1024 * 1024);

    let received = 0;
    answer.on("data", (data: Buffer) => (received += data.length));
    answer.resume();
    await new Promise((resolve) => answer.on("end", resolve));
    expect(producer.finished).toBe(true);
    expect(producer.written).toBe(BODY);
    expect(received).toBeGreaterThan(BODY);
  }, 60_000);

  it("stops with an error when the client goes away while it waits", async () => {
    const producer: Producer = { written: 0, stopped: null, finished: false };
    const port = await startServer(producer);
    const answer = await requestWithoutReading(port);
    await settle(300);
    answer.destroy();
    await settle(300);
    expect(producer.stopped?.message).toMatch(/the client went away/);
    expect(producer.finished).toBe(false);
    expect(producer.written).toBeLessThan(BODY);
  }, 30_000);
});
