// What the server logs about requests, safely: no value longer than a line should be, no control
// characters (a header can carry a forged line break), no query values (they carry session tokens and
// what merchants type into searches), and refused requests counted without flooding the log.

/** Longest value a log line carries; the rest is cut, and said so. */
export const LOG_VALUE_MAX = 200;

/** A value as a log line may show it: control characters replaced, cut to `max` characters. */
export function loggable(value: unknown, max = LOG_VALUE_MAX): string {
  // eslint-disable-next-line no-control-regex
  const text = String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?");
  return text.length > max ? `${text.slice(0, max)}…(${text.length - max} more)` : text;
}

/**
 * A request URL as the log shows it: its path, and the names of its query parameters without their
 * values (`/app/connections/customer-search?q=…`). The values are `id_token`s, `hmac`s and search terms.
 */
export function loggableUrl(url: string): string {
  const query = url.indexOf("?");
  if (query < 0) return loggable(url);
  const names = [...new Set(new URLSearchParams(url.slice(query + 1)).keys())];
  return loggable(`${url.slice(0, query)}?${names.map((name) => `${name}=…`).join("&")}`);
}

const WINDOW_MS = 60_000;

/**
 * Requests the server refused (forged signatures, bodies or headers too large, malformed requests): each
 * one counted by its reason and logged on a line of its own, up to `linesPerMinute` lines a minute. Past
 * that they are only counted, and one line says how many went unlogged when the minute is over.
 */
export class RefusalLog {
  private readonly counts = new Map<string, number>();
  private windowStarted = -Infinity;
  private linesInWindow = 0;
  private unlogged = 0;
  private summary: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly write: (line: string) => void = (line) => console.warn(line),
    private readonly linesPerMinute = 60,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one refusal; `details` are the request's own words (method, path, shop), made loggable here. */
  record(reason: string, details: string): void {
    const count = (this.counts.get(reason) ?? 0) + 1;
    this.counts.set(reason, count);
    const now = this.now();
    if (now - this.windowStarted >= WINDOW_MS) {
      this.flushUnlogged();
      this.windowStarted = now;
      this.linesInWindow = 0;
    }
    if (this.linesInWindow >= this.linesPerMinute) {
      this.unlogged += 1;
      this.summary ??= setTimeout(() => this.flushUnlogged(), this.windowStarted + WINDOW_MS - now);
      this.summary.unref?.();
      return;
    }
    this.linesInWindow += 1;
    this.write(`Refused ${reason} (${count} since start): ${loggable(details, 2 * LOG_VALUE_MAX)}`);
  }

  /** How many requests were refused for each reason since start. */
  totals(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  private flushUnlogged(): void {
    if (this.summary) clearTimeout(this.summary);
    this.summary = null;
    if (this.unlogged === 0) return;
    this.write(`Refused ${this.unlogged} more requests in the last minute without a line each`);
    this.unlogged = 0;
  }
}
