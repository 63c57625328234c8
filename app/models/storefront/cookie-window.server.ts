import { queryAdmin, type AdminGraphqlClient } from "~/graphql/client";
import type { ShopifyUserError } from "~/graphql/types";
import {
  CURRENT_APP_INSTALLATION_QUERY,
  type CurrentAppInstallationData,
} from "~/graphql/current-app-installation";
import {
  METAFIELDS_SET_MUTATION,
  type MetafieldsSetData,
  type MetafieldsSetVariables,
} from "~/graphql/metafields-set";

/**
 * Where the storefront embed (extensions/affiliate-capture) reads the program's cookie window:
 * an app-data metafield on the app's installation, `app.metafields.affiliate.cookie_window_days` in
 * Liquid. Only this app can write it; merchants and other apps cannot see or change it.
 */
export const COOKIE_WINDOW_METAFIELD = {
  namespace: "affiliate",
  key: "cookie_window_days",
  type: "number_integer",
} as const;

/** The window the embed accepts; anything else (or no metafield) makes it fall back to 30 days. */
export const COOKIE_WINDOW_DAYS_MIN = 1;
export const COOKIE_WINDOW_DAYS_MAX = 365;

export function isValidCookieWindowDays(days: unknown): days is number {
  return (
    typeof days === "number" &&
    Number.isInteger(days) &&
    days >= COOKIE_WINDOW_DAYS_MIN &&
    days <= COOKIE_WINDOW_DAYS_MAX
  );
}

/** Shopify refused the metafield (`userErrors`): nothing was written. */
export class CookieWindowPublishError extends Error {
  constructor(readonly userErrors: ShopifyUserError[]) {
    super(
      `Shopify refused the storefront cookie window: ${userErrors
        .map((error) => (error.field?.length ? `${error.field.join(".")}: ${error.message}` : error.message))
        .join("; ")}`,
    );
    this.name = "CookieWindowPublishError";
  }
}

/**
 * Publishes the program's cookie window (days) for the storefront embed. Call it whenever the
 * Settings' cookie window is saved (and once after install, so the embed never relies on its default).
 *
 * @throws RangeError when `days` is not a whole number from 1 to 365 (nothing is sent)
 * @throws CookieWindowPublishError when Shopify answers with `userErrors`
 * @throws ShopifyUnavailableError (from `queryAdmin`) when Shopify cannot be reached or answers without data
 */
export async function publishCookieWindow(graphql: AdminGraphqlClient, days: number): Promise<void> {
  if (!isValidCookieWindowDays(days)) {
    throw new RangeError(
      `The cookie window must be a whole number of days from ${COOKIE_WINDOW_DAYS_MIN} to ${COOKIE_WINDOW_DAYS_MAX}, got ${String(days)}.`,
    );
  }

  const { currentAppInstallation } = await queryAdmin<CurrentAppInstallationData>(
    graphql,
    CURRENT_APP_INSTALLATION_QUERY,
  );
  if (!currentAppInstallation?.id) {
    throw new Error("Shopify answered CurrentAppInstallation without an installation id.");
  }

  const variables: MetafieldsSetVariables = {
    metafields: [{ ownerId: currentAppInstallation.id, ...COOKIE_WINDOW_METAFIELD, value: String(days) }],
  };
  const { metafieldsSet } = await queryAdmin<MetafieldsSetData>(graphql, METAFIELDS_SET_MUTATION, variables);
  if (!metafieldsSet) {
    throw new Error("Shopify answered MetafieldsSet without a result.");
  }
  if (metafieldsSet.userErrors.length > 0) {
    throw new CookieWindowPublishError(metafieldsSet.userErrors);
  }
}
