// The layers of app/ are lint rules (lint/layers.js): these cases put small files virtually into the tree
// (ESLint's lintText with a filePath) and check that an upward import, a folder cycle, a server module in
// browser code and a `../` import each fail lint, that imports going down pass, and that the real tree
// passes as it stands.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import { unitGraph } from "~root/lint/layers.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, cache: false });
});

/** The layer rules' messages for `code` placed at `file` (relative to the repository). */
async function layerProblems(file: string, code: string): Promise<Array<{ rule: string; message: string }>> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  expect(result.messages.filter((message) => message.fatal)).toEqual([]);
  return result.messages
    .filter((message) => message.ruleId?.startsWith("layers/"))
    .map((message) => ({ rule: message.ruleId!, message: message.message }));
}

describe("layers/layers: imports point down", () => {
  it("fails a model that imports a component", async () => {
    const problems = await layerProblems(
      "app/models/affiliates/probe.server.ts",
      `import { LedgerTable } from "~/components/ledger/LedgerTable";\nexport const probe = LedgerTable;\n`,
    );
    // (components/ledger reaches models/affiliates through models/orders, so a folder cycle is reported too.)
    expect(problems).toContainEqual({
      rule: "layers/layers",
      message: expect.stringContaining(
        "app/models/affiliates/probe.server.ts (models) may not import app/components",
      ),
    });
  });

  it("fails a model that imports the pipeline", async () => {
    const problems = await layerProblems(
      "app/models/ledger/probe.server.ts",
      `import { drainInbox } from "~/pipeline/inbox-worker.server";\nexport const probe = drainInbox;\n`,
    );
    expect(problems).toContainEqual({
      rule: "layers/layers",
      message: expect.stringContaining("(models) may not import app/pipeline"),
    });
  });

  it("fails the engine when it imports anything else of the app", async () => {
    for (const specifier of ["~/lib/search", "~/format/money", "~/models/ledger/status"]) {
      const problems = await layerProblems(
        "app/attribution/probe.ts",
        `import * as other from "${specifier}";\nexport const probe = other;\n`,
      );
      expect(problems, specifier).toContainEqual({
        rule: "layers/layers",
        message: expect.stringContaining("attribution import only from nothing else in app/"),
      });
    }
  });

  it("fails a model that reaches the process's database instead of taking it as an argument", async () => {
    const problems = await layerProblems(
      "app/models/coupons/probe.server.ts",
      `import prisma from "~/db.server";\nexport const probe = prisma;\n`,
    );
    expect(problems).toEqual([
      {
        rule: "layers/layers",
        message: expect.stringContaining("only routes and app/pipeline/runtime.server.ts"),
      },
    ]);
  });

  it("fails a component that imports a server module, even for a type", async () => {
    const problems = await layerProblems(
      "app/components/affiliates/Probe.tsx",
      `import type { SaveResult } from "~/models/affiliates/affiliates.server";\nexport type Probe = SaveResult;\n`,
    );
    expect(problems).toEqual([
      { rule: "layers/layers", message: expect.stringContaining("may be loaded by the browser") },
    ]);
  });

  it("fails app code that imports test code", async () => {
    const problems = await layerProblems(
      "app/models/program/probe.server.ts",
      `import { resetDatabase } from "~test/helpers/db";\nexport const probe = resetDatabase;\n`,
    );
    expect(problems).toEqual([
      { rule: "layers/layers", message: expect.stringContaining("app code imports only app code") },
    ]);
  });

  it("passes imports that go down, across models and within a folder", async () => {
    expect(
      await layerProblems(
        "app/models/home/probe.server.ts",
        [
          `import { formatMoney } from "~/format/money";`,
          `import { paginate } from "~/lib/pagination";`,
          `import { money } from "~/attribution";`,
          `import { DeliveryState } from "~/models/deliveries/state";`,
          `import { getDashboard } from "./home.server";`,
          `export const probe = [formatMoney, paginate, money, DeliveryState, getDashboard];`,
        ].join("\n"),
      ),
    ).toEqual([]);
    expect(
      await layerProblems(
        "app/routes/app.probe.tsx",
        [
          `import prisma from "~/db.server";`,
          `import { LedgerTable } from "~/components/ledger/LedgerTable";`,
          `import { reviewLines } from "~/models/ledger/review.server";`,
          `export const probe = [prisma, LedgerTable, reviewLines];`,
        ].join("\n"),
      ),
    ).toEqual([]);
  });
});

