// Debian's Chromium driven by playwright-core, on a new empty profile.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { ROOT } from "./app-server";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOTS = path.join(ROOT, "artifacts/screenshots");

const USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run \`sh scripts/install-browser.sh\` (as root) first`);
  }
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  assertChromium();
  const profile = mkdtempSync(path.join(tmpdir(), "affiliate-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    // authenticate.admin answers bots (HeadlessChrome's user agent) with 410 Gone: look like a browser.
    userAgent: USER_AGENT,
    permissions: ["clipboard-read", "clipboard-write"],
  });
  // Nothing outside loopback is reachable here: fail CDN requests (fonts) at once instead of waiting.
  await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.abort());
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot to artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  // Let transitions (toasts, popovers) settle.
  await page.waitForTimeout(250);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The width of the admin's desktop photographs: a common laptop screen. */
export const DESKTOP_WIDTH = 1440;

/**
 * A screenshot of the whole page at DESKTOP_WIDTH, in a window as tall as the page (sticky footers stay at
 * the bottom); the window is then back at the browser's size.
 */
export async function wholePageScreenshot(page: Page, name: string): Promise<string> {
  await page.setViewportSize({ width: DESKTOP_WIDTH, height: 900 });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: DESKTOP_WIDTH, height: Math.max(900, height) });
  try {
    return await screenshot(page, name);
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
}
