// The app's layers, as ESLint rules (eslint.config.js turns them on for app/ and test/):
//
//   layers/layers           which folder of app/ may import which: imports point down only, and a module
//                           the browser may load never imports a `.server` module;
//   layers/no-folder-cycle  no two folders of app/ import each other, however indirectly;
//   layers/import-style     one way to write an import: `./x` for a file of the same folder, else `~/…` for
//                           app/, `~test/…` for test/ and `~root/…` for the rest of the repository (tests
//                           only); never `../`.
//
// Every folder of app/ is a unit: app/models/<domain>/ and app/components/<group>/ one each, and every other
// folder as a whole. Layers, from the top down (a layer imports from its own units and the layers below):
//
//   routes (app/routes/, entry.server.tsx, root.tsx)   the Remix routes: authenticate, parse, call, render
//   components, pipeline, dev                          screens' parts; webhooks in → orders recorded;
//                                                      development-only pieces (the App Bridge stand-in)
//   models                                             the domains (affiliates, ledger, …), one folder each
//   format, graphql                                    display words; Shopify Admin GraphQL documents
//   lib, attribution                                   domain-free utilities; the pure engine
//
// db.server.ts and shopify.server.ts (the process's database and Shopify app) are reached only from
// routes, entry.server.tsx and the pipeline's runtime wiring (app/pipeline/runtime.server.ts): models take
// the Prisma client and `admin.graphql` as arguments.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const APP = path.join(ROOT, "app");
const TEST = path.join(ROOT, "test");

/** What each layer may import, besides its own unit. */
const ALLOWED = {
  routes: [
    "routes",
    "components",
    "pipeline",
    "dev",
    "models",
    "format",
    "graphql",
    "lib",
    "attribution",
    "process",
  ],
  components: ["components", "models", "format", "graphql", "lib", "attribution"],
  pipeline: ["models", "format", "graphql", "lib", "attribution"],
  dev: ["format", "graphql", "lib"],
  models: ["models", "format", "graphql", "lib", "attribution"],
  format: [],
  graphql: ["lib"],
  lib: [],
  attribution: [],
  process: ["process", "lib"],
};

/** The files besides routes that may reach the process's singletons (layer "process"). */
const PROCESS_WIRING = new Set(["pipeline/runtime.server.ts"]);

const SOURCE = /\.(ts|tsx|js|jsx|mjs)$/;
const isTestFile = (file) => /\.test\.(ts|tsx)$/.test(file);
const isServerModule = (file) => /\.server(\.(ts|tsx|js|mjs))?$|\.server\//.test(file);
const toPosix = (file) => file.split(path.sep).join("/");
const isDirectory = (file) => {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
};

/**
 * The unit and layer of a path inside app/ (posix, relative to app/): `models/ledger/status.ts` →
 * { unit: "models/ledger", layer: "models" }.
 */
export function unitOf(appPath) {
  const parts = appPath.split("/");
  // `~/attribution` names the folder (its index): the unit is the folder.
  if (parts.length === 1 && isDirectory(path.join(APP, parts[0]))) parts.push("index");
  if (parts.length === 1) {
    const name = parts[0].replace(SOURCE, "");
    if (name === "db.server" || name === "shopify.server") return { unit: name, layer: "process" };
    return { unit: "entry", layer: "routes" };
  }
  const [top, second] = parts;
  if (top === "models" || top === "components") {
    return { unit: parts.length > 2 ? `${top}/${second}` : top, layer: top };
  }
  return { unit: top, layer: top in ALLOWED ? top : "routes" };
}

/** An import specifier as a path inside app/ (posix, relative to app/), or null when it points elsewhere. */
function appTarget(fromFile, specifier) {
  const bare = specifier.split("?")[0];
  let absolute;
  if (bare.startsWith("~/")) absolute = path.join(APP, bare.slice(2));
  else if (bare.startsWith(".")) absolute = path.resolve(path.dirname(fromFile), bare);
  else return null;
  const relative = toPosix(path.relative(APP, absolute));
  return relative.startsWith("..") ? null : relative;
}

