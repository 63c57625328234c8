// /storefront-standin/login: the storefront stand-in's "log in as customer" picker, playing Shopify's customer
// login (development only; app/dev/storefront-standin). 404 unless its gate is on.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  isStorefrontStandinEnabled,
  loginPage,
  returnPath,
  shopFacts,
  standinCustomerCookie,
  standinCustomerId,
  standinShop,
} from "~/dev/storefront-standin/standin.server";
import { unauthenticated } from "~/shopify.server";

const notFound = () => new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const shop = standinShop();
  if (!isStorefrontStandinEnabled() || !shop) return notFound();
  const { admin } = await unauthenticated.admin(shop);
  const facts = await shopFacts(admin.graphql, shop);
  const customerId = standinCustomerId(request);
  const html = loginPage({
    context: {
      shop: { name: facts.name, domain: shop },
      customer: facts.customers.find((c) => c.id === customerId) ?? null,
    },
    customers: facts.customers,
    returnTo: returnPath(new URL(request.url).searchParams.get("return_url")),
  });
  return new Response(html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
};

export const action = async ({ request }: ActionFunctionArgs) => {
  if (!isStorefrontStandinEnabled() || !standinShop()) return notFound();
  const form = await request.formData();
  const customerId = String(form.get("customerId") ?? "");
  if (!/^[1-9]\d{0,19}$/.test(customerId)) return new Response("Choose a customer", { status: 400 });
  return new Response(null, {
    status: 303,
    headers: {
      Location: returnPath(String(form.get("return_url") ?? "")),
      "Set-Cookie": standinCustomerCookie(customerId),
    },
  });
};
