// Comments on a song (issue 18, item 3) against a real Postgres: who may comment, edit and
// delete; a comment's moment; @mentions notify only the song's team members (in the app,
// and by email through SMTP); and every change is in the team's audit log.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import {
  createComment,
  deleteComment,
  editComment,
  listComments,
  listMentionable,
} from "@/lib/comments/comments";
import {
  countUnread,
  listNotifications,
  markNotificationsRead,
} from "@/lib/notifications/notifications";

// mail goes to a sink of our own: the env is read once, so SMTP_URL is set before any lib/ call
const sink = await vi.hoisted(async () => {
  const { startSmtpSink: start } = await import("../support/smtp-sink");
  const started = await start();
  process.env.SMTP_URL = started.url;
  return started;
});

type Person = "ada" | "al" | "ben" | "vi" | "out";
const people = {} as Record<Person, { id: string; email: string }>;
const run = randomBytes(3).toString("hex");
const team = { id: `team-${run}`, slug: `band-${run}` };
const other = { id: `team-${run}-o`, slug: `other-${run}` };
const SONG = `song-${run}`; // a team song, two minutes long
const SHARED = `song-${run}-shared`; // Ben's personal song, shared into the team
const LONER = `song-${run}-loner`; // Ben's personal song, in no team
const TRASHED = `song-${run}-trashed`;
let sql: pg.Client;

beforeAll(async () => {
  const names: Record<Person, string> = {
    ada: "Ada Lovelace",
    al: "Al Admin",
    ben: "Ben",
    vi: "Vi",
    out: "Outsider",
  };
  for (const [key, name] of Object.entries(names) as [Person, string][]) {
    const email = `${key}-${run}@example.test`;
    const user = await registerUser({ name, email, password: "a long enough password" });
    people[key] = { id: user.id, email };
  }
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  await sql.query(
    `INSERT INTO teams (id, slug, name, updated_at) VALUES ($1, $2, 'Band', now()),
       ($3, $4, 'Other', now())`,
    [team.id, team.slug, other.id, other.slug],
  );
  await sql.query(
    `INSERT INTO memberships (id, team_id, user_id, role, updated_at) VALUES
      ($1 || '-a', $1, $2, 'OWNER', now()), ($1 || '-l', $1, $3, 'ADMIN', now()),
      ($1 || '-b', $1, $4, 'MEMBER', now()), ($1 || '-v', $1, $5, 'VIEWER', now()),
      ($1 || '-x', $6, $7, 'OWNER', now())`,
    [team.id, people.ada.id, people.al.id, people.ben.id, people.vi.id, other.id, people.out.id],
  );
  await sql.query(
    `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, status, duration,
       trashed_at, updated_at) VALUES
      ($1, $5, $6, 'p', $1, 'Harbour', 'COMPLETE', 120, NULL, now()),
      ($2, $7, NULL, 'p', $2, 'Ben shares', 'COMPLETE', 60, NULL, now()),
      ($3, $7, NULL, 'p', $3, 'Ben alone', 'COMPLETE', 60, NULL, now()),
      ($4, $5, $6, 'p', $4, 'Binned', 'COMPLETE', 60, now(), now())`,
    [SONG, SHARED, LONER, TRASHED, people.ada.id, team.id, people.ben.id],
  );
  await sql.query(
    `INSERT INTO team_clip_shares (clip_id, team_id, shared_by_id) VALUES ($1, $2, $3)`,
    [SHARED, team.id, people.ben.id],
  );
});
afterAll(async () => {
  await sql.end();
  await sink.stop();
});

const actor = (who: Person) => ({ id: people[who].id });
const audit = async (targetId: string) =>
  (
    await sql.query(
      `SELECT team_id, actor_id, action, data FROM audit_events WHERE target_id = $1
       ORDER BY created_at, id`,
      [targetId],
    )
  ).rows as { team_id: string; actor_id: string; action: string; data: { excerpt: string } }[];
