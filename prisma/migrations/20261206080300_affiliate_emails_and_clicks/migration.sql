-- CreateTable
CREATE TABLE "AffiliateEmail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "affiliateId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "facts" TEXT NOT NULL,
    "digestUntil" DATETIME,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "AffiliateEmail_affiliateId_fkey" FOREIGN KEY ("affiliateId") REFERENCES "Affiliate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AffiliateClickDay" (
    "shop" TEXT NOT NULL,
    "affiliateId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "clicks" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "affiliateId", "day"),
    CONSTRAINT "AffiliateClickDay_affiliateId_fkey" FOREIGN KEY ("affiliateId") REFERENCES "Affiliate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);


-- CreateIndex
CREATE INDEX "AffiliateEmail_state_nextAttemptAt_idx" ON "AffiliateEmail"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "AffiliateEmail_shop_affiliateId_kind_createdAt_idx" ON "AffiliateEmail"("shop", "affiliateId", "kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "AffiliateEmail_shop_eventKey_key" ON "AffiliateEmail"("shop", "eventKey");

-- CreateIndex
CREATE INDEX "AffiliateClickDay_affiliateId_idx" ON "AffiliateClickDay"("affiliateId");
