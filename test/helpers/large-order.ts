// The largest order a shop can send, shaped field for field as Shopify's example orders/cancelled payload:
// 500 line items (Shopify's limit for most shops), each with three tax lines, three discount allocations
// and three properties, repeated in a fulfillment and a refund as Shopify repeats them.

const money = (amount: string) => ({
  shop_money: { amount, currency_code: "USD" },
  presentment_money: { amount, currency_code: "USD" },
});

const LINES = 500;

function lineItem(index: number) {
  const id = 466157049000000 + index;
  return {
    id,
    admin_graphql_api_id: `gid://shopify/LineItem/${id}`,
    attributed_staffs: [{ id: "gid://shopify/StaffMember/902541635", quantity: 1 }],
    current_quantity: 2,
    fulfillable_quantity: 2,
    fulfillment_service: "manual",
    fulfillment_status: null,
    gift_card: false,
    grams: 250,
    name: `Trail running shoe, size ${40 + (index % 8)} / colour ${index % 12}`,
    price: "129.99",
    price_set: money("129.99"),
    product_exists: true,
    product_id: 788032119674292 + index,
    properties: [
      { name: "Engraving", value: `For a runner, number ${index}` },
      { name: "Gift wrap", value: "Yes, in the recycled paper" },
      { name: "_bundle_id", value: `bundle-${index}-a7f3c9e1` },
    ],
    quantity: 2,
    requires_shipping: true,
    sales_line_item_group_id: null,
    sku: `SKU-TRAIL-${index}-BLK`,
    taxable: true,
    title: "Trail running shoe",
    total_discount: "0.00",
    total_discount_set: money("0.00"),
    variant_id: 642667041472713 + index,
    variant_inventory_management: "shopify",
    variant_title: `${40 + (index % 8)} / Black`,
    vendor: "Mountain Goods",
    tax_lines: ["State tax", "County tax", "City tax"].map((title, rate) => ({
      channel_liable: false,
      price: "2.60",
      price_set: money("2.60"),
      rate: 0.01 * (rate + 1),
      title,
    })),
    duties: [],
    discount_allocations: [0, 1, 2].map((application) => ({
      amount: "3.25",
      amount_set: money("3.25"),
      discount_application_index: application,
    })),
  };
}

/** An orders/cancelled payload of 500 rich line items, fulfilled and refunded: about 7 MB of JSON. */
export function largestCancelledOrder(orderId = 820982911946154) {
  const lines = Array.from({ length: LINES }, (_, index) => lineItem(index));
  return {
    id: orderId,
    admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
    name: "#9999",
    email: "bob.norman@mail.example.com",
    created_at: "2026-03-01T12:00:00-05:00",
    cancelled_at: "2026-03-02T12:00:00-05:00",
    cancel_reason: "customer",
    currency: "USD",
    total_price_set: money("64995.00"),
    taxes_included: false,
    source_name: "web",
    landing_site: "/?ref=alice",
    note_attributes: [{ name: "_affiliate_ref", value: "alice" }],
    discount_codes: [],
    line_items: lines,
    shipping_lines: [],
    fulfillments: [
      {
        id: 255858046,
        admin_graphql_api_id: "gid://shopify/Fulfillment/255858046",
        created_at: "2026-03-01T13:00:00-05:00",
        status: "success",
        tracking_company: "UPS",
        tracking_number: "1Z2345",
        line_items: lines,
      },
    ],
    refunds: [
      {
        id: 509562969,
        admin_graphql_api_id: "gid://shopify/Refund/509562969",
        created_at: "2026-03-02T12:00:00-05:00",
        note: "Cancelled by the customer",
        order_id: orderId,
        refund_line_items: lines.map((line, index) => ({
          id: 104689539 + index,
          line_item_id: line.id,
          location_id: 40642626,
          quantity: line.quantity,
          restock_type: "cancel",
          subtotal: 259.98,
          subtotal_set: money("259.98"),
          total_tax: 7.8,
          total_tax_set: money("7.80"),
          line_item: line,
        })),
        transactions: [],
        order_adjustments: [],
      },
    ],
    customer: { id: 115310627314723, email: "bob.norman@mail.example.com" },
  };
}
