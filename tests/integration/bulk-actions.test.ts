// The bulk toolbar's actions (issue 18, item 5) over a team library's "all that match" with
// mixed permissions: each changes, in one statement, only the songs the actor may change,
// says how many it skipped, and its undo puts back exactly what it changed.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import {
  bulkCount,
  bulkRate,
  bulkShare,
  bulkTag,
  bulkUnshare,
  selectionIds,
} from "@/lib/library/bulk";
import {
  bulkAddToPlaylist,
  bulkRemoveFromPlaylist,
  createPlaylist,
  getPlaylist,
} from "@/lib/playlists/playlists";

let sql: pg.Client;
const run = randomBytes(3).toString("hex");
const TEAM = `ba-${run}`;
const people = {} as Record<"owner" | "member" | "viewer" | "out", { id: string }>;
const view = { team: TEAM, q: "storm" };

beforeAll(async () => {
  for (const key of ["owner", "member", "viewer", "out"] as const)
    people[key] = await registerUser({
      name: key,
      email: `ba-${key}-${run}@example.test`,
      password: "a long enough password",
    });
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  await sql.query(`INSERT INTO teams (id, slug, name, updated_at) VALUES ($1, $1, 'BA', now())`, [
    TEAM,
  ]);
  await sql.query(
    `INSERT INTO memberships (id, team_id, user_id, role, updated_at) VALUES
      ($1 || 'o', $1, $2, 'OWNER', now()), ($1 || 'm', $1, $3, 'MEMBER', now()),
      ($1 || 'v', $1, $4, 'VIEWER', now())`,
    [TEAM, people.owner.id, people.member.id, people.viewer.id],
  );
  // 30 "storm" team songs by the member, 8 by the owner, 2 "calm" ones; the member's 5
  // personal "storm" songs (not the team's)
  await sql.query(
    `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, tags, status,
       created_at, updated_at)
     SELECT $1 || '-t' || n, CASE WHEN n <= 30 THEN $2 ELSE $3 END, $1, 'p', $1 || '-t' || n,
       CASE WHEN n <= 38 THEN 'Storm ' ELSE 'Calm ' END || n, 'pop, Dark', 'COMPLETE',
       timestamptz '2026-04-01' + n * interval '1 minute', now()
     FROM generate_series(1, 40) AS n`,
    [TEAM, people.member.id, people.owner.id],
  );
  await sql.query(
    `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, status, updated_at)
     SELECT $1 || '-p' || n, $2, 'p', $1 || '-p' || n, 'Storm personal ' || n, '', 'COMPLETE',
       now() FROM generate_series(1, 5) AS n`,
    [TEAM, people.member.id],
  );
});
afterAll(() => sql.end());

const tagsOf = async (id: string) =>
  (await sql.query(`SELECT tags FROM clips WHERE id = $1`, [id])).rows[0].tags as string;

