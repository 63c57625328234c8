-- An order's lines (its detail screen) by an index that also gives their order: (attributedOrderId, createdAt,
-- id) replaces (attributedOrderId, createdAt), so SQLite never prefers the shop's (shop, createdAt) index.
DROP INDEX "LedgerLine_attributedOrderId_createdAt_idx";
CREATE INDEX "LedgerLine_attributedOrderId_createdAt_id_idx" ON "LedgerLine"("attributedOrderId", "createdAt", "id");

-- An affiliate's latest digest (the digest's start), and their emails when the affiliate is deleted.
CREATE INDEX "AffiliateEmail_affiliateId_kind_digestUntil_idx" ON "AffiliateEmail"("affiliateId", "kind", "digestUntil");
