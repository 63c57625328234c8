// The storefront stand-in: plays Shopify's part for the affiliate portal in the demo and the browser tests,
// where there is no online store in front of the app. Never served in production.
//
// Shopify serves `https://{shop}/apps/affiliates/*` by forwarding each request to the app's `/proxy/*`, signed,
// with the logged-in customer's id, and renders a Liquid answer inside the shop's theme. The stand-in does the
// same on the app's own origin: `/apps/affiliates/*` is forwarded over HTTP to `/proxy/*` with the query
// signed as Shopify signs it (app/lib/app-proxy.server), and a Liquid answer is rendered with liquidjs inside
// a plain stand-in theme layout, with the `shop`, `customer` and `routes` objects the pages use. Who is logged
// in is chosen on a "log in as customer" page (a cookie of the stand-in's own, as Shopify's storefront has its
// own session).
//
// Gate: SHOPIFY_STOREFRONT_STANDIN=1 and NODE_ENV is not "production"; every stand-in route answers 404
// otherwise. liquidjs is a development dependency: loaded only behind the gate.
import { queryAdmin, type AdminGraphqlClient } from "~/graphql/client";
import {
  CUSTOMER_SEARCH,
  type CustomerSearchData,
  type CustomerSearchVariables,
} from "~/graphql/customer-search";
import { legacyId } from "~/graphql/ids";
import { SHOP_CONTACT_QUERY, type ShopContactData } from "~/graphql/shop-contact";
import { DEFAULT_PATH_PREFIX, signProxyQuery } from "~/lib/app-proxy.server";

type Env = Record<string, string | undefined>;

/** The "log in as customer" page. */
export const STANDIN_LOGIN_PATH = "/storefront-standin/login";
export const STANDIN_LOGOUT_PATH = "/storefront-standin/logout";
const CUSTOMER_COOKIE = "storefront_standin_customer";

/** True only when SHOPIFY_STOREFRONT_STANDIN is "1" and NODE_ENV is not "production". */
export function isStorefrontStandinEnabled(env: Env = process.env): boolean {
  return env.SHOPIFY_STOREFRONT_STANDIN === "1" && env.NODE_ENV !== "production";
}

/** The one shop the stand-in plays (SHOPIFY_STOREFRONT_STANDIN_SHOP); null when it is not a shop domain. */
export function standinShop(env: Env = process.env): string | null {
  const shop = env.SHOPIFY_STOREFRONT_STANDIN_SHOP?.trim().toLowerCase() ?? "";
  return /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop) ? shop : null;
}

/** The store customer logged in on the stand-in storefront (its cookie), or null. */
export function standinCustomerId(request: Request): string | null {
  const cookies = request.headers.get("Cookie") ?? "";
  const match = new RegExp(`(?:^|;\\s*)${CUSTOMER_COOKIE}=([1-9]\\d{0,19})(?:;|$)`).exec(cookies);
  return match ? match[1] : null;
}

/** The cookie that logs a customer in (or out, for null) on the stand-in storefront. */
export function standinCustomerCookie(customerId: string | null): string {
  return customerId
    ? `${CUSTOMER_COOKIE}=${customerId}; Path=/; HttpOnly; SameSite=Lax`
    : `${CUSTOMER_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/** A path to come back to after logging in: one of the stand-in storefront's own, else the portal. */
export function returnPath(value: string | null): string {
  return value && /^\/apps\/[A-Za-z0-9_/-]*(\?[^\s]*)?$/.test(value) && !value.includes("//")
    ? value
    : DEFAULT_PATH_PREFIX;
}

/**
 * The request Shopify's proxy would send the app for a storefront request: `/apps/affiliates/x?q` →
 * `/proxy/x?q&shop&logged_in_customer_id&path_prefix&timestamp&signature`, with the method, body and content
 * type of the original and the visitor's address in `X-Forwarded-For`. Cookies are not passed on (Shopify
 * strips them).
 */
export function proxiedRequest(
  request: Request,
  options: { shop: string; customerId: string | null; secret: string; visitor: string },
): Request {
  const url = new URL(request.url);
  const rest = url.pathname.slice(DEFAULT_PATH_PREFIX.length).replace(/^\/?/, "/");
  const query = signProxyQuery(url.searchParams, {
    shop: options.shop,
    customerId: options.customerId,
    pathPrefix: DEFAULT_PATH_PREFIX,
    secret: options.secret,
  });
  const headers = new Headers({ "X-Forwarded-For": options.visitor, "X-Forwarded-Host": options.shop });
  const contentType = request.headers.get("Content-Type");
  if (contentType) headers.set("Content-Type", contentType);
  const userAgent = request.headers.get("User-Agent");
  if (userAgent) headers.set("User-Agent", userAgent);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  return new Request(new URL(`/proxy${rest === "/" ? "" : rest}?${query}`, url.origin), {
    method: request.method,
    headers,
    body: hasBody ? request.body : undefined,
    redirect: "manual",
    // Node's fetch needs this to stream a request body.
    ...(hasBody ? { duplex: "half" } : {}),
  } as RequestInit);
}

export interface StandinCustomer {
  id: string;
  name: string;
  email: string | null;
}

export interface StandinContext {
  shop: { name: string; domain: string };
  customer: StandinCustomer | null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A Liquid answer rendered as Shopify would render it in a theme: with `shop`, `customer` (nil when logged out)
 * and `routes`, inside the stand-in's theme layout unless the answer says `{% layout none %}`.
 */
export async function renderLiquidPage(source: string, context: StandinContext): Promise<string> {
  const { Liquid } = await import("liquidjs");
  const engine = new Liquid({ strictFilters: true });
  const layoutNone = /^\s*\{%-?\s*layout\s+none\s*-?%\}/.test(source);
  const body = await engine.parseAndRender(source.replace(/^\s*\{%-?\s*layout\s+none\s*-?%\}/, ""), {
    shop: { name: context.shop.name, url: `https://${context.shop.domain}`, domain: context.shop.domain },
    customer: context.customer
      ? { id: Number(context.customer.id), name: context.customer.name, email: context.customer.email }
      : null,
    routes: {
      root_url: "/",
      account_login_url: STANDIN_LOGIN_PATH,
      account_logout_url: STANDIN_LOGOUT_PATH,
      account_url: STANDIN_LOGIN_PATH,
    },
  });
  return layoutNone ? body : themeLayout(body, context);
}

