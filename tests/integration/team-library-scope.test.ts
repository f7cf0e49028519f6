// Issue 21: the team library reads its two branches (the team's own clips, and the clips shared
// into it) each through its own index, and "best match" ranks a bounded window. Whatever the
// plan, a member sees exactly the team's songs and the songs shared into it, once each, and
// nothing private of anyone; every page of every sort walks the same set.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { BEST_WINDOW, libraryModels, searchLibrary, type LibraryQuery } from "@/lib/library/search";

let ada: { id: string };
let ben: { id: string };
let cleo: { id: string };
let sql: pg.Client;
const tag = randomBytes(3).toString("hex");
const T = `scope-team-${tag}`;
const U = `scope-other-${tag}`;
/** more matches of "lantern" in the team than the ranked window holds */
const LANTERNS = BEST_WINDOW + 37;

const user = (name: string) =>
  registerUser({
    name,
    email: `${name.toLowerCase()}-${tag}@example.test`,
    password: "a long enough password",
  });

beforeAll(async () => {
  [ada, ben, cleo] = [await user("Ada"), await user("Ben"), await user("Cleo")];
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  await sql.query(
    `INSERT INTO teams (id, slug, name, updated_at) VALUES ($1, $1, 'Scope', now()), ($2, $2, 'Other', now())`,
    [T, U],
  );
  // Ada and Ben are in T; Ada and Cleo in U
  await sql.query(
    `INSERT INTO memberships (id, team_id, user_id, role, updated_at) VALUES
       ($1 || '-a', $1, $3, 'OWNER', now()), ($1 || '-b', $1, $4, 'MEMBER', now()),
       ($2 || '-a', $2, $3, 'OWNER', now()), ($2 || '-c', $2, $5, 'MEMBER', now())`,
    [T, U, ada.id, ben.id, cleo.id],
  );
  const clip = `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, tags, lyrics,
      model, duration, status, trashed_at, created_at, updated_at)
    VALUES ($1, $2, $3, 'scope', $1, $4, 'folk', $5, $6, 90, $7, $8, $9, now())`;
  const rows: [string, string, string | null, string, string, string, string, Date | null][] = [
    // id, owner, team, title, lyrics, model, status, trashed
    ["in-team", ben.id, T, "Moon Harbour", "moon over the water", "chirp-hawk", "COMPLETE", null],
    ["in-team-2", ada.id, T, "Paper Moon", "a paper moon", "chirp-hawk", "COMPLETE", null],
    ["shared-in", ben.id, null, "Moonlit Road", "moon road", "chirp-goose", "COMPLETE", null],
    ["ben-private", ben.id, null, "Moon Secret", "moon secret", "chirp-v4", "COMPLETE", null],
    ["cleo-private", cleo.id, null, "Moon Alone", "moon alone", "chirp-v4", "COMPLETE", null],
    ["other-team", cleo.id, U, "Moon Elsewhere", "moon elsewhere", "chirp-v4", "COMPLETE", null],
    ["shared-other", ben.id, null, "Moon Away", "moon away", "chirp-v4", "COMPLETE", null],
    ["team-trashed", ben.id, T, "Moon Trash", "moon trash", "chirp-v4", "COMPLETE", new Date()],
    ["team-failed", ben.id, T, "Moon Failed", "moon failed", "chirp-v4", "ERROR", null],
  ];
  let minute = 0;
  for (const [id, owner, team, title, lyrics, model, status, trashed] of rows)
    await sql.query(clip, [
      `${id}-${tag}`,
      owner,
      team,
      title,
      lyrics,
      model,
      status,
      trashed,
      new Date(Date.UTC(2026, 5, 1, 0, minute++)),
    ]);
  // the team's lantern songs, spread over time, some sharing a timestamp
  await sql.query(
    `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, tags, lyrics, model,
       duration, status, created_at, updated_at)
     SELECT 'lantern-' || $3 || '-' || lpad(n::text, 3, '0'), $1, $2, 'scope', 'lantern-' || $3 || n,
       'Lantern ' || n, 'folk', repeat('lantern ', 1 + n % 4) || 'light', 'chirp-hawk', 100,
       'COMPLETE', timestamptz '2026-03-01' + (n / 2) * interval '1 hour', now()
     FROM generate_series(1, ${LANTERNS}) AS n`,
    [ben.id, T, tag],
  );
  await sql.query(
    `INSERT INTO team_clip_shares (clip_id, team_id, shared_by_id) VALUES
       ($1, $3, $5), ($2, $4, $5), ($6, $3, $7)`,
    [`shared-in-${tag}`, `shared-other-${tag}`, T, U, ben.id, `in-team-${tag}`, ada.id],
  );
  // reactions: Ben likes the shared song and one lantern; Ada likes one of the team's; Cleo
  // (not in T) likes a team song, which T's "liked by anyone" must not count
  await sql.query(
    `INSERT INTO clip_reactions (user_id, clip_id, liked, rating, updated_at) VALUES
       ($1, $4, true, 5, now()), ($1, $5, true, NULL, now()),
       ($2, $6, true, 4, now()), ($3, $7, true, 5, now())`,
    [
      ben.id,
      ada.id,
      cleo.id,
      `shared-in-${tag}`,
      `lantern-${tag}-010`,
      `in-team-2-${tag}`,
      `in-team-${tag}`,
    ],
  );
});
afterAll(() => sql.end());

