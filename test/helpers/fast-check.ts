// Set up before every test file (vitest setupFiles): the file's property tests all draw from one seed,
// chosen at random unless FC_SEED gives it, and a failing test prints it with the command that replays it.
// fast-check's own report adds the counterexample's path within that seed.
import path from "node:path";
import fc from "fast-check";
import { beforeEach, expect } from "vitest";

/** How many runs a property makes: `runs` as written, scaled by FC_RUNS_SCALE (the mutation run sets 0.1). */
export function propertyRuns(runs: number): number {
  const scale = Number(process.env.FC_RUNS_SCALE ?? "1");
  if (!(scale > 0))
    throw new Error(`FC_RUNS_SCALE must be a positive number, got ${process.env.FC_RUNS_SCALE}`);
  return Math.max(10, Math.ceil(runs * scale));
}

function chooseSeed(): number {
  const given = process.env.FC_SEED;
  if (given === undefined || given === "") return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${given}`);
  return seed;
}

export const FC_SEED = chooseSeed();
fc.configureGlobal({ seed: FC_SEED, numRuns: propertyRuns(100) });

beforeEach((context) => {
  context.onTestFailed(() => {
    const testPath = expect.getState().testPath;
    const file = testPath ? path.relative(process.cwd(), testPath) : "the test file";
    console.error(`fast-check seed ${FC_SEED}: replay with FC_SEED=${FC_SEED} npx vitest run ${file}`);
  });
});