/** The stand-in's theme: a header with the shop's name and who is logged in, the page, a footer. */
export function themeLayout(content: string, context: StandinContext): string {
  const who = context.customer
    ? `Logged in as ${escapeHtml(context.customer.name)} · <a href="${STANDIN_LOGOUT_PATH}">Log out</a>`
    : `<a href="${STANDIN_LOGIN_PATH}?return_url=${encodeURIComponent(DEFAULT_PATH_PREFIX)}">Log in</a>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(context.shop.name)}</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937;background:#fff}
.standin-bar{background:#fef3c7;color:#78350f;font-size:13px;padding:6px 16px;text-align:center}
.standin-header{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:center;justify-content:space-between;padding:16px 24px;border-bottom:1px solid #e5e7eb}
.standin-header a{color:inherit}
.standin-logo{font-weight:700;font-size:20px;text-decoration:none}
.standin-footer{border-top:1px solid #e5e7eb;padding:24px;color:#6b7280;font-size:14px;text-align:center}
</style>
</head>
<body>
<div class="standin-bar">Development stand-in for the shop's online store (not Shopify)</div>
<header class="standin-header"><a class="standin-logo" href="${DEFAULT_PATH_PREFIX}">${escapeHtml(context.shop.name)}</a><nav>${who}</nav></header>
<main>${content}</main>
<footer class="standin-footer">${escapeHtml(context.shop.name)} · ${escapeHtml(context.shop.domain)}</footer>
</body>
</html>`;
}

/** The "log in as customer" page: Shopify's customer login, played by picking one of the shop's customers. */
export function loginPage(options: {
  context: StandinContext;
  customers: StandinCustomer[];
  returnTo: string;
}): string {
  const rows = options.customers
    .map(
      (customer) => `<li><form method="post" action="${STANDIN_LOGIN_PATH}">
<input type="hidden" name="customerId" value="${escapeHtml(customer.id)}">
<input type="hidden" name="return_url" value="${escapeHtml(options.returnTo)}">
<button type="submit"><strong>${escapeHtml(customer.name)}</strong><span>${escapeHtml(customer.email ?? "no email")}</span></button>
</form></li>`,
    )
    .join("\n");
  const content = `<style>
.standin-login{max-width:560px;margin:0 auto;padding:32px 16px}
.standin-login ul{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.standin-login button{width:100%;min-height:48px;display:flex;justify-content:space-between;gap:12px;align-items:center;padding:10px 14px;border:1px solid #d1d5db;border-radius:8px;background:#fff;font:inherit;cursor:pointer;text-align:left}
.standin-login button:hover{border-color:#1f2937}
.standin-login span{color:#6b7280;font-size:14px}
</style>
<div class="standin-login">
<h1>Log in as a customer</h1>
<p>Shopify's customer login, played by the stand-in: choose who you are. The app sees only the customer id
Shopify signs into each proxied request.</p>
<ul>
${rows || "<li>The shop has no customers yet: apply through the sign-up form to create one.</li>"}
</ul>
</div>`;
  return themeLayout(content, options.context);
}

/** The shop's name and customers, asked of the shop's Admin API (the emulator in the demo). */
export async function shopFacts(
  graphql: AdminGraphqlClient,
  shop: string,
): Promise<{ name: string; customers: StandinCustomer[] }> {
  const [profile, search] = await Promise.all([
    queryAdmin<ShopContactData>(graphql, SHOP_CONTACT_QUERY),
    queryAdmin<CustomerSearchData>(graphql, CUSTOMER_SEARCH, {
      query: "",
      first: 250,
    } satisfies CustomerSearchVariables),
  ]);
  return {
    name: profile.shop.name || shop,
    customers: search.customers.nodes.map((node) => ({
      id: legacyId(node.id, "Customer"),
      name: node.displayName,
      email: node.defaultEmailAddress?.emailAddress ?? null,
    })),
  };
}
