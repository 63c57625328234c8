import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import db from "./db.server";
import { authenticate, unauthenticated } from "./shopify.server";
import type { AdminGraphqlClient } from "./graphql/client";
import { InboxWorker } from "./models/webhooks/inbox-worker.server";
import type { ReceiveDeps } from "./models/webhooks/receive.server";

/** The shop's Admin GraphQL client from its stored offline session; null when the shop has none. */
async function graphqlFor(shop: string): Promise<AdminGraphqlClient | null> {
  try {
    const { admin } = await unauthenticated.admin(shop);
    return (query, options) => admin.graphql(query, options);
  } catch (error) {
    if (error instanceof SessionNotFoundError) return null;
    throw error;
  }
}

/** What processing a delivery needs; tests drain the inbox by hand with these. */
export const inboxProcessDeps = { db, graphqlFor, now: () => new Date() };

/** The one inbox worker of this process. Started by the server entry, never by tests. */
export const inboxWorker = new InboxWorker(inboxProcessDeps);

export const webhookReceiver: ReceiveDeps = {
  db,
  authenticate: authenticate.webhook,
  apiSecret: process.env.SHOPIFY_API_SECRET ?? "",
  onStored: () => inboxWorker.notify(),
};

export function startInboxWorker(): void {
  if (process.env.INBOX_WORKER === "off" || process.env.NODE_ENV === "test") return;
  inboxWorker.start();
}
