// Compares schema.prisma (through its DMMF, written by scripts/dmmf-generator.mjs) with a
// migrated database: every table, column (type, nullability, default value, generation
// expression), enum, primary key,
// unique constraint, index (columns, order, method, operator class, name) and foreign key
// (columns, target, delete rule, name) Prisma would create must exist exactly so. Fields
// Prisma cannot parse (Unsupported(...)) are read from the schema text.
import { readFileSync } from "node:fs";
import path from "node:path";

import type pg from "pg";

type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};
type DmmfModel = {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
  uniqueIndexes: { name: string | null; fields: string[] }[];
};
type DmmfIndex = {
  model: string;
  type: "id" | "normal" | "unique" | "fulltext";
  dbName?: string;
  algorithm?: string;
  fields: { name: string; sortOrder?: "asc" | "desc"; operatorClass?: string }[];
};
export type Datamodel = {
  enums: {
    name: string;
    dbName?: string | null;
    values: { name: string; dbName?: string | null }[];
  }[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
};

const ROOT = path.resolve(import.meta.dirname, "../..");

export function loadDatamodel(): Datamodel {
  return JSON.parse(readFileSync(path.join(ROOT, "lib/generated/dmmf/dmmf.json"), "utf8"));
}

export function loadSchemaText(): string {
  return readFileSync(path.join(ROOT, "prisma/schema.prisma"), "utf8");
}

/** `field Unsupported("type")?` lines, per model (DMMF leaves them out). */
export function unsupportedFields(schema: string) {
  const result: {
    model: string;
    column: string;
    type: string;
    required: boolean;
    /** the text of `@default(dbgenerated("..."))`, unescaped; null without one */
    dbgenerated: string | null;
  }[] = [];
  for (const block of schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    for (const line of block[2]!.matchAll(/^\s*(\w+)\s+Unsupported\("([^"]+)"\)(\?)?([^\n]*)$/gm)) {
      const mapped = /@map\("([^"]+)"\)/.exec(line[4] ?? "")?.[1];
      const generated = /@default\(dbgenerated\("((?:[^"\\]|\\.)*)"\)\)/.exec(line[4] ?? "")?.[1];
      result.push({
        model: block[1]!,
        column: mapped ?? line[1]!,
        type: line[2]!,
        required: !line[3],
        dbgenerated: generated === undefined ? null : unescapePrismaString(generated),
      });
    }
  }
  return result;
}

/** `extensions = [a, b]` of the datasource block (the postgresqlExtensions preview feature). */
export function declaredExtensions(schema: string): string[] {
  const block = /^datasource\s+\w+\s*\{([\s\S]*?)^\}/m.exec(schema)?.[1] ?? "";
  const list = /^\s*extensions\s*=\s*\[([^\]]*)\]/m.exec(block)?.[1] ?? "";
  return list
    .split(",")
    .map((e) => e.trim().replace(/\(.*\)$/, ""))
    .filter(Boolean);
}

/** The `where: raw("…")` of each `@@index(…, map: "name", where: raw("…"))` (partialIndexes). */
export function indexPredicates(schema: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const line of schema.matchAll(/^\s*@@(?:index|unique)\((.*)\)\s*$/gm)) {
    const name = /map:\s*"([^"]+)"/.exec(line[1]!)?.[1];
    const where = /where:\s*raw\("((?:[^"\\]|\\.)*)"\)/.exec(line[1]!)?.[1];
    if (name && where !== undefined) result.set(name, unescapePrismaString(where));
  }
  return result;
}

/** A Prisma string literal's escapes (\" and \\) undone. */
function unescapePrismaString(text: string) {
  return text.replace(/\\(.)/g, "$1");
}

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

function expectedType(field: DmmfField): string {
  let base: string;
  if (field.kind === "enum") base = `"${field.type}"`;
  else if (field.nativeType) {
    const [name, args] = field.nativeType;
    const native: Record<string, (a: string[]) => string> = {
      Timestamptz: (a) => `timestamp(${a[0] ?? 6}) with time zone`,
      Timestamp: (a) => `timestamp(${a[0] ?? 6}) without time zone`,
      VarChar: (a) => (a[0] ? `character varying(${a[0]})` : "character varying"),
      Uuid: () => "uuid",
      Text: () => "text",
      Date: () => "date",
      SmallInt: () => "smallint",
      Real: () => "real",
      DoublePrecision: () => "double precision",
      JsonB: () => "jsonb",
      Json: () => "json",
    };
    base = native[name]?.(args) ?? name.toLowerCase();
  } else base = SCALAR_TYPES[field.type] ?? field.type;
  return field.isList ? `${base}[]` : base;
}