describe("layers/no-folder-cycle", () => {
  it("fails two model folders that would import each other", async () => {
    // An import between two model folders that the tree has today: the way back closes a cycle.
    const graph = unitGraph();
    const edges = [...graph].flatMap(([from, targets]) =>
      [...targets.keys()]
        .filter((to) => from.startsWith("models/") && to.startsWith("models/"))
        .map((to) => [from, to]),
    );
    expect(edges.length, "the tree has an import from one model folder to another").toBeGreaterThan(0);
    const [from, to] = edges[0];
    const problems = await layerProblems(
      `app/${to}/probe.server.ts`,
      `import * as back from "~/${from}/probe-target";\nexport const probe = back;\n`,
    );
    expect(problems).toEqual([
      {
        rule: "layers/no-folder-cycle",
        message: expect.stringContaining(`imports app/${from}/probe-target, but ${from} → ${to} already`),
      },
    ]);
  });

  it("fails a cycle through a third folder", async () => {
    // Two imports in a row between model folders today (a → b → c): c importing a closes the cycle.
    const graph = unitGraph();
    const models = (unit: string) => unit.startsWith("models/");
    const chains = [...graph].flatMap(([a, targets]) =>
      [...targets.keys()].flatMap((b) =>
        [...(graph.get(b)?.keys() ?? [])]
          // c reached only through b: a imports c not directly, or the shortest way round is a → c.
          .filter((c) => ![a, b].includes(c) && [a, b, c].every(models) && !targets.has(c))
          .map((c) => [a, b, c]),
      ),
    );
    expect(chains.length, "the tree has a chain of imports through three model folders").toBeGreaterThan(0);
    const [a, b, c] = chains[0];
    const problems = await layerProblems(
      `app/${c}/probe.server.ts`,
      `import * as back from "~/${a}/probe-target";\nexport const probe = back;\n`,
    );
    expect(problems).toEqual([
      { rule: "layers/no-folder-cycle", message: expect.stringContaining(`but ${a} → ${b} → ${c} already`) },
    ]);
  });
});

describe("layers/import-style", () => {
  it("fails `../` inside app/ and says what to write", async () => {
    const problems = await layerProblems(
      "app/models/ledger/probe.ts",
      `import { countOf } from "../../format/counts";\nexport const probe = countOf;\n`,
    );
    expect(problems).toEqual([
      {
        rule: "layers/import-style",
        message: expect.stringContaining("Write `~/format/counts` rather than"),
      },
    ]);
  });

  it("fails `~/` for a file of the same folder", async () => {
    const problems = await layerProblems(
      "app/models/ledger/probe.ts",
      `import { LedgerStatus } from "~/models/ledger/status";\nexport const probe = LedgerStatus;\n`,
    );
    expect(problems).toEqual([
      { rule: "layers/import-style", message: expect.stringContaining("write `./status`") },
    ]);
  });

  it("fails `../` in tests too: test helpers are `~test/…`", async () => {
    const problems = await layerProblems(
      "test/screens/probe.test.ts",
      `import { resetDatabase } from "../helpers/db";\nexport const probe = resetDatabase;\n`,
    );
    expect(problems).toEqual([
      {
        rule: "layers/import-style",
        message: expect.stringContaining("Write `~test/helpers/db` rather than"),
      },
    ]);
  });
});

describe("the tree as it stands", () => {
  it("passes every layer rule", async () => {
    const results = await eslint.lintFiles(["app", "test"]);
    const problems = results.flatMap((result) =>
      result.messages
        .filter((message) => message.fatal || message.ruleId?.startsWith("layers/"))
        .map((message) => `${path.relative(ROOT, result.filePath)}:${message.line} ${message.message}`),
    );
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThan(150);
    // A safety net for a lint that hangs, not a speed limit: the whole tree takes 17 s on an idle machine and
    // went past two minutes with four test suites beside it.
  }, 600_000);
});
