-- DropIndex
DROP INDEX "LedgerLine_attributedOrderId_idx";

-- CreateIndex
CREATE INDEX "AttributedOrder_referrer_customer_idx" ON "AttributedOrder"("shop", "referrerAffiliateId", "customerId", "orderCreatedAt");

-- CreateIndex
CREATE INDEX "LedgerLine_attributedOrderId_createdAt_idx" ON "LedgerLine"("attributedOrderId", "createdAt");
