import { describe, expect, it } from "vitest";
import { bulkOutcome, countOf } from "./counts";
import { describeDeliveryTopic } from "./deliveries";
import { DEFAULT_TIME_ZONE, formatDate, formatDateTime } from "./dates";
import { describeRule, describeSource, describeStatus, describeType, statusTone } from "./ledger";
import { describeRate, describeRateKind } from "./rates";

describe("dates", () => {
  const at = "2026-03-01T23:30:00Z";

  it("reads UTC until the shop's zone is known", () => {
    expect(DEFAULT_TIME_ZONE).toBe("UTC");
    expect(formatDate(at)).toBe("Mar 1, 2026");
    expect(formatDateTime(at)).toBe("Mar 1, 2026, 11:30 PM UTC");
  });

  it("reads in the zone it is given, which may change the day", () => {
    expect(formatDate(at, { timeZone: "Asia/Tokyo" })).toBe("Mar 2, 2026");
    expect(formatDateTime(at, { timeZone: "Asia/Tokyo" })).toBe("Mar 2, 2026, 8:30 AM GMT+9");
    expect(formatDateTime(new Date(at), { timeZone: "America/New_York" })).toBe("Mar 1, 2026, 6:30 PM EST");
  });

  it("shows a dash for no date or an unreadable one", () => {
    expect(formatDate(null)).toBe("—");
    expect(formatDateTime(undefined)).toBe("—");
    expect(formatDate("not a date")).toBe("—");
  });
});

describe("ledger words", () => {
  it("names each code the ledger stores", () => {
    expect(describeStatus("approved")).toBe("Approved");
    expect(describeType("reversal")).toBe("Reversal");
    expect(describeSource("recurring")).toBe("Subscription renewal");
    expect(describeSource("connection")).toBe("Customer connection");
    expect(describeRule("affiliate_rate")).toBe("Affiliate's rate");
    expect(statusTone("denied")).toBe("critical");
  });

  it("reads an unknown code as itself, with no tone", () => {
    expect(describeSource("carrier_pigeon")).toBe("carrier_pigeon");
    expect(statusTone("mixed")).toBeUndefined();
  });
});

describe("rates", () => {
  it("reads a percentage", () => {
    expect(describeRate("percent", "12.5")).toBe("12.5%");
    expect(describeRate("percent", "10", { currency: "JPY" })).toBe("10%");
  });

  it("reads flat amounts as money of the shop's currency when it is known", () => {
    expect(describeRate("flat_per_order", "5")).toBe("5 per order");
    expect(describeRate("flat_per_order", "5", { currency: "USD" })).toBe("$5.00 per order");
    expect(describeRate("flat_per_item", "200", { currency: "JPY" })).toBe("¥200 per item");
    expect(describeRate("flat_per_item", "1.25", { currency: "KWD" })).toBe("KWD\u00a01.250 per item");
  });

  it("says what applies when there is no rate of its own", () => {
    expect(describeRate(null, null)).toBe("Program default");
    expect(describeRate(null, null, { fallback: "affiliate" })).toBe("Affiliate's rate");
  });

  it("names rate kinds as forms offer them", () => {
    expect(describeRateKind("percent")).toBe("Percent of the base");
    expect(describeRateKind("flat_per_item")).toBe("Flat amount per item");
  });
});

describe("countOf", () => {
  it("puts the noun in the plural for anything but one", () => {
    expect(countOf(1, "order")).toBe("1 order");
    expect(countOf(0, "order")).toBe("0 orders");
    expect(countOf(2, "delivery", "deliveries")).toBe("2 deliveries");
    expect(countOf(40_000, "order")).toBe("40,000 orders");
  });
});

describe("bulkOutcome", () => {
  it("says what a bulk action did and what it skipped", () => {
    expect(bulkOutcome(2, 1, "approved", "line")).toBe("2 lines approved, 1 line skipped");
    expect(bulkOutcome(1, 0, "approved", "line")).toBe("1 line approved");
    expect(bulkOutcome(0, 3, "retried", "delivery", "deliveries")).toBe(
      "Nothing retried: 3 deliveries skipped",
    );
  });
});

describe("what Shopify sent, in words", () => {
  it("names each topic the app receives, and leaves an unknown one as it is", () => {
    expect(describeDeliveryTopic("orders/create")).toBe("New order");
    expect(describeDeliveryTopic("refunds/create")).toBe("Refund");
    expect(describeDeliveryTopic("orders/cancelled")).toBe("Order cancelled");
    expect(describeDeliveryTopic("customers/redact")).toBe("Request to erase a customer's data");
    expect(describeDeliveryTopic("products/update")).toBe("products/update");
  });
});
