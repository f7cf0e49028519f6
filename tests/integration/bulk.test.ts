// Bulk actions (issue 18, item 5) against a real Postgres: "all that match" is the whole
// query, not a page; each action changes only what the actor may change and says how many it
// skipped; a bulk trash is undone by restoring what it moved.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { BULK_MAX, bulkLike, bulkRestore, bulkTrash } from "@/lib/library/bulk";
import { searchLibrary } from "@/lib/library/search";

let sql: pg.Client;
const run = randomBytes(3).toString("hex");
const TEAM = `bk-${run}`;
const people = {} as Record<"owner" | "member" | "admin" | "viewer" | "out", { id: string }>;

beforeAll(async () => {
  for (const key of ["owner", "member", "admin", "viewer", "out"] as const)
    people[key] = await registerUser({
      name: key,
      email: `bk-${key}-${run}@example.test`,
      password: "a long enough password",
    });
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  // 210 personal songs: 200 "rain" ones and 10 "sun" ones
  await sql.query(
    `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, status, created_at,
       updated_at)
     SELECT $1 || '-p' || n, $2, 'p', $1 || '-up' || n, CASE WHEN n <= 200 THEN 'Rain ' ELSE 'Sun ' END || n,
       'pop', 'COMPLETE', timestamptz '2026-03-01' + n * interval '1 minute', now()
     FROM generate_series(1, 210) AS n`,
    [TEAM, people.owner.id],
  );
  await sql.query(`INSERT INTO teams (id, slug, name, updated_at) VALUES ($1, $1, 'BK', now())`, [
    TEAM,
  ]);
  await sql.query(
    `INSERT INTO memberships (id, team_id, user_id, role, updated_at) VALUES
      ($1 || 'm', $1, $2, 'MEMBER', now()), ($1 || 'a', $1, $3, 'ADMIN', now()),
      ($1 || 'v', $1, $4, 'VIEWER', now())`,
    [TEAM, people.member.id, people.admin.id, people.viewer.id],
  );
  await sql.query(
    `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, status, updated_at)
     VALUES ($1 || '-tm', $2, $1, 'p', $1 || '-tm', 'Member team song', 'COMPLETE', now()),
       ($1 || '-ta', $3, $1, 'p', $1 || '-ta', 'Admin team song', 'COMPLETE', now())`,
    [TEAM, people.member.id, people.admin.id],
  );
});
afterAll(() => sql.end());

const listed = async (q?: string) =>
  (await searchLibrary({ actor: people.owner, query: { q }, limit: 100 })).clips.length;

describe("select all matching, trash, undo", () => {
  it("moves the whole query's songs, not a page of them, in one action; undo restores them", async () => {
    expect(await listed("rain")).toBe(100); // a page of 100 of the 200
    const result = await bulkTrash({ actor: people.owner, selection: { query: { q: "rain" } } });
    expect(result.changed).toHaveLength(200);
    expect(result.skipped).toBe(0);
    expect(await listed("rain")).toBe(0);
    expect(await listed()).toBe(10); // the "sun" songs stay
    // nobody else's action touches them
    expect((await bulkRestore({ actor: people.out, ids: result.changed })).changed).toHaveLength(0);
    const undo = await bulkRestore({ actor: people.owner, ids: result.changed });
    expect(undo).toMatchObject({ skipped: 0 });
    expect(undo.changed).toHaveLength(200);
    expect(await listed("rain")).toBe(100);
  });

  it("changes only what the actor may change, and says how many it skipped", async () => {
    const ids = [`${TEAM}-tm`, `${TEAM}-ta`, `${TEAM}-p1`];
    expect(await bulkTrash({ actor: people.viewer, selection: { ids } })).toEqual({
      changed: [],
      skipped: 3,
    });
    const member = await bulkTrash({ actor: people.member, selection: { ids } });
    expect(member).toEqual({ changed: [`${TEAM}-tm`], skipped: 2 });
    const { rows } = await sql.query(
      `SELECT target_id, data->>'title' AS title FROM audit_events WHERE team_id = $1
         AND action = 'CLIP_DELETED'`,
      [TEAM],
    );
    expect(rows).toEqual([{ target_id: `${TEAM}-tm`, title: "Member team song" }]);
    // an admin restores it (and may change the admin's too)
    expect((await bulkRestore({ actor: people.admin, ids })).changed).toEqual([`${TEAM}-tm`]);
  });

  it("refuses a selection over the limit before changing anything", async () => {
    const ids = Array.from({ length: BULK_MAX + 1 }, (_, i) => `x${i}`);
    await expect(bulkTrash({ actor: people.owner, selection: { ids } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    // a team the actor is not in is no selection at all
    await expect(
      bulkTrash({ actor: people.out, selection: { query: { team: TEAM } } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("bulk like", () => {
  it("likes, as the actor's own reaction, every selected song they may see", async () => {
    const ids = [`${TEAM}-tm`, `${TEAM}-ta`, `${TEAM}-p1`];
    const liked = await bulkLike({ actor: people.viewer, selection: { ids }, liked: true });
    expect(liked.changed.sort()).toEqual([`${TEAM}-ta`, `${TEAM}-tm`]);
    expect(liked.skipped).toBe(1);
    // again: nothing new
    expect(
      (await bulkLike({ actor: people.viewer, selection: { ids }, liked: true })).changed,
    ).toEqual([]);
    const team = await searchLibrary({ actor: people.member, query: { team: TEAM, liked: "any" } });
    expect(team.clips.map((c) => c.id).sort()).toEqual([`${TEAM}-ta`, `${TEAM}-tm`]);
    const unliked = await bulkLike({ actor: people.viewer, selection: { ids }, liked: false });
    expect(unliked.changed).toHaveLength(2);
    const { rows } = await sql.query(
      `SELECT count(*)::int AS n FROM clip_reactions WHERE user_id = $1`,
      [people.viewer.id],
    );
    expect(rows[0].n).toBe(0);
  });
});
