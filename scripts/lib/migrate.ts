// Applies prisma/migrations/<name>/migration.sql in order and records each in
// `_prisma_migrations` exactly as `prisma migrate deploy` does (sha256 checksum of the
// file), so that a connected machine running the Prisma CLI accepts the same history.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import pg from "pg";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

export type Migration = { name: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; alreadyApplied: string[] };

// Same table and columns the Prisma schema engine creates.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same for every Chorus process.
const ADVISORY_LOCK_ID = 72_707_353;

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const raw = await readFile(path.join(dir, name, "migration.sql"));
      return {
        name,
        sql: raw.toString("utf8"),
        checksum: createHash("sha256").update(raw).digest("hex"),
      };
    }),
  );
}

export async function migrate(
  databaseUrl: string,
  options: { dir?: string; log?: (line: string) => void } = {},
): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const migrations = await readMigrations(options.dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_ID]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`);
    const byName = new Map(
      rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]),
    );

    for (const migration of migrations) {
      const recorded = byName.get(migration.name);
      if (recorded?.finished_at) {
        if (recorded.checksum !== migration.checksum) {
          throw new Error(
            `Migration ${migration.name} was changed after it was applied (checksum differs). ` +
              `Never edit an applied migration: add a new one instead.`,
          );
        }
        result.alreadyApplied.push(migration.name);
        continue;
      }
      if (recorded) {
        throw new Error(
          `Migration ${migration.name} failed earlier and was never finished. Fix the database by hand, ` +
            `then mark it rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${migration.name}').`,
        );
      }
      await applyOne(client, migration);
      result.applied.push(migration.name);
      log(`applied ${migration.name}`);
    }
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...byName.keys()].filter((name) => !known.has(name));
    if (unknown.length)
      log(`warning: the database has migrations this checkout does not: ${unknown.join(", ")}`);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_ID]).catch(() => {});
    await client.end();
  }
  return result;
}

async function applyOne(client: pg.Client, migration: Migration) {
  // One transaction per migration, its record included: a failure leaves neither a
  // half-applied schema nor a failed record behind, so fixing the SQL and re-running works.
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE migration_name = $1 AND finished_at IS NULL`,
      [migration.name],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${migration.name} failed, nothing was changed: ${message}`);
  }
}
