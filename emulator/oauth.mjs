// @ts-check
// POST https://{shop}/admin/oauth/access_token: token exchange (as sent by shopify-api 13's
// `auth.tokenExchange`, used by `unstable_newEmbeddedAuthStrategy`) and refresh of expiring offline tokens.
// Response shapes follow shopify-api's `createSession`: offline `{ access_token, scope [, expires_in,
// refresh_token, refresh_token_expires_in] }`, online adds `expires_in`, `associated_user_scope`, `associated_user`.

import { createHmac, timingSafeEqual } from "node:crypto";

/** @import { ShopifyStore } from "./types" */

export const DEFAULT_SCOPES =
  "read_customers,write_customers,read_orders,read_products,read_discounts,write_discounts,read_own_subscription_contracts";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

const ONLINE_TOKEN_SECONDS = 86_399;
const EXPIRING_OFFLINE_TOKEN_SECONDS = 3_600;
const REFRESH_TOKEN_SECONDS = 30 * 24 * 3_600;
const CLOCK_TOLERANCE_SECONDS = 10;

/**
 * @typedef {{ apiKey?: string, apiSecretKey?: string, scopes?: string }} OAuthOptions
 *   When apiKey / apiSecretKey are given, client credentials and the session token's signature are checked.
 * @typedef {{ status: number, body: Record<string, unknown>, grantType: string | null }} OAuthResult
 */

/**
 * @param {{ store: ShopifyStore, shop: string, params: Record<string, unknown>, options: OAuthOptions }} request
 * @returns {OAuthResult}
 */
export function answerAccessTokenRequest({ store, shop, params, options }) {
  const grantType = typeof params.grant_type === "string" ? params.grant_type : null;
  const clientProblem = checkClient(params, options);
  if (clientProblem) return { status: 401, body: clientProblem, grantType };
  if (grantType === TOKEN_EXCHANGE_GRANT)
    return { ...tokenExchange(store, shop, params, options), grantType };
  if (grantType === "refresh_token") return { ...refresh(store, shop, params, options), grantType };
  return {
    status: 400,
    body: oauthError(
      "unsupported_grant_type",
      `The emulator supports ${TOKEN_EXCHANGE_GRANT} and refresh_token.`,
    ),
    grantType,
  };
}

/** @param {string} error @param {string} description */
function oauthError(error, description) {
  return { error, error_description: description };
}

/** @param {Record<string, unknown>} params @param {OAuthOptions} options */
function checkClient(params, options) {
  if (typeof params.client_id !== "string" || typeof params.client_secret !== "string") {
    return oauthError("invalid_client", "client_id and client_secret are required.");
  }
  if (options.apiKey && params.client_id !== options.apiKey) {
    return oauthError("invalid_client", "Client credentials are invalid (client_id).");
  }
  if (options.apiSecretKey && params.client_secret !== options.apiSecretKey) {
    return oauthError("invalid_client", "Client credentials are invalid (client_secret).");
  }
  return null;
}

/**
 * @param {ShopifyStore} store
 * @param {string} shop
 * @param {Record<string, unknown>} params
 * @param {OAuthOptions} options
 */
