// Resource route: store customers searched in Shopify (CustomerSearch) for the "Link customer to affiliate"
// picker, each with its connection in this shop.
import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { ShopifyUnavailableError } from "~/graphql/client";
import type { StoreCustomerOption } from "~/models/connections/customers";
import { searchStoreCustomers } from "~/models/connections/store-customers.server";
import { authenticate } from "~/shopify.server";
import { parseSearchTerm } from "~/lib/search";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const query = parseSearchTerm(new URL(request.url).searchParams.get("q"));
  try {
    const customers = await searchStoreCustomers(prisma, admin.graphql, session.shop, query);
    return { query, customers, error: null as string | null };
  } catch (error) {
    if (!(error instanceof ShopifyUnavailableError)) throw error;
    console.error(`Customer search (${session.shop}): ${error.message}`);
    return {
      query,
      customers: [] as StoreCustomerOption[],
      error: "Shopify could not be reached to search customers. Try again.",
    };
  }
};
