import type { ActionFunctionArgs } from "@remix-run/node";
import { sqlite } from "~/db.server";
import { processDeps, spool } from "~/pipeline/runtime.server";
import { moveSpooled } from "~/pipeline/spool.server";
import { drainInbox } from "~/pipeline/inbox-worker.server";
import { action as ordersCreate } from "~/routes/webhooks.orders.create";
import { action as ordersCancelled } from "~/routes/webhooks.orders.cancelled";
import { action as refundsCreate } from "~/routes/webhooks.refunds.create";
import { action as customersRedact } from "~/routes/webhooks.customers.redact";
import { action as customersDataRequest } from "~/routes/webhooks.customers.data_request";
import { action as shopRedact } from "~/routes/webhooks.shop.redact";
import { settle, webhookRequest, type WebhookRequestOptions } from "./shopify";

const routes: Record<string, (args: ActionFunctionArgs) => Promise<Response>> = {
  "orders/create": ordersCreate,
  "orders/cancelled": ordersCancelled,
  "refunds/create": refundsCreate,
  "customers/redact": customersRedact,
  "customers/data_request": customersDataRequest,
  "shop/redact": shopRedact,
};

/**
 * Sends a signed webhook through its real route (the topic's own, or `route`'s) and returns the response it
 * answered (or threw). Then moves the spool into the inbox, as the worker does first, so the test sees the
 * delivery stored.
 */
export async function deliver(options: WebhookRequestOptions & { route?: string }): Promise<Response> {
  const route = routes[options.route ?? options.topic];
  if (!route) throw new Error(`No route for ${options.route ?? options.topic}`);
  const response = (await settle(() =>
    route({ request: webhookRequest(options), params: {}, context: {} }),
  )) as Response;
  await moveSpooled(await spool(), sqlite);
  return response;
}

/** A clock the tests move forward, starting now (deliveries are stored with the real time). */
export function testClock() {
  let current = Date.now();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
  };
}

/** Processes the inbox as the worker would, with the real Shopify client (answered by MSW). */
export function drain(clock: { now: () => Date } = { now: () => new Date() }) {
  return drainInbox(processDeps(clock.now));
}
