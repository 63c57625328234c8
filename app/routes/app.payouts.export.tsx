import type { LoaderFunctionArgs } from "@remix-run/node";
import prisma from "~/db.server";
import { authenticate } from "~/shopify.server";
import { payoutsForExport } from "~/models/payouts/views.server";
import { payoutsCsv } from "~/models/payouts/export";

/** The payout history as CSV, with the history's filters (`?status=&method=`). */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const payouts = await payoutsForExport(prisma, session.shop, {
    status: params.get("status"),
    method: params.get("method"),
  });
  return new Response(payoutsCsv(payouts), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="payouts-${session.shop.replace(/\..*$/, "")}.csv"`,
    },
  });
};
