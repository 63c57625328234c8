-- The ledger read by the order's date, its maintained daily figures, and the shop's profile.

-- LedgerLine.orderCreatedAt: filled from each line's order.
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LedgerLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "attributedOrderId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "affiliateId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "base" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "lineItemIds" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reversalOfId" TEXT,
    "reversalKey" TEXT,
    "orderCreatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LedgerLine_attributedOrderId_fkey" FOREIGN KEY ("attributedOrderId") REFERENCES "AttributedOrder" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LedgerLine_affiliateId_fkey" FOREIGN KEY ("affiliateId") REFERENCES "Affiliate" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "LedgerLine_reversalOfId_fkey" FOREIGN KEY ("reversalOfId") REFERENCES "LedgerLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LedgerLine" ("id", "shop", "attributedOrderId", "orderId", "affiliateId", "type", "source", "rule", "base", "amount", "amountMinor", "currency", "lineItemIds", "status", "reversalOfId", "reversalKey", "orderCreatedAt", "createdAt", "statusChangedAt")
SELECT "l"."id", "l"."shop", "l"."attributedOrderId", "l"."orderId", "l"."affiliateId", "l"."type", "l"."source", "l"."rule", "l"."base", "l"."amount", "l"."amountMinor", "l"."currency", "l"."lineItemIds", "l"."status", "l"."reversalOfId", "l"."reversalKey", "o"."orderCreatedAt", "l"."createdAt", "l"."statusChangedAt"
FROM "LedgerLine" AS "l" JOIN "AttributedOrder" AS "o" ON "o"."id" = "l"."attributedOrderId";
DROP TABLE "LedgerLine";
ALTER TABLE "new_LedgerLine" RENAME TO "LedgerLine";
CREATE INDEX "LedgerLine_shop_createdAt_idx" ON "LedgerLine"("shop", "createdAt");
CREATE INDEX "LedgerLine_shop_status_createdAt_idx" ON "LedgerLine"("shop", "status", "createdAt");
CREATE INDEX "LedgerLine_shop_affiliateId_createdAt_idx" ON "LedgerLine"("shop", "affiliateId", "createdAt");
CREATE INDEX "LedgerLine_shop_orderId_idx" ON "LedgerLine"("shop", "orderId");
CREATE INDEX "LedgerLine_attributedOrderId_idx" ON "LedgerLine"("attributedOrderId");
CREATE INDEX "LedgerLine_shop_orderCreatedAt_idx" ON "LedgerLine"("shop", "orderCreatedAt");
CREATE INDEX "LedgerLine_shop_affiliateId_orderCreatedAt_idx" ON "LedgerLine"("shop", "affiliateId", "orderCreatedAt");
CREATE UNIQUE INDEX "LedgerLine_reversalOfId_reversalKey_key" ON "LedgerLine"("reversalOfId", "reversalKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- The daily figures start empty: the app builds them from the ledger when it first stores the shop's
-- profile (app/models/ledger/time-zone.server.ts), in the shop's time zone.
CREATE TABLE "LedgerDailyTotal" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "lines" INTEGER NOT NULL,
    "referredOrders" INTEGER NOT NULL,
    "referredSalesMinor" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "day", "currency", "status", "type")
);

CREATE TABLE "AffiliateDailyTotal" (
    "shop" TEXT NOT NULL,
    "affiliateId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "lines" INTEGER NOT NULL,
    "referredOrders" INTEGER NOT NULL,
    "referredSalesMinor" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "affiliateId", "day", "currency", "status", "type")
);
CREATE INDEX "AffiliateDailyTotal_shop_day_idx" ON "AffiliateDailyTotal"("shop", "day");

CREATE TABLE "ShopProfile" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "refreshedAt" DATETIME NOT NULL
);
