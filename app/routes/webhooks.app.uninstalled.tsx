import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import db from "../db.server";

// A GET goes through authenticate.webhook too, which answers it with 405.
export const loader = async ({ request }: LoaderFunctionArgs) => authenticate.webhook(request);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, session } = await authenticate.webhook(request);

  // The webhook can arrive more than once, or after the shop's sessions are already gone.
  if (session) {
    await db.session.deleteMany({ where: { shop } });
  }
  return new Response();
};
