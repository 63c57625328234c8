import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  readBodyWithin,
  webhookMaxBytes,
  DEFAULT_WEBHOOK_MAX_BYTES,
  type BodyReading,
} from "./request-body.server";

let server: Server | null = null;

afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** Sends `chunks` to a server that reads them within `limit`; what the reading came to. */
function readingOf(
  limit: number,
  chunks: Buffer[],
  headers: Record<string, string | number> = {},
): Promise<BodyReading> {
  return new Promise((resolve, reject) => {
    server = createServer((request, response) => {
      void readBodyWithin(request, limit).then((reading) => {
        resolve(reading);
        response.writeHead(reading.status === "read" ? 200 : 413, { Connection: "close" }).end();
      });
    });
    server.listen(0, "127.0.0.1", () => {
      const { port } = server!.address() as AddressInfo;
      const client = httpRequest({ host: "127.0.0.1", port, method: "POST", headers });
      client.on("error", () => {});
      client.on("response", (response) => response.resume());
      for (const chunk of chunks) client.write(chunk);
      client.end();
    });
    server.on("error", reject);
  });
}

describe("reading a body within its limit", () => {
  it("reads a body up to the limit, byte for byte", async () => {
    const body = Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0x00, 0x41]);
    const reading = await readingOf(6, [body.subarray(0, 2), body.subarray(2)]);
    expect(reading.status).toBe("read");
    expect(reading.status === "read" && reading.body.equals(body)).toBe(true);
  });

  it("refuses a declared length past the limit without reading", async () => {
    expect(await readingOf(10, [Buffer.alloc(11)], { "Content-Length": 11 })).toEqual({
      status: "too_large",
      declared: true,
      bytes: 11,
    });
  });

  it("refuses a chunked body as soon as it passes the limit", async () => {
    const reading = await readingOf(100, [Buffer.alloc(64), Buffer.alloc(64), Buffer.alloc(64)]);
    expect(reading).toMatchObject({ status: "too_large", declared: false });
  });
});

describe("WEBHOOK_MAX_BYTES", () => {
  it("is 8 MiB unless set, and a whole number of bytes when set", () => {
    expect(webhookMaxBytes(undefined)).toBe(DEFAULT_WEBHOOK_MAX_BYTES);
    expect(webhookMaxBytes("1048576")).toBe(1048576);
    expect(webhookMaxBytes("8MB")).toBeNull();
    expect(webhookMaxBytes("-1")).toBeNull();
  });
});
