// @ts-check
// Relay-style connections as the Admin API serves them (nodes, edges, pageInfo; opaque cursors).

import { GraphQLError } from "graphql";

const MAX_PAGE_SIZE = 250;

/**
 * @typedef {{ first?: number | null, after?: string | null, last?: number | null, before?: string | null,
 *   reverse?: boolean | null }} ConnectionArgs
 */

/** @param {string} key */
function encodeCursor(key) {
  return Buffer.from(JSON.stringify({ last_id: key })).toString("base64url");
}

/** @param {string} cursor */
function decodeCursor(cursor) {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (parsed && typeof parsed.last_id === "string") return parsed.last_id;
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, {
    extensions: { code: "BAD_REQUEST" },
  });
}

/**
 * Pages through `items` (in their given order) and maps each to its GraphQL object.
 * @template T, N
 * @param {readonly T[]} items
 * @param {ConnectionArgs} args
 * @param {(item: T) => string} keyOf stable key for cursors
 * @param {(item: T) => N} toNode
 */
export function connection(items, args, keyOf, toNode) {
  const { first, last, after, before, reverse } = args;
  if (first == null && last == null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const [name, value] of /** @type {const} */ ([
    ["first", first],
    ["last", last],
  ])) {
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The ${name} argument must be between 0 and ${MAX_PAGE_SIZE}.`, {
        extensions: { code: "MAX_PAGE_SIZE_EXCEEDED" },
      });
    }
  }
  let list = reverse ? [...items].reverse() : [...items];
  let hasPreviousPage = false;
  let hasNextPage = false;
  if (after) {
    const key = decodeCursor(after);
    const index = list.findIndex((item) => keyOf(item) === key);
    hasPreviousPage = index >= 0;
    list = list.slice(index + 1);
  }
  if (before) {
    const key = decodeCursor(before);
    const index = list.findIndex((item) => keyOf(item) === key);
    if (index >= 0) {
      hasNextPage = true;
      list = list.slice(0, index);
    }
  }
  if (first != null && list.length > first) {
    list = list.slice(0, first);
    hasNextPage = true;
  }
  if (last != null && list.length > last) {
    list = list.slice(list.length - last);
    hasPreviousPage = true;
  }
  const edges = list.map((item) => ({ cursor: encodeCursor(keyOf(item)), node: toNode(item) }));
  return {
    nodes: edges.map((edge) => edge.node),
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
