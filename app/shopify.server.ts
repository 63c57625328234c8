import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { CachedSessionStorage } from "~/lib/cached-session-storage.server";

export const apiVersion = ApiVersion.October25;

const LOG_LEVELS: Record<string, LogSeverity> = {
  error: LogSeverity.Error,
  warning: LogSeverity.Warning,
  info: LogSeverity.Info,
  debug: LogSeverity.Debug,
};

/**
 * How much Shopify's libraries log, from SHOPIFY_LOG_LEVEL: error, warning, info (their default) or debug.
 * The tests set warning. A misspelt level is said at start-up and logs at info: no reason to stop the app.
 */
export function shopifyLogLevel(setting: string | undefined): LogSeverity {
  if (!setting) return LogSeverity.Info;
  const level = LOG_LEVELS[setting.trim().toLowerCase()];
  if (level !== undefined) return level;
  console.error(
    `SHOPIFY_LOG_LEVEL=${setting} is not one of ${Object.keys(LOG_LEVELS).join(", ")}: logging at info.`,
  );
  return LogSeverity.Info;
}

const shopify = shopifyApp({
  apiKey: process.env.SHOPIFY_API_KEY,
  apiSecretKey: process.env.SHOPIFY_API_SECRET || "",
  apiVersion,
  scopes: process.env.SCOPES?.split(","),
  appUrl: process.env.SHOPIFY_APP_URL || "",
  authPathPrefix: "/auth",
  sessionStorage: new CachedSessionStorage(new PrismaSessionStorage(prisma)),
  distribution: AppDistribution.AppStore,
  logger: { level: shopifyLogLevel(process.env.SHOPIFY_LOG_LEVEL) },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
  },
  ...(process.env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [process.env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
