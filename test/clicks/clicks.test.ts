// Click tracking through Shopify's app proxy, as the storefront embed reports a captured ref:
// `POST {shop}/apps/affiliates/click?ref=…` → the app's /proxy/click, signed by Shopify.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import prisma from "~/db.server";
import { clickSummary, countClicks, dayIn, lastDays } from "~/models/clicks/clicks.server";
import { VisitorGate } from "~/models/clicks/visitor-gate.server";
import { loader as affiliatePageLoader } from "~/routes/app.affiliates.$id._index";
import { action, loader } from "~/routes/proxy.click";
import { createAffiliate } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { proxyRequest, type ProxyRequestOptions } from "~test/helpers/proxy";
import { OTHER_SHOP, TEST_SHOP, adminRequest, answerAdminApi, installShop } from "~test/helpers/shopify";

const BROWSER =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

let visitorCount = 0;
/** A visitor address no other test uses: the route's gate lives as long as the module. */
const newVisitor = () => `198.51.100.${++visitorCount}`;

/** The embed's report as Shopify forwards it: a POST with the ref and Shopify's signed parameters. */
function clickRequest(
  ref: string | null,
  { userAgent = BROWSER, ...options }: ProxyRequestOptions & { userAgent?: string | null } = {},
): Request {
  const signed = proxyRequest(
    ref === null ? "/proxy/click" : `/proxy/click?ref=${encodeURIComponent(ref)}`,
    options,
  );
  const headers = new Headers(signed.headers);
  if (userAgent) headers.set("User-Agent", userAgent);
  return new Request(signed.url, { method: "POST", headers });
}

