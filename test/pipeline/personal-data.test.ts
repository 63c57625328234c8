// What erasing a customer's personal data does to a payload, and what it leaves exactly as it was.
import { describe, expect, it } from "vitest";
import {
  customerIdIn,
  ERASED_PAYLOAD,
  erasePersonalData,
  holdsContact,
} from "~/pipeline/personal-data.server";

const carol = { customerId: "115310627314723", email: "Carol@Example.com", phone: "+16135550199" };

// Shopify's own ids, 18 digits and more: beyond what a JavaScript number holds exactly.
const order = `{"id":820982911946154508,"email":"carol@example.com","phone":"+16135550199",\
"customer":{"id":115310627314723,"email":"carol@example.com","first_name":"Carol","default_address":{"city":"Ottawa"}},\
"billing_address":{"name":"Carol Smith"},"note":"call me","note_attributes":[{"name":"_affiliate_ref","value":"alice"},\
{"name":"gift_message","value":"from Carol"}],"landing_site":"/?ref=alice&mail=carol@example.com",\
"line_items":[{"id":466157049012345678,"price":"1.50","quantity":2,"properties":[{"name":"Engraving","value":"Carol"}],\
"tax_lines":[{"price":"0.15","rate":0.1}]}],"total_price":"3.15","fulfillments":[{"id":1,"tracking_number":"1Z"}]}`;

const erased = (payload: string, keepCustomerId = false) =>
  Buffer.from(erasePersonalData(Buffer.from(payload), carol, { keepCustomerId })).toString();

describe("erasing a customer from a payload", () => {
  it("removes contact details, addresses, free text and properties, keeps the ref, and every number as written", () => {
    expect(JSON.parse(erased(order).replace(/(\d{16,})/g, '"$1"'))).toEqual({
      id: "820982911946154508",
      customer: null,
      note_attributes: [{ name: "_affiliate_ref", value: "alice" }],
      landing_site: "/?ref=alice&mail=[erased]",
      line_items: [
        { id: "466157049012345678", price: "1.50", quantity: 2, tax_lines: [{ price: "0.15", rate: 0.1 }] },
      ],
      total_price: "3.15",
      fulfillments: [{ id: 1, tracking_number: "1Z" }],
    });
    expect(erased(order)).toContain('"id":820982911946154508');
    expect(erased(order)).toContain('"id":466157049012345678');
  });

  it("keeps the customer's id for the compliance payloads themselves", () => {
    expect(erased(order, true)).toContain('"customer":{"id":115310627314723}');
  });

  it("replaces a payload that is not JSON whole", () => {
    expect(
      Buffer.from(
        erasePersonalData(Buffer.from("carol@example.com, not json"), carol, { keepCustomerId: false }),
      ),
    ).toEqual(Buffer.from(ERASED_PAYLOAD));
  });

  it("finds the customer by id exactly, and by email or phone in any case", () => {
    expect(customerIdIn(Buffer.from(order))).toBe("115310627314723");
    expect(customerIdIn(Buffer.from('{"customer":{"id":9007199254740993123}}'))).toBe("9007199254740993123");
    expect(customerIdIn(Buffer.from('{"customer":null}'))).toBeNull();
    expect(customerIdIn(Buffer.from("not json"))).toBeNull();
    expect(holdsContact(Buffer.from("…CAROL@example.COM…"), carol)).toBe(true);
    expect(holdsContact(Buffer.from("+16135550199"), { email: null, phone: carol.phone })).toBe(true);
    expect(holdsContact(Buffer.from("dan@example.com"), carol)).toBe(false);
  });
});
