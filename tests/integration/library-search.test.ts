import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { buildTsQuery, searchLibrary, type LibraryQuery } from "@/lib/library/search";

let owner: { id: string };
let stranger: { id: string };
let sql: pg.Client;
const TOTAL = 60;

beforeAll(async () => {
  owner = await registerUser({
    name: "Librarian",
    email: `lib-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });
  stranger = await registerUser({
    name: "Stranger",
    email: `str-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  // 60 plain clips; groups of three share a timestamp, so the id must break ties
  await sql.query(
    `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, lyrics, model, duration, is_instrumental, status, created_at, updated_at)
     SELECT 'lib-' || lpad(n::text, 3, '0'), $1, 'primary', 'up-lib-' || n, 'Filler ' || n, 'ambient', 'nothing to see ' || n,
       CASE WHEN n % 2 = 0 THEN 'chirp-v4' ELSE 'chirp-v3-5' END, (n * 7) % 50, n % 3 = 0, 'COMPLETE',
       timestamptz '2026-01-01' + (n / 3) * interval '1 minute', now()
     FROM generate_series(1, ${TOTAL - 3}) AS n`,
    [owner.id],
  );
  // the owner likes every fifth (their own reaction: issue 18)
  await sql.query(
    `INSERT INTO clip_reactions (user_id, clip_id, liked, updated_at)
     SELECT $1, 'lib-' || lpad(n::text, 3, '0'), true, now()
     FROM generate_series(1, ${TOTAL - 3}) AS n WHERE n % 5 = 0`,
    [owner.id],
  );
  await sql.query(
    `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, lyrics, description, model, duration, status, created_at, updated_at) VALUES
     ('lib-electric', $1, 'primary', 'up-e', 'Electric Dreams', 'epic reggae', '[Verse] Batteries flying, rockets in the sky', 'a song about the future', 'chirp-v3', 120, 'COMPLETE', '2026-02-01', now()),
     ('lib-lanterns', $1, 'primary', 'up-l', 'Lanterns on the Water', 'indie folk', '[Chorus] hold the harbour light', NULL, 'chirp-v4', 95, 'COMPLETE', '2026-02-02', now()),
     ('lib-harbour', $1, 'primary', 'up-h', 'Quiet Harbour', 'ambient piano', 'boats asleep in the harbour', NULL, 'chirp-v4', 61, 'COMPLETE', '2026-02-03', now()),
     ('lib-trashed', $1, 'primary', 'up-t', 'Electric Trash', 'noise', 'gone', NULL, 'chirp-v4', 10, 'COMPLETE', '2026-02-04', now()),
     ('lib-theirs', $2, 'primary', 'up-x', 'Electric Dreams (theirs)', 'epic', 'rockets', NULL, 'chirp-v4', 10, 'COMPLETE', '2026-02-05', now())`,
    [owner.id, stranger.id],
  );
  await sql.query(`UPDATE clips SET trashed_at = now() WHERE id = 'lib-trashed'`);
});
afterAll(() => sql.end());

async function all(query: Omit<LibraryQuery, "cursor">, pageSize = 7) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await searchLibrary({
      actor: owner,
      query: { ...query, cursor },
      limit: pageSize,
    });
    ids.push(...result.clips.map((c) => c.id));
    if (!result.nextCursor) return ids;
    cursor = result.nextCursor;
  }
  throw new Error("too many pages");
}

