import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import {
  emptyOldTrash,
  getClipPage,
  listTrash,
  renameClip,
  restoreClip,
  trashClip,
} from "@/lib/library/clips";
import { lyricSections } from "@/lib/library/shared";

let owner: { id: string };
let stranger: { id: string };
let sql: pg.Client;
const user = (name: string) =>
  registerUser({
    name,
    email: `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });

beforeAll(async () => {
  owner = await user("Owner");
  stranger = await user("Stranger");
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  await sql.query(
    `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, lyrics, status, clip_type, parent_clip_id, continue_at, updated_at) VALUES
     ('c-root', $1, 'p', 'u-root', 'Root', 'rock', '[Verse]\nOne\nTwo\n\n[Chorus]\nSing', 'COMPLETE', 'gen', NULL, NULL, now()),
     ('c-ext', $1, 'p', 'u-ext', 'Root (ext)', 'rock', NULL, 'COMPLETE', 'extend', 'c-root', 42.5, now()),
     ('c-whole', $1, 'p', 'u-whole', 'Root (whole)', 'rock', NULL, 'COMPLETE', 'concat', 'c-ext', NULL, now())`,
    [owner.id],
  );
});
afterAll(() => sql.end());

describe("a clip's page", () => {
  it("shows lineage both ways, to those who may see it", async () => {
    const ext = await getClipPage({ actor: owner, clipId: "c-ext" });
    expect(ext).toMatchObject({
      isOwner: true,
      parentClip: { id: "c-root" },
      continueAt: 42.5,
      wholeSongs: [{ id: "c-whole" }],
    });
    const root = await getClipPage({ actor: owner, clipId: "c-root" });
    expect(root?.children.map((c) => c.id)).toEqual(["c-ext"]);
    expect(await getClipPage({ actor: stranger, clipId: "c-root" })).toBeNull();
  });

  it("splits lyrics into their sections", () => {
    expect(lyricSections("intro line\n[Verse]\nOne\nTwo\n\n[Chorus]\nSing\n")).toEqual([
      { heading: null, lines: ["intro line"] },
      { heading: "Verse", lines: ["One", "Two"] },
      { heading: "Chorus", lines: ["Sing"] },
    ]);
    expect(lyricSections(null)).toEqual([]);
  });
});

describe("owner actions", () => {
  it("rename, trash and restore; nobody else can", async () => {
    await renameClip({ actor: owner, clipId: "c-root", title: "Roots", tags: "roots rock" });
    expect(await db.clip.findUniqueOrThrow({ where: { id: "c-root" } })).toMatchObject({
      title: "Roots",
      tags: "roots rock",
    });

    for (const attempt of [
      () => renameClip({ actor: stranger, clipId: "c-root", title: "Mine now", tags: "" }),
      () => trashClip({ actor: stranger, clipId: "c-root" }),
      () => restoreClip({ actor: stranger, clipId: "c-root" }),
    ])
      await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.clip.findUniqueOrThrow({ where: { id: "c-root" } })).toMatchObject({
      title: "Roots",
      trashedAt: null,
    });

    await trashClip({ actor: owner, clipId: "c-root" });
    expect((await listTrash({ actor: owner })).map((c) => c.id)).toEqual(["c-root"]);
    expect(await listTrash({ actor: stranger })).toEqual([]);
    await restoreClip({ actor: owner, clipId: "c-root" });
    expect(await listTrash({ actor: owner })).toEqual([]);
  });

  it("empties trash older than 30 days, and only that", async () => {
    await sql.query(
      `UPDATE clips SET trashed_at = now() - interval '31 days' WHERE id = 'c-whole'`,
    );
    await sql.query(`UPDATE clips SET trashed_at = now() - interval '29 days' WHERE id = 'c-ext'`);
    expect(await emptyOldTrash()).toBe(1);
    expect(await db.clip.findUnique({ where: { id: "c-whole" } })).toBeNull();
    expect(await db.clip.findUnique({ where: { id: "c-ext" } })).not.toBeNull();
  });
});
