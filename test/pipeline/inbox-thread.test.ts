// The main thread's side of the inbox worker thread: it hands the thread the process's write locks and
// its intake load, starts another when one dies (deliveries are safe in the inbox), wakes it (once per
// turn of the event loop, however many deliveries were stored in it), and stops it cleanly.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { InboxThread, INBOX_THREAD_ROLE } from "~/pipeline/inbox-thread.server";
// Loaded with the app, this module creates the spool's write lock, which a thread must receive.
import "~/pipeline/spool.server";

async function waitFor(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it("starts another thread when one dies, wakes it, and stops it", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "inbox-thread-"));
  process.env.INBOX_THREAD_FIXTURE_DIR = dir;
  const logged: string[] = [];
  const thread = new InboxThread(new URL("../fixtures/inbox-thread.mjs", import.meta.url), (line) =>
    logged.push(line),
  );
  thread.start();

  await waitFor(() => existsSync(path.join(dir, "running")));
  expect(readFileSync(path.join(dir, "crashed"), "utf8")).toBe(INBOX_THREAD_ROLE);
  expect(logged.join("\n")).toMatch(/exited \(code 1\); starting another/);
  const running = JSON.parse(readFileSync(path.join(dir, "running"), "utf8"));
  expect(running.locks).toEqual(expect.arrayContaining(["database", "spool"]));
  expect(running.intakeLoad).toBe(true);

  thread.notify();
  thread.notify();
  thread.notify();
  await new Promise((resolve) => setImmediate(resolve));
  thread.notify();
  await new Promise((resolve) => setImmediate(resolve));
  await thread.stop();
  expect(readFileSync(path.join(dir, "stopped"), "utf8")).toBe("2");
});
