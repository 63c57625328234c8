import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticate, sessionStorage } from "~/shopify.server";

// A GET goes through authenticate.webhook too, which answers it with 405.
export const loader = async ({ request }: LoaderFunctionArgs) => authenticate.webhook(request);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, session } = await authenticate.webhook(request);

  // The webhook can arrive more than once, or after the shop's sessions are already gone.
  if (session) {
    const sessions = await sessionStorage.findSessionsByShop(shop);
    await sessionStorage.deleteSessions(sessions.map((stored) => stored.id));
  }
  return new Response();
};
