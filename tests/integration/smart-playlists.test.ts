// Smart playlists (issue 18, item 4) against a real Postgres: each rule kind, all/any and
// groups, sort and limit, keyset pages past 100 songs, and the scope (a team's smart playlist
// never lists a member's personal songs; a personal one never a team's).
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { setReaction } from "@/lib/library/reactions";
import { addToPlaylist, createPlaylist, getPlaylist } from "@/lib/playlists/playlists";
import { smartRulesField, smartRulesSchema } from "@/lib/playlists/rules";
import { createSmartPlaylist, smartPlaylistSongs, updateSmartRules } from "@/lib/playlists/smart";
import type { Rule, RuleGroup, SmartRules } from "@/lib/playlists/smart-shared";

let sql: pg.Client;
const run = randomBytes(3).toString("hex");
const TEAM = `sp-${run}`;
const people = {} as Record<"owner" | "member" | "viewer" | "out", { id: string }>;

// personal songs of `owner` (id suffix → fields), and team songs
const SONGS: [string, string, string, number, boolean, string][] = [
  // id, title, tags, duration, instrumental, model
  ["a", "Alpha", "lofi, chill", 150, false, "chirp-hawk"],
  ["b", "Bravo", "rock", 200, false, "chirp-hawk"],
  ["c", "Charlie", "lofi", 100, true, "chirp-goose"],
  ["d", "Delta", "jazz, Lofi", 250, true, "chirp-crow"],
];

beforeAll(async () => {
  for (const key of ["owner", "member", "viewer", "out"] as const)
    people[key] = await registerUser({
      name: key,
      email: `sp-${key}-${run}@example.test`,
      password: "a long enough password",
    });
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  for (const [i, [id, title, tags, duration, inst, model]] of SONGS.entries())
    await sql.query(
      `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, duration,
         is_instrumental, model, status, created_at, updated_at)
       VALUES ($1, $2, 'p', $1, $3, $4, $5, $6, $7, 'COMPLETE', $8, now())`,
      [
        `${TEAM}-${id}`,
        people.owner.id,
        title,
        tags,
        duration,
        inst,
        model,
        new Date(Date.UTC(2026, 0, 1 + i * 10)),
      ],
    );
  await sql.query(`INSERT INTO teams (id, slug, name, updated_at) VALUES ($1, $1, 'SP', now())`, [
    TEAM,
  ]);
  await sql.query(
    `INSERT INTO memberships (id, team_id, user_id, role, updated_at) VALUES
      ($1 || 'o', $1, $2, 'OWNER', now()), ($1 || 'm', $1, $3, 'MEMBER', now()),
      ($1 || 'v', $1, $4, 'VIEWER', now())`,
    [TEAM, people.owner.id, people.member.id, people.viewer.id],
  );
  // team songs: one by the member, one by the owner; plus the member's personal song
  await sql.query(
    `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, tags, duration, model,
       status, updated_at)
     VALUES ($1 || '-t1', $2, $1, 'p', $1 || '-t1', 'Team One', 'lofi', 120, 'chirp-hawk', 'COMPLETE', now()),
       ($1 || '-t2', $3, $1, 'p', $1 || '-t2', 'Team Two', 'lofi', 120, 'chirp-hawk', 'COMPLETE', now())`,
    [TEAM, people.member.id, people.owner.id],
  );
  await sql.query(
    `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, duration, model, status,
       updated_at)
     VALUES ($1 || '-mp', $2, 'p', $1 || '-mp', 'Member Private', 'lofi', 120, 'chirp-hawk',
       'COMPLETE', now())`,
    [TEAM, people.member.id],
  );
});
afterAll(() => sql.end());

const rules = (list: (Rule | RuleGroup)[], extra: Partial<SmartRules> = {}): SmartRules => ({
  match: "all",
  rules: list,
  sort: "oldest",
  limit: 100,
  ...extra,
});
const titles = async (r: SmartRules, actor = people.owner, teamSlug: string | null = null) =>
  (await smartPlaylistSongs({ actor, rules: r, teamSlug })).map((c) => c.title);

