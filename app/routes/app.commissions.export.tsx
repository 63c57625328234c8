import type { LoaderFunctionArgs } from "@remix-run/node";
import { databaseUrl, sqlite } from "~/db.server";
import { authenticate } from "~/shopify.server";
import { ledgerCsvExport } from "~/models/ledger/export-threads.server";

function dateParam(value: string | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  const csv = ledgerCsvExport(databaseUrl(), sqlite, session.shop, {
    status: params.get("status"),
    affiliateId: params.get("affiliateId"),
    type: params.get("type"),
    from: dateParam(params.get("from")),
    to: dateParam(params.get("to")),
    orderFrom: dateParam(params.get("orderFrom")),
    orderTo: dateParam(params.get("orderTo")),
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="commissions-${session.shop.replace(/\..*$/, "")}.csv"`,
    },
  });
};
