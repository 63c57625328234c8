// The production server compresses a CSV download (the ledger's export) at the cheap levels, br 1 and gzip 1,
// and every other answer at compression()'s defaults, br 4 and gzip 6 (docs/decisions/0024).
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { answerCompression } from "~/lib/answer-compression.js";
import { writeBody } from "~/lib/write-body.js";
import { mswServer } from "~test/helpers/msw";

type Middleware = (request: http.IncomingMessage, response: http.ServerResponse, next: () => void) => void;

/** Lines shaped as the export's (ids, names, emails, amounts, dates, a reason), ≈ 3 MB. */
function exportLikeText(): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 12_000; i++) {
    const affiliate = (i * 7919) % 10_000;
    lines.push(
      `gid://shopify/Order/${5_000_000 + i * 13},#${1000 + i},ref${affiliate},affiliate${affiliate}@example.com,` +
        `${i % 3 === 0 ? "coupon" : "link"},percent,commission,${(i * 37) % 500}.${i % 100},${((i * 37) % 500) / 10},USD,` +
        `${["pending", "approved", "paid"][i % 3]},2026-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}T12:${String(i % 60).padStart(2, "0")}:00.000Z,` +
        `Affiliate ${affiliate},2026-03-${String(1 + (i % 28)).padStart(2, "0")},"Credited for link visit ${i % 977} (rule ${i % 5})"\r\n`,
    );
  }
  return Buffer.from(lines.join(""));
}

const TEXT = exportLikeText();
let server: http.Server | null = null;

beforeAll(() => mswServer.close());

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** Serves TEXT as `contentType` behind the server's compression, written as server.mjs writes bodies. */
async function serve(contentType: string): Promise<number> {
  const [first, second] = answerCompression() as Middleware[];
  server = http.createServer((request, response) =>
    first(request, response, () =>
      second(request, response, () => {
        response.setHeader("Content-Type", contentType);
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array(TEXT));
            controller.close();
          },
        });
        void writeBody(body, response);
      }),
    ),
  );
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server!.once("listening", () => resolve()));
  return (server!.address() as AddressInfo).port;
}

function download(port: number, acceptEncoding: string): Promise<{ encoding?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, headers: { "accept-encoding": acceptEncoding } }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () =>
          resolve({ encoding: answer.headers["content-encoding"], body: Buffer.concat(chunks) }),
        );
        answer.on("error", reject);
      })
      .on("error", reject);
  });
}

const brotli = (quality: number) =>
  zlib.brotliCompressSync(TEXT, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality } }).length;
const gzip = (level: number) => zlib.gzipSync(TEXT, { level }).length;

/** Which of two levels' sizes `size` is nearer to. */
const nearer = (size: number, levels: Record<string, number>) =>
  Object.entries(levels).sort(([, a], [, b]) => Math.abs(size - a) - Math.abs(size - b))[0][0];

describe("the server's compression", () => {
  it("compresses CSV for a browser at br quality 1, and other answers at quality 4", async () => {
    const levels = { "quality 1": brotli(1), "quality 4": brotli(4) };
    // The two levels must be told apart by size for this test to mean anything.
    expect(levels["quality 1"]).toBeGreaterThan(levels["quality 4"] * 1.1);
    for (const [type, expected] of [
      ["text/csv; charset=utf-8", "quality 1"],
      ["text/html", "quality 4"],
    ]) {
      const answer = await download(await serve(type), "gzip, deflate, br");
      expect(answer.encoding).toBe("br");
      expect(zlib.brotliDecompressSync(answer.body).equals(TEXT)).toBe(true);
      expect(nearer(answer.body.length, levels), type).toBe(expected);
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = null;
    }
  });

  it("compresses CSV for a gzip client at level 1, and other answers at level 6", async () => {
    const levels = { "level 1": gzip(1), "level 6": gzip(6) };
    expect(levels["level 1"]).toBeGreaterThan(levels["level 6"] * 1.1);
    for (const [type, expected] of [
      ["text/csv; charset=utf-8", "level 1"],
      ["text/html", "level 6"],
    ]) {
      const answer = await download(await serve(type), "gzip");
      expect(answer.encoding).toBe("gzip");
      expect(zlib.gunzipSync(answer.body).equals(TEXT)).toBe(true);
      expect(nearer(answer.body.length, levels), type).toBe(expected);
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      server = null;
    }
  });

  it("sends CSV uncompressed to a client that accepts no encoding", async () => {
    const answer = await download(await serve("text/csv"), "identity");
    expect(answer.encoding).toBeUndefined();
    expect(answer.body.equals(TEXT)).toBe(true);
  });
});
