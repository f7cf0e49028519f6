// Takes and the keeper, and the family tree (issue 18, items 2 and 6) against a real Postgres:
// a request's takes with its extension and whole song are one stack (the trigger sets it),
// listed once with the keeper on top through keyset pages; "keepers only"; an opened stack;
// who may pick the keeper; and a song's tree, scoped to what the reader may see.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { getClipFamily } from "@/lib/library/family";
import { searchLibrary, type LibraryQuery } from "@/lib/library/search";
import type { FamilyNode } from "@/lib/library/shared";
import { pickKeeper } from "@/lib/library/stacks";

let sql: pg.Client;
const people = {} as Record<"ada" | "ben" | "vi" | "out", { id: string }>;
const run = randomBytes(3).toString("hex");
const team = { id: `kt-${run}`, slug: `keep-${run}` };
/** ids of this run's tasks and clips */
const id = (name: string) => `${run}-${name}`;

async function task(
  name: string,
  owner: string,
  operation: string,
  source?: string,
  teamId?: string,
) {
  await sql.query(
    `INSERT INTO tasks (id, owner_id, team_id, operation, status, request, idempotency_key,
       source_clip_id, updated_at)
     VALUES ($1, $2, $3, $4::"TaskOperation", 'SUCCEEDED', '{}', $1, $5, now())`,
    [id(name), owner, teamId ?? null, operation, source ? id(source) : null],
  );
}

async function clip(
  name: string,
  o: { owner: string; task?: string; parent?: string; minute: number; title?: string },
  teamId: string | null = team.id,
) {
  await sql.query(
    `INSERT INTO clips (id, task_id, owner_id, team_id, provider, upstream_id, title, status,
       parent_clip_id, clip_type, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'p', $1, $5, 'COMPLETE', $6, NULL,
       timestamptz '2026-07-01' + $7 * interval '1 minute', now())`,
    [
      id(name),
      o.task ? id(o.task) : null,
      o.owner,
      teamId,
      o.title ?? "Harbour Song",
      o.parent ? id(o.parent) : null,
      o.minute,
    ],
  );
}

beforeAll(async () => {
  for (const key of ["ada", "ben", "vi", "out"] as const)
    people[key] = await registerUser({
      name: key,
      email: `${key}-${randomBytes(4).toString("hex")}@example.test`,
      password: "a long enough password",
    });
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  await sql.query(`INSERT INTO teams (id, slug, name, updated_at) VALUES ($1, $2, 'Keep', now())`, [
    team.id,
    team.slug,
  ]);
  await sql.query(
    `INSERT INTO memberships (id, team_id, user_id, role, updated_at) VALUES
      ($1 || '-a', $1, $2, 'OWNER', now()), ($1 || '-b', $1, $3, 'MEMBER', now()),
      ($1 || '-v', $1, $4, 'VIEWER', now())`,
    [team.id, people.ada.id, people.ben.id, people.vi.id],
  );
  const ada = people.ada.id;
  const ben = people.ben.id;
  // Ada's request: two takes, an extension of the first, the whole song of that extension
  await task("req", ada, "CUSTOM_SONG", undefined, team.id);
  await clip("a1", { owner: ada, task: "req", minute: 1 });
  await clip("a2", { owner: ada, task: "req", minute: 2, title: "Lanterns" });
  await task("ext", ada, "EXTEND", "a1", team.id);
  await clip("e1", { owner: ada, task: "ext", parent: "a1", minute: 3 });
  await task("whole", ada, "CONCAT", "e1", team.id);
  await clip("w1", { owner: ada, task: "whole", parent: "e1", minute: 4 });
  // a cover of the second take is a song of its own
  await task("cover", ada, "CLIP_COVER", "a2", team.id);
  await clip("c1", { owner: ada, task: "cover", parent: "a2", minute: 5 });
  // Ben's request, and a loose song without a task
  await task("breq", ben, "CUSTOM_SONG", undefined, team.id);
  await clip("b1", { owner: ben, task: "breq", minute: 6 });
  await clip("b2", { owner: ben, task: "breq", minute: 7 });
  await clip("x1", { owner: ben, minute: 8 });
  // Ada's personal song (not shared) and its extension, shared into the team
  await task("mine", ada, "CUSTOM_SONG");
  await clip("p1", { owner: ada, task: "mine", minute: 9, title: "Private Draft" }, null);
  await task("pext", ada, "EXTEND", "p1");
  await clip("pe1", { owner: ada, task: "pext", parent: "p1", minute: 10 }, null);
  await sql.query(
    `INSERT INTO team_clip_shares (clip_id, team_id, shared_by_id) VALUES ($1, $2, $3)`,
    [id("pe1"), team.id, ada],
  );
});
afterAll(() => sql.end());

