-- CreateIndex
CREATE INDEX "LedgerLine_shop_status_affiliateId_currency_idx" ON "LedgerLine"("shop", "status", "affiliateId", "currency");
