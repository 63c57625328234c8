-- When the app last tried to act on a delivery (the worker or the merchant's Retry), for the Deliveries screen.
ALTER TABLE "WebhookDelivery" ADD COLUMN "lastAttemptAt" DATETIME;