const count = async (table: string) =>
  Number((await sql.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

describe("writing comments", () => {
  it("a viewer comments at 0:42 and it is on the thread and in the team's audit log", async () => {
    const comment = await createComment({
      actor: actor("vi"),
      clipId: SONG,
      body: "0:42 the bridge drags",
      atSeconds: null,
      mentionIds: [],
    });
    expect(comment).toMatchObject({ atSeconds: 42, body: "the bridge drags" });
    const thread = await listComments({ actor: actor("ben"), clipId: SONG });
    expect(thread.find((c) => c.id === comment.id)).toMatchObject({
      atSeconds: 42,
      body: "the bridge drags",
      author: { name: "Vi" },
      canEdit: false,
      canDelete: false,
    });
    const mine = (await listComments({ actor: actor("vi"), clipId: SONG })).find(
      (c) => c.id === comment.id,
    );
    expect(mine).toMatchObject({ canEdit: true, canDelete: true });
    expect(await audit(comment.id)).toEqual([
      {
        team_id: team.id,
        actor_id: people.vi.id,
        action: "COMMENT_CREATED",
        data: { title: "Harbour", clipId: SONG, excerpt: "the bridge drags" },
      },
    ]);
  });

  it("refuses strangers, the trash, bad moments and long texts, and writes nothing", async () => {
    const before = [await count("clip_comments"), await count("audit_events")];
    const attempt = (who: Person, clipId: string, body: string, atSeconds: number | null = null) =>
      createComment({ actor: actor(who), clipId, body, atSeconds, mentionIds: [] });
    await expect(attempt("out", SONG, "hi")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(attempt("ada", LONER, "hi")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(attempt("ada", TRASHED, "hi")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(attempt("ada", SONG, "too late", 121)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { at: ["This song is only 2:00 long."] },
    });
    await expect(attempt("ada", SONG, "x".repeat(2001))).rejects.toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { body: ["Use at most 2000 characters."] },
    });
    await expect(attempt("ada", SONG, "   ")).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect([await count("clip_comments"), await count("audit_events")]).toEqual(before);
    // and the thread of a song one cannot see is empty, not someone else's
    expect(await listComments({ actor: actor("out"), clipId: SONG })).toEqual([]);
    expect(await listMentionable({ actor: actor("out"), clipId: SONG })).toEqual([]);
  });

  it("the database itself refuses an empty or overlong body", async () => {
    await expect(
      sql.query(
        `INSERT INTO clip_comments (id, clip_id, author_id, body, updated_at)
         VALUES ('bad', $1, $2, '', now())`,
        [SONG, people.ada.id],
      ),
    ).rejects.toThrow(/clip_comments_body_length/);
  });
});

describe("mentions", () => {
  it("notify the team's members mentioned, by pick or by @Name, and no one else", async () => {
    sink.mails.length = 0;
    const comment = await createComment({
      actor: actor("ben"),
      clipId: SONG,
      body: "@Ada Lovelace what do you think? @Outsider too",
      atSeconds: 10,
      mentionIds: [people.vi.id],
      origin: "http://chorus.test",
    });
    const { rows } = await sql.query(
      `SELECT user_id FROM notifications WHERE comment_id = $1 ORDER BY user_id`,
      [comment.id],
    );
    expect(rows.map((r) => r.user_id)).toEqual([people.ada.id, people.vi.id].sort());
    expect(await countUnread({ actor: actor("vi") })).toBe(1);
    expect(await countUnread({ actor: actor("out") })).toBe(0);
    const [note] = await listNotifications({ actor: actor("ada") });
    expect(note).toMatchObject({
      kind: "MENTION",
      actor: { name: "Ben" },
      clip: { id: SONG, title: "Harbour" },
      comment: { id: comment.id, atSeconds: 10 },
      readAt: null,
    });
    // an email to each of the two, with the comment and a link to it
    expect(sink.mails.map((m) => m.to).sort()).toEqual(
      [[people.ada.email], [people.vi.email]].sort(),
    );
    expect(sink.mails[0]!.data).toContain("what do you think?");
    expect(sink.mails[0]!.data).toContain(`/clips/${SONG}#comment-${comment.id}`);
    // the thread names who was mentioned
    const shown = (await listComments({ actor: actor("al"), clipId: SONG })).find(
      (c) => c.id === comment.id,
    );
    expect(shown?.mentions.sort()).toEqual(["Ada Lovelace", "Vi"]);
  });

  it("refuses a picked person outside the team, and writes nothing", async () => {
    const before = [await count("clip_comments"), await count("notifications")];
    await expect(
      createComment({
        actor: actor("ben"),
        clipId: SONG,
        body: "look",
        atSeconds: null,
        mentionIds: [people.out.id],
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "You can only mention members of this song's team.",
    });
    // a personal song in no team has no one to mention
    await expect(
      createComment({
        actor: actor("ben"),
        clipId: LONER,
        body: "note to self",
        atSeconds: null,
        mentionIds: [people.ada.id],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect([await count("clip_comments"), await count("notifications")]).toEqual(before);
  });

  it("the mention list is the other members of the song's team", async () => {
    const list = await listMentionable({ actor: actor("vi"), clipId: SONG });
    expect(list.map((p) => p.id).sort()).toEqual(
      [people.ada.id, people.al.id, people.ben.id].sort(),
    );
    // a personal song shared into the team: the team's members, through the team
    const shared = await listMentionable({ actor: actor("ben"), clipId: SHARED });
    expect(shared.map((p) => p.id).sort()).toEqual(
      [people.ada.id, people.al.id, people.vi.id].sort(),
    );
    expect(await listMentionable({ actor: actor("ben"), clipId: LONER })).toEqual([]);
  });

  it("marking read touches only one's own notifications", async () => {
    const [adas] = await listNotifications({ actor: actor("ada") });
    expect(await markNotificationsRead({ actor: actor("vi"), ids: [adas!.id] })).toBe(0);
    expect(await countUnread({ actor: actor("ada") })).toBeGreaterThan(0);
    expect(await markNotificationsRead({ actor: actor("ada"), ids: "all" })).toBeGreaterThan(0);
    expect(await countUnread({ actor: actor("ada") })).toBe(0);
    expect(await countUnread({ actor: actor("vi") })).toBe(1);
  });
});

describe("editing and deleting", () => {
  it("only the author edits; someone newly mentioned is notified once", async () => {
    const comment = await createComment({
      actor: actor("ben"),
      clipId: SONG,
      body: "first take",
      atSeconds: 5,
      mentionIds: [],
    });
    for (const who of ["ada", "al", "vi", "out"] as const)
      await expect(
        editComment({
          actor: actor(who),
          commentId: comment.id,
          body: "not mine",
          atSeconds: null,
          mentionIds: [],
        }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const edit = (body: string) =>
      editComment({
        actor: actor("ben"),
        commentId: comment.id,
        body,
        atSeconds: 7,
        mentionIds: [],
      });
    expect(await edit("second take, @Al Admin?")).toMatchObject({ atSeconds: 7 });
    await edit("third take, @Al Admin?");
    const { rows } = await sql.query(`SELECT user_id FROM notifications WHERE comment_id = $1`, [
      comment.id,
    ]);
    expect(rows.map((r) => r.user_id)).toEqual([people.al.id]);
    const thread = await listComments({ actor: actor("vi"), clipId: SONG });
    expect(thread.find((c) => c.id === comment.id)).toMatchObject({
      body: "third take, @Al Admin?",
      atSeconds: 7,
    });
    expect(thread.find((c) => c.id === comment.id)?.editedAt).toBeInstanceOf(Date);
    expect((await audit(comment.id)).map((e) => e.action)).toEqual([
      "COMMENT_CREATED",
      "COMMENT_EDITED",
      "COMMENT_EDITED",
    ]);
  });

  it("a member may not delete another's comment; an admin and the author may", async () => {
    const make = () =>
      createComment({
        actor: actor("vi"),
        clipId: SONG,
        body: "@Ben delete me",
        atSeconds: null,
        mentionIds: [],
      });
    const first = await make();
    for (const who of ["ben", "out"] as const)
      await expect(deleteComment({ actor: actor(who), commentId: first.id })).rejects.toMatchObject(
        { code: "NOT_FOUND" },
      );
    await deleteComment({ actor: actor("al"), commentId: first.id });
    const second = await make();
    await deleteComment({ actor: actor("vi"), commentId: second.id });
    for (const c of [first, second]) {
      expect((await sql.query(`SELECT 1 FROM clip_comments WHERE id = $1`, [c.id])).rowCount).toBe(
        0,
      );
      // the notification goes with its comment
      expect(
        (await sql.query(`SELECT 1 FROM notifications WHERE comment_id = $1`, [c.id])).rowCount,
      ).toBe(0);
    }
    const events = await audit(first.id);
    expect(events.map((e) => [e.action, e.actor_id])).toEqual([
      ["COMMENT_CREATED", people.vi.id],
      ["COMMENT_DELETED", people.al.id],
    ]);
    expect(events[1]!.data.excerpt).toBe("@Ben delete me");
  });

  it("on a shared personal song, the team's admins moderate and the audit is the team's", async () => {
    const comment = await createComment({
      actor: actor("vi"),
      clipId: SHARED,
      body: "nice one",
      atSeconds: null,
      mentionIds: [],
    });
    expect((await audit(comment.id)).map((e) => e.team_id)).toEqual([team.id]);
    await expect(
      deleteComment({ actor: actor("out"), commentId: comment.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await deleteComment({ actor: actor("ada"), commentId: comment.id });
    expect((await audit(comment.id)).map((e) => e.action)).toEqual([
      "COMMENT_CREATED",
      "COMMENT_DELETED",
    ]);
  });
});
