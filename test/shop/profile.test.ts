// The shop's profile (name, time zone, currency) comes from Shopify's Admin API when the merchant first
// opens the app, and is refreshed a day later; the ledger's figures follow its time zone.
import { beforeEach, describe, expect, it } from "vitest";
import prisma, { sqlite } from "~/db.server";
import { refreshShopProfile } from "~/models/ledger/time-zone.server";
import { getShopProfile, PROFILE_MAX_AGE_MS } from "~/models/shop/profile.server";
import { loader as appLoader } from "~/routes/app";
import { loader as homeLoader } from "~/routes/app._index";
import { loader as commissionsLoader } from "~/routes/app.commissions._index";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createCommission } from "~test/factories";
import { captureConsoleErrors } from "~test/helpers/console";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { TEST_SHOP, adminRequest } from "~test/helpers/shopify";
import { unauthenticated } from "~/shopify.server";

let emulator: ReturnType<typeof createShopifyEmulator>;

function useShop(shop: { name: string; ianaTimezone: string; currencyCode: string }) {
  emulator = createShopifyEmulator({ shop });
  mswServer.resetHandlers(...emulator.handlers);
}

const openApp = async () => appLoader({ request: await adminRequest("/app"), params: {}, context: {} });
const shopifyCalls = () => emulator.store.callsTo("ShopProfile").length;

beforeEach(async () => {
  await resetDatabase();
  useShop({ name: "Northwind Trail Co.", ianaTimezone: "America/Denver", currencyCode: "CAD" });
});

describe("the shop profile", () => {
  it("is fetched from Shopify when the merchant first opens the app, and not again the same day", async () => {
    expect(await getShopProfile(prisma, TEST_SHOP)).toMatchObject({ timeZone: "UTC", refreshedAt: null });
    await openApp();
    expect(await getShopProfile(prisma, TEST_SHOP)).toMatchObject({
      name: "Northwind Trail Co.",
      timeZone: "America/Denver",
      currency: "CAD",
    });
    await openApp();
    expect(shopifyCalls()).toBe(1);
  });

  it("is waited for by the screen that opens first, beside the layout, and fetched once", async () => {
    // Remix runs the layout's loader and the screen's at once: on the very first open both wait for it.
    const args = async (path: string) => ({ request: await adminRequest(path), params: {}, context: {} });
    const [, home, commissions] = await Promise.all([
      openApp(),
      homeLoader(await args("/app")),
      commissionsLoader(await args("/app/commissions")),
    ]);
    expect(home).toMatchObject({ timeZone: "America/Denver", currency: "CAD" });
    expect(commissions).toMatchObject({ timeZone: "America/Denver" });
    expect(shopifyCalls()).toBe(1);
  });

  it("builds the ledger's figures in the shop's days when it is first stored", async () => {
    const alice = await createAffiliate();
    // 03:00 UTC on March 2 is still March 1 in Denver; without a profile it counted on March 2.
    await createCommission(alice, { orderCreatedAt: new Date("2026-03-02T03:00:00Z") });
    expect(
      (await prisma.ledgerDailyTotal.findMany({ where: { shop: TEST_SHOP } })).map((row) => row.day),
    ).toEqual(["2026-03-02"]);
    await openApp();
    expect(
      (await prisma.ledgerDailyTotal.findMany({ where: { shop: TEST_SHOP } })).map((row) => row.day),
    ).toEqual(["2026-03-01"]);
  });

  it("is refreshed a day later, and a new time zone rebuilds the figures", async () => {
    await openApp();
    const alice = await createAffiliate();
    await createCommission(alice, { orderCreatedAt: new Date("2026-03-02T03:00:00Z") });
    useShop({ name: "Northwind Trail Co.", ianaTimezone: "Europe/Berlin", currencyCode: "EUR" });
    const { admin } = await unauthenticated.admin(TEST_SHOP);
    const later = new Date(Date.now() + PROFILE_MAX_AGE_MS + 60_000);
    expect(await refreshShopProfile(prisma, sqlite, admin.graphql, TEST_SHOP, later)).toMatchObject({
      timeZone: "Europe/Berlin",
      currency: "EUR",
    });
    expect(
      (await prisma.ledgerDailyTotal.findMany({ where: { shop: TEST_SHOP } })).map((row) => row.day),
    ).toEqual(["2026-03-02"]);
  });

  it("refreshes a day-old profile in the background when the merchant opens the app", async () => {
    await openApp();
    await prisma.shopProfile.update({
      where: { shop: TEST_SHOP },
      data: { refreshedAt: new Date(Date.now() - PROFILE_MAX_AGE_MS - 60_000) },
    });
    useShop({ name: "Northwind Outfitters", ianaTimezone: "America/Denver", currencyCode: "CAD" });
    await openApp();
    await expect
      .poll(async () => (await getShopProfile(prisma, TEST_SHOP)).name)
      .toBe("Northwind Outfitters");
  });

  it("keeps what it has when Shopify does not answer, and asks again next time", async () => {
    const errors = captureConsoleErrors();
    emulator.store.failNext(1, 503);
    await openApp();
    expect(await getShopProfile(prisma, TEST_SHOP)).toMatchObject({ timeZone: "UTC", refreshedAt: null });
    expect(errors).toHaveBeenCalledWith(
      expect.stringContaining(`Could not refresh the shop profile of ${TEST_SHOP}`),
    );
    await openApp();
    expect(await getShopProfile(prisma, TEST_SHOP)).toMatchObject({ timeZone: "America/Denver" });
  });
});
