// Every GraphQL document the app sends: the `#graphql` strings exported from app/graphql/ (one per file).
import { Kind, parse } from "graphql";

const modules = import.meta.glob<Record<string, unknown>>(
  ["../../app/graphql/*.ts", "!../../app/graphql/*.test.ts"],
  { eager: true },
);

export interface AppDocument {
  /** e.g. "app/graphql/customer-search.ts: CUSTOMER_SEARCH" */
  where: string;
  source: string;
  operationName: string;
}

export const APP_DOCUMENTS: AppDocument[] = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports).flatMap(([name, value]) => {
    if (typeof value !== "string" || !value.trimStart().startsWith("#graphql")) return [];
    const operation = parse(value).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    return [
      {
        where: `${file.replace(/^(\.\.\/)+/, "")}: ${name}`,
        source: value,
        operationName: operation && "name" in operation ? (operation.name?.value ?? "") : "",
      },
    ];
  }),
);