async function report(request: Request): Promise<number> {
  try {
    const response = await action({ request, params: {}, context: {} });
    return response.status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

const today = () => dayIn(new Date(), "UTC");
const clicksOf = (affiliateId: string, shop = TEST_SHOP) =>
  countClicks(prisma, shop, affiliateId, { from: today(), to: today() });

beforeEach(async () => {
  await resetDatabase();
  answerAdminApi();
  await installShop(TEST_SHOP);
});

describe("POST /proxy/click", () => {
  it("counts a visitor's click on an affiliate's link once, per affiliate per day, with nothing of the visitor", async () => {
    const alice = await createAffiliate({ refCode: "Alice" });
    const bob = await createAffiliate({ refCode: "bob" });
    const first = newVisitor();
    expect(await report(clickRequest("alice", { forwardedFor: first }))).toBe(204);
    // The same visitor reporting the same link again (a reload, another tab) is one click.
    expect(await report(clickRequest("ALICE", { forwardedFor: `${first}, 10.0.0.1` }))).toBe(204);
    expect(await report(clickRequest("alice", { forwardedFor: newVisitor() }))).toBe(204);
    expect(await report(clickRequest("bob", { forwardedFor: first }))).toBe(204);

    expect(await clicksOf(alice.id)).toBe(2);
    expect(await clicksOf(bob.id)).toBe(1);
    const rows = await prisma.affiliateClickDay.findMany({ orderBy: { clicks: "desc" } });
    expect(rows).toEqual([
      { shop: TEST_SHOP, affiliateId: alice.id, day: today(), clicks: 2 },
      { shop: TEST_SHOP, affiliateId: bob.id, day: today(), clicks: 1 },
    ]);
  });

  describe("in a shop whose day is not UTC's", () => {
    afterEach(() => vi.useRealTimers());

    it("counts the click on the shop's day", async () => {
      await prisma.shopProfile.create({
        data: {
          shop: TEST_SHOP,
          name: "Test",
          timeZone: "Pacific/Kiritimati",
          currency: "USD",
          refreshedAt: new Date(),
        },
      });
      const alice = await createAffiliate({ refCode: "alice" });
      // Noon UTC on Dec 6 is already 02:00 on Dec 7 on Kiritimati (UTC+14).
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(new Date("2026-12-06T12:00:00Z"));
      expect(await report(clickRequest("alice", { forwardedFor: newVisitor() }))).toBe(204);
      expect(
        await prisma.affiliateClickDay.findMany({ select: { affiliateId: true, day: true, clicks: true } }),
      ).toEqual([{ affiliateId: alice.id, day: "2026-12-07", clicks: 1 }]);
    });
  });

  it("ignores bots, refs that are not refs, unknown and unapproved affiliates, and another shop's codes", async () => {
    const alice = await createAffiliate({ refCode: "alice" });
    const pending = await createAffiliate({ refCode: "newbie", applicationStatus: "pending" });
    await createAffiliate({ shop: OTHER_SHOP, refCode: "carol" });
    expect(await report(clickRequest("alice", { forwardedFor: newVisitor(), userAgent: GOOGLEBOT }))).toBe(
      204,
    );
    expect(await report(clickRequest("alice", { forwardedFor: newVisitor(), userAgent: null }))).toBe(204);
    for (const ref of [null, "", "<script>", "a".repeat(65), "al ice"]) {
      expect(await report(clickRequest(ref, { forwardedFor: newVisitor() }))).toBe(204);
    }
    expect(await report(clickRequest("nobody", { forwardedFor: newVisitor() }))).toBe(204);
    expect(await report(clickRequest("newbie", { forwardedFor: newVisitor() }))).toBe(204);
    expect(await report(clickRequest("carol", { forwardedFor: newVisitor() }))).toBe(204);

    expect(await prisma.affiliateClickDay.count()).toBe(0);
    expect(await clicksOf(alice.id)).toBe(0);
    expect(await clicksOf(pending.id)).toBe(0);
  });

  it("answers 401 to a forged, unsigned or stale report and counts nothing", async () => {
    await createAffiliate({ refCode: "alice" });
    const now = Math.floor(Date.now() / 1000);
    expect(await report(clickRequest("alice", { secret: "forged", forwardedFor: newVisitor() }))).toBe(401);
    expect(await report(clickRequest("alice", { unsigned: true, forwardedFor: newVisitor() }))).toBe(401);
    expect(await report(clickRequest("alice", { timestamp: now - 120, forwardedFor: newVisitor() }))).toBe(
      401,
    );
    expect(await prisma.affiliateClickDay.count()).toBe(0);

    // A GET is refused, after the same check.
    const get = (options: ProxyRequestOptions) =>
      loader({ request: proxyRequest("/proxy/click?ref=alice", options), params: {}, context: {} });
    await expect(get({ secret: "forged" })).rejects.toMatchObject({ status: 401 });
    expect((await get({})).status).toBe(405);
  });

  it("bounds the clicks one visitor can add, whatever the links", async () => {
    const affiliates = await Promise.all(
      Array.from({ length: 25 }, (_, i) => createAffiliate({ refCode: `ref${i}` })),
    );
    const visitor = newVisitor();
    for (const affiliate of affiliates) {
      expect(await report(clickRequest(affiliate.refCode, { forwardedFor: visitor }))).toBe(204);
    }
    const counted = await prisma.affiliateClickDay.aggregate({ _sum: { clicks: true } });
    expect(counted._sum.clicks).toBe(20);
    // Another visitor is not held back by the first.
    expect(await report(clickRequest("ref24", { forwardedFor: newVisitor() }))).toBe(204);
    expect(await clicksOf(affiliates[24].id)).toBe(1);
  });
});

describe("VisitorGate", () => {
  it("counts a visitor's link again after the repeat window, and their rate again after the hour", () => {
    const gate = new VisitorGate({ repeatWindowMs: 60_000, clicksPerVisitorPerHour: 2 });
    const visitor = gate.visitorKey(TEST_SHOP, "203.0.113.9");
    expect(visitor).not.toContain("203.0.113.9");
    expect(gate.visitorKey(OTHER_SHOP, "203.0.113.9")).not.toBe(visitor);
    const t = 1_000_000;
    expect(gate.admit(visitor, "alice", t)).toBe("count");
    expect(gate.admit(visitor, "alice", t + 59_999)).toBe("repeat");
    expect(gate.admit(visitor, "alice", t + 60_000)).toBe("count");
    expect(gate.admit(visitor, "bob", t + 60_001)).toBe("over_rate");
    expect(gate.admit(visitor, "bob", t + 3_600_000)).toBe("count");
  });

  it("remembers a bounded number of visitors", () => {
    const gate = new VisitorGate({ maxKeys: 3 });
    for (const visitor of ["a", "b", "c", "d"]) expect(gate.admit(visitor, "x", 0)).toBe("count");
    // "a" was forgotten to make room: its repeat counts again; "d" is still remembered.
    expect(gate.admit("a", "x", 1)).toBe("count");
    expect(gate.admit("d", "x", 1)).toBe("repeat");
  });
});

describe("click counts for a range", () => {
  it("sum the shop's days in the range, and conversion is referred orders ÷ clicks", async () => {
    const alice = await createAffiliate({ refCode: "alice" });
    const other = await createAffiliate({ refCode: "other" });
    await prisma.affiliateClickDay.createMany({
      data: [
        { shop: TEST_SHOP, affiliateId: alice.id, day: "2026-11-30", clicks: 5 },
        { shop: TEST_SHOP, affiliateId: alice.id, day: "2026-12-01", clicks: 3 },
        { shop: TEST_SHOP, affiliateId: alice.id, day: "2026-12-02", clicks: 2 },
        { shop: TEST_SHOP, affiliateId: other.id, day: "2026-12-01", clicks: 40 },
      ],
    });
    const order = (id: string, at: string, referrer: string) =>
      prisma.attributedOrder.create({
        data: {
          shop: TEST_SHOP,
          orderId: id,
          orderName: `#${id}`,
          orderCreatedAt: new Date(at),
          currency: "USD",
          referrerAffiliateId: referrer,
          input: "{}",
          trace: "{}",
        },
      });
    // In Tokyo (UTC+9), 2026-11-30T16:00Z is already Dec 1, and 2026-12-02T14:59Z still Dec 2.
    await order("1", "2026-11-30T16:00:00Z", alice.id);
    await order("2", "2026-12-02T14:59:00Z", alice.id);
    await order("3", "2026-12-02T15:00:00Z", alice.id);
    await order("4", "2026-12-01T12:00:00Z", other.id);

    const range = { from: "2026-12-01", to: "2026-12-02" };
    expect(await clickSummary(prisma, TEST_SHOP, alice.id, range, "Asia/Tokyo")).toEqual({
      range,
      clicks: 5,
      referredOrders: 2,
      conversionPercent: "40.0",
    });
    expect(await clickSummary(prisma, OTHER_SHOP, alice.id, range, "UTC")).toMatchObject({
      clicks: 0,
      referredOrders: 0,
      conversionPercent: null,
    });
  });

  it("reads the last days in the shop's zone", () => {
    const now = new Date("2026-12-06T20:00:00Z");
    expect(lastDays(7, now, "UTC")).toEqual({ from: "2026-11-30", to: "2026-12-06" });
    expect(lastDays(1, now, "Asia/Tokyo")).toEqual({ from: "2026-12-07", to: "2026-12-07" });
  });
});

describe("the affiliate's page in the admin", () => {
  it("shows the clicks counted through the proxy, the referred orders and the conversion for a range", async () => {
    const alice = await createAffiliate({ refCode: "alice" });
    for (let i = 0; i < 4; i++) await report(clickRequest("alice", { forwardedFor: newVisitor() }));
    const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000);
    await prisma.affiliateClickDay.create({
      data: { shop: TEST_SHOP, affiliateId: alice.id, day: dayIn(eightDaysAgo, "UTC"), clicks: 6 },
    });
    await prisma.attributedOrder.create({
      data: {
        shop: TEST_SHOP,
        orderId: "9001",
        orderCreatedAt: new Date(),
        currency: "USD",
        referrerAffiliateId: alice.id,
        input: "{}",
        trace: "{}",
      },
    });
    const page = async (query: string) =>
      affiliatePageLoader({
        request: await adminRequest(`/app/affiliates/${alice.id}${query}`),
        params: { id: alice.id },
        context: {},
      });

    const week = await page("?clicksDays=7");
    expect(week.clickDays).toBe(7);
    expect(week.clicks).toMatchObject({ clicks: 4, referredOrders: 1, conversionPercent: "25.0" });
    const month = await page("");
    expect(month.clickDays).toBe(30);
    expect(month.clicks).toMatchObject({ clicks: 10, referredOrders: 1, conversionPercent: "10.0" });
    expect((await page("?clicksDays=3650")).clickDays).toBe(30);
  });
});
