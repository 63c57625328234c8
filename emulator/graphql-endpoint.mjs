// @ts-check
// The Admin GraphQL endpoint: parse, check the operation is one the emulator knows, validate against the
// served schema slice, execute against the store.

import { execute, GraphQLError, Kind, parse, validate, visit } from "graphql";
import { rootValue } from "./resolvers.mjs";
import { schemaFor } from "./schema.mjs";

/**
 * @import { DocumentNode, GraphQLFormattedError, GraphQLSchema, OperationDefinitionNode } from "graphql"
 * @import { ShopifyStore } from "./types"
 * @import { Context } from "./resolvers.mjs"
 */

/** Operation names the emulator answers. Anything else is answered with an error naming it. */
export const KNOWN_OPERATIONS = Object.freeze([
  "CustomersForAttribution",
  "OrderSubscriptionLines",
  "CustomerSearch",
  "CustomerCreate",
  "CustomerByEmail",
  "DiscountCodeSearch",
  "DiscountCodeByCode",
  "DiscountCodeBasicCreate",
  "ProductsById",
  "ProductSearch",
  "CurrentAppInstallation",
  "MetafieldsSet",
  "ShopProfile",
  "ShopContact",
  "PayoutStoreCreditCredit",
  "PayoutStoreCreditRecentCredits",
  "PayoutGiftCardCreate",
  "PayoutGiftCardsByCode",
]);

const MAX_CACHED_DOCUMENTS = 500;
const THROTTLE_MAXIMUM = 2000;

/**
 * @typedef {{ document: DocumentNode, costs: Map<string | null, number>,
 *   validation: WeakMap<GraphQLSchema, readonly GraphQLError[]> }} CachedDocument
 * @typedef {{ status: number, body: Record<string, unknown>, operation: string | null,
 *   variables: Record<string, unknown> | null }} EndpointResult
 */

/** @type {Map<string, CachedDocument | GraphQLError>} */
const documents = new Map();

/** @param {string} query @returns {CachedDocument | GraphQLError} */
function parseCached(query) {
  let cached = documents.get(query);
  if (!cached) {
    try {
      const document = parse(query);
      cached = { document, costs: new Map(), validation: new WeakMap() };
    } catch (error) {
      cached = error instanceof GraphQLError ? error : new GraphQLError(String(error));
    }
    if (documents.size >= MAX_CACHED_DOCUMENTS) documents.clear();
    documents.set(query, cached);
  }
  return cached;
}

/** @param {number} cost */
export function costExtension(cost, available = THROTTLE_MAXIMUM - cost) {
  return {
    requestedQueryCost: cost,
    actualQueryCost: cost,
    throttleStatus: { maximumAvailable: THROTTLE_MAXIMUM, currentlyAvailable: available, restoreRate: 100 },
  };
}

/**
 * @param {string} message
 * @param {Record<string, unknown>} [extensions]
 * @returns {EndpointResult["body"]}
 */
function errorBody(message, extensions) {
  return { errors: [{ message, ...(extensions ? { extensions } : {}) }] };
}

/**
 * The name of the operation a request body would run (null when anonymous or unparsable), for fault matching.
 * @param {unknown} body
 */
export function operationNameOf(body) {
  const payload = /** @type {{ query?: unknown, operationName?: unknown }} */ (
    typeof body === "object" && body !== null ? body : {}
  );
  if (typeof payload.operationName === "string") return payload.operationName;
  if (typeof payload.query !== "string") return null;
  const cached = parseCached(payload.query);
  if (cached instanceof GraphQLError) return null;
  const selected = selectOperation(cached.document, null);
  return typeof selected === "string" ? null : (selected.name?.value ?? null);
}

/**
 * Answers one POST body of the Admin GraphQL endpoint.
 * @param {{ store: ShopifyStore, apiVersion: string, body: unknown, operations: ReadonlySet<string> }} request
 * @returns {Promise<EndpointResult>}
 */
