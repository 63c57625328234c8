// Resource route: active affiliates for the "Link customer to affiliate" picker, searched as the merchant types.
import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { listActiveAffiliateOptions } from "~/models/affiliates/options.server";
import { authenticate } from "~/shopify.server";
import { parseSearchTerm } from "~/lib/search";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const query = parseSearchTerm(new URL(request.url).searchParams.get("q"));
  const affiliates = await listActiveAffiliateOptions(prisma, session.shop, { query, take: 25 });
  return { query, affiliates };
};