async function walk(actor: { id: string }, query: Omit<LibraryQuery, "cursor">, pageSize = 9) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 200; page++) {
    const result = await searchLibrary({
      actor,
      query: { team: T, ...query, cursor },
      limit: pageSize,
    });
    ids.push(...result.clips.map((c) => c.id));
    if (!result.nextCursor) return ids;
    cursor = result.nextCursor;
  }
  throw new Error("too many pages");
}
const named = (...names: string[]) => names.map((n) => `${n}-${tag}`).sort();
const lanterns = () =>
  Array.from({ length: LANTERNS }, (_, n) => `lantern-${tag}-${String(n + 1).padStart(3, "0")}`);

describe("a team library under the split scope", () => {
  it("lists the team's songs and the songs shared into it, once each, nothing private", async () => {
    for (const sort of ["newest", "oldest", "longest"] as const) {
      const ids = await walk(ben, { sort });
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(
        [...named("in-team", "in-team-2", "shared-in"), ...lanterns()].sort(),
      );
    }
  });

  it("searches only what the team sees, with the typo fallback on the same scope", async () => {
    const moon = await walk(ada, { q: "moon" });
    expect(moon.sort()).toEqual(named("in-team", "in-team-2", "shared-in"));
    expect((await walk(ada, { q: "moon", sort: "newest" })).sort()).toEqual(moon);
    // a phrase and an exclusion keep their meaning
    expect(await walk(ada, { q: '"paper moon"' })).toEqual(named("in-team-2"));
    expect((await walk(ada, { q: "moon -paper" })).sort()).toEqual(named("in-team", "shared-in"));
    // a prefix of the word being typed
    expect((await walk(ada, { q: "moonl" })).sort()).toEqual(named("shared-in"));
    // no full-text match in the team: titles by similarity, still only the team's
    const typo = await searchLibrary({ actor: ada, query: { team: T, q: "Moonlitt Raod" } });
    expect(typo.fuzzy).toBe(true);
    expect(typo.clips.map((c) => c.id)).toEqual(named("shared-in"));
    // what only others' private songs or another team hold is not found at all
    const away = await searchLibrary({ actor: ada, query: { team: T, q: "elsewhere" } });
    expect(away.clips).toEqual([]);
  });

  it("ranks past the window and still walks every match once, best first within it", async () => {
    const result = await searchLibrary({ actor: ben, query: { team: T, q: "lantern" } });
    expect(result.sort).toBe("best");
    const ids = await walk(ben, { q: "lantern" }, 25);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(lanterns().sort());
    // the first page is the best of the newest BEST_WINDOW: four "lantern"s beat one
    const { rows } = await sql.query(
      `SELECT id FROM clips WHERE team_id = $1 AND title LIKE 'Lantern %'
       ORDER BY created_at DESC, id DESC LIMIT $2`,
      [T, BEST_WINDOW],
    );
    const window = new Set(rows.map((r) => r.id));
    const first = result.clips.map((c) => c.id);
    expect(first.every((id) => window.has(id))).toBe(true);
    for (const id of first) expect(Number(id.slice(-3)) % 4).toBe(3);
  });

  it("filters by the team's reactions and by one's own, never by an outsider's", async () => {
    expect((await walk(ada, { liked: "any" })).sort()).toEqual(
      [...named("in-team-2", "shared-in"), `lantern-${tag}-010`].sort(),
    );
    expect(await walk(ada, { liked: "me" })).toEqual(named("in-team-2"));
    expect((await walk(ben, { liked: "me" })).sort()).toEqual(
      [`lantern-${tag}-010`, `shared-in-${tag}`].sort(),
    );
    expect((await walk(ada, { rated: "4", rater: "any" })).sort()).toEqual(
      named("in-team-2", "shared-in"),
    );
    expect(await walk(ben, { rated: "5", rater: "me" })).toEqual(named("shared-in"));
  });

  it("menus the models of the team's and the shared songs only", async () => {
    expect(await libraryModels({ actor: ada, team: T })).toEqual(["chirp-goose", "chirp-hawk"]);
  });

  it("shows a non-member nothing", async () => {
    await expect(searchLibrary({ actor: cleo, query: { team: T } })).rejects.toThrow();
  });
});
