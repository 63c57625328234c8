// A urlencoded form body read with a bound: the body is counted as it streams in and given up past the
// limit, so an oversized POST costs no more than the limit to refuse.

/** The answer to a form too large to read. */
export class FormTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`form body over ${limit} bytes`);
  }
}

/**
 * The fields of a urlencoded form body of at most `maxBytes` (first value of each name).
 * @throws FormTooLargeError past the limit (declared or streamed)
 */
export async function readBoundedForm(request: Request, maxBytes: number): Promise<Record<string, string>> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) throw new FormTooLargeError(maxBytes);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new FormTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  }
  const values: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) {
    if (!(name in values)) values[name] = value;
  }
  return values;
}
