/**
 * Moving a seeded customer story to another window of the history: every instant later by whole weeks, every
 * order and customer numbered anew. A story's rows quote instants and numbers inside their text
 * too (the engine's input and trace: "Shopify created the customer at 2026-10-30T21:22:47.192Z", order
 * names, line item ids, a renewal's contract, a refund's key), so every text column is read once into
 * literal parts and tokens, and written again for each window with the tokens moved.
 *
 * What the seeder numbers, and so what moves (./seed.ts): customers 5_000_000_000 + i (and their address
 * `customer<i>@shoppers.example`), orders 6_000_000_000 + n (named `#<1001 + n>`), refunds
 * 7_000_000_000 + n, subscription contracts 8_000_000_000 + n (of the contract's first order), line items
 * 10_000_000_000 + 10 n + k; a copy's order n is renumbered in the order the copies' orders were placed. Products (9_000_000_000 + p), affiliates, coupons and the program are the
 * shop's, shared by every story: they do not move. test/bench/scale-stories.test.ts rebuilds moved stories
 * through the app's own code and compares every column.
 */

export interface StoryShift {
  /** Milliseconds added to every instant (whole weeks; whole days at least). */
  ms: number;
  /** Each order's number in the copy (its id, name, refund, contract and line items follow it). */
  orderNumber: (n: number) => number;
  /** Added to every customer number (ids, addresses). */
  customers: number;
}

const DAY = 86_400_000;

export const CUSTOMER_ID_BASE = 5_000_000_000;
export const ORDER_ID_BASE = 6_000_000_000;
export const REFUND_ID_BASE = 7_000_000_000;
export const CONTRACT_ID_BASE = 8_000_000_000;
export const LINE_ITEM_ID_BASE = 10_000_000_000;
/** Order n is named `#<FIRST_ORDER_NAME + n>`. */
export const FIRST_ORDER_NAME = 1001;

const enum Kind {
  Instant,
  Customer,
  Order,
  LineItem,
  Address,
  Name,
}

interface Token {
  kind: Kind;
  /** The number; an instant's day (days since 1970-01-01, UTC). */
  value: number;
  /**
   * An instant's time of day and zone suffix as written (`T21:22:47.192Z` as toISOString writes it, or
   * `…+00:00` as Prisma stores DateTimes): a shift by whole days moves only the date before it.
   */
  timeOfDay?: string;
}

/** A text read once: literal parts with a token between each two. */
export type CompiledText = string | { parts: string[]; tokens: Token[] };

const TOKENS =
  /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})(Z|\+00:00)|\b([5678]\d{9})\b|\b(1\d{10})\b|customer(\d+)@shoppers\.example|#(\d+)\b/g;

export function compileText(text: string): CompiledText {
  const parts: string[] = [];
  const tokens: Token[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKENS)) {
    const [whole, instant, suffix, tenDigits, lineItem, address, name] = match;
    let token: Token;
    if (instant !== undefined)
      token = {
        kind: Kind.Instant,
        value: Date.parse(`${instant.slice(0, 10)}T00:00:00Z`) / DAY,
        timeOfDay: instant.slice(10) + suffix,
      };
    else if (tenDigits !== undefined)
      token = { kind: tenDigits[0] === "5" ? Kind.Customer : Kind.Order, value: Number(tenDigits) };
    else if (lineItem !== undefined) token = { kind: Kind.LineItem, value: Number(lineItem) };
    else if (address !== undefined) token = { kind: Kind.Address, value: Number(address) };
    else token = { kind: Kind.Name, value: Number(name) };
    parts.push(text.slice(last, match.index));
    tokens.push(token);
    last = match.index + whole.length;
  }
  if (tokens.length === 0) return text;
  parts.push(text.slice(last));
  return { parts, tokens };
}

/** `YYYY-MM-DD` of each day met so far (a history spans a few hundred days), not a Date formatted per instant. */
const dayTexts = new Map<number, string>();
function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    text = new Date(day * DAY).toISOString().slice(0, 10);
    dayTexts.set(day, text);
  }
  return text;
}

function shiftToken(token: Token, shift: StoryShift): string {
  switch (token.kind) {
    case Kind.Instant:
      return dayText(token.value + shift.ms / DAY) + token.timeOfDay;
    case Kind.Customer:
      return String(token.value + shift.customers);
    case Kind.Order: {
      const base = Math.floor(token.value / 1e9) * 1e9;
      return String(base + shift.orderNumber(token.value - base));
    }
    case Kind.LineItem: {
      const n = Math.floor((token.value - LINE_ITEM_ID_BASE) / 10);
      return String(token.value + 10 * (shift.orderNumber(n) - n));
    }
    case Kind.Address:
      return `customer${token.value + shift.customers}@shoppers.example`;
    case Kind.Name:
      return `#${FIRST_ORDER_NAME + shift.orderNumber(token.value - FIRST_ORDER_NAME)}`;
  }
}

export function shiftText(text: CompiledText, shift: StoryShift): string {
  if (typeof text === "string") return text;
  if (shift.ms % DAY !== 0) throw new Error(`A story moves by whole days, not ${shift.ms} ms`);
  let out = text.parts[0];
  for (let i = 0; i < text.tokens.length; i++) out += shiftToken(text.tokens[i], shift) + text.parts[i + 1];
  return out;
}

/**
 * A row read once: its values that no move changes (numbers, texts without a token), and its texts that
 * quote instants or numbers, compiled.
 */
export interface CompiledRow<Row> {
  fixed: Row;
  moving: Array<[keyof Row, CompiledText]>;
}

export function compileRow<Row extends object>(row: Row): CompiledRow<Row> {
  const fixed = { ...row };
  const moving: Array<[keyof Row, CompiledText]> = [];
  for (const [column, value] of Object.entries(row)) {
    if (typeof value !== "string") continue;
    const text = compileText(value);
    if (typeof text !== "string") moving.push([column as keyof Row, text]);
  }
  return { fixed, moving };
}

/** The row again, its texts moved by `shift` (a copy of the fixed values: one shape for every row of a table). */
export function shiftRow<Row>(compiled: CompiledRow<Row>, shift: StoryShift): Row {
  const row = { ...compiled.fixed };
  for (const [column, text] of compiled.moving) row[column] = shiftText(text, shift) as Row[keyof Row];
  return row;
}
