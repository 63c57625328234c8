import { beforeEach, describe, expect, it } from "vitest";
import { mswServer } from "~test/helpers/msw";
import {
  createShopifyEmulator,
  OFFLINE_TOKEN_TYPE,
  ONLINE_TOKEN_TYPE,
  TOKEN_EXCHANGE_GRANT,
} from "./index.mjs";
import { API_KEY, API_SECRET, SHOP, signSessionToken, STORE } from "./test-support";

// The suite's one MSW server (test/setup.ts): it fails any request no handler answers.
const server = mswServer;

let emulator: ReturnType<typeof createShopifyEmulator>;
beforeEach(() => {
  emulator = createShopifyEmulator(STORE, { apiKey: API_KEY, apiSecretKey: API_SECRET });
  server.use(...emulator.handlers);
});

const SCOPES =
  "read_customers,write_customers,read_orders,read_products,read_discounts,write_discounts,read_own_subscription_contracts";

async function exchange(overrides: Record<string, string> = {}, { shop = SHOP, form = false } = {}) {
  const params = {
    client_id: API_KEY,
    client_secret: API_SECRET,
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: signSessionToken(),
    subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
    requested_token_type: OFFLINE_TOKEN_TYPE,
    expiring: "0",
    ...overrides,
  };
  const response = await fetch(`https://${shop}/admin/oauth/access_token`, {
    method: "POST",
    headers: {
      "Content-Type": form ? "application/x-www-form-urlencoded" : "application/json",
      Accept: "application/json",
    },
    body: form ? new URLSearchParams(params).toString() : JSON.stringify(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("POST /admin/oauth/access_token", () => {
  it("exchanges a session token for an offline token", async () => {
    const { status, body } = await exchange();
    expect(status).toBe(200);
    expect(body).toEqual({ access_token: expect.stringMatching(/^shpat_/), scope: SCOPES });
  });

  it("accepts a form-encoded body", async () => {
    expect((await exchange({}, { form: true })).status).toBe(200);
  });

  it("exchanges for an online token with the associated user", async () => {
    const { body } = await exchange({
      requested_token_type: ONLINE_TOKEN_TYPE,
      subject_token: signSessionToken({ userId: "77" }),
    });
    expect(body).toMatchObject({
      access_token: expect.stringMatching(/^shpua_/),
      scope: SCOPES,
      expires_in: 86399,
      associated_user_scope: SCOPES,
      associated_user: {
        id: 77,
        email: expect.any(String),
        account_owner: true,
        locale: "en",
        collaborator: false,
      },
    });
  });

  it("issues expiring offline tokens and refreshes them once", async () => {
    const { body } = await exchange({ expiring: "1" });
    expect(body).toMatchObject({
      expires_in: 3600,
      refresh_token: expect.any(String),
      refresh_token_expires_in: expect.any(Number),
    });
    const refresh = (refreshToken: string) =>
      fetch(`https://${SHOP}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          client_id: API_KEY,
          client_secret: API_SECRET,
          grant_type: "refresh_token",
          refresh_token: refreshToken,
        }),
      });
    const refreshed = await refresh(String(body.refresh_token));
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).toMatchObject({
      access_token: expect.stringMatching(/^shpat_/),
      refresh_token: expect.any(String),
    });
    expect((await refresh(String(body.refresh_token))).status).toBe(400);
  });

  it("rejects session tokens that are badly signed, expired or for another shop", async () => {
    const cases = [
      signSessionToken({ secret: "wrong" }),
      signSessionToken({ now: Math.floor(Date.now() / 1000) - 3600 }),
      signSessionToken({ shop: "other-shop.myshopify.com" }),
      signSessionToken({ apiKey: "other-app" }),
      "not-a-jwt",
    ];
    for (const subjectToken of cases) {
      const { status, body } = await exchange({ subject_token: subjectToken });
      expect(status).toBe(400);
      expect(body.error).toBe("invalid_subject_token");
    }
  });

  it("rejects wrong client credentials and unknown grants", async () => {
    expect((await exchange({ client_secret: "nope" })).body.error).toBe("invalid_client");
    expect((await exchange({ grant_type: "authorization_code" })).body.error).toBe("unsupported_grant_type");
    expect((await exchange({ requested_token_type: "urn:bogus" })).body.error).toBe("invalid_request");
  });

  it("can be made to fail", async () => {
    emulator.store.failNext(1, { status: 503, kind: "oauth" });
    expect((await exchange()).status).toBe(503);
    expect((await exchange()).status).toBe(200);
  });
});
