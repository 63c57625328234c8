import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { authenticateAppProxy } from "~/lib/app-proxy.server";
import { recordStorefrontClick } from "~/models/clicks/clicks.server";
import { VisitorGate } from "~/models/clicks/visitor-gate.server";
import { getShopProfile } from "~/models/shop/profile.server";
import { authenticate } from "~/shopify.server";

// `POST {shop}/apps/affiliates/click?ref=…`: the storefront embed reports a captured ref, once per
// capture. Answered 204 whether or not it counted (a visitor learns nothing), never cached.
const gate = new VisitorGate();

const noContent = () => new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { proxy } = await authenticateAppProxy(request, authenticate.public.appProxy);
  // Clicks are counted per day of the shop, like its orders, so conversion compares the same days.
  const { timeZone } = await getShopProfile(prisma, proxy.shop);
  await recordStorefrontClick(prisma, gate, {
    shop: proxy.shop,
    ref: new URL(request.url).searchParams.get("ref"),
    userAgent: request.headers.get("User-Agent"),
    forwardedFor: request.headers.get("X-Forwarded-For"),
    now: new Date(),
    timeZone,
  });
  return noContent();
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticateAppProxy(request, authenticate.public.appProxy);
  return new Response("Clicks are reported with POST", {
    status: 405,
    headers: { Allow: "POST", "Cache-Control": "no-store" },
  });
};
