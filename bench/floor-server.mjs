// The floor the pipeline's acknowledgement path is measured against: a bare Node HTTP server that only
// checks the webhook's HMAC and inserts the raw body into SQLite (same driver as the app), then answers.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { createClient } from "@libsql/client";

const secret = process.env.SHOPIFY_API_SECRET;
const db = createClient({ url: process.env.DATABASE_URL });
// The same journal mode as the app's database, for a fair comparison.
await db.execute("PRAGMA journal_mode = WAL");
await db.execute(
  "CREATE TABLE IF NOT EXISTS delivery (id INTEGER PRIMARY KEY, webhook_id TEXT UNIQUE, body BLOB)",
);

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", async () => {
    const body = Buffer.concat(chunks);
    const expected = createHmac("sha256", secret).update(body).digest();
    const given = Buffer.from(String(request.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      response.writeHead(401).end();
      return;
    }
    try {
      await db.execute({
        sql: "INSERT OR IGNORE INTO delivery (webhook_id, body) VALUES (?, ?)",
        args: [String(request.headers["x-shopify-webhook-id"]), body],
      });
      response.writeHead(200).end();
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("floor listening"));
process.once("SIGTERM", () => server.close(() => process.exit(0)));
// Answers GET / so the runner can see it is up.
