// A seeded store has sent its affiliates' commission digests as a running one would have (bench/scale/
// seed-digests.ts): a server started on it queues no backlog, and each seeded digest is the one the app's
// worker writes.
import { copyFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { PrismaClient } from "@prisma/client";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { createClient, type Client } from "@libsql/client";
import { BIG_SHOP, seedDatabase } from "~root/bench/scale/seed";
import { queueCommissionDigests } from "~/models/email/digest.server";
import { AffiliateEmailKind, EmailState } from "~/models/email/kinds";

const END = new Date("2026-12-01T12:00:00Z");
let db: PrismaClient;
let sqlite: Client;

beforeAll(async () => {
  const dir = inject("testDatabaseDir");
  const file = path.join(dir, `digests-${randomUUID()}.sqlite`);
  copyFileSync(path.join(dir, "template.sqlite"), file);
  await seedDatabase(`file:${file}`, { orders: 1_000, end: END, days: 30 });
  db = new PrismaClient({ adapter: new PrismaLibSQL({ url: `file:${file}` }) });
  sqlite = createClient({ url: `file:${file}` });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  sqlite?.close();
});

const digests = (where: object = {}) =>
  db.affiliateEmail.findMany({
    where: { kind: AffiliateEmailKind.commissionDigest, ...where },
    orderBy: { affiliateId: "asc" },
  });

describe("the seeded store's commission digests", () => {
  it("were sent as the history ended, to every affiliate due one", async () => {
    const sent = await digests({ shop: BIG_SHOP });
    expect(sent.length).toBeGreaterThan(50);
    for (const digest of sent) {
      expect(digest).toMatchObject({ state: EmailState.sent, digestUntil: END, sentAt: END });
    }
  });

  it("leave no backlog: the worker's first look, as a server starts on the store, queues nothing", async () => {
    const soon = new Date(END.getTime() + 60_000);
    expect(await queueCommissionDigests(sqlite, soon)).toBe(0);
    expect(await db.affiliateEmail.count({ where: { state: EmailState.pending } })).toBe(0);
  });

  it("are, column by column, the digests the app's worker writes at the end of the history", async () => {
    const seeded = await digests();
    const sample = seeded.filter((_, index) => index % 25 === 0);
    await db.affiliateEmail.deleteMany({ where: { id: { in: seeded.map((digest) => digest.id) } } });
    // The worker's own run at the end, on the same ledger: one digest per affiliate due one.
    expect(await queueCommissionDigests(sqlite, END)).toBe(seeded.length);
    const written = new Map((await digests()).map((digest) => [digest.affiliateId, digest]));
    for (const digest of sample) {
      const own = written.get(digest.affiliateId);
      expect({ ...digest, id: null, state: null, attempts: null, sentAt: null }).toEqual({
        ...own,
        id: null,
        state: null,
        attempts: null,
        sentAt: null,
      });
      expect(JSON.parse(digest.facts)).toEqual(JSON.parse(own!.facts));
    }
  });
});
