// Reads and checks a demo scenario file (the format: docs/demo.md) before anything is started: JSON syntax
// (with line and column), every field, the `program` against the app's own schema, the `store` with the
// emulator's own validation, and the references between them. Every problem is reported, each with its
// JSON path. Nothing here touches the database, the network or the build.
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { createStore } from "../../emulator/index.mjs";
import { ROOT } from "./app-server.mjs";

/** The webhook topics the app subscribes to (shopify.app.toml), so the ones a scenario may send. */
export const SCENARIO_TOPICS = [
  "orders/create",
  "orders/cancelled",
  "refunds/create",
  "app/uninstalled",
  "app/scopes_update",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
];

const TOP_LEVEL_KEYS = [
  "shop",
  "store",
  "program",
  "affiliates",
  "coupons",
  "connections",
  "productConnections",
  "events",
];
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
// As the affiliate form has them (app/models/affiliates/affiliates.server.ts).
const REF_CODE_PATTERN = /^[A-Za-z0-9_-]{2,64}$/;
const NUMERIC_ID = /^\d+$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export class ScenarioError extends Error {
  /** @param {string} file @param {string[]} problems */
  constructor(file, problems) {
    super(`${file} is not a valid scenario:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ScenarioError";
    this.problems = problems;
  }
}

const appModules = new Map();
/**
 * A module of the app, compiled on the fly with esbuild (which Remix and Vite already install), so the demo
 * uses the app's own code rather than a copy of it.
 */
async function loadAppModule(relativePath) {
  if (!appModules.has(relativePath)) {
    const { build } = await import("esbuild");
    const result = await build({
      entryPoints: [path.join(ROOT, relativePath)],
      bundle: true,
      format: "esm",
      platform: "node",
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0].text;
    appModules.set(
      relativePath,
      import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`),
    );
  }
  return appModules.get(relativePath);
}

/** The app's own program schema, so the demo checks `program` exactly as the Settings screen does. */
export const loadProgramModule = () => loadAppModule("app/models/program/program.server.ts");

/**
 * Reads a scenario file and checks all of it. Returns the scenario with defaults filled in
 * (`coupons`, `connections`, `productConnections` may be left out; affiliates' optional fields default),
 * or throws `ScenarioError` listing every problem.
 */
export async function loadScenario(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ScenarioError(file, [`cannot read the file: ${error.message}`]);
  }
  // Read exactly: an event's payload is sent as the file has it, byte for byte, and ids beyond 2^53 (Shopify's
  // own examples have 18-digit ones) are never rounded on the way.
  const { parseJsonExact, JsonSyntaxError } = await loadAppModule("app/lib/exact-json.ts");
  const spans = new WeakMap();
  let json;
  try {
    json = parseJsonExact(text, { spans });
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new ScenarioError(file, [describeJsonError(text, error)]);
  }
  const { programSchema, rateSchema } = await loadProgramModule();
  const problems = [];
  const rawText = (value) => {
    const span = typeof value === "object" && value !== null ? spans.get(value) : undefined;
    return span ? text.slice(span[0], span[1]) : JSON.stringify(value);
  };
  const scenario = checkScenario(json, { programSchema, rateSchema, rawText }, problems);
  if (problems.length > 0) throw new ScenarioError(file, problems);
  return scenario;
}

/** "not valid JSON at line 3, column 7: Expected ',' or '}' after a property value". */
export function describeJsonError(text, error) {
  const { line, column } = lineAndColumn(text, error.position);
  return `not valid JSON at line ${line}, column ${column}: ${error.message.replace(/ at position \d+$/, "")}`;
}

function lineAndColumn(text, position) {
  const before = text.slice(0, position);
  const lines = before.split("\n");
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

// ---------------------------------------------------------------------------------------------------------

const describe = (value) =>
  value === null ? "null" : Array.isArray(value) ? "an array" : `${typeof value} ${JSON.stringify(value)}`;
const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

/** Reports an item that is not an object; returns no item. */
function notAnObject(item, at, problems) {
  problems.push(`${at}: expected an object, got ${describe(item)}`);
  return [];
}

function checkKeys(obj, at, allowed, problems) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key))
      problems.push(`${at}.${key}: unknown field (expected one of ${allowed.join(", ")})`);
  }
}

function zodProblems(error, at) {
  return error.issues.map((issue) => {
    const where = issue.path.reduce(
      (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : `${acc}.${key}`),
      at,
    );
    return `${where}: ${issue.message === "Required" ? "is required" : issue.message}`;
  });
}

/** A list field: required ones must be arrays; optional ones default to []. */
function list(root, key, required, problems) {
  if (!(key in root)) {
    if (required) problems.push(`${key}: is required`);
    return [];
  }
  if (!Array.isArray(root[key])) {
    problems.push(`${key}: expected an array, got ${describe(root[key])}`);
    return [];
  }
  return root[key];
}

