-- CreateTable
CREATE TABLE "PayoutSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "holdingDays" INTEGER NOT NULL DEFAULT 30,
    "holdingFrom" TEXT NOT NULL DEFAULT 'approval',
    "minimums" TEXT NOT NULL DEFAULT '{}',
    "methods" TEXT NOT NULL DEFAULT 'manual,paypal,store_credit',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PayoutBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Payout" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "batchId" TEXT,
    "affiliateId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "recipient" TEXT,
    "reference" TEXT,
    "note" TEXT,
    "createdBy" TEXT NOT NULL,
    "attemptedAt" DATETIME,
    "sentAt" DATETIME,
    "paidAt" DATETIME,
    "closedAt" DATETIME,
    "failureReason" TEXT,
    "releasedLines" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Payout_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "PayoutBatch" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Payout_affiliateId_fkey" FOREIGN KEY ("affiliateId") REFERENCES "Affiliate" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PayoutLine" (
    "ledgerLineId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "payoutId" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    CONSTRAINT "PayoutLine_ledgerLineId_fkey" FOREIGN KEY ("ledgerLineId") REFERENCES "LedgerLine" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PayoutLine_payoutId_fkey" FOREIGN KEY ("payoutId") REFERENCES "Payout" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PayoutBatch_shop_createdAt_idx" ON "PayoutBatch"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutBatch_shop_number_key" ON "PayoutBatch"("shop", "number");

-- CreateIndex
CREATE INDEX "Payout_shop_status_createdAt_idx" ON "Payout"("shop", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Payout_shop_affiliateId_createdAt_idx" ON "Payout"("shop", "affiliateId", "createdAt");

-- CreateIndex
CREATE INDEX "Payout_batchId_idx" ON "Payout"("batchId");

-- CreateIndex
CREATE UNIQUE INDEX "Payout_shop_number_key" ON "Payout"("shop", "number");

-- CreateIndex
CREATE INDEX "PayoutLine_payoutId_idx" ON "PayoutLine"("payoutId");

-- CreateIndex
CREATE INDEX "PayoutLine_shop_idx" ON "PayoutLine"("shop");