/** The specifiers a program imports: import/export declarations, dynamic import(), `import("x").Type`. */
function importNodes(node, found = []) {
  if (!node || typeof node.type !== "string") return found;
  if (
    (node.type === "ImportDeclaration" ||
      node.type === "ExportNamedDeclaration" ||
      node.type === "ExportAllDeclaration" ||
      node.type === "ImportExpression") &&
    node.source?.type === "Literal" &&
    typeof node.source.value === "string"
  ) {
    found.push({ node: node.source, specifier: node.source.value });
  }
  if (node.type === "TSImportType") {
    const literal = node.argument?.literal ?? node.argument;
    if (typeof literal?.value === "string") found.push({ node, specifier: literal.value });
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === "parent" || key === "loc" || key === "range" || key === "tokens" || key === "comments")
      continue;
    if (Array.isArray(value)) for (const child of value) importNodes(child, found);
    else if (value && typeof value === "object" && typeof value.type === "string") importNodes(value, found);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// The import graph of app/ between units, read from disk (and kept while files do not change).

const IMPORT_PATTERN =
  /\b(?:import|export)\b[^'"`;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|\bimport\s+["']([^"']+)["']/g;
const fileEdges = new Map(); // absolute file -> { mtimeMs, units: Set<string> }

function appSourceFiles(dir = APP, files = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) appSourceFiles(full, files);
    else if (SOURCE.test(entry.name) && !isTestFile(entry.name) && !entry.name.endsWith(".d.ts"))
      files.push(full);
  }
  return files;
}

function unitsImportedBy(file) {
  const { mtimeMs } = statSync(file);
  const cached = fileEdges.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.units;
  const units = new Set();
  const text = readFileSync(file, "utf8");
  for (const match of text.matchAll(IMPORT_PATTERN)) {
    const target = appTarget(file, match[1] ?? match[2] ?? match[3]);
    if (target) units.add(unitOf(target).unit);
  }
  fileEdges.set(file, { mtimeMs, units });
  return units;
}

/** unit → units it imports (and through which file), from the files on disk, leaving `except` out. */
export function unitGraph({ except } = {}) {
  const graph = new Map();
  for (const file of appSourceFiles()) {
    if (file === except) continue;
    const from = unitOf(toPosix(path.relative(APP, file))).unit;
    const edges = graph.get(from) ?? new Map();
    for (const to of unitsImportedBy(file)) {
      if (to !== from && !edges.has(to)) edges.set(to, toPosix(path.relative(ROOT, file)));
    }
    graph.set(from, edges);
  }
  return graph;
}

/** The units from `start` to `goal` along the graph's edges, or null when `goal` cannot be reached. */
function pathBetween(graph, start, goal) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const unit = queue.shift();
    if (unit === goal) {
      const route = [];
      for (let at = goal; at !== null; at = previous.get(at)) route.unshift(at);
      return route;
    }
    for (const next of graph.get(unit)?.keys() ?? []) {
      if (!previous.has(next)) {
        previous.set(next, unit);
        queue.push(next);
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// The rules

const inApp = (file) => !path.relative(APP, file).startsWith("..");
const inTest = (file) => !path.relative(TEST, file).startsWith("..");

const layersRule = {
  meta: {
    type: "problem",
    docs: { description: "Imports between the folders of app/ point down the layers only" },
    schema: [],
    messages: {
      up: "app/{{from}} ({{fromLayer}}) may not import app/{{to}} ({{toLayer}}): {{fromLayer}} import only from {{allowed}}. See lint/layers.js.",
      process:
        "app/{{from}} may not import app/{{to}}: only routes and app/pipeline/runtime.server.ts reach the process's database and Shopify app; pass the Prisma client or admin.graphql in as an argument.",
      server:
        "app/{{from}} may be loaded by the browser and may not import the server module app/{{to}}. Put what it needs in a module without `.server`.",
      outside: "app/{{from}} may not import {{specifier}}: app code imports only app code (tests may).",
    },
  },
  create(context) {
    const file = context.filename;
    if (!inApp(file)) return {};
    const from = toPosix(path.relative(APP, file));
    const source = unitOf(from);
    const test = isTestFile(file);
    return {
      Program(program) {
        for (const { node, specifier } of importNodes(program)) {
          if (specifier.startsWith("~test/") || specifier.startsWith("~root/")) {
            if (!test) context.report({ node, messageId: "outside", data: { from, specifier } });
            continue;
          }
          const to = appTarget(file, specifier);
          if (!to) continue;
          const target = unitOf(to);
          if (target.unit === source.unit) continue;
          if (target.layer === "process") {
            if (source.layer !== "routes" && source.layer !== "process" && !PROCESS_WIRING.has(from) && !test)
              context.report({ node, messageId: "process", data: { from, to } });
            continue;
          }
          const allowed = ALLOWED[source.layer];
          if (!allowed.includes(target.layer)) {
            context.report({
              node,
              messageId: "up",
              data: {
                from,
                to,
                fromLayer: source.layer,
                toLayer: target.layer,
                allowed: allowed.length
                  ? allowed.filter((l) => l !== "process").join(", ")
                  : "nothing else in app/",
              },
            });
            continue;
          }
          // Routes and server modules may use server modules; anything the browser may load may not.
          if (!test && source.layer !== "routes" && !isServerModule(from) && isServerModule(to)) {
            context.report({ node, messageId: "server", data: { from, to } });
          }
        }
      },
    };
  },
};

const noFolderCycleRule = {
  meta: {
    type: "problem",
    docs: { description: "No two folders of app/ import each other, directly or through others" },
    schema: [],
    messages: {
      cycle:
        "app/{{from}} imports app/{{to}}, but {{route}} already (through {{via}}): the folders would import each other. Move what both need into a folder below them.",
    },
  },
  create(context) {
    const file = context.filename;
    if (!inApp(file) || isTestFile(file)) return {};
    const from = toPosix(path.relative(APP, file));
    const own = unitOf(from).unit;
    return {
      Program(program) {
        let graph = null;
        for (const { node, specifier } of importNodes(program)) {
          const to = appTarget(file, specifier);
          if (!to) continue;
          const target = unitOf(to).unit;
          if (target === own) continue;
          graph ??= unitGraph({ except: file });
          const route = pathBetween(graph, target, own);
          if (!route) continue;
          context.report({
            node,
            messageId: "cycle",
            data: {
              from,
              to,
              route: route.join(" → "),
              via: graph.get(route[0])?.get(route[1]) ?? "?",
            },
          });
        }
      },
    };
  },
};

const importStyleRule = {
  meta: {
    type: "suggestion",
    docs: {
      description: "`./x` within a folder, else `~/…` (app/), `~test/…` (test/) or `~root/…`; never `../`",
    },
    schema: [],
    messages: {
      parent: "Write `{{suggestion}}` rather than `{{specifier}}`: imports never climb with `../`.",
      sibling: "`{{specifier}}` is in this file's own folder: write `{{suggestion}}`.",
    },
  },
  create(context) {
    const file = context.filename;
    if (!inApp(file) && !inTest(file)) return {};
    const dir = path.dirname(file);
    const aliasOf = (absolute) => {
      if (!path.relative(APP, absolute).startsWith("..")) return `~/${toPosix(path.relative(APP, absolute))}`;
      if (!path.relative(TEST, absolute).startsWith(".."))
        return `~test/${toPosix(path.relative(TEST, absolute))}`;
      return `~root/${toPosix(path.relative(ROOT, absolute))}`;
    };
    return {
      Program(program) {
        for (const { node, specifier } of importNodes(program)) {
          if (specifier.startsWith("../")) {
            const absolute = path.resolve(dir, specifier);
            context.report({ node, messageId: "parent", data: { specifier, suggestion: aliasOf(absolute) } });
            continue;
          }
          for (const alias of ["~/", "~test/"]) {
            if (!specifier.startsWith(alias)) continue;
            const absolute = path.join(alias === "~/" ? APP : TEST, specifier.slice(alias.length));
            if (path.dirname(absolute) === dir) {
              const suggestion = `./${path.basename(absolute)}`;
              context.report({ node, messageId: "sibling", data: { specifier, suggestion } });
            }
          }
        }
      },
    };
  },
};

export default {
  meta: { name: "layers" },
  rules: {
    layers: layersRule,
    "no-folder-cycle": noFolderCycleRule,
    "import-style": importStyleRule,
  },
};
