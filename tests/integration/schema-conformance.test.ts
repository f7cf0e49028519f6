// schema.prisma and prisma/migrations must describe the same database, or a later
// `prisma migrate dev` on a connected machine would "fix" the drift by dropping things
// (a peer lost its full-text index exactly so).
import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { migrate, MIGRATIONS_DIR } from "../../scripts/lib/migrate";
import { compareSchema, loadDatamodel, loadSchemaText } from "../support/schema-conformance";
import { createEmptyDatabase } from "../support/test-database";

const datamodel = loadDatamodel();
const schemaText = loadSchemaText();

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Migrates a fresh database from a copy of the migrations with `edit` applied to one of them
 * (the init SQL unless named), then `after` run on it.
 */
async function problemsAfterEdit(
  edit: (sql: string) => string,
  migration = "20261122000000_init",
  after?: (client: pg.Client) => Promise<unknown>,
) {
  const dir = await mkdtemp(path.join(tmpdir(), "chorus-migrations-"));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  const init = path.join(dir, migration, "migration.sql");
  const original = await readFile(init, "utf8");
  const edited = edit(original);
  expect(edited).not.toBe(original);
  await writeFile(init, edited);
  const database = await createEmptyDatabase(inject("serverUrl"));
  try {
    await migrate(database.url, { dir });
    return await withClient(database.url, async (client) => {
      await after?.(client);
      return compareSchema(client, datamodel, schemaText);
    });
  } finally {
    await database.drop();
  }
}

describe("schema.prisma and the migrations", () => {
  it("covers every model of the data model", () => {
    const models = datamodel.models.map((m) => m.name);
    for (const name of [
      "User",
      "Account",
      "Session",
      "VerificationToken",
      "Team",
      "Membership",
      "Invite",
      "Task",
      "Clip",
      "Lyrics",
      "LedgerEntry",
      "ApiToken",
      "MediaAsset",
      "ClipReaction",
      "Playlist",
      "PlaylistItem",
    ]) {
      expect(models).toContain(name);
    }
    // the search column is declared in schema.prisma, so migrate dev never drops it
    expect(schemaText).toMatch(/search\s+Unsupported\("tsvector"\)/);
  });

  it("agree on every table, column, type, nullability, default, key and index", async () => {
    const problems = await withClient(process.env.DATABASE_URL!, (client) =>
      compareSchema(client, datamodel, schemaText),
    );
    expect(problems).toEqual([]);
  });

  it("fail when a migration loses a column", async () => {
    const problems = await problemsAfterEdit((sql) =>
      sql.replace(/^\s+"is_video_pending" BOOLEAN NOT NULL DEFAULT false,\n/m, ""),
    );
    expect(problems).toContain("column clips.is_video_pending (Clip.isVideoPending) is missing");
  });

  it("fail when a migration loses a workspace's trigram index or changes nullability", async () => {
    const problems = await problemsAfterEdit(
      (sql) => sql.replace(/^CREATE INDEX "clips_team_title_trgm_idx"[^;]*;\n/m, ""),
      WORKSPACE_INDEXES,
    );
    expect(problems).toContain(
      "index clips_team_title_trgm_idx on clips(team_id,title) is missing",
    );
    const nullability = await problemsAfterEdit((sql) =>
      sql.replace(`"prompt" TEXT NOT NULL,`, `"prompt" TEXT,`),
    );
    expect(nullability).toContain(
      "column lyrics.prompt (Lyrics.prompt) is nullable, schema says required",
    );
  });
});

// issue 21: the workspace-keyed indexes need btree_gin and are partial; the schema declares both
const WORKSPACE_INDEXES = "20261201214000_workspace_search_indexes";
describe("extensions, operator classes and partial indexes", () => {
  it("declares btree_gin and pg_trgm, and the workspace indexes with their classes", () => {
    expect(schemaText).toMatch(/extensions\s*=\s*\[pg_trgm, btree_gin\]/);
    const index = datamodel.indexes.find((i) => i.dbName === "clips_team_search_idx");
    expect(index?.algorithm).toBe("Gin");
    expect(index?.fields).toEqual([
      { name: "teamId", operatorClass: "text_ops" },
      { name: "search" },
    ]);
  });

  it("fail when a partial index covers other rows than the schema says", async () => {
    const problems = await problemsAfterEdit(
      (sql) =>
        sql.replace(
          /("clips_personal_search_idx" ON "clips" USING GIN \("owner_id", "search"\)\n\s+WHERE) "team_id" IS NULL/,
          `$1 "trashed_at" IS NULL`,
        ),
      WORKSPACE_INDEXES,
    );
    expect(problems).toEqual([
      "index clips_personal_search_idx on clips(owner_id,search) has WHERE (trashed_at IS NULL), schema says WHERE (team_id IS NULL)",
    ]);
  });

  it("fail when an index is full where the schema says partial, or uses another class", async () => {
    const problems = await problemsAfterEdit(
      (sql) =>
        sql
          .replace(
            /("clips_team_search_idx" ON "clips" USING GIN \("team_id", "search"\))\n\s+WHERE "team_id" IS NOT NULL/,
            "$1",
          )
          .replace(`("owner_id", "title" gin_trgm_ops)`, `("owner_id", "title")`),
      WORKSPACE_INDEXES,
    );
    expect(problems.sort()).toEqual([
      "index clips_personal_title_trgm_idx on clips(owner_id,title): column title uses text_ops, schema says gin_trgm_ops",
      "index clips_team_search_idx on clips(team_id,search) is a full index, schema says WHERE (team_id IS NOT NULL)",
    ]);
  });

  it("fail when an extension is installed that the schema does not declare", async () => {
    const problems = await problemsAfterEdit(
      (sql) =>
        sql.replace(
          "CREATE EXTENSION IF NOT EXISTS btree_gin;",
          "CREATE EXTENSION IF NOT EXISTS btree_gin;\n",
        ),
      WORKSPACE_INDEXES,
      (client) => client.query("CREATE EXTENSION hstore"),
    );
    expect(problems).toEqual(["extension hstore is installed, schema.prisma does not declare it"]);
  });
});

