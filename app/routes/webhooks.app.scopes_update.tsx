import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticate, sessionStorage } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => authenticate.webhook(request);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { payload, session } = await authenticate.webhook(request);
  const current = (payload as { current?: unknown }).current;

  if (session && Array.isArray(current)) {
    session.scope = current.map(String).join(",");
    await sessionStorage.storeSession(session);
  }
  return new Response();
};
