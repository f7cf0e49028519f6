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

// Prisma's own key (the schema engine's `pg_advisory_lock(72707369)`), so that this applier
// and a `prisma migrate deploy` on a connected machine never run at the same time.
export const MIGRATION_LOCK_KEY = 72_707_369;
const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

type HistoryRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

export class MigrationLockTimeoutError extends Error {}

/**
 * Migrations go to DIRECT_DATABASE_URL (the server itself, not the pooler) when it is set,
 * and to DATABASE_URL otherwise: locally both are the same server. The applier is safe
 * through a transaction-mode pooler too, but DDL belongs on a direct connection.
 */
export function migrationDatabaseUrl(env: Record<string, string | undefined>) {
  return env.DIRECT_DATABASE_URL?.trim() || env.DATABASE_URL?.trim() || undefined;
}

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

export type MigrateOptions = {
  dir?: string;
  log?: (line: string) => void;
  /** how long to wait for another migrator's lock before giving up (default 60 s) */
  lockTimeoutMs?: number;
};

/**
 * Applies every pending migration, each in its own transaction that first takes Prisma's
 * advisory lock as a *transaction-level* lock and then re-reads the history. Behind a
 * transaction-mode pooler (PgBouncer, Neon's and Supabase's pooled URLs) a session-level
 * lock is taken on one server connection and released on another, or never: the lock leaks
 * and two runs apply the same migration. A transaction stays on one server connection, and
 * its lock ends with it whatever happens to the client.
 */
export async function migrate(
  databaseUrl: string,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const lockTimeoutMs = options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const migrations = await readMigrations(options.dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  let history = new Map<string, HistoryRow>();
  try {
    for (const migration of migrations) {
      history = await inLockedTransaction(client, lockTimeoutMs, async () => {
        const current = await readHistory(client);
        const recorded = current.get(migration.name);
        if (recorded?.finished_at) {
          if (recorded.checksum !== migration.checksum) {
            throw new Error(
              `Migration ${migration.name} was changed after it was applied (checksum ` +
                `differs). Never edit an applied migration: add a new one instead.`,
            );
          }
          result.alreadyApplied.push(migration.name);
          return current;
        }
        if (recorded) {
          throw new Error(
            `Migration ${migration.name} failed earlier and was never finished. Fix the ` +
              `database by hand, then mark it rolled back (UPDATE "_prisma_migrations" SET ` +
              `rolled_back_at = now() WHERE migration_name = '${migration.name}').`,
          );
        }
        await applyOne(client, migration);
        result.applied.push(migration.name);
        log(`applied ${migration.name}`);
        return current;
      });
    }
    const known = new Set(migrations.map((m) => m.name));
    const unknown = [...history.keys()].filter((name) => !known.has(name));
    if (unknown.length)
      log(`warning: the database has migrations this checkout does not: ${unknown.join(", ")}`);
  } finally {
    await client.end();
  }
  return result;
}

async function readHistory(client: pg.Client) {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const { rows } = await client.query<HistoryRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
  );
  return new Map(rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]));
}

async function inLockedTransaction<T>(
  client: pg.Client,
  lockTimeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  await client.query("BEGIN");
  try {
    // SET LOCAL ends with the transaction, so a pooled server connection is left as found
    await client.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
    try {
      await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    } catch (error) {
      if ((error as { code?: string }).code === "55P03") {
        throw new MigrationLockTimeoutError(
          `Another migration (this applier or \`prisma migrate deploy\`) holds the migration ` +
            `lock (advisory key ${MIGRATION_LOCK_KEY}); gave up after ${lockTimeoutMs} ms. ` +
            `Let it finish and run again.`,
        );
      }
      throw error;
    }
    // the migrations themselves may take as long as they need
    await client.query("SET LOCAL lock_timeout = 0");
    const value = await work();
    await client.query("COMMIT");
    return value;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

async function applyOne(client: pg.Client, migration: Migration) {
  // Inside the locked transaction, its record included: a failure leaves neither a
  // half-applied schema nor a failed record behind, so fixing the SQL and re-running works.
  try {
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE migration_name = $1 AND finished_at IS NULL`,
      [migration.name],
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration ${migration.name} failed, nothing was changed: ${message}`);
  }
}
