// Per-member reactions (issue 18, item 1) against a real Postgres: the migration of the old
// shared `liked` flag, each person's like and rating kept apart, who sees whose, and the
// library's reaction filters and sorts through its keyset pages.
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { getClipPage } from "@/lib/library/clips";
import { setReaction } from "@/lib/library/reactions";
import { searchLibrary, type LibraryQuery } from "@/lib/library/search";

import { migrate, MIGRATIONS_DIR, readMigrations } from "../../scripts/lib/migrate";
import { createEmptyDatabase } from "../support/test-database";

const MIGRATION = "20261201200000_clip_reactions";

describe("the migration", () => {
  it("turns each old like into its owner's own reaction and drops the shared column", async () => {
    const database = await createEmptyDatabase(inject("serverUrl"));
    const before = await mkdtemp(path.join(tmpdir(), "chorus-before-reactions-"));
    const client = new pg.Client({ connectionString: database.url });
    try {
      // every migration before this one, then yesterday's data, then this one
      for (const m of await readMigrations())
        if (m.name < MIGRATION)
          await cp(path.join(MIGRATIONS_DIR, m.name), path.join(before, m.name), {
            recursive: true,
          });
      await migrate(database.url, { dir: before, log: () => {} });
      await client.connect();
      await client.query(
        `INSERT INTO users (id, name, email, updated_at) VALUES
          ('u-ada', 'Ada', 'ada@example.test', now()), ('u-ben', 'Ben', 'ben@example.test', now())`,
      );
      await client.query(
        `INSERT INTO teams (id, slug, name, updated_at) VALUES ('t-1', 'band', 'Band', now())`,
      );
      await client.query(
        `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, liked, status,
           updated_at) VALUES
          ('c-1', 'u-ada', NULL, 'p', 'up-1', 'Ada liked', true, 'COMPLETE', '2026-11-01'),
          ('c-2', 'u-ada', NULL, 'p', 'up-2', 'Ada did not', false, 'COMPLETE', now()),
          ('c-3', 'u-ben', 't-1', 'p', 'up-3', 'Team like', true, 'COMPLETE', now())`,
      );
      const result = await migrate(database.url, { log: () => {} });
      expect(result.applied).toContain(MIGRATION);

      const { rows } = await client.query(
        `SELECT user_id, clip_id, liked, rating, created_at FROM clip_reactions ORDER BY clip_id`,
      );
      expect(rows.map((r) => [r.user_id, r.clip_id, r.liked, r.rating])).toEqual([
        ["u-ada", "c-1", true, null],
        ["u-ben", "c-3", true, null],
      ]);
      // the like keeps the time it was last set (the clip's updated_at)
      expect((rows[0].created_at as Date).toISOString()).toBe("2026-11-01T00:00:00.000Z");
      const column = await client.query(
        `SELECT 1 FROM information_schema.columns WHERE table_name = 'clips' AND column_name = 'liked'`,
      );
      expect(column.rowCount).toBe(0);
      // a rating out of 1..5 is refused by the database itself
      await expect(
        client.query(
          `INSERT INTO clip_reactions (user_id, clip_id, rating, updated_at) VALUES ('u-ben', 'c-1', 6, now())`,
        ),
      ).rejects.toThrow(/clip_reactions_rating_range/);
    } finally {
      await client.end().catch(() => {});
      await database.drop();
      await rm(before, { recursive: true, force: true });
    }
  });
});

// ─────────────────────── a team of four and its songs ───────────────────────

let sql: pg.Client;
const people = {} as Record<"ada" | "ben" | "vi" | "out", { id: string }>;
const team = { id: `team-${randomBytes(3).toString("hex")}`, slug: "" };
team.slug = `band-${team.id.slice(5)}`;
const SONGS = 30;
const song = (n: number) => `${team.id}-s${String(n).padStart(2, "0")}`;

