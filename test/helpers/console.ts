import { onTestFinished, vi } from "vitest";

/**
 * For a test that provokes an error the app logs on purpose: console.error prints nothing for the rest of
 * the test, and the returned spy holds what it was called with, so the test can assert on it.
 */
export function captureConsoleErrors() {
  return captureConsole("error");
}

/** The same for console.warn: what the app logs when Shopify does not answer and the merchant may retry. */
export function captureConsoleWarnings() {
  return captureConsole("warn");
}

function captureConsole(method: "error" | "warn") {
  const spy = vi.spyOn(console, method).mockImplementation(() => {});
  onTestFinished(() => spy.mockRestore());
  return spy;
}
