// Reading whole rows of a Prisma model on the driver, typed and valued as Prisma would return them: for the
// hot reads of the inbox worker, where Prisma's query compiler costs more than the query (decision 0003).
// The columns and their kinds come from Prisma's own description of the schema, so a field added to a
// model is read here too.
import type { Row } from "@libsql/client";
import { Prisma } from "@prisma/client";

type Conversion = (value: unknown) => unknown;

const toDate: Conversion = (value) => (value == null ? null : new Date(String(value)));
const toBoolean: Conversion = (value) => (value == null ? null : Number(value) !== 0);
const toBytes: Conversion = (value) =>
  value == null ? null : new Uint8Array(value instanceof ArrayBuffer ? value : (value as Uint8Array));
const toBigInt: Conversion = (value) => (value == null ? null : BigInt(value as number | string | bigint));

const CONVERSIONS: Partial<Record<string, Conversion>> = {
  DateTime: toDate,
  Boolean: toBoolean,
  Bytes: toBytes,
  BigInt: toBigInt,
};

interface ModelReader {
  /** The model's scalar columns, quoted, for a SELECT list. */
  columns: string;
  read: (row: Row) => unknown;
}

const readers = new Map<Prisma.ModelName, ModelReader>();

function modelReader(model: Prisma.ModelName): ModelReader {
  let reader = readers.get(model);
  if (!reader) {
    const definition = Prisma.dmmf.datamodel.models.find((candidate) => candidate.name === model);
    if (!definition) throw new Error(`No model ${model} in the Prisma schema`);
    const fields = definition.fields
      .filter((field) => field.kind === "scalar" || field.kind === "enum")
      .map((field) => ({ name: field.name, convert: CONVERSIONS[field.type] }));
    reader = {
      columns: fields.map((field) => `"${field.name}"`).join(", "),
      read: (row) => {
        const record: Record<string, unknown> = {};
        for (const { name, convert } of fields) record[name] = convert ? convert(row[name]) : row[name];
        return record;
      },
    };
    readers.set(model, reader);
  }
  return reader;
}

/** The model's columns as a SELECT list (`"id", "shop", …`). */
export function modelColumns(model: Prisma.ModelName): string {
  return modelReader(model).columns;
}

/** Rows selected with modelColumns, as Prisma would return them (Dates, booleans, bytes). */
export function readModelRows<Model>(model: Prisma.ModelName, rows: Row[]): Model[] {
  const { read } = modelReader(model);
  return rows.map((row) => read(row) as Model);
}