export async function executeAdminGraphql({ store, apiVersion, body, operations }) {
  const payload = /** @type {{ query?: unknown, variables?: unknown, operationName?: unknown }} */ (
    typeof body === "object" && body !== null ? body : {}
  );
  if (typeof payload.query !== "string" || payload.query.trim() === "") {
    return {
      status: 400,
      body: { errors: { query: "Required parameter missing or invalid" } },
      operation: null,
      variables: null,
    };
  }
  const variables =
    typeof payload.variables === "object" && payload.variables !== null && !Array.isArray(payload.variables)
      ? /** @type {Record<string, unknown>} */ (payload.variables)
      : null;
  const requestedName = typeof payload.operationName === "string" ? payload.operationName : null;

  const cached = parseCached(payload.query);
  if (cached instanceof GraphQLError) {
    return { status: 200, body: { errors: [cached.toJSON()] }, operation: requestedName, variables };
  }
  const selected = selectOperation(cached.document, requestedName);
  if (typeof selected === "string") {
    return { status: 200, body: errorBody(selected), operation: requestedName, variables };
  }
  const operation = selected.name?.value ?? null;
  if (operation === null || !operations.has(operation)) {
    const name = operation ?? "(anonymous)";
    return {
      status: 200,
      body: errorBody(
        `Shopify emulator: unknown operation ${name}. Add it to the emulator (emulator/graphql-endpoint.mjs) ` +
          `with its resolver, or it would be silently faked.`,
        { code: "UNKNOWN_OPERATION", operationName: name },
      ),
      operation,
      variables,
    };
  }

  const schema = schemaFor(apiVersion);
  let validationErrors = cached.validation.get(schema);
  if (!validationErrors) {
    validationErrors = validate(schema, cached.document);
    cached.validation.set(schema, validationErrors);
  }
  if (validationErrors.length > 0) {
    return {
      status: 200,
      body: { errors: validationErrors.map((error) => error.toJSON()) },
      operation,
      variables,
    };
  }

  /** @type {Context} */
  const contextValue = { store, searchWarnings: [] };
  const result = await execute({
    schema,
    document: cached.document,
    rootValue,
    contextValue,
    variableValues: variables,
    operationName: operation,
  });
  const cost = costOf(cached, selected);
  /** @type {Record<string, unknown>} */
  const extensions = { cost: costExtension(cost) };
  if (contextValue.searchWarnings.length > 0) {
    extensions.search = contextValue.searchWarnings.map(({ path, query, field, message }) => ({
      path,
      query,
      warnings: [{ field, message }],
    }));
  }
  /** @type {Record<string, unknown>} */
  const responseBody = {};
  if (result.errors)
    responseBody.errors = result.errors.map((error) => /** @type {GraphQLFormattedError} */ (error.toJSON()));
  if (result.data !== undefined) responseBody.data = result.data;
  responseBody.extensions = extensions;
  return { status: 200, body: responseBody, operation, variables };
}

/**
 * @param {DocumentNode} document
 * @param {string | null} name
 * @returns {OperationDefinitionNode | string} the operation, or an error message
 */
function selectOperation(document, name) {
  /** @type {OperationDefinitionNode[]} */
  const operations = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  if (name !== null) {
    return operations.find((op) => op.name?.value === name) ?? `Unknown operation named "${name}".`;
  }
  if (operations.length === 1) return operations[0];
  return operations.length === 0
    ? "The document has no operation."
    : "An operationName is required when the document has several operations.";
}

/** A rough stand-in for Shopify's query cost: one point per selected field. */
function costOf(/** @type {CachedDocument} */ cached, /** @type {OperationDefinitionNode} */ operation) {
  const key = operation.name?.value ?? null;
  let cost = cached.costs.get(key);
  if (cost === undefined) {
    let fields = 0;
    visit(operation, {
      Field() {
        fields += 1;
      },
    });
    cost = fields;
    cached.costs.set(key, cost);
  }
  return cost;
}