beforeAll(async () => {
  for (const [key, name] of [
    ["ada", "Ada"],
    ["ben", "Ben"],
    ["vi", "Vi"],
    ["out", "Outsider"],
  ] as const)
    people[key] = await registerUser({
      name,
      email: `${key}-${randomBytes(4).toString("hex")}@example.test`,
      password: "a long enough password",
    });
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  await sql.query(
    `INSERT INTO teams (id, slug, name, updated_at) VALUES ($1, $2, 'Band', now()),
       ($3, $4, 'Other', now())`,
    [team.id, team.slug, `${team.id}-o`, `${team.slug}-o`],
  );
  await sql.query(
    `INSERT INTO memberships (id, team_id, user_id, role, updated_at) VALUES
      ($1 || '-a', $1, $2, 'OWNER', now()), ($1 || '-b', $1, $3, 'MEMBER', now()),
      ($1 || '-v', $1, $4, 'VIEWER', now()), ($1 || '-x', $1 || '-o', $5, 'OWNER', now())`,
    [team.id, people.ada.id, people.ben.id, people.vi.id, people.out.id],
  );
  // 30 team songs by Ada, one minute apart; one personal song of Ben's shared into the team
  // and into the outsider's team too (as if Ben had been in it)
  await sql.query(
    `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, status, created_at,
       updated_at)
     SELECT $1 || '-s' || lpad(n::text, 2, '0'), $2, $1, 'p', $1 || '-up' || n, 'Song ' || n,
       'COMPLETE', timestamptz '2026-06-01' + n * interval '1 minute', now()
     FROM generate_series(1, ${SONGS}) AS n`,
    [team.id, people.ada.id],
  );
  await sql.query(
    `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, status, updated_at)
     VALUES ($1 || '-ben', $2, NULL, 'p', $1 || '-up-ben', 'Ben shares', 'COMPLETE', now())`,
    [team.id, people.ben.id],
  );
  await sql.query(
    `INSERT INTO team_clip_shares (clip_id, team_id, shared_by_id) VALUES
      ($1 || '-ben', $1, $2), ($1 || '-ben', $1 || '-o', $2)`,
    [team.id, people.ben.id],
  );
});
afterAll(() => sql.end());

const teamQuery = (query: LibraryQuery = {}): LibraryQuery => ({ team: team.slug, ...query });

async function pages(actor: { id: string }, query: LibraryQuery, limit = 4) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 40; page++) {
    const result = await searchLibrary({ actor, query: { ...query, cursor }, limit });
    ids.push(...result.clips.map((c) => c.id));
    if (!result.nextCursor) return ids;
    cursor = result.nextCursor;
  }
  throw new Error("paging did not end");
}