function rateOf(value, at, rateSchema, problems) {
  if (value === undefined || value === null) return null;
  const parsed = rateSchema.safeParse(value);
  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error, at));
    return null;
  }
  // The affiliate and product forms refuse percentages above 100, as the program's schema does.
  if (parsed.data.kind === "percent" && Number(parsed.data.value) > 100)
    problems.push(`${at}.value: A percentage cannot exceed 100`);
  return parsed.data;
}

function checkScenario(json, { programSchema, rateSchema, rawText }, problems) {
  if (!isObject(json)) {
    problems.push(`(root): expected an object, got ${describe(json)}`);
    return null;
  }
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL_KEYS.includes(key))
      problems.push(`${key}: unknown field (expected one of ${TOP_LEVEL_KEYS.join(", ")})`);
  }

  // shop
  let shop = null;
  if (!("shop" in json)) problems.push("shop: is required");
  else if (typeof json.shop !== "string" || !SHOP_DOMAIN.test(json.shop))
    problems.push(
      `shop: expected a *.myshopify.com domain such as "demo-shop.myshopify.com", got ${describe(json.shop)}`,
    );
  else shop = json.shop;

  // store: the emulator's own validation
  let store = null;
  if (!("store" in json)) problems.push("store: is required");
  else {
    try {
      store = createStore(json.store);
    } catch (error) {
      if (Array.isArray(error.problems)) problems.push(...error.problems);
      else problems.push(`store: ${error.message}`);
    }
  }

  // program: the app's own schema
  let program = null;
  if (!("program" in json)) problems.push("program: is required");
  else {
    const parsed = programSchema.safeParse(json.program);
    if (parsed.success) program = parsed.data;
    else problems.push(...zodProblems(parsed.error, "program"));
  }

  // affiliates
  const affiliates = [];
  const refCodes = new Map();
  list(json, "affiliates", true, problems).forEach((item, index) => {
    const at = `affiliates[${index}]`;
    if (!isObject(item)) return void notAnObject(item, at, problems);
    checkKeys(item, at, ["refCode", "name", "email", "customerId", "active", "rate"], problems);
    const { refCode, name, email = null, customerId = null, active = true } = item;
    if (typeof refCode !== "string" || !REF_CODE_PATTERN.test(refCode)) {
      problems.push(
        `${at}.refCode: ${refCode === undefined ? "is required" : `use 2 to 64 letters, digits, dashes (-) or underscores (_), got ${describe(refCode)}`}`,
      );
    } else if (refCodes.has(refCode.toLowerCase())) {
      problems.push(
        `${at}.refCode: "${refCode}" is already the ref code of ${refCodes.get(refCode.toLowerCase())}`,
      );
    } else refCodes.set(refCode.toLowerCase(), at);
    if (typeof name !== "string" || name.trim() === "" || name.length > 120)
      problems.push(
        `${at}.name: ${name === undefined ? "is required" : `expected 1 to 120 characters, got ${describe(name)}`}`,
      );
    if (email !== null && (typeof email !== "string" || !z.string().email().safeParse(email.trim()).success))
      problems.push(`${at}.email: expected an email address or null, got ${describe(email)}`);
    if (customerId !== null && (typeof customerId !== "string" || !NUMERIC_ID.test(customerId)))
      problems.push(
        `${at}.customerId: expected a numeric Shopify id as a string ("7001") or null, got ${describe(customerId)}`,
      );
    if (typeof active !== "boolean")
      problems.push(`${at}.active: expected true or false, got ${describe(active)}`);
    const rate = rateOf(item.rate, `${at}.rate`, rateSchema, problems);
    affiliates.push({
      refCode,
      name: typeof name === "string" ? name.trim() : name,
      email: typeof email === "string" ? email.trim() : null,
      customerId,
      active,
      rate,
    });
  });

  const affiliateRef = (value, at) => {
    if (value === undefined) return void problems.push(`${at}: is required`);
    if (typeof value !== "string")
      return void problems.push(`${at}: expected a refCode, got ${describe(value)}`);
    if (!refCodes.has(value.toLowerCase()))
      return void problems.push(`${at}: "${value}" is not the refCode of any affiliate`);
    return affiliates.find(
      (a) => typeof a.refCode === "string" && a.refCode.toLowerCase() === value.toLowerCase(),
    )?.refCode;
  };

  // coupons
  const couponCodes = new Map();
  const coupons = list(json, "coupons", false, problems).flatMap((item, index) => {
    const at = `coupons[${index}]`;
    if (!isObject(item)) return notAnObject(item, at, problems);
    checkKeys(item, at, ["code", "affiliate"], problems);
    const { code } = item;
    if (typeof code !== "string" || code.trim() === "" || /\s/.test(code.trim())) {
      problems.push(
        `${at}.code: ${code === undefined ? "is required" : `expected a discount code without spaces, got ${describe(code)}`}`,
      );
    } else if (couponCodes.has(code.toLowerCase())) {
      problems.push(`${at}.code: "${code}" is already assigned by ${couponCodes.get(code.toLowerCase())}`);
    } else couponCodes.set(code.toLowerCase(), at);
    const affiliate = affiliateRef(item.affiliate, `${at}.affiliate`);
    return [{ code: typeof code === "string" ? code.trim() : code, affiliate }];
  });

  // connections
  const connectedCustomers = new Map();
  const connections = list(json, "connections", false, problems).flatMap((item, index) => {
    const at = `connections[${index}]`;
    if (!isObject(item)) return notAnObject(item, at, problems);
    checkKeys(item, at, ["customerId", "affiliate", "expiresAt"], problems);
    const { customerId, expiresAt = null } = item;
    if (typeof customerId !== "string" || !NUMERIC_ID.test(customerId)) {
      problems.push(
        `${at}.customerId: ${customerId === undefined ? "is required" : `expected a numeric Shopify id as a string ("7001"), got ${describe(customerId)}`}`,
      );
    } else if (connectedCustomers.has(customerId)) {
      problems.push(
        `${at}.customerId: customer ${customerId} is already connected by ${connectedCustomers.get(customerId)} (one affiliate per customer)`,
      );
    } else connectedCustomers.set(customerId, at);
    if (
      expiresAt !== null &&
      (typeof expiresAt !== "string" ||
        !ISO_WITH_OFFSET.test(expiresAt) ||
        Number.isNaN(Date.parse(expiresAt)))
    )
      problems.push(
        `${at}.expiresAt: expected an ISO 8601 date-time with an offset ("2026-03-01T00:00:00Z") or null, got ${describe(expiresAt)}`,
      );
    const affiliate = affiliateRef(item.affiliate, `${at}.affiliate`);
    return [{ customerId, affiliate, expiresAt }];
  });

  // product connections
  const productPairs = new Map();
  const productConnections = list(json, "productConnections", false, problems).flatMap((item, index) => {
    const at = `productConnections[${index}]`;
    if (!isObject(item)) return notAnObject(item, at, problems);
    checkKeys(item, at, ["productId", "affiliate", "rate"], problems);
    const { productId } = item;
    if (typeof productId !== "string" || !NUMERIC_ID.test(productId))
      problems.push(
        `${at}.productId: ${productId === undefined ? "is required" : `expected a numeric Shopify id as a string ("8001"), got ${describe(productId)}`}`,
      );
    const affiliate = affiliateRef(item.affiliate, `${at}.affiliate`);
    const rate = rateOf(item.rate, `${at}.rate`, rateSchema, problems);
    if (typeof productId === "string" && affiliate) {
      const key = `${productId}\u0000${affiliate.toLowerCase()}`;
      if (productPairs.has(key))
        problems.push(
          `${at}: product ${productId} is already connected to ${affiliate} by ${productPairs.get(key)}`,
        );
      else productPairs.set(key, at);
    }
    return [{ productId, affiliate, rate }];
  });

  // events: a recording of webhooks. What is checked is the recording (topic, webhook id, a payload); the
  // payload itself is sent as recorded, and the app makes of it what it makes of it in production.
  const webhookIds = new Map();
  const events = list(json, "events", true, problems).flatMap((item, index) => {
    const at = `events[${index}]`;
    if (!isObject(item)) return notAnObject(item, at, problems);
    checkKeys(item, at, ["topic", "webhookId", "payload"], problems);
    const { topic, webhookId, payload } = item;
    if (!SCENARIO_TOPICS.includes(topic))
      problems.push(
        `${at}.topic: ${topic === undefined ? "is required" : `expected one of ${SCENARIO_TOPICS.join(", ")}, got ${describe(topic)}`}`,
      );
    if (typeof webhookId !== "string" || webhookId.trim() === "")
      problems.push(
        `${at}.webhookId: ${webhookId === undefined ? "is required" : `expected a non-empty string, got ${describe(webhookId)}`}`,
      );
    if (payload === undefined) problems.push(`${at}.payload: is required`);
    const body = payload === undefined ? null : rawText(payload);
    if (typeof webhookId === "string" && payload !== undefined) {
      const first = webhookIds.get(webhookId);
      const same = JSON.stringify(payload);
      if (!first) webhookIds.set(webhookId, { at, topic, same });
      else if (first.topic !== topic || first.same !== same)
        problems.push(
          `${at}.webhookId: "${webhookId}" repeats ${first.at} with another topic or payload (a repeated delivery is identical)`,
        );
    }
    return [{ topic, webhookId, payload, body }];
  });

  return { shop, store, program, affiliates, coupons, connections, productConnections, events };
}
