import { graphql, http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import type { AdminGraphqlClient } from "~/graphql/client";
import { ShopifyUnavailableError } from "~/graphql/client";
import type { CurrentAppInstallationData } from "~/graphql/current-app-installation";
import type { MetafieldsSetData, MetafieldsSetVariables } from "~/graphql/metafields-set";
// The MSW server every test file shares (test/setup.ts makes it listen before anything imports Shopify's API).
import { mswServer } from "~test/helpers/msw";
import {
  CookieWindowPublishError,
  COOKIE_WINDOW_METAFIELD,
  isValidCookieWindowDays,
  publishCookieWindow,
} from "./cookie-window.server";

const ENDPOINT = "https://test-shop.myshopify.com/admin/api/2025-10/graphql.json";
const INSTALLATION_ID = "gid://shopify/AppInstallation/4242";
const shopify = graphql.link(ENDPOINT);

/** A real fetch-based client, as `admin.graphql` is: MSW answers at the network layer. */
const client: AdminGraphqlClient = (query, options) =>
  fetch(ENDPOINT, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": "shpat_test" },
    body: JSON.stringify({ query, variables: options?.variables }),
  });

interface Recorded {
  operations: string[];
  metafieldsSet: MetafieldsSetVariables[];
}

function answerShopify(
  options: {
    installation?: CurrentAppInstallationData["currentAppInstallation"];
    userErrors?: Array<{ field: string[] | null; message: string }>;
  } = {},
): Recorded {
  const recorded: Recorded = { operations: [], metafieldsSet: [] };
  mswServer.use(
    shopify.query<CurrentAppInstallationData>("CurrentAppInstallation", () => {
      recorded.operations.push("CurrentAppInstallation");
      const installation = "installation" in options ? options.installation : { id: INSTALLATION_ID };
      return HttpResponse.json({ data: { currentAppInstallation: installation ?? null } });
    }),
    shopify.mutation<MetafieldsSetData, MetafieldsSetVariables>("MetafieldsSet", ({ variables }) => {
      recorded.operations.push("MetafieldsSet");
      recorded.metafieldsSet.push(variables);
      const userErrors = options.userErrors ?? [];
      return HttpResponse.json({
        data: {
          metafieldsSet: {
            metafields: userErrors.length
              ? null
              : variables.metafields.map(({ namespace = "", key, value }) => ({ namespace, key, value })),
            userErrors,
          },
        },
      });
    }),
  );
  return recorded;
}

afterEach(() => {
  mswServer.resetHandlers();
});

describe("publishCookieWindow", () => {
  it("writes the window to the app-data metafield on the app's installation", async () => {
    const recorded = answerShopify();

    await publishCookieWindow(client, 14);

    expect(recorded.operations).toEqual(["CurrentAppInstallation", "MetafieldsSet"]);
    expect(recorded.metafieldsSet).toEqual([
      {
        metafields: [
          {
            ownerId: INSTALLATION_ID,
            namespace: "affiliate",
            key: "cookie_window_days",
            type: "number_integer",
            value: "14",
          },
        ],
      },
    ]);
  });

  it("names what the embed's Liquid reads: app.metafields.affiliate.cookie_window_days", () => {
    expect(COOKIE_WINDOW_METAFIELD).toEqual({
      namespace: "affiliate",
      key: "cookie_window_days",
      type: "number_integer",
    });
  });

  it.each([1, 30, 365])("accepts %i days", async (days) => {
    const recorded = answerShopify();
    await publishCookieWindow(client, days);
    expect(recorded.metafieldsSet[0]?.metafields[0]?.value).toBe(String(days));
  });

  it.each([0, -1, 366, 7.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "refuses %s days without calling Shopify",
    async (days) => {
      const recorded = answerShopify();
      await expect(publishCookieWindow(client, days)).rejects.toThrow(RangeError);
      await expect(publishCookieWindow(client, days)).rejects.toThrow(/whole number of days from 1 to 365/);
      expect(recorded.operations).toEqual([]);
      expect(isValidCookieWindowDays(days)).toBe(false);
    },
  );

  it("refuses a value that is not a number at all", async () => {
    const recorded = answerShopify();
    await expect(publishCookieWindow(client, "30" as unknown as number)).rejects.toThrow(RangeError);
    expect(recorded.operations).toEqual([]);
  });

  it("throws a clear error with Shopify's userErrors", async () => {
    const userErrors = [
      { field: ["metafields", "0", "value"], message: "Value must be an integer." },
      { field: null, message: "Access denied." },
    ];
    answerShopify({ userErrors });

    const failure = publishCookieWindow(client, 30);

    await expect(failure).rejects.toBeInstanceOf(CookieWindowPublishError);
    await expect(failure).rejects.toThrow(
      "Shopify refused the storefront cookie window: metafields.0.value: Value must be an integer.; Access denied.",
    );
    await expect(failure).rejects.toMatchObject({ userErrors });
  });

  it("fails clearly when Shopify has no installation for the app", async () => {
    const recorded = answerShopify({ installation: null });
    await expect(publishCookieWindow(client, 30)).rejects.toThrow(/without an installation id/);
    expect(recorded.operations).toEqual(["CurrentAppInstallation"]);
  });

  it("reports Shopify being unavailable, and writes nothing", async () => {
    const recorded = answerShopify();
    mswServer.use(http.post(ENDPOINT, () => new HttpResponse("Bad gateway", { status: 502 })));
    await expect(publishCookieWindow(client, 30)).rejects.toBeInstanceOf(ShopifyUnavailableError);
    expect(recorded.metafieldsSet).toEqual([]);
  });

  it("reports top-level GraphQL errors", async () => {
    answerShopify();
    mswServer.use(
      shopify.mutation("MetafieldsSet", () => HttpResponse.json({ errors: [{ message: "Throttled" }] })),
    );
    await expect(publishCookieWindow(client, 30)).rejects.toThrow(/Throttled/);
  });
});
