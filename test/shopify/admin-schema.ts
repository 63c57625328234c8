// Shopify's real Admin GraphQL API schema for 2025-10 (introspection, with the access scopes each type and
// field requires), as Shopify publishes it: see README.md in this folder for where the file comes from.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  getVariableValues,
  NoDeprecatedCustomRule,
  parse,
  specifiedRules,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
} from "graphql";

export const ADMIN_API_VERSION = "2025-10";
const FILE = new URL("./admin_2025-10.json.gz", import.meta.url);

interface ScopeItem {
  type: "type" | "field";
  typeName: string;
  fieldName?: string;
  /** Any one of these offline access scopes grants access; none listed means no scope is needed. */
  offlineScopes: string[];
}

interface AdminSchema {
  schema: GraphQLSchema;
  scopes: Map<string, string[]>;
}

let loaded: AdminSchema | null = null;

function load(): AdminSchema {
  if (!loaded) {
    const json = JSON.parse(gunzipSync(readFileSync(FILE)).toString("utf8")) as {
      data: IntrospectionQuery;
      offline_scopes: { items: ScopeItem[] };
    };
    const scopes = new Map<string, string[]>();
    for (const item of json.offline_scopes.items) {
      if (item.offlineScopes.length > 0)
        scopes.set(scopeKey(item.typeName, item.fieldName), item.offlineScopes);
    }
    loaded = { schema: buildClientSchema(json.data), scopes };
  }
  return loaded;
}

const scopeKey = (typeName: string, fieldName?: string) =>
  fieldName ? `${typeName}.${fieldName}` : typeName;

export function realAdminSchema(): GraphQLSchema {
  return load().schema;
}

/** What is wrong with a document against the real schema: validation errors, deprecated fields included. */
export function documentProblems(source: string): string[] {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    return [String(error)];
  }
  return validate(realAdminSchema(), document, [...specifiedRules, NoDeprecatedCustomRule]).map(
    (error) => error.message,
  );
}

/**
 * What is wrong with the variables sent with a (valid) document: graphql-js coerces them exactly as a
 * GraphQL server does before running the operation (wrong types, missing required fields, unknown input
 * fields).
 */
export function variableProblems(source: string, variables: Record<string, unknown> | undefined): string[] {
  const operation = parse(source).definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === "OperationDefinition",
  );
  if (!operation) return ["The document has no operation"];
  const coerced = getVariableValues(realAdminSchema(), operation.variableDefinitions ?? [], variables ?? {});
  return (coerced.errors ?? []).map((error) => error.message);
}

/**
 * The access scopes a document needs: for every type and field it touches, the scopes Shopify lists as
 * granting access (any one of them).
 */
export function requiredScopes(source: string): Array<{ where: string; anyOf: string[] }> {
  const { schema, scopes } = load();
  const typeInfo = new TypeInfo(schema);
  const needed = new Map<string, string[]>();
  const need = (typeName: string, fieldName?: string) => {
    const anyOf = scopes.get(scopeKey(typeName, fieldName));
    if (anyOf) needed.set(scopeKey(typeName, fieldName), anyOf);
  };
  visit(
    parse(source),
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent) need(parent.name, node.name.value);
        const named = typeInfo.getType();
        if (named) need(namedTypeName(named.toString()));
      },
    }),
  );
  return [...needed].map(([where, anyOf]) => ({ where, anyOf }));
}

const namedTypeName = (typeString: string) => typeString.replace(/[[\]!]/g, "");

/** True when the granted scopes include one of `anyOf` (a `write_` scope grants its `read_`). */
export function grants(granted: readonly string[], anyOf: readonly string[]): boolean {
  return anyOf.some(
    (scope) => granted.includes(scope) || granted.includes(scope.replace(/^read_/, "write_")),
  );
}

/**
 * The documented search filters of a root field's `query` argument (the table Shopify prints in the
 * argument's description), e.g. `["default", "code", "title", …]` for `discountNodes`.
 */
export function documentedSearchFilters(rootField: string): string[] {
  const field = realAdminSchema().getQueryType()?.getFields()[rootField];
  const description = field?.args.find((arg) => arg.name === "query")?.description ?? "";
  return [...description.matchAll(/^\| ([\w.{}]+) \| \w+ \|/gm)].map((match) => match[1]);
}
