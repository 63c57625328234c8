import { expect, it } from "vitest";
import { LogSeverity } from "@shopify/shopify-app-remix/server";
import { shopifyLogLevel } from "~/shopify.server";
import { captureConsoleErrors } from "~test/helpers/console";

it("reads SHOPIFY_LOG_LEVEL, info when unset", () => {
  expect(shopifyLogLevel(undefined)).toBe(LogSeverity.Info);
  expect(shopifyLogLevel("")).toBe(LogSeverity.Info);
  expect(shopifyLogLevel("error")).toBe(LogSeverity.Error);
  expect(shopifyLogLevel("warning")).toBe(LogSeverity.Warning);
  expect(shopifyLogLevel(" Debug ")).toBe(LogSeverity.Debug);
});

it("says so when the level is misspelt, and logs at info", () => {
  const errors = captureConsoleErrors();
  expect(shopifyLogLevel("verbose")).toBe(LogSeverity.Info);
  expect(errors.mock.calls).toEqual([
    ["SHOPIFY_LOG_LEVEL=verbose is not one of error, warning, info, debug: logging at info."],
  ]);
});
