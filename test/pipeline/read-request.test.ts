// receiveWebhook hands authenticate.webhook the body it already read as a ReadRequest: the same bytes,
// readable once, as a Request's body would be.
import { describe, expect, it } from "vitest";
import { ReadRequest } from "~/lib/read-request.server";
import { authenticate } from "~/shopify.server";
import { webhookRequest } from "~test/helpers/shopify";

const bytesOf = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;

describe("a request whose body was read already", () => {
  it("serves its bytes once, through each of the body's readers", async () => {
    const text = '{"note":"héllo ✓"}';
    const readers = [
      async (request: Request) => request.text(),
      async (request: Request) => new TextDecoder().decode(await request.arrayBuffer()),
      async (request: Request) => new TextDecoder().decode(await request.bytes()),
      async (request: Request) => JSON.stringify(await request.json()),
    ];
    for (const read of readers) {
      const request = new ReadRequest(
        "https://app.test/webhooks/orders/create",
        "POST",
        new Headers(),
        bytesOf(text),
      );
      expect(request.bodyUsed).toBe(false);
      expect(await read(request)).toBe(text);
      expect(request.bodyUsed).toBe(true);
      await expect(request.text()).rejects.toThrow(/already been read/);
      expect(() => request.clone()).toThrow(/already been read/);
    }
  });

  it("serves exactly its bytes when given a Buffer that shares Node's pool", async () => {
    Buffer.from("x".repeat(100));
    const pooled = Buffer.from('{"id":1}');
    expect(pooled.byteOffset > 0 || pooled.buffer.byteLength > pooled.length).toBe(true);
    const request = new ReadRequest("https://app.test/", "POST", new Headers(), pooled);
    expect(new TextDecoder().decode(await request.arrayBuffer())).toBe('{"id":1}');
  });

  it("clones with its bytes and headers, each copy read on its own", async () => {
    const request = new ReadRequest(
      "https://app.test/webhooks/orders/create",
      "POST",
      new Headers({ "x-shopify-topic": "orders/create" }),
      bytesOf("{}"),
    );
    const copy = request.clone();
    expect(await copy.text()).toBe("{}");
    expect(copy.headers.get("x-shopify-topic")).toBe("orders/create");
    expect(await request.text()).toBe("{}");
  });

  it("is what authenticate.webhook accepts when signed, and refuses when forged", async () => {
    for (const [secret, accepted] of [
      [undefined, true],
      ["not-the-secret", false],
    ] as const) {
      const signed = webhookRequest({ topic: "orders/create", body: { id: 1, note: "héllo ✓" }, secret });
      const body = new Uint8Array(await signed.arrayBuffer());
      const read = new ReadRequest(signed.url, "POST", signed.headers, body);
      const outcome = await authenticate.webhook(read).then(
        (context) => context.payload,
        (thrown: Response) => thrown.status,
      );
      expect(outcome).toEqual(accepted ? { id: 1, note: "héllo ✓" } : 401);
    }
  });
});
