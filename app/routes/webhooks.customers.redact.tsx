import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "~/shopify.server";
import { webhookReceiver } from "~/pipeline/runtime.server";
import { receiveWebhook } from "~/pipeline/receive.server";

// Stored in the inbox and answered at once; the inbox worker does the work.
export const action = ({ request }: ActionFunctionArgs) =>
  receiveWebhook(request, webhookReceiver, "customers/redact");

export const loader = ({ request }: LoaderFunctionArgs) => authenticate.webhook(request);
