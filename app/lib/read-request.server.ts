/**
 * A Request whose body was read already: its bytes are served by `text()`, `json()`, `arrayBuffer()` and
 * `bytes()`, once, as a stream's would be (`body` itself is null). Building a Request around a body
 * stream and reading it back costs more than everything else a webhook's route does with it: server.mjs
 * hands webhooks to their routes as these, and receiveWebhook hands authenticate.webhook one.
 */
export class ReadRequest extends Request {
  private consumed = false;

  private readonly readBody: Uint8Array<ArrayBuffer>;

  constructor(url: string, method: string, headers: Headers, body: Uint8Array<ArrayBuffer>) {
    super(url, { method, headers });
    // A plain view of the bytes: a Buffer's own slice() would share its memory rather than copy it.
    this.readBody = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  }

  override get bodyUsed(): boolean {
    return this.consumed;
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.consume().slice().buffer;
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return this.consume().slice();
  }

  /**
   * The body's bytes themselves, once, without the copy `bytes()` and `arrayBuffer()` make (a fresh buffer
   * is what a Request promises): for the one reader that keeps them as they are, the webhook receiver.
   */
  takeBytes(): Uint8Array<ArrayBuffer> {
    return this.consume();
  }

  override async text(): Promise<string> {
    return new TextDecoder().decode(this.consume());
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  override clone(): ReadRequest {
    return new ReadRequest(this.url, this.method, new Headers(this.headers), this.unread());
  }

  private consume(): Uint8Array<ArrayBuffer> {
    const bytes = this.unread();
    this.consumed = true;
    return bytes;
  }

  private unread(): Uint8Array<ArrayBuffer> {
    if (this.consumed) throw new TypeError("Body is unusable: Body has already been read");
    return this.readBody;
  }
}
