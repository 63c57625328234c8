import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import { getShopProfile } from "~/models/shop/profile.server";
import { batchReference } from "~/models/payouts/codes";
import { batchPaypalFile } from "~/models/payouts/views.server";

/** The batch's PayPal Payouts upload file for one currency (`?currency=USD`). */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const currency = new URL(request.url).searchParams.get("currency") ?? "";
  const profile = await getShopProfile(prisma, session.shop);
  const file = await batchPaypalFile(prisma, session.shop, params.id ?? "", currency, profile.name);
  if (!file) return new Response("No PayPal payouts in this currency in this batch", { status: 404 });
  return new Response(file.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="paypal-payouts-${batchReference(file.batchNumber)}-${file.currency}.csv"`,
    },
  });
};
