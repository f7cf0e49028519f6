import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";

import { migrate, MIGRATIONS_DIR, readMigrations } from "../../scripts/lib/migrate";
import { findPgBouncer, startPgBouncer } from "../support/pgbouncer";
import { createEmptyDatabase } from "../support/test-database";

const drops: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(drops.splice(0).map((drop) => drop()));
});

async function freshDatabase() {
  const database = await createEmptyDatabase(inject("serverUrl"));
  drops.push(database.drop);
  return database.url;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function copyMigrations() {
  const dir = await mkdtemp(path.join(tmpdir(), "chorus-migrations-"));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

/** The real migrations plus `extra` small ones, so concurrent runs interleave on several. */
async function migrationsWithExtras(extra: number) {
  const dir = await copyMigrations();
  for (let n = 0; n < extra; n++) {
    const name = `2999010100000${n}_extra_${n}`;
    await mkdir(path.join(dir, name));
    await writeFile(
      path.join(dir, name, "migration.sql"),
      `CREATE TABLE "extra_${n}" (id int);\nSELECT pg_sleep(0.05);\n`,
    );
  }
  return dir;
}

async function advisoryLocksHeld(url: string) {
  const rows = await query<{ count: string }>(
    url,
    `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted`,
  );
  return Number(rows[0]!.count);
}

const PRISMA_LOCK_KEY = 72_707_369;
const pgbouncer = findPgBouncer();
if (!pgbouncer) {
  console.warn(
    "SKIPPED the PgBouncer migration test: no pgbouncer binary at /usr/sbin/pgbouncer, " +
      "/usr/bin/pgbouncer or PGBOUNCER_PATH (Debian: apt-get install pgbouncer).",
  );
}

describe("the migration applier", () => {
  it("records each migration the way `prisma migrate deploy` does", async () => {
    const url = await freshDatabase();
    const result = await migrate(url);
    const migrations = await readMigrations();
    expect(result.applied).toEqual(migrations.map((m) => m.name));

    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      finished_at: Date | null;
      applied_steps_count: number;
      rolled_back_at: Date | null;
    }>(url, `SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows).toHaveLength(migrations.length);
    for (const [n, row] of rows.entries()) {
      const file = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.migration_name).toBe(migrations[n]!.name);
      expect(row.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it("applies nothing the second time", async () => {
    const url = await freshDatabase();
    await migrate(url);
    expect(await migrate(url)).toEqual({
      applied: [],
      alreadyApplied: (await readMigrations()).map((m) => m.name),
    });
  });

  it("is safe when two processes migrate at once", async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([migrate(url), migrate(url)]);
    expect([...a.applied, ...b.applied].sort()).toEqual(
      (await readMigrations()).map((m) => m.name),
    );
    const rows = await query(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(rows).toHaveLength((await readMigrations()).length);
  });

  it("refuses a migration edited after it was applied", async () => {
    const url = await freshDatabase();
    await migrate(url);
    const dir = await copyMigrations();
    const file = path.join(dir, "20261122000000_init", "migration.sql");
    await writeFile(file, (await readFile(file, "utf8")) + "\n-- edited\n");
    await expect(migrate(url, { dir })).rejects.toThrow(/was changed after it was applied/);
  });

  it("leaves nothing behind when a migration fails, and applies it once fixed", async () => {
    const url = await freshDatabase();
    const dir = await copyMigrations();
    const broken = path.join(dir, "29990101000000_broken");
    await mkdir(broken);
    await writeFile(
      path.join(broken, "migration.sql"),
      `CREATE TABLE "half_done" (id int);\nSELECT * FROM "no_such_table";\n`,
    );
    await expect(migrate(url, { dir })).rejects.toThrow(
      /29990101000000_broken failed, nothing was changed/,
    );

    const tables = await query<{ exists: boolean }>(
      url,
      `SELECT to_regclass('half_done') IS NOT NULL AS exists`,
    );
    expect(tables[0]!.exists).toBe(false);
    const recorded = await query<{ migration_name: string }>(
      url,
      `SELECT migration_name FROM "_prisma_migrations"`,
    );
    // every real migration, and not the broken one
    const real = (await readMigrations()).map((m) => m.name);
    expect(recorded.map((r) => r.migration_name).sort()).toEqual(real);

    await writeFile(path.join(broken, "migration.sql"), `CREATE TABLE "half_done" (id int);\n`);
    expect((await migrate(url, { dir })).applied).toEqual(["29990101000000_broken"]);
  });

  it.skipIf(!pgbouncer)(
    "through a transaction-mode pooler, 6 concurrent runs apply each migration once and leave no lock",
    { timeout: 180_000 },
    async () => {
      const dir = await migrationsWithExtras(3);
      const names = (await readMigrations(dir)).map((m) => m.name);
      const bouncer = await startPgBouncer(pgbouncer!, inject("serverUrl"), { poolSize: 3 });
      try {
        for (let round = 0; round < 3; round++) {
          const database = await createEmptyDatabase(inject("serverUrl"));
          drops.push(database.drop);
          const pooled = bouncer.url(database.name);
          const runs = await Promise.allSettled(
            Array.from({ length: 6 }, () =>
              withTimeout(migrate(pooled, { dir, lockTimeoutMs: 20_000 }), 40_000),
            ),
          );
          const failures = runs.filter((run) => run.status === "rejected");
          expect(failures.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
          const applied = runs.flatMap((run) =>
            run.status === "fulfilled" ? run.value.applied : [],
          );
          expect(applied.sort()).toEqual(names);
          const rows = await query<{ migration_name: string }>(
            database.url,
            `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`,
          );
          expect(rows.map((r) => r.migration_name)).toEqual(names);
          expect(await advisoryLocksHeld(database.url)).toBe(0);
        }
      } finally {
        await bouncer.stop();
      }
    },
  );

  it("waits for `prisma migrate deploy` (a session holding Prisma's lock) and gives up after lock_timeout", async () => {
    const url = await freshDatabase();
    const prisma = new pg.Client({ connectionString: url });
    await prisma.connect();
    try {
      await prisma.query("SELECT pg_advisory_lock($1)", [PRISMA_LOCK_KEY]);
      await expect(migrate(url, { lockTimeoutMs: 300 })).rejects.toThrow(
        /another migration .*holds the migration lock.*300 ms/i,
      );
      let finished = false;
      const run = migrate(url, { lockTimeoutMs: 10_000 }).then((result) => {
        finished = true;
        return result;
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(finished).toBe(false);
      await prisma.query("SELECT pg_advisory_unlock($1)", [PRISMA_LOCK_KEY]);
      expect((await run).applied).toEqual((await readMigrations()).map((m) => m.name));
    } finally {
      await prisma.end();
    }
  });
});

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`hung for more than ${ms} ms`)), ms).unref(),
    ),
  ]);
}
