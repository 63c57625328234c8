/**
 * JSON that keeps Shopify's ids exact.
 *
 * Shopify sends ids as JSON numbers, and its own example payloads and test notifications use 18-digit ids
 * (820982911946154508), beyond the 2^53 a JavaScript number holds exactly: `JSON.parse` reads that one as
 * 820982911946154500. `parseJsonExact` reads such an integer as its digits instead (a string, or whatever
 * `bigInteger` makes of them); every other value is what `JSON.parse` gives.
 */

export interface ParseJsonOptions {
  /** What an integer beyond Number.MAX_SAFE_INTEGER becomes; its digits (a string) by default. */
  bigInteger?: (digits: string) => unknown;
  /** When given, receives the source span [start, end) of every object and array read. */
  spans?: WeakMap<object, [number, number]>;
}

/** A JSON syntax error, with the offset in the text where reading failed. */
export class JsonSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = "JsonSyntaxError";
  }
}

/** Integers of 16 digits or more may be unsafe; text without such a run is read by JSON.parse itself. */
const LONG_DIGIT_RUN = /\d{16}/;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings: this finds them.
const CONTROL_CHARACTER = /[\u0000-\u001f]/;

export function parseJsonExact(text: string, options: ParseJsonOptions = {}): unknown {
  if (options.spans || LONG_DIGIT_RUN.test(text)) return new ExactReader(text, options).document();
  try {
    return JSON.parse(text);
  } catch (error) {
    // Read again for an error that says where; JSON.parse's own stands should the reader disagree.
    new ExactReader(text, options).document();
    throw error;
  }
}

class ExactReader {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly options: ParseJsonOptions,
  ) {}

  document(): unknown {
    const value = this.value();
    this.space();
    if (this.at < this.text.length) this.fail("Unexpected text after the JSON value");
    return value;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(message, this.at);
  }

  private space(): void {
    const { text } = this;
    for (;;) {
      const code = text.charCodeAt(this.at);
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) this.at++;
      else return;
    }
  }

  private expect(char: string): void {
    this.space();
    if (this.text[this.at] !== char) this.fail(`Expected '${char}'`);
    this.at++;
  }

  private value(): unknown {
    this.space();
    const start = this.at;
    switch (this.text[this.at]) {
      case "{":
        return this.spanned(this.object(), start);
      case "[":
        return this.spanned(this.array(), start);
      case '"':
        return this.string();
      case "t":
        return this.literal("true", true);
      case "f":
        return this.literal("false", false);
      case "n":
        return this.literal("null", null);
      default:
        return this.number();
    }
  }

  private spanned<T extends object>(value: T, start: number): T {
    this.options.spans?.set(value, [start, this.at]);
    return value;
  }

  private object(): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    this.at++;
    this.space();
    if (this.text[this.at] === "}") {
      this.at++;
      return object;
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail("Expected a property name");
      const key = this.string();
      this.expect(":");
      const value = this.value();
      // As JSON.parse does: "__proto__" is an ordinary property, never the prototype.
      if (key === "__proto__")
        Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      else object[key] = value;
      this.space();
      const next = this.text[this.at++];
      if (next === "}") return object;
      if (next !== ",") {
        this.at--;
        this.fail("Expected ',' or '}' after a property value");
      }
    }
  }

  private array(): unknown[] {
    const array: unknown[] = [];
    this.at++;
    this.space();
    if (this.text[this.at] === "]") {
      this.at++;
      return array;
    }
    for (;;) {
      array.push(this.value());
      this.space();
      const next = this.text[this.at++];
      if (next === "]") return array;
      if (next !== ",") {
        this.at--;
        this.fail("Expected ',' or ']' after an array element");
      }
    }
  }

  private string(): string {
    const { text } = this;
    const start = ++this.at;
    let escaped = false;
    for (;;) {
      const code = text.charCodeAt(this.at);
      if (Number.isNaN(code)) this.fail("Unterminated string");
      if (code === 0x22) break;
      if (code === 0x5c) {
        escaped = true;
        this.at += 2;
      } else this.at++;
    }
    const raw = text.slice(start, this.at);
    this.at++;
    if (!escaped) {
      const control = raw.search(CONTROL_CHARACTER);
      if (control >= 0) {
        this.at = start + control;
        this.fail("Bad control character in string");
      }
      return raw;
    }
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      this.at = start;
      return this.fail("Bad escape in string");
    }
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.at)) this.fail("Unexpected token");
    this.at += word.length;
    return value;
  }

  private number(): unknown {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail(this.at < this.text.length ? "Unexpected token" : "Unexpected end of JSON");
    this.at = NUMBER.lastIndex;
    const [digits, fraction, exponent] = match;
    const number = Number(digits);
    if (fraction === undefined && exponent === undefined && !Number.isSafeInteger(number)) {
      return this.options.bigInteger ? this.options.bigInteger(digits) : digits;
    }
    return number;
  }
}

/**
 * JSON text of a value, with `bigint`s written as the integers they are (what `parseJsonExact` reads back
 * with `bigInteger: BigInt`). Otherwise as JSON.stringify: `undefined` properties and functions left out.
 */
export function stringifyJsonExact(value: unknown, indent = ""): string {
  return write(value, indent, "") ?? "null";
}

function write(value: unknown, indent: string, depth: string): string | undefined {
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") {
    return typeof value === "function" || typeof value === "symbol" ? undefined : JSON.stringify(value);
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === "function")
    return write((value as { toJSON: () => unknown }).toJSON(), indent, depth);
  const inner = depth + indent;
  const open = indent ? `\n${inner}` : "";
  const close = indent ? `\n${depth}` : "";
  const separator = indent ? `,\n${inner}` : ",";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((item) => write(item, indent, inner) ?? "null");
    return `[${open}${items.join(separator)}${close}]`;
  }
  const entries = Object.entries(value).flatMap(([key, item]) => {
    const written = write(item, indent, inner);
    return written === undefined ? [] : [`${JSON.stringify(key)}:${indent ? " " : ""}${written}`];
  });
  return entries.length === 0 ? "{}" : `{${open}${entries.join(separator)}${close}}`;
}
