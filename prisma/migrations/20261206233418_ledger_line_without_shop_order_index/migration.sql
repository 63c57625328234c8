-- LedgerLine(shop, orderId) served only the Deliveries screen's Retry count, now read by the order (decision 0009).
DROP INDEX "LedgerLine_shop_orderId_idx";
