import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveOwnWebhook } from "~/pipeline/receive.server";
import { webhookReceiver } from "~/pipeline/runtime.server";
import { authenticate, sessionStorage } from "~/shopify.server";

// A GET goes through authenticate.webhook too, which answers it with 405.
export const loader = async ({ request }: LoaderFunctionArgs) => authenticate.webhook(request);

/** Shopify sends the shop itself: its own myshopify domain must be the header's. */
const isUninstalledShop = (payload: unknown, shop: string) =>
  (payload as { myshopify_domain?: unknown } | null)?.myshopify_domain === shop;

export const action = async ({ request }: ActionFunctionArgs) => {
  const received = await receiveOwnWebhook(
    request,
    webhookReceiver,
    authenticate.webhook,
    "app/uninstalled",
    isUninstalledShop,
  );
  if (received instanceof Response) return received;
  const { shop, session } = received;

  // The webhook can arrive more than once, or after the shop's sessions are already gone.
  if (session) {
    const sessions = await sessionStorage.findSessionsByShop(shop);
    await sessionStorage.deleteSessions(sessions.map((stored) => stored.id));
  }
  return new Response();
};