const inTeam = (query: LibraryQuery = {}): LibraryQuery => ({ team: team.slug, ...query });

async function pages(actor: { id: string }, query: LibraryQuery, limit = 2) {
  const rows: Awaited<ReturnType<typeof searchLibrary>>["clips"] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 30; page++) {
    const result = await searchLibrary({ actor, query: { ...query, cursor }, limit });
    rows.push(...result.clips);
    if (!result.nextCursor) return rows;
    cursor = result.nextCursor;
  }
  throw new Error("paging did not end");
}
const names = (rows: { id: string }[]) => rows.map((r) => r.id.slice(run.length + 1));

describe("stacks", () => {
  it("puts an extension and a whole song in their request's stack, a cover in its own", async () => {
    const { rows } = await sql.query(
      `SELECT id, stack_id FROM clips WHERE id LIKE $1 || '-%' ORDER BY id`,
      [run],
    );
    const stackOf = Object.fromEntries(rows.map((r) => [r.id.slice(run.length + 1), r.stack_id]));
    expect(stackOf).toMatchObject({
      a1: id("req"),
      a2: id("req"),
      e1: id("req"),
      w1: id("req"),
      c1: id("cover"),
      b1: id("breq"),
      x1: id("x1"),
      p1: id("mine"),
      pe1: id("mine"),
    });
  });

  it("lists each stack once with its first take on top, through keyset pages", async () => {
    const rows = await pages(people.ada, inTeam());
    // newest first by each entry's top song; Ben's stack shows its first take
    expect(names(rows)).toEqual(["pe1", "x1", "b1", "c1", "a1"]);
    const a1 = rows.find((r) => r.id === id("a1"))!;
    expect(a1).toMatchObject({ stackId: id("req"), stackSize: 4, isKeeper: true, canKeep: true });
    expect(rows.find((r) => r.id === id("x1"))).toMatchObject({ stackSize: 1, isKeeper: true });
    // the same with every page one song long: no entry twice, none lost
    expect(names(await pages(people.ada, inTeam(), 1))).toEqual(names(rows));
  });

  it("opens a stack: its songs in the library, oldest first", async () => {
    const rows = await pages(people.vi, inTeam({ stack: id("req"), sort: "oldest" }));
    expect(names(rows)).toEqual(["a1", "a2", "e1", "w1"]);
    expect(rows.map((r) => r.isKeeper)).toEqual([true, false, false, false]);
    // a viewer may not pick; the stack's maker may
    expect(rows.every((r) => !r.canKeep)).toBe(true);
  });

  it("shows the take a search finds, even when it is not the keeper", async () => {
    const rows = await pages(people.ada, inTeam({ q: "lanterns" }));
    expect(names(rows)).toEqual(["a2"]);
    expect(rows[0]).toMatchObject({ isKeeper: false, stackSize: 4 });
  });
});

