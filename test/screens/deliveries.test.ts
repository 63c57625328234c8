import { beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import prisma from "~/db.server";
import { resetDatabase } from "~test/helpers/db";
import { action, loader } from "~/routes/app.deliveries";
import { PAYLOAD_PREVIEW_CHARS } from "~/models/deliveries/deliveries.server";
import { stringifyJsonExact } from "~/lib/exact-json";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate } from "~test/factories";
import { mswServer } from "~test/helpers/msw";
import { orderPayload } from "~test/helpers/orders";
import { OTHER_SHOP, TEST_SHOP, adminRequest, installShop, settle } from "~test/helpers/shopify";

const args = (request: Request) => ({ request, params: {}, context: {} });

async function createDelivery(
  overrides: {
    shop?: string;
    state?: string;
    payload?: string;
    topic?: string;
    orderId?: string | null;
    receivedAt?: Date;
    attempts?: number;
    lastError?: string | null;
  } = {},
) {
  const { payload = JSON.stringify({ id: 1001, name: "#1001" }), ...rest } = overrides;
  return prisma.webhookDelivery.create({
    data: {
      shop: TEST_SHOP,
      topic: "orders/create",
      webhookId: randomUUID(),
      orderId: "1001",
      state: "needs_attention",
      attempts: 8,
      lastError: "Gave up after 8 attempts: Shopify Admin API answered HTTP 502",
      ...rest,
      payload: Buffer.from(payload, "utf8"),
    },
  });
}

async function list(query = "", shop = TEST_SHOP) {
  return loader(args(await adminRequest(`/app/deliveries${query}`, { shop })));
}

async function post(form: Record<string, string | string[]>, shop = TEST_SHOP) {
  const response = (await settle(async () =>
    action(args(await adminRequest("/app/deliveries", { form, shop }))),
  )) as Response;
  return { status: response.status, body: await response.json() };
}

const stateOf = async (id: string) =>
  (await prisma.webhookDelivery.findUniqueOrThrow({ where: { id } })).state;

beforeEach(async () => {
  await resetDatabase();
  // Shopify's Admin API as the pipeline asks it whether the customer is new (the emulator, through MSW).
  mswServer.resetHandlers(...createShopifyEmulator({ customers: [] }).handlers);
  await installShop(TEST_SHOP);
});

