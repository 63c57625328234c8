import { describe, expect, it } from "vitest";
import { loggable, loggableUrl, LOG_VALUE_MAX, RefusalLog } from "./request-log.server";

describe("loggable values", () => {
  it("cuts long values, says so, and replaces line breaks and other control characters", () => {
    expect(loggable("x".repeat(5_000))).toBe(`${"x".repeat(LOG_VALUE_MAX)}…(${5_000 - LOG_VALUE_MAX} more)`);
    expect(loggable("shop.myshopify.com\r\nRefused nothing\u0000")).toBe(
      "shop.myshopify.com??Refused nothing?",
    );
  });

  it("keeps a URL's path and the names of its parameters, never their values", () => {
    expect(loggableUrl("/app/connections/customer-search?q=carol%40example.com&id_token=eyJ.x.y&q=2")).toBe(
      "/app/connections/customer-search?q=…&id_token=…",
    );
    expect(loggableUrl("/app")).toBe("/app");
    expect(loggableUrl(`/app?${"k".repeat(20_000)}=1`).length).toBeLessThan(LOG_VALUE_MAX + 30);
  });
});

describe("the refusal log", () => {
  it("writes a line per refusal with its count, up to the lines a minute, then one line for the rest", () => {
    const lines: string[] = [];
    let now = 0;
    const log = new RefusalLog(
      (line) => lines.push(line),
      3,
      () => now,
    );
    for (let i = 0; i < 10; i++) log.record("webhook 401 Unauthorized", `POST /webhooks/orders/create #${i}`);
    expect(lines).toEqual([
      "Refused webhook 401 Unauthorized (1 since start): POST /webhooks/orders/create #0",
      "Refused webhook 401 Unauthorized (2 since start): POST /webhooks/orders/create #1",
      "Refused webhook 401 Unauthorized (3 since start): POST /webhooks/orders/create #2",
    ]);
    now += 60_000;
    log.record("413 body too large", "POST /auth/login");
    expect(lines.slice(3)).toEqual([
      "Refused 7 more requests in the last minute without a line each",
      "Refused 413 body too large (1 since start): POST /auth/login",
    ]);
    expect(log.totals()).toEqual({ "webhook 401 Unauthorized": 10, "413 body too large": 1 });
  });

  it("never writes an unbounded or multi-line detail", () => {
    const lines: string[] = [];
    new RefusalLog((line) => lines.push(line)).record("400", `shop ${"a".repeat(100_000)}\nInjected`);
    expect(lines).toHaveLength(1);
    expect(lines[0].length).toBeLessThan(4 * LOG_VALUE_MAX);
    expect(lines[0]).not.toContain("\n");
  });
});