function tokenExchange(store, shop, params, options) {
  const {
    subject_token: subjectToken,
    subject_token_type: subjectType,
    requested_token_type: requested,
  } = params;
  if (typeof subjectToken !== "string" || !subjectToken) {
    return { status: 400, body: oauthError("invalid_request", "subject_token is required.") };
  }
  if (subjectType !== ID_TOKEN_TYPE) {
    return {
      status: 400,
      body: oauthError("invalid_request", `subject_token_type must be ${ID_TOKEN_TYPE}.`),
    };
  }
  if (requested !== OFFLINE_TOKEN_TYPE && requested !== ONLINE_TOKEN_TYPE) {
    return {
      status: 400,
      body: oauthError(
        "invalid_request",
        `requested_token_type must be ${OFFLINE_TOKEN_TYPE} or ${ONLINE_TOKEN_TYPE}.`,
      ),
    };
  }
  const claims = checkSessionToken(
    subjectToken,
    shop,
    String(params.client_id),
    store.now(),
    options.apiSecretKey,
  );
  if (typeof claims === "string") return { status: 400, body: oauthError("invalid_subject_token", claims) };

  const scope = options.scopes ?? DEFAULT_SCOPES;
  const nowMs = store.now().getTime();
  if (requested === OFFLINE_TOKEN_TYPE) {
    const expiring = params.expiring === "1" || params.expiring === true;
    return { status: 200, body: offlineBody(store, shop, scope, expiring, nowMs) };
  }
  const userId = typeof claims.sub === "string" && /^\d+$/.test(claims.sub) ? claims.sub : "1";
  const token = store.issueToken({
    shop,
    online: true,
    userId,
    expiresAt: new Date(nowMs + ONLINE_TOKEN_SECONDS * 1000).toISOString(),
  });
  return {
    status: 200,
    body: {
      access_token: token.accessToken,
      scope,
      expires_in: ONLINE_TOKEN_SECONDS,
      associated_user_scope: scope,
      ...(typeof claims.sid === "string" ? { session: claims.sid } : {}),
      account_number: 0,
      associated_user: {
        id: Number(userId),
        first_name: "Emulated",
        last_name: "Merchant",
        email: "merchant@example.com",
        email_verified: true,
        account_owner: true,
        locale: "en",
        collaborator: false,
      },
    },
  };
}

/**
 * @param {ShopifyStore} store
 * @param {string} shop
 * @param {string} scope
 * @param {boolean} expiring
 * @param {number} nowMs
 */
function offlineBody(store, shop, scope, expiring, nowMs) {
  const token = store.issueToken({
    shop,
    online: false,
    userId: null,
    expiresAt: expiring ? new Date(nowMs + EXPIRING_OFFLINE_TOKEN_SECONDS * 1000).toISOString() : null,
    withRefreshToken: expiring,
  });
  return {
    access_token: token.accessToken,
    scope,
    ...(expiring
      ? {
          expires_in: EXPIRING_OFFLINE_TOKEN_SECONDS,
          refresh_token: token.refreshToken,
          refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
        }
      : {}),
  };
}

/**
 * @param {ShopifyStore} store
 * @param {string} shop
 * @param {Record<string, unknown>} params
 * @param {OAuthOptions} options
 */
function refresh(store, shop, params, options) {
  const issued =
    typeof params.refresh_token === "string" ? store.takeRefreshToken(params.refresh_token) : null;
  if (!issued || issued.shop !== shop) {
    return {
      status: 400,
      body: oauthError("invalid_grant", "The refresh token is invalid, expired or used."),
    };
  }
  const body = offlineBody(store, shop, options.scopes ?? DEFAULT_SCOPES, true, store.now().getTime());
  return { status: 200, body };
}

/**
 * Checks an App Bridge session token (HS256 JWT). The signature is checked only when the secret is known.
 * @param {string} token
 * @param {string} shop
 * @param {string} clientId
 * @param {Date} now
 * @param {string | undefined} secret
 * @returns {Record<string, unknown> | string} the claims, or what is wrong
 */
export function checkSessionToken(token, shop, clientId, now, secret) {
  const parts = token.split(".");
  if (parts.length !== 3) return "subject_token is not a JWT.";
  /** @type {Record<string, unknown>} */
  let header;
  /** @type {Record<string, unknown>} */
  let claims;
  try {
    header = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return "subject_token is not a JWT.";
  }
  if (header.alg !== "HS256") return "subject_token must be signed with HS256.";
  if (secret) {
    const expected = createHmac("sha256", secret).update(`${parts[0]}.${parts[1]}`).digest();
    const actual = Buffer.from(parts[2], "base64url");
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      return "subject_token signature does not match the app's secret.";
    }
  }
  const seconds = now.getTime() / 1000;
  if (typeof claims.exp === "number" && claims.exp + CLOCK_TOLERANCE_SECONDS < seconds) {
    return "subject_token has expired.";
  }
  if (typeof claims.nbf === "number" && claims.nbf - CLOCK_TOLERANCE_SECONDS > seconds) {
    return "subject_token is not valid yet.";
  }
  const dest = typeof claims.dest === "string" ? safeHost(claims.dest) : null;
  if (dest !== shop) return `subject_token is for ${dest ?? "no shop"}, not ${shop}.`;
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audience.includes(clientId)) return "subject_token audience does not match client_id.";
  return claims;
}

/** @param {string} url */
function safeHost(url) {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