describe("over a team view's query, with mixed permissions", () => {
  it("counts the whole query and selects every song of it", async () => {
    expect(await bulkCount({ actor: people.viewer, query: view })).toBe(38);
    expect(await selectionIds(people.viewer, { query: view })).toHaveLength(38);
    await expect(bulkCount({ actor: people.out, query: view })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("tags: a member changes their 30, not the owner's 8; undo takes the tag off again", async () => {
    const added = await bulkTag({
      actor: people.member,
      selection: { query: view },
      tag: "night",
      op: "add",
    });
    expect(added.changed).toHaveLength(30);
    expect(added.skipped).toBe(8);
    expect(await tagsOf(`${TEAM}-t1`)).toBe("pop, Dark, night");
    expect(await tagsOf(`${TEAM}-t31`)).toBe("pop, Dark");
    // adding again changes nothing (a tag is there once, whatever its case)
    const again = await bulkTag({
      actor: people.member,
      selection: { query: view },
      tag: "NIGHT",
      op: "add",
    });
    expect(again.changed).toHaveLength(0);
    // the undo: the opposite over exactly the changed songs
    const undo = await bulkTag({
      actor: people.member,
      selection: { ids: added.changed },
      tag: "night",
      op: "remove",
    });
    expect(undo.changed).toHaveLength(30);
    expect(await tagsOf(`${TEAM}-t1`)).toBe("pop, Dark");
    // a viewer changes nothing; the owner (an admin) all 38, and removes a tag whatever its case
    expect(
      (await bulkTag({ actor: people.viewer, selection: { query: view }, tag: "x", op: "add" }))
        .changed,
    ).toHaveLength(0);
    const removed = await bulkTag({
      actor: people.owner,
      selection: { query: view },
      tag: "dark",
      op: "remove",
    });
    expect(removed.changed).toHaveLength(38);
    expect(await tagsOf(`${TEAM}-t35`)).toBe("pop");
    expect(await tagsOf(`${TEAM}-t39`)).toBe("pop, Dark"); // "calm": not in the view
  });

  it("rates as each person's own reaction, a viewer too", async () => {
    const rated = await bulkRate({ actor: people.viewer, selection: { query: view }, rating: 4 });
    expect(rated.changed).toHaveLength(38);
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM clip_reactions WHERE user_id = $1 AND rating = 4`,
      [people.viewer.id],
    );
    expect(rows[0].n).toBe(38);
    // the member's personal songs are nobody else's to rate
    const ids = [`${TEAM}-p1`, `${TEAM}-t1`];
    expect(await bulkRate({ actor: people.out, selection: { ids }, rating: 2 })).toEqual({
      changed: [],
      skipped: 2,
    });
    const cleared = await bulkRate({
      actor: people.viewer,
      selection: { query: view },
      rating: null,
    });
    expect(cleared.changed).toHaveLength(38);
  });

  it("adds to a playlist in order, only songs that may go in, and undoes the add", async () => {
    const personal = await createPlaylist({ actor: people.viewer, name: "Viewer's storms" });
    const added = await bulkAddToPlaylist({
      actor: people.viewer,
      playlistId: personal.id,
      clipIds: [`${TEAM}-t3`, `${TEAM}-t1`, `${TEAM}-p1`, `${TEAM}-t2`],
    });
    // a viewer makes personal playlists of team songs; a member's personal song is not theirs
    expect(added).toEqual({ changed: [`${TEAM}-t3`, `${TEAM}-t1`, `${TEAM}-t2`], skipped: 1 });
    const list = await getPlaylist({ actor: people.viewer, playlistId: personal.id });
    expect(list!.items.map((i) => i.clip.id)).toEqual([`${TEAM}-t3`, `${TEAM}-t1`, `${TEAM}-t2`]);
    // again: nothing twice
    const twice = await bulkAddToPlaylist({
      actor: people.viewer,
      playlistId: personal.id,
      clipIds: [`${TEAM}-t1`, `${TEAM}-t4`],
    });
    expect(twice).toEqual({ changed: [`${TEAM}-t4`], skipped: 1 });
    await bulkRemoveFromPlaylist({
      actor: people.viewer,
      playlistId: personal.id,
      clipIds: twice.changed,
    });
    const after = await getPlaylist({ actor: people.viewer, playlistId: personal.id });
    expect(after!.items).toHaveLength(3);
    // a team playlist that is not collaborative: not the viewer's to change
    const team = await createPlaylist({ actor: people.member, name: "Team", teamId: TEAM });
    await expect(
      bulkAddToPlaylist({ actor: people.viewer, playlistId: team.id, clipIds: [`${TEAM}-t1`] }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    // a team playlist takes the team's songs only
    const teamAdd = await bulkAddToPlaylist({
      actor: people.member,
      playlistId: team.id,
      clipIds: [`${TEAM}-t1`, `${TEAM}-p1`],
    });
    expect(teamAdd).toEqual({ changed: [`${TEAM}-t1`], skipped: 1 });
  });

  it("shares one's own personal songs into a team and takes them out", async () => {
    const sel = { query: { q: "storm personal" } };
    await expect(
      bulkShare({ actor: people.viewer, selection: { ids: [`${TEAM}-p1`] }, teamId: TEAM }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const shared = await bulkShare({ actor: people.member, selection: sel, teamId: TEAM });
    expect(shared.changed).toHaveLength(5);
    expect(await bulkCount({ actor: people.viewer, query: view })).toBe(43);
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE team_id = $1 AND action = 'CLIP_SHARED'`,
      [TEAM],
    );
    expect(rows[0].n).toBe(5);
    // a viewer takes none out; the member their own 5 (the team's own songs are not shares)
    const denied = await bulkUnshare({
      actor: people.viewer,
      selection: { query: view },
      teamId: TEAM,
    });
    expect(denied).toEqual({ changed: [], skipped: 43 });
    const out = await bulkUnshare({
      actor: people.member,
      selection: { query: view },
      teamId: TEAM,
    });
    expect(out.changed).toHaveLength(5);
    expect(await bulkCount({ actor: people.viewer, query: view })).toBe(38);
  });
});
