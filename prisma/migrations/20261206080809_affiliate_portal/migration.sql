-- AlterTable
ALTER TABLE "Affiliate" ADD COLUMN "applicationStatus" TEXT NOT NULL DEFAULT 'approved';
ALTER TABLE "Affiliate" ADD COLUMN "appliedAt" DATETIME;
ALTER TABLE "Affiliate" ADD COLUMN "promotion" TEXT;
ALTER TABLE "Affiliate" ADD COLUMN "payoutEmail" TEXT;
ALTER TABLE "Affiliate" ADD COLUMN "termsAcceptedAt" DATETIME;
ALTER TABLE "Affiliate" ADD COLUMN "declineReason" TEXT;
ALTER TABLE "Affiliate" ADD COLUMN "decidedAt" DATETIME;

-- CreateTable
CREATE TABLE "PortalSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "signUpOpen" BOOLEAN NOT NULL DEFAULT false,
    "autoApprove" BOOLEAN NOT NULL DEFAULT false,
    "terms" TEXT NOT NULL DEFAULT '',
    "welcomeMessage" TEXT NOT NULL DEFAULT '',
    "showCustomerEmails" BOOLEAN NOT NULL DEFAULT false,
    "proxyPathPrefix" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Affiliate_shop_customerId_key" ON "Affiliate"("shop", "customerId");

-- CreateIndex
CREATE INDEX "Affiliate_shop_applicationStatus_createdAt_idx" ON "Affiliate"("shop", "applicationStatus", "createdAt");
