// A spool that cannot be opened (its folder missing, say) fails the webhooks that need it, clearly; once it
// can be opened again, the next webhook is stored, without a restart.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { tempDir } from "~root/scripts/lib/app-server.mjs";
import { spool } from "~/pipeline/runtime.server";
import { orderPayload } from "~test/helpers/orders";
import { settle, webhookRequest } from "~test/helpers/shopify";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";

const original = process.env.DATABASE_URL;
const dir = tempDir("spool-open-");
const missing = path.join(dir, "not-yet");

afterAll(() => {
  process.env.DATABASE_URL = original;
  rmSync(dir, { recursive: true, force: true });
});

const send = async (id: number) =>
  (await settle(() =>
    ordersCreate({
      request: webhookRequest({ topic: "orders/create", body: orderPayload({ id }) }),
      params: {},
      context: {},
    }),
  )) as Response | Error;

it("tries to open the spool again on the next webhook, rather than failing until a restart", async () => {
  // The spool lives next to the database: point this file's database somewhere whose folder is missing.
  process.env.DATABASE_URL = `file:${path.join(missing, "app.sqlite")}`;
  await expect(spool()).rejects.toThrow(
    `The spool file:${path.join(missing, "app.spool.sqlite")} cannot be opened`,
  );
  const failed = await send(1);
  expect(failed).toBeInstanceOf(Error);
  expect((failed as Error).message).toMatch(/The spool .* cannot be opened/);

  mkdirSync(missing);
  const stored = await send(2);
  expect(stored).toBeInstanceOf(Response);
  expect((stored as Response).status).toBe(200);
  const { rows } = await (await spool()).client.execute(`SELECT count(*) AS n FROM "SpooledDelivery"`);
  expect(Number(rows[0].n)).toBe(1);
});
