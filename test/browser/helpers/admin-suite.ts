// One set-up for a browser suite on the embedded admin: the production build started with a fresh database,
// the shop installed, the suite's own data seeded, Chromium launched; on a failed test a screenshot and the
// server's last lines; everything stopped at the end. Call it inside `describe`: it registers the hooks.
import { afterAll, afterEach, beforeAll } from "vitest";
import type { Page } from "playwright-core";
import type { PrismaClient } from "@prisma/client";
import {
  ensureBuild,
  hostParam,
  installShop,
  startAppServer,
  type AppServer,
  type StartOptions,
} from "./app-server";
import { launchBrowser, screenshot, type Browser } from "./browser";

export interface AdminSuiteOptions<Seeded> extends StartOptions {
  /** Names the failure screenshots: artifacts/screenshots/failed-<name>-<test>.png. */
  name: string;
  shop: string;
  /**
   * What the server needs running before it starts (a mail server, say): started first, its `env` added to
   * the server's, stopped after the server.
   */
  services?: () => Promise<{ env: Record<string, string>; stop(): Promise<void> }>;
  /** The suite's own data, written after the shop is installed and before the browser starts. */
  seed?: (db: PrismaClient) => Promise<Seeded>;
  /** More to print when a test fails (the server's last lines are always printed). */
  onFailure?: (server: AppServer) => Promise<void>;
}

export interface AdminSuite<Seeded> {
  server: AppServer;
  browser: Browser;
  page: Page;
  seeded: Seeded;
}

export interface AdminSuiteHandle<Seeded> {
  /** The running suite; only valid inside tests and hooks registered after this call. */
  current(): AdminSuite<Seeded>;
  /** Opens an admin path as the Shopify admin would (embedded, through the session-token bounce) and waits
   * until `waitFor` is shown. */
  open(path: string, waitFor: string): Promise<void>;
}

export function adminBrowserSuite<Seeded = undefined>(
  options: AdminSuiteOptions<Seeded>,
): AdminSuiteHandle<Seeded> {
  let running: AdminSuite<Seeded> | undefined;
  let server: AppServer | undefined;
  let browser: Browser | undefined;
  let services: { stop(): Promise<void> } | undefined;

  const current = () => {
    if (!running) throw new Error(`The ${options.name} browser suite has not started`);
    return running;
  };

  beforeAll(async () => {
    ensureBuild();
    const started = await options.services?.();
    services = started;
    server = await startAppServer({
      storeFile: options.storeFile,
      env: { ...options.env, ...started?.env },
    });
    await installShop(server.db, options.shop);
    const seeded = (await options.seed?.(server.db)) as Seeded;
    browser = await launchBrowser();
    browser.page.on("pageerror", (error) => console.error(`[browser] ${error.message}`));
    running = { server, browser, page: browser.page, seeded };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await services?.stop();
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== "fail" || !running) return;
    const testName = context.task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 50);
    await screenshot(running.page, `failed-${options.name}-${testName}`);
    console.log(running.server.logTail(60));
    await options.onFailure?.(running.server);
  });

  return {
    current,
    async open(path, waitFor) {
      const { server, page } = current();
      const separator = path.includes("?") ? "&" : "?";
      await page.goto(
        `${server.url}${path}${separator}shop=${options.shop}&host=${hostParam(options.shop)}&embedded=1`,
      );
      await page.waitForURL(/id_token=/);
      await page.getByText(waitFor, { exact: true }).first().waitFor();
    },
  };
}
