// GET /app/coupons/search?q=…: Shopify's discount codes matching q (DiscountCodeSearch), each saying
// whether this shop already assigned it. Feeds the code field of "Assign coupon".
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import { ShopifyUnavailableError } from "~/graphql/client";
import { searchDiscountCodes, type DiscountCodeOption } from "~/models/coupons/coupons.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const term = new URL(request.url).searchParams.get("q") ?? "";
  try {
    const options = await searchDiscountCodes(prisma, admin.graphql, session.shop, term);
    return json({ options, error: null as string | null });
  } catch (error) {
    if (!(error instanceof ShopifyUnavailableError)) throw error;
    return json(
      {
        options: [] as DiscountCodeOption[],
        error: "Shopify could not be reached to search discount codes.",
      },
      { status: 502 },
    );
  }
};
