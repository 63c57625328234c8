import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { action as uninstalled, loader as uninstalledLoader } from "~/routes/webhooks.app.uninstalled";
import { loader as appLoader } from "~/routes/app";
import {
  OTHER_SHOP,
  TEST_SHOP,
  adminRequest,
  answerAdminApi,
  installShop,
  settle,
  webhookRequest,
} from "~test/helpers/shopify";

const routeArgs = (request: Request) => ({ request, params: {}, context: {} });

describe("app/uninstalled webhook", () => {
  it("deletes the shop's sessions when correctly signed, and only that shop's", async () => {
    await installShop(TEST_SHOP);
    await installShop(OTHER_SHOP);
    const response = await uninstalled(
      routeArgs(
        webhookRequest({
          topic: "app/uninstalled",
          path: "/webhooks/app/uninstalled",
          body: { id: 1, name: "Test shop", myshopify_domain: TEST_SHOP },
        }),
      ),
    );
    expect(response.status).toBe(200);
    expect(await prisma.session.count({ where: { shop: TEST_SHOP } })).toBe(0);
    expect(await prisma.session.count({ where: { shop: OTHER_SHOP } })).toBe(1);
  });

  it("answers a forged signature with 401 and changes nothing", async () => {
    await installShop(TEST_SHOP);
    const forged = webhookRequest({ topic: "app/uninstalled", body: { id: 1 }, secret: "not-the-secret" });
    const response = (await settle(() => uninstalled(routeArgs(forged)))) as Response;
    expect(response.status).toBe(401);
    expect(await prisma.session.count({ where: { shop: TEST_SHOP } })).toBe(1);
  });

  it("answers a GET with 405", async () => {
    const get = webhookRequest({ topic: "app/uninstalled", body: "", method: "GET" });
    const response = (await settle(() => uninstalledLoader(routeArgs(get)))) as Response;
    expect(response.status).toBe(405);
  });
});

describe("/app", () => {
  it("renders for a request with a session token signed by the app's secret", async () => {
    // The layout fetches the shop's profile the first time the merchant opens the app.
    answerAdminApi();
    const result = await appLoader(routeArgs(await adminRequest("/app")));
    expect(result).toEqual({ apiKey: process.env.SHOPIFY_API_KEY });
  });

  it("refuses a session token signed by another secret", async () => {
    const request = await adminRequest("/app", { secret: "someone-elses-secret" });
    const response = (await settle(() => appLoader(routeArgs(request)))) as Response;
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(401);
  });
});
