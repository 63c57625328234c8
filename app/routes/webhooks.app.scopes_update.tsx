import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveOwnWebhook } from "~/pipeline/receive.server";
import { webhookReceiver } from "~/pipeline/runtime.server";
import { authenticate, sessionStorage } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => authenticate.webhook(request);

/** Shopify sends the scopes before and after: both lists of strings. */
const isScopesUpdate = (payload: unknown) => {
  const { previous, current } = (payload ?? {}) as { previous?: unknown; current?: unknown };
  return [previous, current].every((list) => Array.isArray(list) && list.every((s) => typeof s === "string"));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const received = await receiveOwnWebhook(
    request,
    webhookReceiver,
    authenticate.webhook,
    "app/scopes_update",
    isScopesUpdate,
  );
  if (received instanceof Response) return received;
  const { payload, session } = received;
  const current = (payload as { current: string[] }).current;

  if (session) {
    session.scope = current.join(",");
    await sessionStorage.storeSession(session);
  }
  return new Response();
};
