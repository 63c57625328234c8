import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import db from "../db.server";

export const loader = async ({ request }: LoaderFunctionArgs) => authenticate.webhook(request);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { payload, session } = await authenticate.webhook(request);
  const current = (payload as { current?: unknown }).current;

  if (session && Array.isArray(current)) {
    await db.session.update({ where: { id: session.id }, data: { scope: current.map(String).join(",") } });
  }
  return new Response();
};
