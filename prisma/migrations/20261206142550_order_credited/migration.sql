-- An attributed order is credited once it has a commission line (from the pipeline or a credit by hand):
-- a stored flag, so that the Orders view's "not credited" filter reads one index instead of probing the
-- ledger for every order.
ALTER TABLE "AttributedOrder" ADD COLUMN "credited" BOOLEAN NOT NULL DEFAULT false;

UPDATE "AttributedOrder" SET "credited" = true
WHERE EXISTS (
  SELECT 1 FROM "LedgerLine"
  WHERE "LedgerLine"."attributedOrderId" = "AttributedOrder"."id" AND "LedgerLine"."type" = 'commission'
);

CREATE INDEX "AttributedOrder_shop_credited_orderCreatedAt_idx" ON "AttributedOrder"("shop", "credited", "orderCreatedAt");
