// GET /app-bridge-standin/products?query=…: the products the stand-in's resource picker lists, searched in
// the shop's Admin API (ProductSearch) with the shop's own session. 404 unless the stand-in gate is on.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { queryAdmin, ShopifyUnavailableError } from "~/graphql/client";
import {
  PRODUCT_SEARCH,
  type ProductSearchData,
  type ProductSearchVariables,
} from "~/graphql/product-search";
import { isAppBridgeStandinEnabled, standinDisabledResponse } from "~/dev/app-bridge-standin/standin.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (!isAppBridgeStandinEnabled()) return standinDisabledResponse();
  const { admin } = await authenticate.admin(request);
  const query = (new URL(request.url).searchParams.get("query") ?? "").trim().slice(0, 100);
  const variables: ProductSearchVariables = { query, first: 50 };
  try {
    const data = await queryAdmin<ProductSearchData>(admin.graphql, PRODUCT_SEARCH, { ...variables });
    return json({ products: data.products.nodes }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof ShopifyUnavailableError)) throw error;
    return json({ products: [], error: error.message }, { status: 502 });
  }
};
