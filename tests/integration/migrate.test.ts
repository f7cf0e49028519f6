import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";

import { migrate, MIGRATIONS_DIR, readMigrations } from "../../scripts/lib/migrate";
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
    expect(recorded.map((r) => r.migration_name).sort()).toEqual(
      (await readMigrations()).map((m) => m.name),
    );

    await writeFile(path.join(broken, "migration.sql"), `CREATE TABLE "half_done" (id int);\n`);
    expect((await migrate(url, { dir })).applied).toEqual(["29990101000000_broken"]);
  });
});
