// @ts-check
// The subset of Shopify's search syntax (https://shopify.dev/docs/api/usage/search-syntax) the app uses:
// `field:value`, `field:"quoted value"`, `field:prefix*`, comparators (`created_at:>2024-01-01`), free text,
// implicit or explicit AND, OR, NOT / leading `-`. Parentheses are ignored (no grouping). Values are
// matched case-insensitively. Like Shopify, an unknown field does not filter and produces a warning.

/** @import { SearchWarning } from "./types" */

/**
 * @typedef {":" | "<" | "<=" | ">" | ">="} Comparator
 * @typedef {{ field: string | null, comparator: Comparator, value: string, negated: boolean }} Term
 * @typedef {Term[][]} ParsedQuery A disjunction (OR) of conjunctions (AND) of terms.
 * @typedef {string | number | null | undefined | ReadonlyArray<string | null>} FieldValue
 * @typedef {"exact" | "contains" | "number" | "date"} FieldKind
 */

/**
 * @template T
 * @typedef {{
 *   fields: Record<string, { kind: FieldKind, get: (record: T) => FieldValue }>,
 *   text: (record: T) => ReadonlyArray<string | null>,
 * }} SearchSpec
 */

/** @param {string} query @returns {ParsedQuery} */
export function parseSearchQuery(query) {
  /** @type {ParsedQuery} */
  const groups = [[]];
  let negateNext = false;
  for (const token of tokenize(query)) {
    if (token === "AND") continue;
    if (token === "OR") {
      if (groups[groups.length - 1].length > 0) groups.push([]);
      continue;
    }
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    const term = parseTerm(token);
    if (!term) continue;
    if (negateNext) term.negated = !term.negated;
    negateNext = false;
    groups[groups.length - 1].push(term);
  }
  return groups.filter((group, index) => group.length > 0 || index === 0);
}

/** @param {string} query @returns {string[]} */
function tokenize(query) {
  /** @type {string[]} */
  const tokens = [];
  let current = "";
  /** @type {string | null} */
  let quote = null;
  for (const char of query) {
    if (quote) {
      current += char;
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (/\s|\(|\)/.test(char)) {
      if (current) tokens.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

/** @param {string} token @returns {Term | null} */
function parseTerm(token) {
  let negated = false;
  let rest = token;
  if (rest.startsWith("-") && rest.length > 1) {
    negated = true;
    rest = rest.slice(1);
  }
  const colon = indexOfUnquoted(rest, ":");
  if (colon <= 0) {
    const value = unquote(rest);
    return value ? { field: null, comparator: ":", value, negated } : null;
  }
  const field = rest.slice(0, colon).toLowerCase();
  let value = rest.slice(colon + 1);
  /** @type {Comparator} */
  let comparator = ":";
  const match = /^(<=|>=|<|>)/.exec(value);
  if (match) {
    comparator = /** @type {Comparator} */ (match[1]);
    value = value.slice(match[1].length);
  }
  return { field, comparator, value: unquote(value), negated };
}

/** @param {string} text @param {string} char */
function indexOfUnquoted(text, char) {
  /** @type {string | null} */
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === char) {
      return i;
    }
  }
  return -1;
}

/** @param {string} value */
function unquote(value) {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && (trimmed[0] === '"' || trimmed[0] === "'") && trimmed.endsWith(trimmed[0])) {
    return trimmed.slice(1, -1);
  }
  return trimmed;
}

/**
 * Filters records by a Shopify search query. An empty or missing query matches everything.
 * @template T
 * @param {readonly T[]} records
 * @param {string | null | undefined} query
 * @param {SearchSpec<T>} spec
 * @param {SearchWarning[]} [warnings] receives one warning per unknown field
 * @returns {T[]}
 */
export function searchRecords(records, query, spec, warnings) {
  if (!query || !query.trim()) return [...records];
  const parsed = parseSearchQuery(query);
  if (warnings) {
    for (const term of parsed.flat()) {
      if (term.field && !(term.field in spec.fields) && !warnings.some((w) => w.field === term.field)) {
        warnings.push({ field: term.field, message: "Invalid search field for this query." });
      }
    }
  }
  return records.filter((record) => matchesParsed(parsed, record, spec));
}

/**
 * @template T
 * @param {ParsedQuery} parsed
 * @param {T} record
 * @param {SearchSpec<T>} spec
 */
export function matchesParsed(parsed, record, spec) {
  return parsed.some((group) => group.every((term) => matchesTerm(term, record, spec)));
}

/**
 * @template T
 * @param {Term} term
 * @param {T} record
 * @param {SearchSpec<T>} spec
 */
function matchesTerm(term, record, spec) {
  if (term.field === null) {
    const needle = stripWildcard(term.value).toLowerCase();
    const hit = spec.text(record).some((text) => text != null && text.toLowerCase().includes(needle));
    return hit !== term.negated;
  }
  const field = spec.fields[term.field];
  if (!field) return true; // Shopify ignores unknown fields (with a warning).
  const raw = field.get(record);
  const values = Array.isArray(raw) ? raw : [raw];
  const hit = values.some((value) => matchesValue(field.kind, term, value));
  return hit !== term.negated;
}

/**
 * @param {FieldKind} kind
 * @param {Term} term
 * @param {string | number | null | undefined} actual
 */
function matchesValue(kind, term, actual) {
  if (actual == null) return false;
  if (kind === "number") return compare(Number(actual), Number(term.value), term.comparator);
  if (kind === "date") {
    return compare(Date.parse(String(actual)), Date.parse(term.value), term.comparator);
  }
  const have = String(actual).toLowerCase();
  const want = term.value.toLowerCase();
  if (term.comparator !== ":") return compare(have, want, term.comparator);
  if (want.endsWith("*")) return have.startsWith(want.slice(0, -1));
  return kind === "contains" ? have.includes(want) : have === want;
}

/**
 * @template {number | string} V
 * @param {V} actual
 * @param {V} wanted
 * @param {Comparator} comparator
 */
function compare(actual, wanted, comparator) {
  if (typeof actual === "number" && (Number.isNaN(actual) || Number.isNaN(wanted))) return false;
  switch (comparator) {
    case ":":
      return actual === wanted;
    case "<":
      return actual < wanted;
    case "<=":
      return actual <= wanted;
    case ">":
      return actual > wanted;
    case ">=":
      return actual >= wanted;
  }
}

/** @param {string} value */
function stripWildcard(value) {
  return value.endsWith("*") ? value.slice(0, -1) : value;
}
