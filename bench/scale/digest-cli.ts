/**
 * The CPU a commission digest costs, on a seeded store with a backlog (decision 0026):
 * `npm run bench:digests -- --database <seeded file> [--rounds 3] [--only batched|prisma]`.
 *
 * The seeded file is only read: each run works on a copy in the system's temporary folder, from which the
 * digests the seed wrote as sent are deleted, so the worker's run at the history's end queues every one of
 * them again (as a big shop's first start after an outage would). Each round runs the per-affiliate Prisma
 * path the worker had before (test/helpers/prisma-digests.ts) and the batched one, alternating which goes
 * first, and prints the CPU time of this process (user + system) per digest queued, and the wall time.
 */
import { copyFileSync, rmSync } from "node:fs";
import { tmpdir, loadavg } from "node:os";
import path from "node:path";
import { PrismaClient } from "@prisma/client";
import { rowReaderFor } from "~/lib/row-reader.server";
import { createSqliteClient, LockedWritesPrismaLibSQL } from "~/lib/sqlite.server";
import { queueCommissionDigests } from "~/models/email/digest.server";
import { AffiliateEmailKind } from "~/models/email/kinds";
import { queueDigestsThroughPrisma } from "~test/helpers/prisma-digests";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const database = argument("database");
const rounds = Number(argument("rounds") ?? 3);
const only = argument("only");
if (!database || !Number.isInteger(rounds) || rounds < 1) {
  console.error(
    "Usage: npm run bench:digests -- --database <seeded file> [--rounds 3] [--only batched|prisma]",
  );
  process.exit(1);
}

type Path = "prisma" | "batched";

interface Run {
  path: Path;
  digests: number;
  cpuMs: number;
  wallMs: number;
  load: number;
}

async function runOnCopy(which: Path, round: number): Promise<Run> {
  const copy = path.join(tmpdir(), `digest-bench-${process.pid}-${round}-${which}.sqlite`);
  copyFileSync(database!, copy);
  const url = `file:${copy}`;
  const prisma = new PrismaClient({ adapter: new LockedWritesPrismaLibSQL({ url }) });
  const sqlite = createSqliteClient({ url });
  // The worker's reads, as the app makes them: on the file's own read-only connection.
  const read = rowReaderFor(url, sqlite);
  try {
    const digest = AffiliateEmailKind.commissionDigest;
    const { rows } = await sqlite.execute({
      sql: `SELECT MAX("digestUntil") AS "end" FROM "AffiliateEmail" WHERE "kind" = ?`,
      args: [digest],
    });
    const end = new Date(String(rows[0].end));
    await sqlite.execute({ sql: `DELETE FROM "AffiliateEmail" WHERE "kind" = ?`, args: [digest] });
    // Warm both paths' connections and prepared statements on a run that finds nothing due.
    if (which === "prisma") await queueDigestsThroughPrisma(prisma, new Date(0));
    else await queueCommissionDigests(sqlite, new Date(0), { read });
    const load = loadavg()[0];
    const cpu = process.cpuUsage();
    const started = performance.now();
    const digests =
      which === "prisma"
        ? await queueDigestsThroughPrisma(prisma, end)
        : await queueCommissionDigests(sqlite, end, { read });
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { path: which, digests, cpuMs: (used.user + used.system) / 1000, wallMs, load };
  } finally {
    await prisma.$disconnect();
    sqlite.close();
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${copy}${suffix}`, { force: true });
  }
}

const runs: Run[] = [];
for (let round = 0; round < rounds; round += 1) {
  const order: Path[] = round % 2 === 0 ? ["prisma", "batched"] : ["batched", "prisma"];
  for (const which of order) {
    if (only && only !== which) continue;
    const run = await runOnCopy(which, round);
    runs.push(run);
    console.log(
      `round ${round + 1} ${which.padEnd(7)} ${run.digests} digests  CPU ${run.cpuMs.toFixed(0)} ms ` +
        `(${(run.cpuMs / Math.max(1, run.digests)).toFixed(3)} ms a digest)  wall ${run.wallMs.toFixed(0)} ms  ` +
        `load ${run.load.toFixed(2)}`,
    );
  }
}
const perDigest = (which: Path) => {
  const mine = runs.filter((run) => run.path === which);
  const cpu = mine.reduce((sum, run) => sum + run.cpuMs, 0);
  const digests = mine.reduce((sum, run) => sum + run.digests, 0);
  return digests === 0 ? NaN : cpu / digests;
};
if (!only) {
  const prisma = perDigest("prisma");
  const batched = perDigest("batched");
  console.log(
    `CPU a digest: prisma ${prisma.toFixed(3)} ms, batched ${batched.toFixed(3)} ms: ` +
      `${(prisma / batched).toFixed(1)}x less`,
  );
}
