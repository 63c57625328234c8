// shopify.app.toml is what Shopify registers when the app is deployed: its webhook subscriptions and access
// scopes must match the app as built. Everything here is derived from the files (the TOML, app/routes/, the
// GraphQL documents in app/graphql/ read against Shopify's real 2025-10 schema), so a route, a subscription
// or a document added anywhere is checked without editing this test — unless it subscribes a webhook topic
// whose scope the table below does not list yet, which the test then says.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import prisma from "~/db.server";
import { DEFAULT_PATH_PREFIX } from "~/lib/app-proxy.server";
import { apiVersion } from "~/shopify.server";
import { resetDatabase } from "~test/helpers/db";
import { drain } from "~test/helpers/pipeline";
import { settle, webhookRequest } from "~test/helpers/shopify";
import { grants, requiredScopes } from "~test/shopify/admin-schema";
import { APP_DOCUMENTS } from "~test/shopify/app-documents";

interface Subscription {
  topics?: string[];
  compliance_topics?: string[];
  uri: string;
}

const ROOT = path.resolve(".");
const toml = parseToml(readFileSync(path.join(ROOT, "shopify.app.toml"), "utf8")) as unknown as {
  webhooks: { api_version: string; subscriptions: Subscription[] };
  access_scopes: { scopes: string };
  app_proxy?: { url: string; prefix: string; subpath: string };
};
const subscriptions = toml.webhooks.subscriptions;
const scopes = toml.access_scopes.scopes.split(",").map((scope) => scope.trim());

/** The three compliance webhooks every App Store app must subscribe to (Shopify's privacy requirements). */
const MANDATORY_COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"];

/** The scope Shopify requires to subscribe to each webhook topic (null: none). */
const TOPIC_SCOPES: Record<string, string | null> = {
  "app/uninstalled": null,
  "app/scopes_update": null,
  "customers/data_request": null,
  "customers/redact": null,
  "shop/redact": null,
  "orders/create": "read_orders",
  "orders/cancelled": "read_orders",
  "orders/updated": "read_orders",
  "refunds/create": "read_orders",
  "subscription_contracts/create": "read_own_subscription_contracts",
  "subscription_contracts/update": "read_own_subscription_contracts",
  "subscription_billing_attempts/success": "read_own_subscription_contracts",
};

/** Remix flat routes: `webhooks.app.scopes_update.tsx` (or a folder with route.tsx) serves /webhooks/app/scopes_update. */
const webhookRoutes = new Map<string, string>(
  readdirSync(path.join(ROOT, "app/routes"))
    .filter((name) => name.startsWith("webhooks."))
    .map((name) => {
      const routeName = name.replace(/\.(tsx|ts|jsx|js)$/, "");
      return [`/${routeName.split(".").join("/")}`, `~/routes/${routeName}`] as const;
    }),
);

const topicsOf = (subscription: Subscription) => [
  ...(subscription.topics ?? []),
  ...(subscription.compliance_topics ?? []),
];
const subscribedTopics = subscriptions.flatMap(topicsOf);

describe("shopify.app.toml", () => {
  it("subscribes each topic at its own route, and every route it names exists with an action", async () => {
    expect(subscriptions.length).toBeGreaterThan(0);
    for (const subscription of subscriptions) {
      const topics = topicsOf(subscription);
      expect(topics, `${subscription.uri}: one topic per subscription`).toHaveLength(1);
      expect(subscription.uri).toBe(`/webhooks/${topics[0]}`);
      const route = webhookRoutes.get(subscription.uri);
      expect(route, `a route file for ${subscription.uri} in app/routes`).toBeDefined();
      const module = await import(/* @vite-ignore */ route!);
      expect(typeof module.action, `${route} handles Shopify's POST`).toBe("function");
    }
  });

  it("has a subscription for every webhook route, each topic once", () => {
    const subscribedUris = subscriptions.map((subscription) => subscription.uri);
    expect([...webhookRoutes.keys()].sort()).toEqual([...subscribedUris].sort());
    expect(new Set(subscribedTopics).size).toBe(subscribedTopics.length);
  });

  it("subscribes to Shopify's mandatory compliance webhooks as compliance topics", () => {
    const compliance = subscriptions.flatMap((subscription) => subscription.compliance_topics ?? []);
    expect([...compliance].sort()).toEqual(MANDATORY_COMPLIANCE_TOPICS);
    for (const subscription of subscriptions) {
      for (const topic of subscription.topics ?? [])
        expect(MANDATORY_COMPLIANCE_TOPICS, `${topic} is a compliance topic`).not.toContain(topic);
    }
  });

  it("pins the webhooks to the Admin API version the app is built for", () => {
    expect(toml.webhooks.api_version).toBe(apiVersion);
  });

  it("asks for exactly the scopes the app's GraphQL documents and webhook topics need", () => {
    expect(APP_DOCUMENTS.length).toBeGreaterThan(0);
    // What Shopify's 2025-10 schema says each document touches needs (any one scope of each `anyOf`)...
    const needed = APP_DOCUMENTS.flatMap(({ where, source }) =>
      requiredScopes(source).map((requirement) => ({
        ...requirement,
        where: `${where}: ${requirement.where}`,
      })),
    );
    for (const topic of subscribedTopics) {
      expect(TOPIC_SCOPES, `the scope Shopify requires for the ${topic} webhook`).toHaveProperty(topic);
      const scope = TOPIC_SCOPES[topic];
      if (scope) needed.push({ where: `the ${topic} webhook`, anyOf: [scope] });
    }
    // Configuring an app proxy requires write_app_proxy (Shopify's app proxy documentation).
    if (toml.app_proxy) needed.push({ where: "the [app_proxy] section", anyOf: ["write_app_proxy"] });
    // ...is all granted (Shopify's write_x grants read_x too)...
    expect(needed.filter(({ anyOf }) => !grants(scopes, anyOf))).toEqual([]);
    // ...and nothing is asked for that nothing needs (a read scope may stand beside its write scope).
    const unused = scopes.filter(
      (scope) =>
        !needed.some(
          ({ anyOf }) => anyOf.includes(scope) || anyOf.includes(scope.replace(/^write_/, "read_")),
        ),
    );
    expect(unused).toEqual([]);
  });

  it("serves the app proxy at the path the app assumes until Shopify says another", () => {
    expect(toml.app_proxy).toBeDefined();
    expect(`/${toml.app_proxy?.prefix}/${toml.app_proxy?.subpath}`).toBe(DEFAULT_PATH_PREFIX);
  });

  it("is what the tests, the demo and the browser tests run with (SCOPES)", () => {
    expect(process.env.SCOPES?.split(",").sort()).toEqual([...scopes].sort());
  });

  it("names topics the inbox knows how to process, when their route stores them", async () => {
    await resetDatabase();
    for (const topic of subscribedTopics) {
      const route = await import(/* @vite-ignore */ webhookRoutes.get(`/webhooks/${topic}`)!);
      const response = (await settle(() =>
        route.action({
          request: webhookRequest({ topic, body: { id: 1, shop_domain: "test-shop.myshopify.com" } }),
          params: {},
          context: {},
        }),
      )) as Response;
      expect(response.status, topic).toBe(200);
    }
    await drain();
    const unprocessable = await prisma.webhookDelivery.findMany({
      where: { lastError: { contains: "No processing for topic" } },
      select: { topic: true, lastError: true },
    });
    expect(unprocessable).toEqual([]);
  });
});
