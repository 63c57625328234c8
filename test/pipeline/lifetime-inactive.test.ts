// Rule 7 with a connection to an affiliate that was deactivated: the engine ignores that connection
// (rule 0) and asks for a new one, and the pipeline must replace it rather than keep the dead one.
import { beforeEach, expect, it } from "vitest";
import prisma from "~/db.server";
import { DEFAULT_PROGRAM, saveProgramSettings } from "~/models/program/program.server";
import { createShopifyEmulator } from "~root/emulator/index.mjs";
import { createAffiliate, createConnection } from "~test/factories";
import { resetDatabase } from "~test/helpers/db";
import { mswServer } from "~test/helpers/msw";
import { orderPayload } from "~test/helpers/orders";
import { deliver, drain } from "~test/helpers/pipeline";
import { TEST_SHOP, installShop } from "~test/helpers/shopify";

beforeEach(async () => {
  await resetDatabase();
  const emulator = createShopifyEmulator({ customers: [{ id: "7001", email: "carol@example.com" }] });
  mswServer.resetHandlers(...emulator.handlers);
  await installShop(TEST_SHOP);
  await saveProgramSettings(prisma, TEST_SHOP, {
    program: { ...DEFAULT_PROGRAM, lifetime: { enabled: true, expiresAfterDays: 365 } },
    autoApproveDays: null,
    creditTestOrders: false,
    cookieWindowDays: 30,
  });
});

it("replaces a lifetime connection to an inactive affiliate with the referrer's", async () => {
  const alice = await createAffiliate({ refCode: "alice", email: "alice@example.com" });
  const eve = await createAffiliate({ refCode: "eve", email: "eve@example.com", active: false });
  await createConnection(eve, { customerId: "7001", expiresAt: null });
  await deliver({
    topic: "orders/create",
    body: orderPayload({
      id: 1,
      customer: { id: 7001, email: "carol@example.com" },
      landingSite: "/?ref=alice",
    }),
  });
  await drain();
  const line = await prisma.ledgerLine.findFirstOrThrow({ where: { shop: TEST_SHOP } });
  expect(line).toMatchObject({ affiliateId: alice.id, source: "link" });
  const connection = await prisma.customerConnection.findUniqueOrThrow({
    where: { shop_customerId: { shop: TEST_SHOP, customerId: "7001" } },
  });
  expect(connection).toMatchObject({ affiliateId: alice.id, origin: "referred_order", orderId: "1" });
});