describe("each rule kind", () => {
  it("model, tags, duration, vocal or instrumental, dates", async () => {
    expect(await titles(rules([{ kind: "model", op: "is", value: "chirp-hawk" }]))).toEqual([
      "Alpha",
      "Bravo",
    ]);
    expect(await titles(rules([{ kind: "model", op: "not", value: "chirp-hawk" }]))).toEqual([
      "Charlie",
      "Delta",
    ]);
    // a whole-word-free substring, without regard to case
    expect(await titles(rules([{ kind: "tags", op: "has", value: "lofi" }]))).toEqual([
      "Alpha",
      "Charlie",
      "Delta",
    ]);
    expect(await titles(rules([{ kind: "tags", op: "lacks", value: "LOFI" }]))).toEqual(["Bravo"]);
    // LIKE's own characters are plain text
    expect(await titles(rules([{ kind: "tags", op: "has", value: "%" }]))).toEqual([]);
    expect(await titles(rules([{ kind: "duration", op: "under", seconds: 180 }]))).toEqual([
      "Alpha",
      "Charlie",
    ]);
    expect(await titles(rules([{ kind: "duration", op: "over", seconds: 200 }]))).toEqual([
      "Delta",
    ]);
    expect(await titles(rules([{ kind: "type", value: "instrumental" }]))).toEqual([
      "Charlie",
      "Delta",
    ]);
    expect(await titles(rules([{ kind: "created", op: "after", date: "2026-01-11" }]))).toEqual([
      "Bravo",
      "Charlie",
      "Delta",
    ]);
    expect(await titles(rules([{ kind: "created", op: "before", date: "2026-01-11" }]))).toEqual([
      "Alpha",
    ]);
    expect(await titles(rules([{ kind: "recent", days: 1 }]))).toEqual([]);
  });

  it("liked by and rated by: me or anyone in the view's audience", async () => {
    await setReaction({ actor: people.owner, clipId: `${TEAM}-b`, liked: true });
    await setReaction({ actor: people.owner, clipId: `${TEAM}-c`, rating: 4 });
    expect(await titles(rules([{ kind: "liked", by: "me" }]))).toEqual(["Bravo"]);
    expect(await titles(rules([{ kind: "rated", by: "me", min: 4 }]))).toEqual(["Charlie"]);
    expect(await titles(rules([{ kind: "rated", by: "me", min: 5 }]))).toEqual([]);
    // in the team: the viewer's rating counts for anyone, not for "me" of another member
    await setReaction({ actor: people.viewer, clipId: `${TEAM}-t1`, rating: 5 });
    const anyone = rules([{ kind: "rated", by: "anyone", min: 4 }]);
    expect(await titles(anyone, people.member, TEAM)).toEqual(["Team One"]);
    expect(await titles(rules([{ kind: "rated", by: "me", min: 4 }]), people.member, TEAM)).toEqual(
      [],
    );
  });

  it("made by (in a team), in a playlist (one the reader sees, plain ones only)", async () => {
    expect(
      await titles(rules([{ kind: "creator", value: people.member.id }]), people.viewer, TEAM),
    ).toEqual(["Team One"]);
    const list = await createPlaylist({ actor: people.owner, name: "Picks" });
    await addToPlaylist({ actor: people.owner, playlistId: list.id, clipId: `${TEAM}-d` });
    const inIt = rules([{ kind: "playlist", op: "in", playlistId: list.id }]);
    expect(await titles(inIt)).toEqual(["Delta"]);
    expect(await titles(rules([{ kind: "playlist", op: "notIn", playlistId: list.id }]))).toEqual([
      "Alpha",
      "Bravo",
      "Charlie",
    ]);
    // someone else naming the owner's personal playlist learns nothing from it
    const theirs = await createPlaylist({ actor: people.out, name: "Theirs" });
    expect(await titles(inIt, people.out)).toEqual([]);
    // and may not save such a rule
    await expect(
      createSmartPlaylist({ actor: people.out, name: "Peek", rules: inIt }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await createSmartPlaylist({
      actor: people.out,
      name: "Ok",
      rules: rules([{ kind: "playlist", op: "in", playlistId: theirs.id }]),
    });
  });
});

describe("all, any, groups, sort and limit", () => {
  it("combines rules with all or any, and groups inside", async () => {
    const lofi: Rule = { kind: "tags", op: "has", value: "lofi" };
    const short: Rule = { kind: "duration", op: "under", seconds: 180 };
    expect(await titles(rules([lofi, short]))).toEqual(["Alpha", "Charlie"]);
    expect(await titles(rules([lofi, short], { match: "any" }))).toEqual([
      "Alpha",
      "Charlie",
      "Delta",
    ]);
    // rock, or (lofi and instrumental)
    const grouped = rules(
      [
        { kind: "tags", op: "has", value: "rock" },
        { kind: "group", match: "all", rules: [lofi, { kind: "type", value: "instrumental" }] },
      ],
      { match: "any" },
    );
    expect(await titles(grouped)).toEqual(["Bravo", "Charlie", "Delta"]);
  });

  it("sorts and stops at the limit", async () => {
    expect(await titles(rules([], { sort: "longest", limit: 2 }))).toEqual(["Delta", "Bravo"]);
    expect(await titles(rules([], { sort: "newest", limit: 3 }))).toEqual([
      "Delta",
      "Charlie",
      "Bravo",
    ]);
  });

  it("pages by keyset past 100 songs up to the limit", async () => {
    await sql.query(
      `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, status, created_at,
         updated_at)
       SELECT $1 || '-bulk' || n, $2, 'p', $1 || '-bulk' || n, 'Bulk ' || n, 'bulkstyle',
         'COMPLETE', timestamptz '2025-01-01' + n * interval '1 minute', now()
       FROM generate_series(1, 250) AS n`,
      [TEAM, people.out.id],
    );
    const got = await titles(
      rules([{ kind: "tags", op: "has", value: "bulkstyle" }], { limit: 240 }),
      people.out,
    );
    expect(got).toHaveLength(240);
    expect(new Set(got).size).toBe(240);
    expect(got[0]).toBe("Bulk 1");
    expect(got.at(-1)).toBe("Bulk 240");
  });
});

describe("scope", () => {
  it("a team's smart playlist lists the team's songs, never a member's private ones", async () => {
    const everything = await createSmartPlaylist({
      actor: people.member,
      name: "All lofi",
      teamId: TEAM,
      rules: rules([{ kind: "tags", op: "has", value: "lofi" }]),
    });
    for (const actor of [people.member, people.viewer, people.owner]) {
      const seen = await getPlaylist({ actor, playlistId: everything.id });
      expect(seen!.items.map((i) => i.clip.title).sort()).toEqual(["Team One", "Team Two"]);
    }
    // not in the team: no playlist at all
    expect(await getPlaylist({ actor: people.out, playlistId: everything.id })).toBeNull();
    // a personal smart playlist: one's own personal songs only
    const mine = await createSmartPlaylist({
      actor: people.member,
      name: "Mine",
      rules: rules([{ kind: "tags", op: "has", value: "lofi" }]),
    });
    const own = await getPlaylist({ actor: people.member, playlistId: mine.id });
    expect(own!.items.map((i) => i.clip.title)).toEqual(["Member Private"]);
    expect(await getPlaylist({ actor: people.owner, playlistId: mine.id })).toBeNull();
  });

  it("viewers may not change a team's rules unless it is collaborative; songs never added", async () => {
    const made = await createSmartPlaylist({
      actor: people.member,
      name: "Closed",
      teamId: TEAM,
      rules: rules([]),
    });
    const next = rules([{ kind: "type", value: "vocal" }]);
    await expect(
      updateSmartRules({ actor: people.viewer, playlistId: made.id, rules: next }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      addToPlaylist({ actor: people.member, playlistId: made.id, clipId: `${TEAM}-t1` }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const open = await createSmartPlaylist({
      actor: people.member,
      name: "Open",
      teamId: TEAM,
      collaborative: true,
      rules: rules([]),
    });
    await updateSmartRules({ actor: people.viewer, playlistId: open.id, rules: next });
    const { rows } = await sql.query(`SELECT rules FROM playlists WHERE id = $1`, [open.id]);
    expect(rows[0].rules).toEqual(next);
    await expect(
      createSmartPlaylist({ actor: people.viewer, name: "No", teamId: TEAM, rules: next }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("the rules' schema", () => {
  it("parses what the editor sends and refuses anything else", () => {
    const good = rules([{ kind: "rated", by: "anyone", min: 4 }]);
    expect(smartRulesField.parse(JSON.stringify(good))).toEqual(good);
    for (const bad of [
      "not json",
      JSON.stringify({ ...good, limit: 501 }),
      JSON.stringify({ ...good, sort: "best" }),
      JSON.stringify(rules([{ kind: "rated", by: "anyone", min: 6 } as Rule])),
      JSON.stringify(rules([{ kind: "keeper" } as unknown as Rule])),
      JSON.stringify(rules([{ kind: "created", op: "after", date: "2026-02-30" }])),
      JSON.stringify(rules([{ kind: "group", match: "all", rules: [] }])),
      JSON.stringify(
        rules(Array.from({ length: 21 }, () => ({ kind: "type", value: "vocal" }) as Rule)),
      ),
    ])
      expect(smartRulesField.safeParse(bad).success, bad).toBe(false);
    expect(smartRulesSchema.safeParse(good).success).toBe(true);
  });
});
