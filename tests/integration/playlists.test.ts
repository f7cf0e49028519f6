// Playlists (issue 18, item 4) against a real Postgres: who may make, see, edit and manage
// personal and team playlists (collaborative or not), order and moves, totals and covers,
// and songs a reader may not hear staying out of their view.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import {
  addToPlaylist,
  createPlaylist,
  deletePlaylist,
  getPlaylist,
  listPlaylists,
  movePlaylistItem,
  playlistTargets,
  removeFromPlaylist,
  updatePlaylist,
} from "@/lib/playlists/playlists";
import { moved, playlistLength } from "@/lib/playlists/shared";

let sql: pg.Client;
type Who = "ada" | "cy" | "ben" | "vi" | "out";
const people = {} as Record<Who, { id: string }>;
const run = randomBytes(3).toString("hex");
const TEAM = `pl-team-${run}`;
const song = (n: number) => `pl-${run}-s${n}`;
const BEN_PERSONAL = `pl-${run}-ben`;
const OUT_PERSONAL = `pl-${run}-out`;

beforeAll(async () => {
  for (const key of ["ada", "cy", "ben", "vi", "out"] as const)
    people[key] = await registerUser({
      name: key.toUpperCase(),
      email: `${key}-${run}@example.test`,
      password: "a long enough password",
    });
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  await sql.query(`INSERT INTO teams (id, slug, name, updated_at) VALUES ($1, $1, 'PL', now())`, [
    TEAM,
  ]);
  await sql.query(
    `INSERT INTO memberships (id, team_id, user_id, role, updated_at) VALUES
      ($1 || 'a', $1, $2, 'OWNER', now()), ($1 || 'c', $1, $3, 'ADMIN', now()),
      ($1 || 'b', $1, $4, 'MEMBER', now()), ($1 || 'v', $1, $5, 'VIEWER', now())`,
    [TEAM, people.ada.id, people.cy.id, people.ben.id, people.vi.id],
  );
  // six team songs of 60 s each (songs 1-3 with covers), Ben's and the outsider's own
  await sql.query(
    `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, duration, image_url,
       status, updated_at)
     SELECT $1 || '-s' || n, $2, $3, 'p', $1 || '-up' || n, 'Song ' || n, 60,
       CASE WHEN n <= 3 THEN 'https://x.test/' || n || '.png' END, 'COMPLETE', now()
     FROM generate_series(1, 6) AS n`,
    [`pl-${run}`, people.ada.id, TEAM],
  );
  await sql.query(
    `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, duration, status,
       updated_at) VALUES
      ($1, $2, NULL, 'p', $1, 'Ben alone', 30, 'COMPLETE', now()),
      ($3, $4, NULL, 'p', $3, 'Outsider alone', 30, 'COMPLETE', now())`,
    [BEN_PERSONAL, people.ben.id, OUT_PERSONAL, people.out.id],
  );
});
afterAll(() => sql.end());

const order = async (actor: { id: string }, playlistId: string) =>
  (await getPlaylist({ actor, playlistId }))!.items.map((i) => i.clip.id);

