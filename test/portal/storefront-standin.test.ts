// The storefront stand-in (development only): its gate, the requests it forwards as Shopify's proxy would,
// and the Liquid it renders as a theme would (the browser tests drive it end to end).
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  isStorefrontStandinEnabled,
  proxiedRequest,
  renderLiquidPage,
  returnPath,
  standinCustomerCookie,
  standinCustomerId,
} from "~/dev/storefront-standin/standin.server";
import { authenticateAppProxy } from "~/lib/app-proxy.server";
import { loader as standinLoader, action as standinAction } from "~/routes/apps.affiliates.$";
import { loader as loginLoader } from "~/routes/storefront-standin.login";
import { authenticate } from "~/shopify.server";
import { APP_ORIGIN, TEST_SHOP } from "~test/helpers/shopify";
import { API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";

const args = (request: Request) => ({ request, params: {}, context: {} });

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the gate", () => {
  it("is on only with SHOPIFY_STOREFRONT_STANDIN=1 outside production", () => {
    expect(isStorefrontStandinEnabled({})).toBe(false);
    expect(isStorefrontStandinEnabled({ SHOPIFY_STOREFRONT_STANDIN: "true" })).toBe(false);
    expect(isStorefrontStandinEnabled({ SHOPIFY_STOREFRONT_STANDIN: "1", NODE_ENV: "production" })).toBe(
      false,
    );
    expect(isStorefrontStandinEnabled({ SHOPIFY_STOREFRONT_STANDIN: "1", NODE_ENV: "test" })).toBe(true);
  });

  it("keeps every stand-in route at 404 while off, and in production", async () => {
    for (const env of [{}, { SHOPIFY_STOREFRONT_STANDIN: "1", NODE_ENV: "production" }]) {
      vi.unstubAllEnvs();
      vi.stubEnv("SHOPIFY_STOREFRONT_STANDIN", "");
      vi.stubEnv("SHOPIFY_STOREFRONT_STANDIN_SHOP", TEST_SHOP);
      for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
      expect((await standinLoader(args(new Request(`${APP_ORIGIN}/apps/affiliates`)))).status).toBe(404);
      const post = new Request(`${APP_ORIGIN}/apps/affiliates/apply`, { method: "POST", body: "a=1" });
      expect((await standinAction(args(post))).status).toBe(404);
      expect((await loginLoader(args(new Request(`${APP_ORIGIN}/storefront-standin/login`)))).status).toBe(
        404,
      );
    }
  });
});

describe("forwarding as Shopify's proxy", () => {
  it("signs the storefront request for /proxy with the logged-in customer, keeping method and body", async () => {
    const storefront = new Request(`${APP_ORIGIN}/apps/affiliates/apply?from=2026-01-01`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Cookie: `other=1; ${standinCustomerCookie("7001").split(";")[0]}`,
      },
      body: "name=Bea",
    });
    expect(standinCustomerId(storefront)).toBe("7001");
    const forwarded = proxiedRequest(storefront, {
      shop: TEST_SHOP,
      customerId: standinCustomerId(storefront),
      secret: API_SECRET_KEY,
      visitor: "203.0.113.9",
    });
    const url = new URL(forwarded.url);
    expect(url.pathname).toBe("/proxy/apply");
    expect(forwarded.headers.get("Cookie")).toBeNull();
    expect(forwarded.headers.get("X-Forwarded-For")).toBe("203.0.113.9");
    const { proxy } = await authenticateAppProxy(forwarded, authenticate.public.appProxy);
    expect(proxy).toEqual({ shop: TEST_SHOP, customerId: "7001", pathPrefix: "/apps/affiliates" });
    expect(url.searchParams.get("from")).toBe("2026-01-01");
    expect(await forwarded.text()).toBe("name=Bea");

    const root = proxiedRequest(new Request(`${APP_ORIGIN}/apps/affiliates`), {
      shop: TEST_SHOP,
      customerId: null,
      secret: API_SECRET_KEY,
      visitor: "203.0.113.9",
    });
    expect(new URL(root.url).pathname).toBe("/proxy");
    expect(new URL(root.url).searchParams.get("logged_in_customer_id")).toBe("");
  });

  it("comes back only to the stand-in storefront's own pages after logging in", () => {
    expect(returnPath("/apps/affiliates?from=2026-01-01")).toBe("/apps/affiliates?from=2026-01-01");
    for (const elsewhere of ["https://evil.example", "//evil.example", "/apps//evil.example", null, "/app"]) {
      expect(returnPath(elsewhere)).toBe("/apps/affiliates");
    }
  });
});

describe("rendering Liquid as a theme", () => {
  const context = {
    shop: { name: "Maple & Co", domain: TEST_SHOP },
    customer: { id: "7001", name: "Carol Ng", email: "carol@example.com" },
  };

  it("renders the shop, customer and routes objects inside the stand-in layout", async () => {
    const html = await renderLiquidPage(
      '<p>{{ shop.name }} {{ shop.url }}</p>{% if customer %}<p>{{ customer.email }}</p>{% endif %}<a href="{{ routes.account_login_url }}">in</a>',
      context,
    );
    expect(html).toContain("<!doctype html>");
    expect(html).toContain(`<p>Maple & Co https://${TEST_SHOP}</p>`);
    expect(html).toContain("<p>carol@example.com</p>");
    expect(html).toContain('href="/storefront-standin/login"');
    expect(html).toContain("Logged in as Carol Ng");
  });

  it("leaves text escaped for Liquid as text: a typed {{ customer.email }} never runs", async () => {
    const html = await renderLiquidPage("<p>&#123;&#123; customer.email &#125;&#125;</p>", context);
    expect(html).toContain("<p>&#123;&#123; customer.email &#125;&#125;</p>");
    expect(html).not.toContain("<p>carol@example.com</p>");
  });

  it("renders without the layout when the answer says {% layout none %}", async () => {
    const html = await renderLiquidPage("{% layout none %} <p>bare</p>", { ...context, customer: null });
    expect(html.trim()).toBe("<p>bare</p>");
  });
});
