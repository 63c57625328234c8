// The emulator serves a slice of Shopify's Admin API: the slice must be Shopify's, type for type. Every type,
// field, argument, input field, enum value and union member it declares exists in the real 2025-10 schema,
// with the same type and nullability; its search filters are ones Shopify documents.
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLNamedType,
} from "graphql";
import { describe, expect, it } from "vitest";
import { schemaFor } from "~root/emulator/schema.mjs";
import { SEARCH_FILTERS } from "~root/emulator/store.mjs";
import { ADMIN_API_VERSION, documentedSearchFilters, realAdminSchema } from "./admin-schema";

const emulated = schemaFor(ADMIN_API_VERSION);

function differences(mine: GraphQLNamedType): string[] {
  const real = realAdminSchema().getType(mine.name);
  if (!real) return [`${mine.name}: no such type in Shopify's schema`];
  const problems: string[] = [];
  const kind = (type: GraphQLNamedType) => type.constructor.name;
  if (kind(real) !== kind(mine)) return [`${mine.name}: a ${kind(mine)}, Shopify's is a ${kind(real)}`];

  if ((isObjectType(mine) || isInterfaceType(mine)) && (isObjectType(real) || isInterfaceType(real))) {
    const realFields = real.getFields();
    for (const field of Object.values(mine.getFields())) {
      const at = `${mine.name}.${field.name}`;
      const theirs = realFields[field.name];
      if (!theirs) {
        problems.push(`${at}: no such field`);
        continue;
      }
      if (String(field.type) !== String(theirs.type))
        problems.push(`${at}: ${String(field.type)}, Shopify's is ${String(theirs.type)}`);
      if (Boolean(field.deprecationReason) !== Boolean(theirs.deprecationReason))
        problems.push(
          `${at}: deprecated ${Boolean(field.deprecationReason)}, Shopify's ${Boolean(theirs.deprecationReason)}`,
        );
      for (const arg of field.args) {
        const their = theirs.args.find((candidate) => candidate.name === arg.name);
        if (!their) problems.push(`${at}(${arg.name}): no such argument`);
        else if (String(arg.type) !== String(their.type))
          problems.push(`${at}(${arg.name}): ${String(arg.type)}, Shopify's is ${String(their.type)}`);
        else if (JSON.stringify(arg.defaultValue) !== JSON.stringify(their.defaultValue))
          problems.push(
            `${at}(${arg.name}): defaults to ${JSON.stringify(arg.defaultValue)}, Shopify's to ${JSON.stringify(their.defaultValue)}`,
          );
      }
      for (const their of theirs.args) {
        if (String(their.type).endsWith("!") && !field.args.some((arg) => arg.name === their.name))
          problems.push(`${at}(${their.name}): required by Shopify, missing`);
      }
    }
    const realInterfaces = real.getInterfaces().map((i) => i.name);
    for (const implemented of mine.getInterfaces())
      if (!realInterfaces.includes(implemented.name))
        problems.push(`${mine.name}: Shopify's does not implement ${implemented.name}`);
  } else if (isInputObjectType(mine) && isInputObjectType(real)) {
    const realFields = real.getFields();
    for (const field of Object.values(mine.getFields())) {
      const theirs = realFields[field.name];
      if (!theirs) problems.push(`${mine.name}.${field.name}: no such input field`);
      else if (String(field.type) !== String(theirs.type))
        problems.push(
          `${mine.name}.${field.name}: ${String(field.type)}, Shopify's is ${String(theirs.type)}`,
        );
    }
    for (const theirs of Object.values(realFields))
      if (String(theirs.type).endsWith("!") && !mine.getFields()[theirs.name])
        problems.push(`${mine.name}.${theirs.name}: required by Shopify, missing`);
  } else if (isEnumType(mine) && isEnumType(real)) {
    const values = real.getValues().map((value) => value.name);
    for (const value of mine.getValues())
      if (!values.includes(value.name)) problems.push(`${mine.name}.${value.name}: no such enum value`);
  } else if (isUnionType(mine) && isUnionType(real)) {
    const members = real.getTypes().map((type) => type.name);
    for (const member of mine.getTypes())
      if (!members.includes(member.name))
        problems.push(`${mine.name}: Shopify's has no member ${member.name}`);
  }
  return problems;
}

describe("the emulator's Admin API schema", () => {
  const types = Object.values(emulated.getTypeMap()).filter(
    (type) =>
      !type.name.startsWith("__") &&
      !(
        isScalarType(type) &&
        type.specifiedByURL === undefined &&
        ["String", "Int", "Float", "Boolean", "ID"].includes(type.name)
      ),
  );

  it("has Shopify's root types", () => {
    expect(emulated.getQueryType()?.name).toBe(realAdminSchema().getQueryType()?.name);
    expect(emulated.getMutationType()?.name).toBe(realAdminSchema().getMutationType()?.name);
  });

  it.each(types.map((type) => [type.name, type] as const))("%s is Shopify's", (_name, type) => {
    expect(differences(type)).toEqual([]);
  });

  it.each(Object.entries(SEARCH_FILTERS))(
    "filters %s only by what Shopify documents for it",
    (root, filters) => {
      const documented = documentedSearchFilters(root);
      expect(documented.length).toBeGreaterThan(2);
      expect(filters.filter((filter) => !documented.includes(filter))).toEqual([]);
    },
  );
});
