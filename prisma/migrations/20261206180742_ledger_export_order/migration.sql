-- DropIndex
DROP INDEX "LedgerLine_shop_createdAt_idx";

-- CreateIndex
CREATE INDEX "LedgerLine_shop_createdAt_id_idx" ON "LedgerLine"("shop", "createdAt", "id");
