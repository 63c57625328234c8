-- CreateIndex
CREATE INDEX "CustomerConnection_shop_expiresAt_idx" ON "CustomerConnection"("shop", "expiresAt");

-- CreateIndex
CREATE INDEX "CustomerConnection_shop_customerName_customerEmail_idx" ON "CustomerConnection"("shop", "customerName", "customerEmail");

-- CreateIndex
CREATE INDEX "CustomerConnection_shop_origin_createdAt_idx" ON "CustomerConnection"("shop", "origin", "createdAt");

-- CreateIndex
CREATE INDEX "ProductConnection_shop_createdAt_idx" ON "ProductConnection"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "ProductConnection_shop_productTitle_idx" ON "ProductConnection"("shop", "productTitle");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_state_attempts_idx" ON "WebhookDelivery"("shop", "state", "attempts");