describe("deliveries that need attention", () => {
  it("lists only this shop's deliveries that need attention, newest first, with the payload pretty-printed", async () => {
    const older = await createDelivery({ receivedAt: new Date("2026-03-01T10:00:00Z") });
    const newer = await createDelivery({
      receivedAt: new Date("2026-03-02T10:00:00Z"),
      topic: "refunds/create",
      payload: "not json {",
      lastError: "The payload is not JSON",
      attempts: 1,
    });
    await createDelivery({ state: "processed" });
    await createDelivery({ state: "pending" });
    await createDelivery({ shop: OTHER_SHOP });

    const data = await list();
    expect(data.deliveries.map((d) => d.id)).toEqual([newer.id, older.id]);
    expect(data.deliveries[0]).toMatchObject({
      topic: "refunds/create",
      orderId: "1001",
      attempts: 1,
      lastError: "The payload is not JSON",
      payloadPreview: "not json {",
      truncated: false,
      receivedAt: "2026-03-02T10:00:00.000Z",
    });
    expect(data.deliveries[1].payloadPreview).toBe('{\n  "id": 1001,\n  "name": "#1001"\n}');
    expect(data.pageInfo.total).toBe(2);

    const other = await list("", OTHER_SHOP);
    expect(other.deliveries).toHaveLength(1);
  });

  it("gives the screen the shop's time zone for its dates (UTC before Shopify told it)", async () => {
    await createDelivery();
    expect((await list()).timeZone).toBe("UTC");
    await prisma.shopProfile.create({
      data: {
        shop: TEST_SHOP,
        name: "Test",
        timeZone: "Asia/Tokyo",
        currency: "USD",
        refreshedAt: new Date(),
      },
    });
    expect((await list()).timeZone).toBe("Asia/Tokyo");
  });

  it("shows an 18-digit id as Shopify sent it, not rounded", async () => {
    await createDelivery({ payload: '{"id":820982911946154508,"line_items":{"id":487817672276298554}}' });
    const [delivery] = (await list()).deliveries;
    expect(delivery.payloadPreview).toBe(
      '{\n  "id": 820982911946154508,\n  "line_items": {\n    "id": 487817672276298554\n  }\n}',
    );
  });

  it("cuts a large payload to a few KB and says how large it was", async () => {
    const payload = JSON.stringify({ note: "x".repeat(20_000) });
    await createDelivery({ payload });
    const [delivery] = (await list()).deliveries;
    expect(delivery.truncated).toBe(true);
    expect(delivery.payloadPreview).toHaveLength(PAYLOAD_PREVIEW_CHARS);
    expect(delivery.payloadBytes).toBe(Buffer.byteLength(payload));
  });

  it("sorts by received date or tries on the server", async () => {
    const old = await createDelivery({ receivedAt: new Date("2026-01-01T00:00:00Z"), attempts: 3 });
    const mid = await createDelivery({ receivedAt: new Date("2026-01-02T00:00:00Z"), attempts: 9 });
    const recent = await createDelivery({ receivedAt: new Date("2026-01-03T00:00:00Z"), attempts: 1 });
    const ids = async (query: string) => (await list(query)).deliveries.map((d) => d.id);
    expect(await ids("")).toEqual([recent.id, mid.id, old.id]);
    expect(await ids("?sort=receivedAt&direction=asc")).toEqual([old.id, mid.id, recent.id]);
    expect(await ids("?sort=attempts&direction=desc")).toEqual([mid.id, old.id, recent.id]);
    expect(await ids("?sort=attempts&direction=asc")).toEqual([recent.id, old.id, mid.id]);
    expect((await list("?sort=attempts&direction=asc")).sort).toEqual({ key: "attempts", direction: "asc" });
  });

  it("paginates 25 a page", async () => {
    for (let i = 0; i < 26; i++) await createDelivery({ receivedAt: new Date(Date.UTC(2026, 2, 1, 0, i)) });
    const first = await list();
    expect(first.deliveries).toHaveLength(25);
    expect(first.pageInfo).toMatchObject({ hasNext: true, pageCount: 2 });
    const second = await list("?page=2");
    expect(second.deliveries).toHaveLength(1);
  });

  it("retries a delivery now: the order is credited, the answer says so in words and carries the row as it is", async () => {
    const aiko = await createAffiliate({ name: "Aiko Tanaka", refCode: "aiko" });
    const delivery = await createDelivery({
      payload: stringifyJsonExact(orderPayload({ id: 1042, name: "#1042", landingSite: "/?ref=aiko" })),
      orderId: "1042",
      receivedAt: new Date("2026-03-01T10:00:00Z"),
    });
    const before = Date.now();

    const { status, body } = await post({ intent: "retry", ids: delivery.id });
    expect(status).toBe(200);
    expect(body.toast).toEqual({
      message: "Order #1042 credited again — 1 commission recorded",
      isError: false,
    });
    expect(body.skipped).toEqual([]);
    expect(body.deliveries).toHaveLength(1);
    expect(body.deliveries[0]).toMatchObject({
      id: delivery.id,
      state: "processed",
      attempts: 9,
      orderName: "#1042",
      lastError: null,
    });
    expect(Date.parse(body.deliveries[0].lastAttemptAt)).toBeGreaterThanOrEqual(before - 1000);
    const lines = await prisma.ledgerLine.findMany({ where: { shop: TEST_SHOP, orderId: "1042" } });
    expect(lines.map((line) => [line.affiliateId, line.type])).toEqual([[aiko.id, "commission"]]);
    // It no longer needs attention: the list (and a second retry) leaves it alone.
    expect((await list()).deliveries).toEqual([]);
    const again = await post({ intent: "retry", ids: delivery.id });
    expect(again.body).toMatchObject({
      retried: 0,
      skipped: [{ id: delivery.id, label: "New order", reason: "It no longer needs attention" }],
      toast: { message: "Nothing retried: 1 delivery skipped", isError: true },
    });
  });

  it("says a retry that still fails is still failing, in words, and counts the try", async () => {
    const broken = await createDelivery({
      payload: "not json {",
      lastError: "The payload is not valid JSON",
      attempts: 1,
    });

    const { body } = await post({ intent: "retry", ids: [broken.id] });
    expect(body.toast).toEqual({
      message: "Still failing: Shopify sent something the app cannot read (see the details for support)",
      isError: true,
    });
    expect(body.deliveries[0]).toMatchObject({ id: broken.id, state: "needs_attention", attempts: 2 });
    expect(body.deliveries[0].lastAttemptAt).not.toBeNull();
    expect((await list()).deliveries.map((d) => [d.id, d.attempts])).toEqual([[broken.id, 2]]);
  });

  it("retries several at once and counts what worked and what still fails", async () => {
    await createAffiliate({ refCode: "aiko" });
    const good = await createDelivery({
      payload: stringifyJsonExact(orderPayload({ id: 1043, name: "#1043", landingSite: "/?ref=aiko" })),
      orderId: "1043",
    });
    const broken = await createDelivery({ payload: "not json {", attempts: 1 });
    const { body } = await post({ intent: "retry", ids: [good.id, broken.id, good.id] });
    expect(body.retried).toBe(2);
    expect(body.toast).toEqual({ message: "2 deliveries retried: 1 done, 1 still failing", isError: true });
    expect(body.deliveries.map((d: { id: string; state: string }) => [d.id, d.state])).toEqual([
      [good.id, "processed"],
      [broken.id, "needs_attention"],
    ]);
  });

  it("changes nothing when another shop retries this shop's delivery", async () => {
    const delivery = await createDelivery();
    const { status, body } = await post({ intent: "retry", ids: [delivery.id] }, OTHER_SHOP);
    expect(status).toBe(200);
    expect(body).toMatchObject({ retried: 0, skipped: [{ id: delivery.id, reason: "No such delivery" }] });
    expect(await stateOf(delivery.id)).toBe("needs_attention");
  });

  it("refuses an unknown intent or an empty selection", async () => {
    const delivery = await createDelivery();
    expect((await post({ intent: "delete", ids: [delivery.id] })).status).toBe(400);
    expect((await post({ intent: "retry" })).body).toEqual({ error: "Select at least one delivery" });
    expect(await stateOf(delivery.id)).toBe("needs_attention");
  });

  it("refuses an unauthenticated request", async () => {
    const request = await adminRequest("/app/deliveries", { secret: "wrong" });
    expect(((await settle(() => loader(args(request)))) as Response).status).toBe(401);
  });
});
