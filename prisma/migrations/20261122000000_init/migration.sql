-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "ProgramSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "program" TEXT NOT NULL,
    "autoApproveDays" INTEGER,
    "creditTestOrders" BOOLEAN NOT NULL DEFAULT false,
    "cookieWindowDays" INTEGER NOT NULL DEFAULT 30,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Affiliate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "refCode" TEXT NOT NULL,
    "refCodeKey" TEXT NOT NULL,
    "customerId" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "rateKind" TEXT,
    "rateValue" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Coupon" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "codeKey" TEXT NOT NULL,
    "affiliateId" TEXT NOT NULL,
    "shopifyDiscountId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Coupon_affiliateId_fkey" FOREIGN KEY ("affiliateId") REFERENCES "Affiliate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CustomerConnection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "customerEmail" TEXT,
    "customerName" TEXT,
    "affiliateId" TEXT NOT NULL,
    "expiresAt" DATETIME,
    "origin" TEXT NOT NULL,
    "orderId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CustomerConnection_affiliateId_fkey" FOREIGN KEY ("affiliateId") REFERENCES "Affiliate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProductConnection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "productTitle" TEXT,
    "affiliateId" TEXT NOT NULL,
    "rateKind" TEXT,
    "rateValue" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProductConnection_affiliateId_fkey" FOREIGN KEY ("affiliateId") REFERENCES "Affiliate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AttributedOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderName" TEXT,
    "customerId" TEXT,
    "customerEmail" TEXT,
    "currency" TEXT NOT NULL,
    "orderCreatedAt" DATETIME NOT NULL,
    "referrerAffiliateId" TEXT,
    "referrerSource" TEXT,
    "hasSellingPlan" BOOLEAN NOT NULL DEFAULT false,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "input" TEXT NOT NULL,
    "trace" TEXT NOT NULL,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LedgerLine" (
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
    CONSTRAINT "LedgerLine_affiliateId_fkey" FOREIGN KEY ("affiliateId") REFERENCES "Affiliate" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LedgerLine_reversalOfId_fkey" FOREIGN KEY ("reversalOfId") REFERENCES "LedgerLine" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT,
    "apiVersion" TEXT,
    "orderId" TEXT,
    "payload" BLOB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE INDEX "Affiliate_shop_createdAt_idx" ON "Affiliate"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Affiliate_shop_name_idx" ON "Affiliate"("shop", "name");

-- CreateIndex
CREATE INDEX "Affiliate_shop_email_idx" ON "Affiliate"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Affiliate_shop_refCodeKey_key" ON "Affiliate"("shop", "refCodeKey");

-- CreateIndex
CREATE INDEX "Coupon_shop_affiliateId_idx" ON "Coupon"("shop", "affiliateId");

-- CreateIndex
CREATE INDEX "Coupon_shop_createdAt_idx" ON "Coupon"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Coupon_shop_codeKey_key" ON "Coupon"("shop", "codeKey");

-- CreateIndex
CREATE INDEX "CustomerConnection_shop_affiliateId_idx" ON "CustomerConnection"("shop", "affiliateId");

-- CreateIndex
CREATE INDEX "CustomerConnection_shop_createdAt_idx" ON "CustomerConnection"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerConnection_shop_customerId_key" ON "CustomerConnection"("shop", "customerId");

-- CreateIndex
CREATE INDEX "ProductConnection_shop_productId_createdAt_idx" ON "ProductConnection"("shop", "productId", "createdAt");

-- CreateIndex
CREATE INDEX "ProductConnection_shop_affiliateId_idx" ON "ProductConnection"("shop", "affiliateId");

-- CreateIndex
CREATE UNIQUE INDEX "ProductConnection_shop_productId_affiliateId_key" ON "ProductConnection"("shop", "productId", "affiliateId");

-- CreateIndex
CREATE INDEX "AttributedOrder_shop_orderCreatedAt_idx" ON "AttributedOrder"("shop", "orderCreatedAt");

-- CreateIndex
CREATE INDEX "AttributedOrder_shop_customerId_orderCreatedAt_idx" ON "AttributedOrder"("shop", "customerId", "orderCreatedAt");

-- CreateIndex
CREATE INDEX "AttributedOrder_shop_referrerAffiliateId_orderCreatedAt_idx" ON "AttributedOrder"("shop", "referrerAffiliateId", "orderCreatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AttributedOrder_shop_orderId_key" ON "AttributedOrder"("shop", "orderId");

-- CreateIndex
CREATE INDEX "LedgerLine_shop_createdAt_idx" ON "LedgerLine"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerLine_shop_status_createdAt_idx" ON "LedgerLine"("shop", "status", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerLine_shop_affiliateId_createdAt_idx" ON "LedgerLine"("shop", "affiliateId", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerLine_shop_orderId_idx" ON "LedgerLine"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerLine_reversalOfId_reversalKey_key" ON "LedgerLine"("reversalOfId", "reversalKey");

-- CreateIndex
CREATE INDEX "WebhookDelivery_state_nextAttemptAt_idx" ON "WebhookDelivery"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_state_receivedAt_idx" ON "WebhookDelivery"("shop", "state", "receivedAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_orderId_idx" ON "WebhookDelivery"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_shop_webhookId_key" ON "WebhookDelivery"("shop", "webhookId");

