import { onTestFinished, vi } from "vitest";

/**
 * For a test that provokes an error the app logs on purpose: console.error prints nothing for the rest of
 * the test, and the returned spy holds what it was called with, so the test can assert on it.
 */
export function captureConsoleErrors() {
  const spy = vi.spyOn(console, "error").mockImplementation(() => {});
  onTestFinished(() => spy.mockRestore());
  return spy;
}
