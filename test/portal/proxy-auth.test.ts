import { describe, expect, it } from "vitest";
import { authenticateAppProxy } from "~/lib/app-proxy.server";
import { authenticate } from "~/shopify.server";
import { resetDatabase } from "~test/helpers/db";
import { proxyRequest } from "~test/helpers/proxy";
import { TEST_SHOP, installShop } from "~test/helpers/shopify";

const verify = (request: Request) => authenticateAppProxy(request, authenticate.public.appProxy);

async function statusOf(request: Request): Promise<number> {
  try {
    await verify(request);
    return 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("authenticateAppProxy with Shopify's own check", () => {
  it("accepts a request signed as Shopify signs it, and reads the shop, customer and proxy path", async () => {
    await resetDatabase();
    await installShop();
    const verified = await verify(proxyRequest("/proxy?from=2026-01-01", { customerId: "7001" }));
    expect(verified.proxy).toEqual({ shop: TEST_SHOP, customerId: "7001", pathPrefix: "/apps/affiliates" });
    expect(verified.admin).toBeDefined();
    const visitor = await verify(proxyRequest("/proxy", { pathPrefix: "/tools/partners" }));
    expect(visitor.proxy).toEqual({ shop: TEST_SHOP, customerId: null, pathPrefix: "/tools/partners" });
  });

  it("answers 401 to a forged, unsigned, tampered or stale request", async () => {
    expect(await statusOf(proxyRequest("/proxy", { secret: "not-the-app-secret" }))).toBe(401);
    expect(await statusOf(proxyRequest("/proxy", { unsigned: true }))).toBe(401);
    const signed = proxyRequest("/proxy", { customerId: "7001" });
    expect(
      await statusOf(
        new Request(signed.url.replace("logged_in_customer_id=7001", "logged_in_customer_id=7002")),
      ),
    ).toBe(401);
    // Read the clock for each request: on a loaded machine the earlier requests can take seconds, and a
    // timestamp taken before them would drift inside the 90-second window.
    const secondsFromNow = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;
    expect(await statusOf(proxyRequest("/proxy", { timestamp: secondsFromNow(-91) }))).toBe(401);
    // A future timestamp moves toward the window while the check runs, so it is set past it by a margin.
    expect(await statusOf(proxyRequest("/proxy", { timestamp: secondsFromNow(100) }))).toBe(401);
    expect(await statusOf(proxyRequest("/proxy", { timestamp: secondsFromNow(-60) }))).toBe(200);
  });

  it("answers 401 to a signed request whose parameters Shopify never sends", async () => {
    expect(await statusOf(proxyRequest("/proxy", { shop: "evil.example.com" }))).toBe(401);
    expect(await statusOf(proxyRequest("/proxy", { customerId: "gid://shopify/Customer/1" }))).toBe(401);
    expect(await statusOf(proxyRequest("/proxy", { pathPrefix: "/apps/x?y" }))).toBe(401);
  });
});
