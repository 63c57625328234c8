// /apps/affiliates/* on the app's own origin: the storefront stand-in plays Shopify's app proxy (development
// only; app/dev/storefront-standin). 404 unless its gate is on.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  isStorefrontStandinEnabled,
  proxiedRequest,
  renderLiquidPage,
  shopFacts,
  standinCustomerId,
  standinShop,
} from "~/dev/storefront-standin/standin.server";
import { unauthenticated } from "~/shopify.server";

const notFound = () => new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });

async function serve(request: Request): Promise<Response> {
  const shop = standinShop();
  if (!isStorefrontStandinEnabled() || !shop) return notFound();
  const customerId = standinCustomerId(request);
  const answer = await fetch(
    proxiedRequest(request, {
      shop,
      customerId,
      secret: process.env.SHOPIFY_API_SECRET ?? "",
      visitor: request.headers.get("X-Forwarded-For") ?? "127.0.0.1",
    }),
  );
  if (!(answer.headers.get("Content-Type") ?? "").startsWith("application/liquid")) {
    // JSON, redirects and errors go back as they are (Shopify follows redirects itself).
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  }
  const { admin } = await unauthenticated.admin(shop);
  const facts = await shopFacts(admin.graphql, shop);
  const customer = facts.customers.find((c) => c.id === customerId) ?? null;
  const html = await renderLiquidPage(await answer.text(), {
    shop: { name: facts.name, domain: shop },
    customer,
  });
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8" });
  const cacheControl = answer.headers.get("Cache-Control");
  if (cacheControl) headers.set("Cache-Control", cacheControl);
  return new Response(html, { status: answer.status, headers });
}

export const loader = ({ request }: LoaderFunctionArgs) => serve(request);
export const action = ({ request }: ActionFunctionArgs) => serve(request);
