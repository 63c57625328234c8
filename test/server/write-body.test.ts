// A streamed answer's body is written at the pace the client reads it, with compression() in front as the
// production server has it (server.mjs writes every streamed body with writeBody): neither gzip's buffer nor the
// socket's may take the whole body while the client does not read, and a client that goes away stops the producer.
import http from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import zlib from "node:zlib";
import { giveBackWhenWritten, writeBody } from "~/lib/write-body.js";
import { mswServer } from "~test/helpers/msw";

type Middleware = (request: http.IncomingMessage, response: http.ServerResponse, next: () => void) => void;
// compression ships no types (server.mjs, plain JavaScript, is its only user): loaded as CommonJS.
const compression = createRequire(import.meta.url)("compression") as () => Middleware;

const CHUNK = 64 * 1024;
const BODY = 64 * 1024 * 1024;
// Socket buffers and gzip's hold a few MB; a writer that ignores write()'s answer lets all 64 MB through.
const STALLED_AT_MOST = 16 * 1024 * 1024;

/** What a body's producer has done: bytes handed over, whether it ended, and why it was cancelled. */
interface Producer {
  written: number;
  finished: boolean;
  cancelled: unknown;
}

const newProducer = (): Producer => ({ written: 0, finished: false, cancelled: null });

/** A body made on demand, as the ledger's export is: fresh random bytes per pull (neither gzip nor br can shrink them). */
function pulledBody(producer: Producer): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (producer.written >= BODY) {
          producer.finished = true;
          controller.close();
          return;
        }
        producer.written += CHUNK;
        controller.enqueue(new Uint8Array(randomBytes(CHUNK)));
      },
      cancel(reason) {
        producer.cancelled = reason;
      },
    },
    { highWaterMark: 1 },
  );
}

/** A body pushed by a Node stream, as a streamed document is (app/entry.server.tsx pipes React into a PassThrough). */
function pushedBody(producer: Producer): ReadableStream<Uint8Array> {
  const source = new Readable({
    read() {
      if (producer.written >= BODY) {
        producer.finished = true;
        this.push(null);
        return;
      }
      producer.written += CHUNK;
      this.push(randomBytes(CHUNK));
    },
    destroy(error, callback) {
      producer.cancelled ??= error ?? "destroyed";
      callback(error);
    },
  });
  return createReadableStreamFromReadable(source);
}

interface Served {
  port: number;
  /** Settles when writeBody does. */
  written: Promise<unknown>;
}

let server: http.Server | null = null;

// MSW (listening for every test file) reads a whole answer before handing it on: this client must read as a
// slow browser does, straight from the socket.
beforeAll(() => mswServer.close());

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server whose one answer is `body`, written by writeBody behind compression() as server.mjs has it. */
async function serve(body: ReadableStream<Uint8Array>): Promise<Served> {
  const compress = compression();
  let settle!: (outcome: unknown) => void;
  const written = new Promise((resolve) => (settle = resolve));
  server = http.createServer((request, response) =>
    compress(request, response, () => {
      response.setHeader("Content-Type", "text/csv");
      writeBody(body, response).then(
        () => settle("written"),
        (error: unknown) => settle(error),
      );
    }),
  );
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server!.once("listening", () => resolve()));
  return { port: (server!.address() as AddressInfo).port, written };
}

/** Asks for the answer with `encoding` accepted, and does not read it. */
function requestWithoutReading(port: number, encoding: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: "127.0.0.1", port, path: "/download", headers: { "accept-encoding": encoding } },
      (answer) => {
        answer.pause();
        resolve(answer);
      },
    );
    request.on("error", reject);
  });
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the producer had handed over once it stopped (gzip works through what it holds first). */
async function stalled(producer: Producer): Promise<number> {
  let last = -1;
  while (producer.written !== last && !producer.finished) {
    last = producer.written;
    await settle(300);
  }
  return producer.written;
}

async function readAll(answer: http.IncomingMessage): Promise<number> {
  let received = 0;
  answer.on("data", (data: Buffer) => (received += data.length));
  answer.resume();
  await new Promise((resolve) => answer.on("end", resolve));
  return received;
}