describe("picking the keeper", () => {
  it("puts the picked take on top and makes it the stack's keeper", async () => {
    await pickKeeper({ actor: people.ada, clipId: id("w1") });
    const rows = await pages(people.ben, inTeam());
    expect(names(rows)).toEqual(["pe1", "x1", "b1", "c1", "w1"]);
    expect(rows.at(-1)).toMatchObject({ isKeeper: true, stackSize: 4, canKeep: false });
    expect(names(await pages(people.ben, inTeam({ keepers: "1" })))).toEqual(
      names(rows), // every entry's top is its keeper here
    );
    // picking another take moves the keeper (one per stack)
    await pickKeeper({ actor: people.ada, clipId: id("e1") });
    expect(names(await pages(people.ada, inTeam()))).toEqual(["pe1", "x1", "b1", "c1", "e1"]);
    const { rows: keepers } = await sql.query(
      `SELECT clip_id, picked_by_id FROM take_keepers WHERE stack_id = $1`,
      [id("req")],
    );
    expect(keepers).toEqual([{ clip_id: id("e1"), picked_by_id: people.ada.id }]);
  });

  it("keepers only leaves out every other take, also when a search finds them", async () => {
    expect(names(await pages(people.ada, inTeam({ keepers: "1", q: "lanterns" })))).toEqual([]);
    expect(
      names(await pages(people.ada, inTeam({ keepers: "1", q: "harbour", sort: "newest" }))),
    ).toEqual(["pe1", "x1", "b1", "c1", "e1"]);
  });

  it("refuses a viewer, a member on someone else's request, and anyone outside", async () => {
    const before = await sql.query(`SELECT * FROM take_keepers WHERE stack_id = $1`, [id("req")]);
    await expect(pickKeeper({ actor: people.vi, clipId: id("a2") })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(pickKeeper({ actor: people.ben, clipId: id("a2") })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(pickKeeper({ actor: people.out, clipId: id("a2") })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const after = await sql.query(`SELECT * FROM take_keepers WHERE stack_id = $1`, [id("req")]);
    expect(after.rows).toEqual(before.rows);
    // a member picks among the takes of their own request
    await pickKeeper({ actor: people.ben, clipId: id("b2") });
    const rows = await pages(people.vi, inTeam());
    expect(names(rows)).toEqual(["pe1", "x1", "b2", "c1", "e1"]);
  });

  it("falls back to the first take while the picked one is in the trash", async () => {
    await sql.query(`UPDATE clips SET trashed_at = now() WHERE id = $1`, [id("e1")]);
    try {
      const rows = await pages(people.ada, inTeam({ keepers: "1" }));
      expect(names(rows)).toEqual(["pe1", "x1", "b2", "c1", "a1"]);
      expect(rows.at(-1)).toMatchObject({ stackSize: 3, isKeeper: true });
    } finally {
      await sql.query(`UPDATE clips SET trashed_at = NULL WHERE id = $1`, [id("e1")]);
    }
  });
});

/** "title · kind · take · keeper" per node, indented by depth */
function draw(nodes: FamilyNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${"  ".repeat(depth)}${[n.title ?? "?", n.kind, n.take, n.isKeeper && "keeper", n.isCurrent && "here"].filter(Boolean).join(" · ")}`,
    ...draw(n.children, depth + 1),
  ]);
}

describe("the family tree", () => {
  it("draws both takes, the extension, its whole song and the cover", async () => {
    const tree = await getClipFamily({ actor: people.vi, clipId: id("e1") });
    expect(draw(tree!)).toEqual([
      "Harbour Song · Original · Take 1 of 2",
      "  Harbour Song · Extension · keeper · here",
      "    Harbour Song · Whole song",
      "Lanterns · Original · Take 2 of 2",
      "  Harbour Song · Cover",
    ]);
    expect(tree![0]!.children[0]!.id).toBe(id("e1"));
  });

  it("hides a song the reader may not see, keeping only the way to one they may", async () => {
    // Ben sees Ada's shared extension, not the personal song it extends
    const tree = await getClipFamily({ actor: people.ben, clipId: id("pe1") });
    expect(draw(tree!)).toEqual(["? · Not visible to you", "  Harbour Song · Extension · here"]);
    expect(tree![0]).toMatchObject({ id: null, title: null, take: null });
    expect(JSON.stringify(tree)).not.toContain("Private Draft");
    expect(JSON.stringify(tree)).not.toContain(id("p1"));
    // Ada sees both
    const hers = await getClipFamily({ actor: people.ada, clipId: id("pe1") });
    expect(draw(hers!)[0]).toBe("Private Draft · Original · keeper");
  });

  it("is null for a song without relatives", async () => {
    expect(await getClipFamily({ actor: people.ben, clipId: id("x1") })).toBeNull();
  });
});
