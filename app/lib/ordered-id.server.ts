import { randomFillSync } from "node:crypto";

let lastMs = 0;
let counter = 0;

// Random bytes are drawn 4 KiB at a time: one call to the system's generator per 256 ids, not per id.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomBytes16(): Buffer {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return bytes;
}

/**
 * A UUID version 7: ids made later sort later (millisecond time, then a counter within the millisecond;
 * past 4,096 in one millisecond the time steps on), so rows written in one batch list in the order they
 * were made, as Prisma's own cuid() ids do.
 */
export function orderedId(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs += 1;
    counter = 0;
  }
  const bytes = randomBytes16();
  bytes.writeUIntBE(lastMs, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