/**
 * The default as Postgres prints it (`pg_get_expr`) for the DDL Prisma would write for this
 * field, or null when the database has none (client-side defaults such as cuid()).
 */
export function expectedDefault(field: DmmfField): string | null {
  const value = field.default;
  if (!field.hasDefaultValue || isClientSideDefault(value)) return null;
  if (typeof value === "object" && value !== null && !Array.isArray(value) && "name" in value) {
    const fn = value as { name: string; args: unknown[] };
    if (fn.name === "now") return "CURRENT_TIMESTAMP";
    if (fn.name === "dbgenerated") return String(fn.args[0] ?? "");
    if (fn.name === "autoincrement") return "nextval(…)";
    return `${fn.name}(${fn.args.join(", ")})`;
  }
  const type = expectedType({ ...field, isList: false });
  const literal = (item: unknown) => {
    if (field.kind === "enum") return `'${String(item)}'::${type}`;
    // the DMMF carries a BigInt default as a string; Prisma writes it as a number (DEFAULT 0)
    if (field.type === "BigInt" && typeof item === "string" && /^-?\d+$/.test(item)) return item;
    if (typeof item === "string") return `'${item.replaceAll("'", "''")}'::${type}`;
    return String(item);
  };
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(", ")}]::${type}[]`;
  return literal(value);
}

const column = (field: DmmfField) => field.dbName ?? field.name;
const table = (model: DmmfModel) => model.dbName ?? model.name;

/** Prisma's default constraint names (see its naming conventions), capped at 63 bytes. */
const defaultName = (tableName: string, columns: string[], suffix: string) =>
  `${tableName}_${columns.join("_")}_${suffix}`.slice(0, 63);

const DELETE_RULES: Record<string, string> = {
  Cascade: "c",
  SetNull: "n",
  Restrict: "r",
  NoAction: "a",
  SetDefault: "d",
};

type DbIndex = {
  name: string;
  /** a partial index's WHERE, as Postgres prints it (pg_get_expr); null for a full index */
  predicate: string | null;
  table: string;
  unique: boolean;
  primary: boolean;
  method: string;
  columns: string[];
  desc: boolean[];
  opclasses: string[];
};

async function readIndexes(client: pg.Client): Promise<DbIndex[]> {
  const { rows } = await client.query(`
    SELECT i.relname AS name, t.relname AS table, pg_get_expr(ix.indpred, ix.indrelid) AS predicate, ix.indisunique AS unique, ix.indisprimary AS primary, am.amname AS method,
      array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, n) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
      array(SELECT (o.opt & 1) = 1 FROM unnest(ix.indoption::int2[]) WITH ORDINALITY o(opt, n) ORDER BY o.n) AS desc,
      array(SELECT oc.opcname::text FROM unnest(ix.indclass) WITH ORDINALITY c(oid, n) JOIN pg_opclass oc ON oc.oid = c.oid ORDER BY c.n) AS opclasses
    FROM pg_index ix
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_am am ON am.oid = i.relam
    JOIN pg_namespace ns ON ns.oid = t.relnamespace
    WHERE ns.nspname = current_schema()`);
  return rows;
}

export async function compareSchema(
  client: pg.Client,
  datamodel: Datamodel,
  schemaText: string,
): Promise<string[]> {
  const problems: string[] = [];

  const { rows: columns } = await client.query<{
    table_name: string;
    column_name: string;
    type: string;
    not_null: boolean;
    default: string | null;
    generated: boolean;
  }>(`
    SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
           pg_get_expr(d.adbin, d.adrelid) AS default, a.attgenerated <> '' AS generated
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
    JOIN pg_namespace ns ON ns.oid = c.relnamespace AND ns.nspname = current_schema()
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped`);
  const columnMap = new Map(columns.map((c) => [`${c.table_name}.${c.column_name}`, c]));
  const tables = new Set(columns.map((c) => c.table_name));

  // enums
  const { rows: enumRows } = await client.query<{ name: string; labels: string[] }>(`
    SELECT t.typname::text AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`);
  const enums = new Map(enumRows.map((e) => [e.name, e.labels]));
  for (const enumType of datamodel.enums) {
    const labels = enums.get(enumType.dbName ?? enumType.name);
    const expected = enumType.values.map((v) => v.dbName ?? v.name);
    if (!labels) problems.push(`enum ${enumType.name} is missing`);
    else if (labels.join(",") !== expected.join(","))
      problems.push(`enum ${enumType.name} has values [${labels}] instead of [${expected}]`);
  }

  const indexes = await readIndexes(client);
  const modelByName = new Map(datamodel.models.map((m) => [m.name, m]));
  const fieldColumn = (model: DmmfModel, fieldName: string) =>
    column(model.fields.find((f) => f.name === fieldName) ?? ({ name: fieldName } as DmmfField));

  const findIndex = (tableName: string, cols: string[], predicate: (index: DbIndex) => boolean) =>
    indexes.find(
      (i) => i.table === tableName && i.columns.join(",") === cols.join(",") && predicate(i),
    );

  for (const model of datamodel.models) {
    const tableName = table(model);
    if (!tables.has(tableName)) {
      problems.push(`table ${tableName} (model ${model.name}) is missing`);
      continue;
    }
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      const found = columnMap.get(`${tableName}.${column(field)}`);
      const where = `${tableName}.${column(field)} (${model.name}.${field.name})`;
      if (!found) {
        problems.push(`column ${where} is missing`);
        continue;
      }
      const type = expectedType(field);
      // Prisma 7 maps DateTime without @db to timestamp(3); our schema always says Timestamptz(3).
      if (found.type !== type)
        problems.push(`column ${where} is ${found.type}, schema says ${type}`);
      const shouldBeNotNull = field.isRequired && !field.isList;
      if (found.not_null !== shouldBeNotNull)
        problems.push(
          `column ${where} is ${found.not_null ? "NOT NULL" : "nullable"}, schema says ${shouldBeNotNull ? "required" : "optional"}`,
        );
      const wanted = expectedDefault(field);
      if (field.isUpdatedAt && wanted === null) {
        // @updatedAt is set by Prisma Client; the database may or may not have a default
      } else if (found.generated)
        problems.push(`column ${where} is a generated column, schema says a plain one`);
      else if (wanted === "nextval(…)") {
        if (!found.default?.startsWith("nextval("))
          problems.push(`column ${where} has default ${found.default}, schema says a sequence`);
      } else if (wanted === null && found.default !== null)
        problems.push(`column ${where} has default ${found.default}, schema gives none`);
      else if (wanted !== null && found.default === null)
        problems.push(`column ${where} has no default, schema gives ${wanted}`);
      else if (wanted !== found.default)
        problems.push(`column ${where} has default ${found.default}, schema says ${wanted}`);
    }

    // primary key
    const pkFields =
      model.primaryKey?.fields ?? model.fields.filter((f) => f.isId).map((f) => f.name);
    const pkColumns = pkFields.map((f) => fieldColumn(model, f));
    const pk = indexes.find((i) => i.table === tableName && i.primary);
    if (!pk || pk.columns.join(",") !== pkColumns.join(","))
      problems.push(
        `table ${tableName}: primary key should be (${pkColumns}), is (${pk?.columns ?? "none"})`,
      );
    else if (pk.name !== (model.primaryKey?.name ?? `${tableName}_pkey`))
      problems.push(`table ${tableName}: primary key is named ${pk.name}`);

    // single-field @unique
    for (const field of model.fields.filter((f) => f.isUnique)) {
      const name = defaultName(tableName, [column(field)], "key");
      if (!findIndex(tableName, [column(field)], (i) => i.unique && i.name === name))
        problems.push(`unique index ${name} on ${tableName}(${column(field)}) is missing`);
    }

    // foreign keys
    for (const field of model.fields.filter(
      (f) => f.kind === "object" && f.relationFromFields?.length,
    )) {
      const target = modelByName.get(field.type)!;
      const fromCols = field.relationFromFields!.map((f) => fieldColumn(model, f));
      const toCols = field.relationToFields!.map((f) => fieldColumn(target, f));
      const name = defaultName(tableName, fromCols, "fkey");
      const { rows } = await client.query(
        `SELECT con.conname, ft.relname AS target, con.confdeltype AS on_delete, con.confupdtype AS on_update,
           array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o) AS cols,
           array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o) AS target_cols
         FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class ft ON ft.oid = con.confrelid
         WHERE con.contype = 'f' AND t.relname = $1 AND con.conname = $2`,
        [tableName, name],
      );
      const fk = rows[0];
      const onDelete =
        DELETE_RULES[field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull")];
      if (!fk) problems.push(`foreign key ${name} (${model.name}.${field.name}) is missing`);
      else if (
        fk.target !== table(target) ||
        fk.cols.join() !== fromCols.join() ||
        fk.target_cols.join() !== toCols.join()
      )
        problems.push(
          `foreign key ${name} points at ${fk.target}(${fk.target_cols}) instead of ${table(target)}(${toCols})`,
        );
      else if (fk.on_delete !== onDelete || fk.on_update !== "c")
        problems.push(
          `foreign key ${name} has ON DELETE ${fk.on_delete}/ON UPDATE ${fk.on_update}, schema says ${onDelete}/c`,
        );
    }
  }

  // @@unique and @@index
  for (const index of datamodel.indexes) {
    if (
      index.type === "id" ||
      (index.type === "unique" &&
        index.fields.length === 1 &&
        isFieldUnique(modelByName.get(index.model)!, index.fields[0]!.name))
    )
      continue;
    const model = modelByName.get(index.model)!;
    const tableName = table(model);
    const cols = index.fields.map((f) => fieldColumn(model, f.name));
    const name =
      index.dbName ?? defaultName(tableName, cols, index.type === "unique" ? "key" : "idx");
    const found = indexes.find((i) => i.table === tableName && i.name === name);
    const label = `index ${name} on ${tableName}(${cols})`;
    if (!found) {
      problems.push(`${label} is missing`);
      continue;
    }
    if (found.columns.join(",") !== cols.join(","))
      problems.push(`${label} covers (${found.columns}) instead`);
    if (found.unique !== (index.type === "unique"))
      problems.push(`${label} should${index.type === "unique" ? "" : " not"} be unique`);
    const method = (index.algorithm ?? "BTree").toLowerCase();
    if (found.method !== method)
      problems.push(`${label} uses ${found.method}, schema says ${method}`);
    const predicate = indexPredicates(schemaText).get(name) ?? null;
    if (found.predicate !== predicate)
      problems.push(
        found.predicate === null
          ? `${label} is a full index, schema says WHERE ${predicate}`
          : predicate === null
            ? `${label} is partial (WHERE ${found.predicate}), schema declares no where: raw(…)`
            : `${label} has WHERE ${found.predicate}, schema says WHERE ${predicate}`,
      );
    index.fields.forEach((f, n) => {
      if (Boolean(found.desc[n]) !== (f.sortOrder === "desc"))
        problems.push(`${label}: column ${cols[n]} sort order differs`);
      if (f.operatorClass && found.opclasses[n] !== f.operatorClass.toLowerCase())
        problems.push(
          `${label}: column ${cols[n]} uses ${found.opclasses[n]}, schema says ${f.operatorClass}`,
        );
    });
  }

  // extensions: exactly those the datasource declares (plpgsql is every database's own)
  const { rows: installed } = await client.query<{ name: string }>(
    `SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY extname`,
  );
  const declared = declaredExtensions(schemaText);
  for (const name of declared)
    if (!installed.some((e) => e.name === name)) problems.push(`extension ${name} is missing`);
  for (const { name } of installed)
    if (!declared.includes(name))
      problems.push(`extension ${name} is installed, schema.prisma does not declare it`);

  // Unsupported(...) columns
  for (const field of unsupportedFields(schemaText)) {
    const tableName = table(modelByName.get(field.model)!);
    const found = columnMap.get(`${tableName}.${field.column}`);
    if (!found)
      problems.push(
        `column ${tableName}.${field.column} (Unsupported("${field.type}")) is missing`,
      );
    else if (found.type !== field.type)
      problems.push(
        `column ${tableName}.${field.column} is ${found.type}, schema says ${field.type}`,
      );
    else if (found.not_null !== field.required)
      problems.push(`column ${tableName}.${field.column} nullability differs from the schema`);
    else if ((found.default ?? null) !== field.dbgenerated) {
      const what = found.generated ? "generation expression" : "default";
      problems.push(
        found.default === null
          ? `column ${tableName}.${field.column} has no default or generation expression, schema says dbgenerated("${field.dbgenerated}")`
          : field.dbgenerated === null
            ? `column ${tableName}.${field.column} has ${what} ${found.default}, schema gives none (declare @default(dbgenerated("…")) exactly as Postgres prints it)`
            : `column ${tableName}.${field.column} has ${what} ${found.default}, schema says ${field.dbgenerated}`,
      );
    }
  }

  return problems;
}

function isFieldUnique(model: DmmfModel, fieldName: string) {
  return model.fields.some((f) => f.name === fieldName && (f.isUnique || f.isId));
}

function isClientSideDefault(value: unknown): boolean {
  // cuid(), uuid(), nanoid() are generated by Prisma Client, not by the database
  return (
    typeof value === "object" &&
    value !== null &&
    "name" in value &&
    ["cuid", "uuid", "nanoid", "ulid"].includes(String((value as { name: string }).name))
  );
}