describe("writeBody behind compression()", () => {
  // What browsers send (compression() answers them with br), gzip alone, and no encoding (the socket's own drain).
  it.each(["gzip, deflate, br", "gzip", "identity"])(
    "stops the producer while the client does not read, and writes everything once it does (%s)",
    async (encoding) => {
      const producer = newProducer();
      const { port, written } = await serve(pulledBody(producer));
      const answer = await requestWithoutReading(port, encoding);
      const expected = { "gzip, deflate, br": "br", gzip: "gzip", identity: undefined }[encoding];
      expect(answer.headers["content-encoding"]).toBe(expected);
      expect(await stalled(producer)).toBeLessThan(STALLED_AT_MOST);

      const received = await readAll(answer);
      expect(await written).toBe("written");
      expect(producer).toEqual({ written: BODY, finished: true, cancelled: null });
      expect(received).toBeGreaterThanOrEqual(BODY);
    },
    60_000,
  );

  it("stops a streamed document's producer too while the client does not read", async () => {
    const producer = newProducer();
    const { port, written } = await serve(pushedBody(producer));
    const answer = await requestWithoutReading(port, "gzip, deflate, br");
    expect(await stalled(producer)).toBeLessThan(STALLED_AT_MOST);
    expect(await readAll(answer)).toBeGreaterThanOrEqual(BODY);
    expect(await written).toBe("written");
    expect(producer.finished).toBe(true);
  }, 60_000);

  it("cancels the body when the client goes away while it waits, and returns", async () => {
    const producer = newProducer();
    const { port, written } = await serve(pulledBody(producer));
    const answer = await requestWithoutReading(port, "gzip, deflate, br");
    await stalled(producer);
    answer.destroy();
    expect(await written).toBe("written");
    expect(String(producer.cancelled)).toMatch(/the client went away/);
    const atCancel = producer.written;
    await settle(300);
    expect(producer.written).toBe(atCancel);
    expect(producer.finished).toBe(false);
  }, 30_000);

  it("destroys the response and throws when the body fails", async () => {
    let pulls = 0;
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls === 3) controller.error(new Error("the database went away"));
        else controller.enqueue(new TextEncoder().encode("line\r\n".repeat(1000)));
      },
    });
    const { port, written } = await serve(failing);
    // The client sees the answer cut short (before or after its headers), never a whole answer.
    const outcome = new Promise<string>((resolve) => {
      const request = http.get(
        { host: "127.0.0.1", port, headers: { "accept-encoding": "gzip" } },
        (answer) => {
          answer.on("error", () => resolve("cut short"));
          answer.on("end", () => resolve("ended"));
          answer.resume();
        },
      );
      request.on("error", () => resolve("cut short"));
    });
    expect(String(await written)).toMatch(/the database went away/);
    expect(await outcome).toBe("cut short");
  }, 30_000);

  // The ledger's export marks its chunks: their memory is freed once the response has flushed them, not when
  // the garbage collector gets to them (decision 0027). What the client receives must not change.
  it.each(["gzip, deflate, br", "identity"])(
    "frees the bytes of chunks marked to be given back once written, and the client gets every byte (%s)",
    async (encoding) => {
      const chunks = Array.from({ length: 64 }, (_, n) => {
        const bytes = Buffer.allocUnsafe(256 * 1024);
        bytes.fill(n % 251);
        randomBytes(1024).copy(bytes, 0);
        return bytes;
      });
      const expected = createHash("sha256");
      for (const chunk of chunks) expected.update(chunk);
      const digest = expected.digest("hex");
      // Every other chunk marked; the unmarked ones must be left as they are.
      let next = 0;
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (next === chunks.length) return controller.close();
            const chunk = chunks[next];
            controller.enqueue(next % 2 === 0 ? giveBackWhenWritten(chunk) : chunk);
            next += 1;
          },
        },
        { highWaterMark: 1 },
      );
      const { port, written } = await serve(body);
      const answer = await requestWithoutReading(port, encoding);
      const parts: Buffer[] = [];
      answer.on("data", (data: Buffer) => parts.push(data));
      answer.resume();
      await new Promise((resolve) => answer.on("end", resolve));
      expect(await written).toBe("written");
      const raw = Buffer.concat(parts);
      const received = answer.headers["content-encoding"] === "br" ? zlib.brotliDecompressSync(raw) : raw;
      expect(createHash("sha256").update(received).digest("hex")).toBe(digest);
      const freed = chunks.filter((chunk) => chunk.byteLength === 0);
      // The marked ones written before the response last drained are freed; no unmarked one is.
      expect(freed.length).toBeGreaterThan(chunks.length / 4);
      expect(chunks.every((chunk, n) => n % 2 === 0 || chunk.byteLength === 256 * 1024)).toBe(true);
    },
    60_000,
  );
});
