-- CreateTable
CREATE TABLE "PersonalDataRedaction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RefundedLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "refundId" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusChangedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LedgerLine_attributedOrderId_fkey" FOREIGN KEY ("attributedOrderId") REFERENCES "AttributedOrder" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LedgerLine_affiliateId_fkey" FOREIGN KEY ("affiliateId") REFERENCES "Affiliate" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "LedgerLine_reversalOfId_fkey" FOREIGN KEY ("reversalOfId") REFERENCES "LedgerLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LedgerLine" ("affiliateId", "amount", "amountMinor", "attributedOrderId", "base", "createdAt", "currency", "id", "lineItemIds", "orderId", "reversalKey", "reversalOfId", "rule", "shop", "source", "status", "statusChangedAt", "type") SELECT "affiliateId", "amount", "amountMinor", "attributedOrderId", "base", "createdAt", "currency", "id", "lineItemIds", "orderId", "reversalKey", "reversalOfId", "rule", "shop", "source", "status", "statusChangedAt", "type" FROM "LedgerLine";
DROP TABLE "LedgerLine";
ALTER TABLE "new_LedgerLine" RENAME TO "LedgerLine";
CREATE INDEX "LedgerLine_shop_createdAt_idx" ON "LedgerLine"("shop", "createdAt");
CREATE INDEX "LedgerLine_shop_status_createdAt_idx" ON "LedgerLine"("shop", "status", "createdAt");
CREATE INDEX "LedgerLine_shop_affiliateId_createdAt_idx" ON "LedgerLine"("shop", "affiliateId", "createdAt");
CREATE INDEX "LedgerLine_shop_orderId_idx" ON "LedgerLine"("shop", "orderId");
CREATE UNIQUE INDEX "LedgerLine_reversalOfId_reversalKey_key" ON "LedgerLine"("reversalOfId", "reversalKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "PersonalDataRedaction_shop_subject_key" ON "PersonalDataRedaction"("shop", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "RefundedLine_shop_orderId_refundId_lineItemId_key" ON "RefundedLine"("shop", "orderId", "refundId", "lineItemId");

