-- Coupon usage: the code that credited each line, and each code's maintained figures.
ALTER TABLE "LedgerLine" ADD COLUMN "couponCodeKey" TEXT;

CREATE TABLE "CouponTotal" (
    "shop" TEXT NOT NULL,
    "codeKey" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "usedOrders" INTEGER NOT NULL,
    "creditedOrders" INTEGER NOT NULL,
    "referredSalesMinor" INTEGER NOT NULL,
    "commissionMinor" INTEGER NOT NULL,

    PRIMARY KEY ("shop", "codeKey", "currency")
);

-- The lines already recorded through a coupon: the engine credits the first of the order's codes that is
-- a coupon of an active affiliate, so the code is the first of the order's codes whose coupon, in the
-- input the engine was run on, belongs to the line's affiliate. Reversals share their commission's order
-- and affiliate.
UPDATE "LedgerLine" SET "couponCodeKey" = (
    SELECT lower(trim("code"."value"))
    FROM "AttributedOrder" AS "o", json_each("o"."input", '$.order.discountCodes') AS "code",
         json_each("o"."input", '$.coupons') AS "coupon"
    WHERE "o"."id" = "LedgerLine"."attributedOrderId"
      AND lower(trim(json_extract("coupon"."value", '$.code'))) = lower(trim("code"."value"))
      AND json_extract("coupon"."value", '$.affiliateId') = "LedgerLine"."affiliateId"
    ORDER BY "code"."key"
    LIMIT 1
)
WHERE "source" = 'coupon';

-- Each code's figures from what is recorded: the orders that used it, then the lines credited through it.
INSERT INTO "CouponTotal" ("shop", "codeKey", "currency", "usedOrders", "creditedOrders", "referredSalesMinor", "commissionMinor")
SELECT "shop", "codeKey", "currency", COUNT(*), 0, 0, 0
FROM (
    SELECT DISTINCT "o"."shop" AS "shop", "o"."id" AS "orderId", lower(trim("code"."value")) AS "codeKey", "o"."currency" AS "currency"
    FROM "AttributedOrder" AS "o", json_each("o"."input", '$.order.discountCodes') AS "code"
)
GROUP BY "shop", "codeKey", "currency";

-- Then what was credited through each code (denied lines count for nothing), in minor units: the bases
-- are exact decimals of at most the currency's digits (0 for JPY and its like, 3 for KWD and its like).
INSERT INTO "CouponTotal" ("shop", "codeKey", "currency", "usedOrders", "creditedOrders", "referredSalesMinor", "commissionMinor")
SELECT "shop", "couponCodeKey", "currency", 0,
       SUM(CASE WHEN "type" = 'commission' THEN 1 ELSE 0 END),
       SUM(CAST(round(CAST("base" AS REAL) * (CASE
           WHEN "currency" IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF') THEN 1
           WHEN "currency" IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND') THEN 1000
           ELSE 100 END)) AS INTEGER)),
       SUM("amountMinor")
FROM "LedgerLine"
WHERE "couponCodeKey" IS NOT NULL AND "status" <> 'denied'
GROUP BY "shop", "couponCodeKey", "currency"
ON CONFLICT ("shop", "codeKey", "currency") DO UPDATE SET
    "creditedOrders" = excluded."creditedOrders",
    "referredSalesMinor" = excluded."referredSalesMinor",
    "commissionMinor" = excluded."commissionMinor";
