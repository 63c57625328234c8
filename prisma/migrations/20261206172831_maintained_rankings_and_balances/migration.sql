-- CreateTable
CREATE TABLE "AffiliateSales" (
    "shop" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "affiliateId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "referredSalesMinor" INTEGER NOT NULL,
    "referredOrders" INTEGER NOT NULL,
    "amountMinor" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "grain", "period", "affiliateId", "currency")
);

-- CreateTable
CREATE TABLE "AffiliateStatusTotal" (
    "shop" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "affiliateId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "lines" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "status", "affiliateId", "currency")
);

-- CreateIndex
CREATE INDEX "AffiliateSales_covering_idx" ON "AffiliateSales"("shop", "grain", "period", "affiliateId", "currency", "referredSalesMinor", "referredOrders", "amountMinor");

-- CreateIndex
CREATE INDEX "LedgerLine_shop_status_statusChangedAt_idx" ON "LedgerLine"("shop", "status", "statusChangedAt");

-- CreateIndex
CREATE INDEX "LedgerLine_shop_status_orderCreatedAt_idx" ON "LedgerLine"("shop", "status", "orderCreatedAt");


-- The new figures from what is stored (a database migrated across this change keeps its history): the
-- ranking figures from the daily figures (every status but denied), the status totals from the ledger.
INSERT INTO "AffiliateSales" ("shop", "grain", "period", "affiliateId", "currency", "referredSalesMinor", "referredOrders", "amountMinor")
SELECT "shop", 'day', "day", "affiliateId", "currency", SUM("referredSalesMinor"), SUM("referredOrders"), SUM("amountMinor")
FROM "AffiliateDailyTotal" WHERE "status" <> 'denied'
GROUP BY "shop", "day", "affiliateId", "currency";

INSERT INTO "AffiliateSales" ("shop", "grain", "period", "affiliateId", "currency", "referredSalesMinor", "referredOrders", "amountMinor")
SELECT "shop", 'month', SUBSTR("day", 1, 7), "affiliateId", "currency", SUM("referredSalesMinor"), SUM("referredOrders"), SUM("amountMinor")
FROM "AffiliateDailyTotal" WHERE "status" <> 'denied'
GROUP BY "shop", SUBSTR("day", 1, 7), "affiliateId", "currency";

INSERT INTO "AffiliateSales" ("shop", "grain", "period", "affiliateId", "currency", "referredSalesMinor", "referredOrders", "amountMinor")
SELECT "shop", 'year', SUBSTR("day", 1, 4), "affiliateId", "currency", SUM("referredSalesMinor"), SUM("referredOrders"), SUM("amountMinor")
FROM "AffiliateDailyTotal" WHERE "status" <> 'denied'
GROUP BY "shop", SUBSTR("day", 1, 4), "affiliateId", "currency";

INSERT INTO "AffiliateStatusTotal" ("shop", "status", "affiliateId", "currency", "amountMinor", "lines")
SELECT "shop", "status", "affiliateId", "currency", SUM("amountMinor"), COUNT(*)
FROM "LedgerLine"
GROUP BY "shop", "status", "affiliateId", "currency";