describe("personal playlists", () => {
  it("a viewer makes one of team songs; only they see it; totals and covers follow", async () => {
    const { id } = await createPlaylist({ actor: people.vi, name: "Vi's picks" });
    for (const n of [4, 1, 2, 3, 5])
      await addToPlaylist({ actor: people.vi, playlistId: id, clipId: song(n) });
    expect(await addToPlaylist({ actor: people.vi, playlistId: id, clipId: song(1) })).toBe(
      "already",
    );
    expect(await order(people.vi, id)).toEqual([4, 1, 2, 3, 5].map(song));
    const [summary] = (await listPlaylists({ actor: people.vi })).filter((p) => p.id === id);
    expect(summary).toMatchObject({ songs: 5, seconds: 300, covers: [1, 2, 3].map(song) });
    expect(playlistLength(5, 300)).toBe("5 songs · 5 min");

    for (const other of [people.ada, people.ben, people.out]) {
      expect(await getPlaylist({ actor: other, playlistId: id })).toBeNull();
      await expect(
        addToPlaylist({ actor: other, playlistId: id, clipId: song(6) }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(deletePlaylist({ actor: other, playlistId: id })).rejects.toMatchObject({
        code: "NOT_FOUND",
      });
    }
    // a song one cannot hear does not go in
    await expect(
      addToPlaylist({ actor: people.vi, playlistId: id, clipId: OUT_PERSONAL }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("moves by index, up and down, and keeps every song once", async () => {
    const { id } = await createPlaylist({ actor: people.ben, name: "Order" });
    for (const n of [1, 2, 3, 4, 5])
      await addToPlaylist({ actor: people.ben, playlistId: id, clipId: song(n) });
    const items = (await getPlaylist({ actor: people.ben, playlistId: id }))!.items;
    const item = (n: number) => items.find((i) => i.clip.id === song(n))!.id;
    await movePlaylistItem({ actor: people.ben, playlistId: id, itemId: item(1), toIndex: 3 });
    expect(await order(people.ben, id)).toEqual([2, 3, 4, 1, 5].map(song));
    await movePlaylistItem({ actor: people.ben, playlistId: id, itemId: item(5), toIndex: 0 });
    expect(await order(people.ben, id)).toEqual([5, 2, 3, 4, 1].map(song));
    await movePlaylistItem({ actor: people.ben, playlistId: id, itemId: item(2), toIndex: 99 });
    expect(await order(people.ben, id)).toEqual([5, 3, 4, 1, 2].map(song));
    expect(moved(["a", "b", "c"], 0, 2)).toEqual(["b", "c", "a"]);
    await removeFromPlaylist({ actor: people.ben, playlistId: id, itemId: item(4) });
    expect(await order(people.ben, id)).toEqual([5, 3, 1, 2].map(song));
    const { rows } = await sql.query(
      `SELECT position FROM playlist_items WHERE playlist_id = $1 ORDER BY position`,
      [id],
    );
    expect(rows.map((r) => r.position)).toEqual([0, 1, 3, 4]);
  });

  it("a song the reader can no longer hear leaves their view and keeps its place", async () => {
    const { id } = await createPlaylist({ actor: people.ben, name: "Leaving" });
    await addToPlaylist({ actor: people.ben, playlistId: id, clipId: BEN_PERSONAL });
    for (const n of [1, 2, 3])
      await addToPlaylist({ actor: people.ben, playlistId: id, clipId: song(n) });
    await sql.query(`UPDATE clips SET trashed_at = now() WHERE id = $1`, [song(2)]);
    expect(await order(people.ben, id)).toEqual([BEN_PERSONAL, song(1), song(3)]);
    const items = (await getPlaylist({ actor: people.ben, playlistId: id }))!.items;
    // moving song 3 up one place in what Ben sees passes song 1, not the trashed one
    await movePlaylistItem({
      actor: people.ben,
      playlistId: id,
      itemId: items[2]!.id,
      toIndex: 1,
    });
    expect(await order(people.ben, id)).toEqual([BEN_PERSONAL, song(3), song(1)]);
    await sql.query(`UPDATE clips SET trashed_at = NULL WHERE id = $1`, [song(2)]);
    expect(await order(people.ben, id)).toEqual([BEN_PERSONAL, song(3), song(1), song(2)]);
  });
});

describe("team playlists", () => {
  let playlistId: string;

  it("members make them, viewers cannot; the whole team sees them, nobody else", async () => {
    await expect(
      createPlaylist({ actor: people.vi, name: "No", teamId: TEAM }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      createPlaylist({ actor: people.out, name: "No", teamId: TEAM }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    ({ id: playlistId } = await createPlaylist({ actor: people.ben, name: "Band", teamId: TEAM }));
    for (const who of ["ada", "cy", "ben", "vi"] as const)
      expect((await listPlaylists({ actor: people[who] })).map((p) => p.id)).toContain(playlistId);
    expect((await listPlaylists({ actor: people.out })).map((p) => p.id)).not.toContain(playlistId);
  });

  it("only admins and its creator edit one that is not collaborative", async () => {
    await addToPlaylist({ actor: people.ben, playlistId, clipId: song(1) });
    await addToPlaylist({ actor: people.cy, playlistId, clipId: song(2) });
    await addToPlaylist({ actor: people.ada, playlistId, clipId: song(3) });
    await expect(
      addToPlaylist({ actor: people.vi, playlistId, clipId: song(4) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const viView = (await getPlaylist({ actor: people.vi, playlistId }))!;
    expect(viView).toMatchObject({ canEdit: false, canManage: false });
    await expect(
      movePlaylistItem({ actor: people.vi, playlistId, itemId: viView.items[0]!.id, toIndex: 2 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    // a member's personal song does not go into a team playlist until shared into the team
    await expect(
      addToPlaylist({ actor: people.ben, playlistId, clipId: BEN_PERSONAL }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await sql.query(
      `INSERT INTO team_clip_shares (clip_id, team_id, shared_by_id) VALUES ($1, $2, $3)`,
      [BEN_PERSONAL, TEAM, people.ben.id],
    );
    expect(await addToPlaylist({ actor: people.ben, playlistId, clipId: BEN_PERSONAL })).toBe(
      "added",
    );
    expect(await order(people.vi, playlistId)).toEqual([song(1), song(2), song(3), BEN_PERSONAL]);
  });

  it("collaborative: every member, viewers too, adds and reorders; only managers rename", async () => {
    await expect(
      updatePlaylist({
        actor: people.vi,
        playlistId,
        name: "Mine",
        description: "",
        collaborative: true,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await updatePlaylist({
      actor: people.ben,
      playlistId,
      name: "Band picks",
      description: "the keepers",
      collaborative: true,
    });
    await addToPlaylist({ actor: people.vi, playlistId, clipId: song(5) });
    const items = (await getPlaylist({ actor: people.vi, playlistId }))!.items;
    await movePlaylistItem({
      actor: people.vi,
      playlistId,
      itemId: items.at(-1)!.id,
      toIndex: 0,
    });
    expect(await order(people.ada, playlistId)).toEqual([
      song(5),
      song(1),
      song(2),
      song(3),
      BEN_PERSONAL,
    ]);
    const viView = (await getPlaylist({ actor: people.vi, playlistId }))!;
    expect(viView).toMatchObject({ name: "Band picks", canEdit: true, canManage: false });
    expect(viView.items[0]).toMatchObject({ addedBy: "VI" });
    await expect(deletePlaylist({ actor: people.vi, playlistId })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("the card menu offers the playlists a song may go into", async () => {
    const { id: personal } = await createPlaylist({ actor: people.vi, name: "Vi two" });
    const targets = await playlistTargets({ actor: people.vi, clipId: song(5) });
    expect(targets.find((t) => t.id === playlistId)).toMatchObject({ has: true, team: "PL" });
    expect(targets.find((t) => t.id === personal)).toMatchObject({ has: false, team: null });
    // Ben's own song not shared anywhere: only personal playlists
    await sql.query(`DELETE FROM team_clip_shares WHERE clip_id = $1`, [BEN_PERSONAL]);
    const own = await playlistTargets({ actor: people.ben, clipId: BEN_PERSONAL });
    expect(own.every((t) => t.team === null)).toBe(true);
    await expect(playlistTargets({ actor: people.out, clipId: song(1) })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("an admin deletes any team playlist; its songs stay; the team's audit log says so", async () => {
    await deletePlaylist({ actor: people.cy, playlistId });
    expect(await getPlaylist({ actor: people.ben, playlistId })).toBeNull();
    const audit = await sql.query(
      `SELECT actor_id, target_id, data FROM audit_events
       WHERE team_id = $1 AND action = 'PLAYLIST_DELETED'`,
      [TEAM],
    );
    expect(audit.rows).toEqual([
      { actor_id: people.cy.id, target_id: playlistId, data: { name: "Band picks" } },
    ]);
    const { rows } = await sql.query(`SELECT count(*)::int AS n FROM clips WHERE id = $1`, [
      song(1),
    ]);
    expect(rows[0].n).toBe(1);
  });
});