describe("defaults and generation expressions", () => {
  it("fail when a migration changes the search vector's generation expression", async () => {
    const problems = await problemsAfterEdit((sql) =>
      sql.replace(`coalesce("lyrics", '')), 'C')`, `coalesce("lyrics", '')), 'B')`),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^column clips\.search has generation expression .*COALESCE\(lyrics, ''::text\)\), 'B'::"char"\).*, schema says .*COALESCE\(lyrics, ''::text\)\), 'C'::"char"\)/,
    );
  });

  it("fail when a migration makes the search vector a plain column", async () => {
    const problems = await problemsAfterEdit((sql) =>
      sql.replace(/"search" tsvector GENERATED ALWAYS AS \([\s\S]*?\) STORED/, `"search" tsvector`),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^column clips\.search has no default or generation expression, schema says dbgenerated/,
      ),
    ]);
  });

  it("fail when a migration changes a column's default value", async () => {
    const problems = await problemsAfterEdit((sql) =>
      sql
        .replace(
          `"is_video_pending" BOOLEAN NOT NULL DEFAULT false,`,
          `"is_video_pending" BOOLEAN NOT NULL DEFAULT true,`,
        )
        .replace(
          `"archive_status" "ArchiveStatus" NOT NULL DEFAULT 'PENDING',`,
          `"archive_status" "ArchiveStatus" NOT NULL DEFAULT 'ARCHIVED',`,
        ),
    );
    expect(problems.sort()).toEqual([
      `column clips.archive_status (Clip.archiveStatus) has default 'ARCHIVED'::"ArchiveStatus", schema says 'PENDING'::"ArchiveStatus"`,
      "column clips.is_video_pending (Clip.isVideoPending) has default true, schema says false",
    ]);
  });
});

describe("search columns", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: process.env.DATABASE_URL! });
    await client.connect();
    await client.query(
      `INSERT INTO users (id, email, updated_at) VALUES ('search-owner', 'search-owner@test.local', now())`,
    );
    await client.query(
      `INSERT INTO clips (id, owner_id, upstream_id, title, tags, lyrics, description, updated_at) VALUES
       ('clip-a', 'search-owner', 'up-a', 'Electric Dreams', 'epic reggae', '[Verse] Batteries flying, rockets in the sky', 'a song about the future', now()),
       ('clip-b', 'search-owner', 'up-b', 'Quiet Harbour', 'ambient piano', 'Boats asleep', NULL, now())`,
    );
  });
  afterAll(async () => {
    await client.query(`DELETE FROM users WHERE id = 'search-owner'`);
    await client.end();
  });

  it("keeps a generated tsvector over title, tags, lyrics and description, stemmed", async () => {
    const search = (q: string) =>
      client
        .query(
          `SELECT id FROM clips WHERE owner_id = 'search-owner' AND search @@ websearch_to_tsquery('english', $1) ORDER BY id`,
          [q],
        )
        .then((r) => r.rows.map((row) => row.id));
    expect(await search("dream")).toEqual(["clip-a"]); // title, stemmed
    expect(await search("reggae")).toEqual(["clip-a"]); // tags
    expect(await search('"rockets in the sky"')).toEqual(["clip-a"]); // lyrics phrase
    expect(await search("future")).toEqual(["clip-a"]); // description
    expect(await search("piano OR batteries")).toEqual(["clip-a", "clip-b"]);
    expect(await search("harbour -boats")).toEqual([]);
  });

  it("matches misspelt titles with pg_trgm", async () => {
    const { rows } = await client.query(
      `SELECT id FROM clips WHERE owner_id = 'search-owner' AND title % 'Electrik Dreems'`,
    );
    expect(rows.map((r) => r.id)).toEqual(["clip-a"]);
  });
});