describe("keyset pages", () => {
  it("walk every clip exactly once, newest first, ties broken by id", async () => {
    const ids = await all({ sort: "newest" });
    expect(ids).toHaveLength(TOTAL);
    expect(new Set(ids).size).toBe(TOTAL);
    const { rows } = await sql.query(
      `SELECT id FROM clips WHERE owner_id = $1 AND trashed_at IS NULL ORDER BY created_at DESC, id DESC`,
      [owner.id],
    );
    expect(ids).toEqual(rows.map((r) => r.id));
  });

  it("oldest and longest are consistent across pages too", async () => {
    const oldest = await all({ sort: "oldest" }, 11);
    expect(oldest).toEqual([...(await all({ sort: "newest" }, 13))].reverse());
    const longest = await all({ sort: "longest" }, 9);
    const { rows } = await sql.query(
      `SELECT id FROM clips WHERE owner_id = $1 AND trashed_at IS NULL ORDER BY coalesce(duration, -1) DESC, id DESC`,
      [owner.id],
    );
    expect(longest).toEqual(rows.map((r) => r.id));
  });

  it("an invalid cursor is a clear bad request, never a database error", async () => {
    for (const cursor of [
      "not-a-cursor",
      Buffer.from('{"v":"not a date","id":"x"}').toString("base64url"),
      Buffer.from('{"v":1,"id":"x"}').toString("base64url"), // a number on a date sort
    ])
      await expect(
        searchLibrary({ actor: owner, query: { cursor }, limit: 3 }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("search", () => {
  const ids = async (q: string, extra: Partial<LibraryQuery> = {}) =>
    (await searchLibrary({ actor: owner, query: { q, ...extra } })).clips.map((c) => c.id).sort();

  it("finds words anywhere, stemmed, only in the actor's own, untrashed clips", async () => {
    expect(await ids("dream")).toEqual(["lib-electric"]);
    expect(await ids("rockets")).toEqual(["lib-electric"]);
    expect(await ids("future")).toEqual(["lib-electric"]); // description
    expect(await ids("reggae")).toEqual(["lib-electric"]); // tags
    expect(await ids("gone")).toEqual([]); // trashed
  });

  it("understands phrases, OR and exclusions", async () => {
    expect(await ids('"rockets in the sky"')).toEqual(["lib-electric"]);
    expect(await ids('"sky rockets"')).toEqual([]);
    expect(await ids("lanterns OR batteries")).toEqual(["lib-electric", "lib-lanterns"]);
    expect(await ids("harbour -boats")).toEqual(["lib-lanterns"]);
  });

  it("matches the word being typed as a prefix", async () => {
    expect(await ids("lant")).toEqual(["lib-lanterns"]);
    expect(await ids("harbour lig")).toEqual(["lib-lanterns"]);
    expect(await ids("lant ")).toEqual([]); // a finished word is a whole word
  });

  it("forgives typos in titles when nothing matches exactly, and says so", async () => {
    expect(await ids("Electrik Dreems")).toEqual(["lib-electric"]);
    expect(await ids("Quiet Harbor")).toEqual(["lib-harbour"]);
    expect((await searchLibrary({ actor: owner, query: { q: "Electrik Dreems" } })).fuzzy).toBe(
      true,
    );
    expect((await searchLibrary({ actor: owner, query: { q: "electric" } })).fuzzy).toBe(false);
    expect(await ids("zzzz qqqq")).toEqual([]);
  });

  it("ranks best matches first and pages through them", async () => {
    const result = await searchLibrary({ actor: owner, query: { q: "harbour" }, limit: 1 });
    expect(result.sort).toBe("best");
    expect(result.terms).toEqual(["harbour"]);
    const pages = await all({ q: "harbour" }, 1);
    expect(pages.sort()).toEqual(["lib-harbour", "lib-lanterns"]);
  });

  it("builds safe queries from any input", () => {
    expect(buildTsQuery("it's a'; DROP TABLE").terms).toEqual(["its", "a", "drop", "table"]);
  });
});

describe("filters", () => {
  it("by model, instrumental or vocal, and liked", async () => {
    const v4 = await all({ model: "chirp-v4" }, 50);
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM clips WHERE owner_id = $1 AND trashed_at IS NULL AND model = 'chirp-v4'`,
      [owner.id],
    );
    expect(v4).toHaveLength(rows[0].n);
    const instrumental = await all({ kind: "instrumental" }, 50);
    const vocal = await all({ kind: "vocal" }, 50);
    expect(instrumental.length + vocal.length).toBe(TOTAL);
    expect(instrumental).toHaveLength(19); // n % 3 = 0 for n in 1..57
    expect(await all({ liked: "1" }, 50)).toHaveLength(11); // n % 5 = 0
  });

  it("by duration and date ranges, inclusive", async () => {
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM clips WHERE owner_id = $1 AND trashed_at IS NULL AND duration BETWEEN 10 AND 20`,
      [owner.id],
    );
    expect(await all({ min: "10", max: "20" }, 50)).toHaveLength(rows[0].n);
    expect(await all({ from: "2026-02-01", to: "2026-02-02" }, 50)).toEqual([
      "lib-lanterns",
      "lib-electric",
    ]);
    expect(await all({ from: "2026-02-03" }, 50)).toEqual(["lib-harbour"]);
    expect(await all({ to: "2025-12-31" }, 50)).toEqual([]);
  });
});

describe("the song grid holds finished songs only", () => {
  it("keeps failed and unfinished requests out, and labels the takes of a request", async () => {
    const user = await registerUser({
      name: "Taker",
      email: `take-${randomBytes(4).toString("hex")}@example.test`,
      password: "a long enough password",
    });
    const tasks = [
      ["take-ok", "SUCCEEDED"],
      ["take-failed", "FAILED"],
      ["take-running", "RUNNING"],
    ];
    for (const [id, status] of tasks)
      await sql.query(
        `INSERT INTO tasks (id, owner_id, operation, status, request, idempotency_key, updated_at)
         VALUES ($1, $2, 'INSTRUMENTAL', $3::"TaskStatus", '{}', $1, now())`,
        [id, user.id, status],
      );
    await sql.query(
      `INSERT INTO clips (id, task_id, owner_id, provider, upstream_id, title, status, duration, created_at, updated_at) VALUES
       ('take-ok-1', 'take-ok', $1, 'primary', 'up-take-1', 'Two Takes', 'COMPLETE', 30, '2026-03-01', now()),
       ('take-ok-2', 'take-ok', $1, 'primary', 'up-take-2', 'Two Takes', 'COMPLETE', 31, '2026-03-01', now()),
       ('take-failed-1', 'take-failed', $1, 'primary', 'up-take-3', '', 'ERROR', NULL, '2026-03-02', now()),
       ('take-running-1', 'take-running', $1, 'primary', 'up-take-4', 'Still Going', 'STREAMING', NULL, '2026-03-03', now())`,
      [user.id],
    );
    // the two takes are one stack (issue 18): its first take on top, the stack opened lists both
    const page = await searchLibrary({ actor: user, query: {} });
    expect(page.clips.map((c) => [c.id, c.take, c.takes, c.stackSize])).toEqual([
      ["take-ok-1", 1, 2, 2],
    ]);
    const stack = await searchLibrary({ actor: user, query: { stack: "take-ok" } });
    expect(stack.clips.map((c) => [c.id, c.taskId, c.take, c.takes])).toEqual([
      ["take-ok-2", "take-ok", 2, 2],
      ["take-ok-1", "take-ok", 1, 2],
    ]);
  });
});