describe("each member's reaction is their own", () => {
  it("two members rate one song differently; each sees their own and the team's count", async () => {
    await setReaction({ actor: people.ada, clipId: song(1), liked: true, rating: 5 });
    await setReaction({ actor: people.ben, clipId: song(1), rating: 3 });
    await setReaction({ actor: people.ben, clipId: song(1), liked: true });
    // a viewer may like a team song too
    await setReaction({ actor: people.vi, clipId: song(1), liked: true });

    const seen = async (actor: { id: string }) =>
      (await searchLibrary({ actor, query: teamQuery(), limit: 50 })).clips.find(
        (c) => c.id === song(1),
      )!;
    const ada = await seen(people.ada);
    const ben = await seen(people.ben);
    const vi = await seen(people.vi);
    expect(ada).toMatchObject({ myLiked: true, myRating: 5, likes: 3, rating: 4, ratings: 2 });
    expect(ben).toMatchObject({ myLiked: true, myRating: 3, likes: 3, rating: 4, ratings: 2 });
    expect(vi).toMatchObject({ myLiked: true, myRating: null, likes: 3 });
    // names of the others, in the order they liked it; "you" is the reader's own flag
    expect(ada.likers).toEqual(["Ben", "Vi"]);
    expect(vi.likers).toEqual(["Ada", "Ben"]);

    // Ben's unlike leaves his rating; Ada's is untouched
    await setReaction({ actor: people.ben, clipId: song(1), liked: false });
    expect(await seen(people.ben)).toMatchObject({ myLiked: false, myRating: 3, likes: 2 });
    expect(await seen(people.ada)).toMatchObject({ myLiked: true, myRating: 5 });
    // taking away both deletes the row
    await setReaction({ actor: people.ben, clipId: song(1), rating: null });
    const { rows } = await sql.query(
      `SELECT user_id FROM clip_reactions WHERE clip_id = $1 AND user_id = $2`,
      [song(1), people.ben.id],
    );
    expect(rows).toEqual([]);
  });

  it("nobody reacts to a song they cannot see, or one in the trash", async () => {
    await expect(
      setReaction({ actor: people.out, clipId: song(2), liked: true }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await sql.query(`UPDATE clips SET trashed_at = now() WHERE id = $1`, [song(30)]);
    await expect(
      setReaction({ actor: people.ada, clipId: song(30), liked: true }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await sql.query(`UPDATE clips SET trashed_at = NULL WHERE id = $1`, [song(30)]);
    await expect(
      setReaction({ actor: people.ada, clipId: song(2), rating: 6 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM clip_reactions WHERE clip_id IN ($1, $2)`,
      [song(2), song(30)],
    );
    expect(rows[0].n).toBe(0);
  });

  it("a song shared into two teams shows each team only its own members' names", async () => {
    const shared = `${team.id}-ben`;
    await setReaction({ actor: people.out, clipId: shared, liked: true });
    await setReaction({ actor: people.ada, clipId: shared, liked: true });
    const inTeam = (
      await searchLibrary({ actor: people.vi, query: teamQuery(), limit: 50 })
    ).clips.find((c) => c.id === shared)!;
    expect(inTeam).toMatchObject({ likes: 1, likers: ["Ada"] });
    const page = await getClipPage({ actor: people.vi, clipId: shared });
    expect(page?.reactions).toMatchObject({ likes: 1, likers: ["Ada"], myLiked: false });
    // its owner, in the personal library, sees everyone who liked it
    const own = (await searchLibrary({ actor: people.ben, query: {}, limit: 50 })).clips.find(
      (c) => c.id === shared,
    )!;
    expect(own).toMatchObject({ likes: 2 });
    expect([...own.likers].sort()).toEqual(["Ada", "Outsider"]);
    await setReaction({ actor: people.out, clipId: shared, liked: false });
    await setReaction({ actor: people.ada, clipId: shared, liked: false });
  });
});

describe("the library's reaction filters and sorts, page by page", () => {
  beforeAll(async () => {
    await sql.query(`DELETE FROM clip_reactions WHERE clip_id LIKE $1`, [`${team.id}-%`]);
    // Ada likes songs 1-10, Ben likes 6-15 (so 6-10 have two likes), Vi likes 20;
    // Ada rates song n with n % 5 + 1 stars for n <= 12, Ben rates 13-18 four stars
    const react = (who: { id: string }, from: number, to: number, liked: string, rating: string) =>
      sql.query(
        `INSERT INTO clip_reactions (user_id, clip_id, liked, rating, updated_at)
         SELECT $1, $2 || '-s' || lpad(n::text, 2, '0'), ${liked}, ${rating}, now()
         FROM generate_series($3::int, $4::int) AS n
         ON CONFLICT (user_id, clip_id) DO UPDATE SET liked = EXCLUDED.liked OR clip_reactions.liked,
           rating = coalesce(EXCLUDED.rating, clip_reactions.rating)`,
        [who.id, team.id, from, to],
      );
    await react(people.ada, 1, 10, "true", "NULL");
    await react(people.ada, 1, 12, "false", "(n % 5 + 1)");
    await react(people.ben, 6, 15, "true", "NULL");
    await react(people.ben, 13, 18, "false", "4");
    await react(people.vi, 20, 20, "true", "NULL");
    // an outsider's like of a team song (from before they left, say) counts for nobody here
    await react(people.out, 25, 25, "true", "5");
  });

  const range = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => song(from + i));

  it("liked by me, and by anyone in the team", async () => {
    expect((await pages(people.ada, teamQuery({ liked: "me" }))).sort()).toEqual(range(1, 10));
    expect((await pages(people.ben, teamQuery({ liked: "1" }))).sort()).toEqual(range(6, 15));
    expect(await pages(people.vi, teamQuery({ liked: "me" })).then((x) => x.sort())).toEqual([
      song(20),
    ]);
    const anyone = [...range(1, 15), song(20)];
    for (const actor of [people.ada, people.ben, people.vi])
      expect((await pages(actor, teamQuery({ liked: "any" }))).sort()).toEqual(anyone);
  });

  it("rated 4+, by me and by anyone", async () => {
    // Ada: n % 5 + 1 >= 4 → n % 5 in {3, 4} → 3, 4, 8, 9
    expect((await pages(people.ada, teamQuery({ rated: "4" }))).sort()).toEqual(
      [3, 4, 8, 9].map(song),
    );
    expect((await pages(people.ben, teamQuery({ rated: "4", rater: "any" }))).sort()).toEqual(
      [3, 4, 8, 9, 13, 14, 15, 16, 17, 18].map(song),
    );
    expect(await pages(people.vi, teamQuery({ rated: "4" }))).toEqual([]);
    // filters combine: liked by anyone and rated 4+ by anyone
    expect(
      (await pages(people.vi, teamQuery({ liked: "any", rated: "4", rater: "any" }))).sort(),
    ).toEqual([3, 4, 8, 9, 13, 14, 15].map(song));
  });

  it("most liked first, ties by id, every song once across pages", async () => {
    const ids = await pages(people.vi, teamQuery({ sort: "liked" }), 4);
    expect(ids).toHaveLength(SONGS + 1);
    expect(new Set(ids).size).toBe(ids.length);
    const likes = (id: string) => {
      const n = Number(id.slice(-2));
      return (n >= 1 && n <= 10 ? 1 : 0) + (n >= 6 && n <= 15 ? 1 : 0) + (n === 20 ? 1 : 0);
    };
    // two likes (6-10), then one, then none; within each, ids descending
    expect(ids.slice(0, 5)).toEqual(range(6, 10).reverse());
    const counts = ids.map((id) => (id.endsWith("-ben") ? 0 : likes(id)));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(ids.slice(5, 16).sort()).toEqual([...range(1, 5), ...range(11, 15), song(20)].sort());
  });

  it("top rated by the team's mean rating, through pages", async () => {
    const ids = await pages(people.ada, teamQuery({ sort: "rated" }), 5);
    expect(ids).toHaveLength(SONGS + 1);
    expect(new Set(ids).size).toBe(ids.length);
    // 5 stars: 4 and 9; 4 stars: 3, 8, 13-18 (song 25's outsider rating does not count)
    expect(ids.slice(0, 2)).toEqual([song(9), song(4)]);
    expect(ids.slice(2, 10).sort()).toEqual([3, 8, 13, 14, 15, 16, 17, 18].map(song));
    expect(ids.indexOf(song(25))).toBeGreaterThan(12);
  });

  it("a cursor of another sort is refused, and the personal library has its own audience", async () => {
    const first = await searchLibrary({
      actor: people.ada,
      query: teamQuery({ sort: "newest" }),
      limit: 2,
    });
    await expect(
      searchLibrary({
        actor: people.ada,
        query: teamQuery({ sort: "liked", cursor: first.nextCursor! }),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // the outsider sees none of this team's songs, whatever they liked
    await expect(
      searchLibrary({ actor: people.out, query: teamQuery({ liked: "me" }) }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await pages(people.out, { liked: "me" })).toEqual([]);
  });
});
