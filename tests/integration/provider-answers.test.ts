// What real providers send (issue 13, and items 6 and 7 of issue 12): answers the published
// API descriptions allow but that are awkward, made by the simulator's answer switches, in
// both dialects where the case applies. Each test names the behaviour, never the wording of
// the issue that found it.
import { randomBytes } from "node:crypto";

import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { archiveClip } from "@/lib/media/archive";
import { createSunoClient, type SunoClient } from "@/lib/suno/client";
import { UpstreamError } from "@/lib/suno/errors";
import type { Dialect } from "@/lib/suno/types";
import { refreshAllDue } from "@/lib/tasks/refresh";
import { submitTask } from "@/lib/tasks/submit";
import { sweep } from "@/lib/tasks/sweep";
import { markSweepPass, resetSweepClock } from "@/lib/tasks/sweep-clock";
import { refreshForViewer } from "@/lib/tasks/viewing";
import { receiveWebhook } from "@/lib/tasks/webhook";
import { webhookToken } from "@/lib/tasks/webhook-token";

import { startSimulator, type FaultConfig, type Simulator } from "../../simulator/server";

const KEY = "sk-answers-0123456789";
let sim: Simulator;
let sql: pg.Client;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 3 });
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
});
afterAll(async () => {
  await sim.stop();
  await sql.end();
});
beforeEach(() => {
  sim.admin.reset();
  resetSweepClock();
});

const newClient = (dialect: Dialect, keys = [KEY]): SunoClient =>
  createSunoClient([{ name: "primary", dialect, baseUrl: sim.url, keys, timeoutMs: 2000 }], {
    sleep: async () => {},
  });
const idem = () => `answers-${randomBytes(8).toString("hex")}`;
const song = {
  operation: "CUSTOM_SONG",
  lyrics: "[Verse]\nHarbour lights at closing time",
  tags: "sea shanty, choir",
  title: "Harbour Lights",
  model: "chirp-hawk",
};
async function newUser() {
  return registerUser({
    name: "Answers Tester",
    email: `answers-${randomBytes(5).toString("hex")}@example.test`,
    password: "a long enough password",
  });
}
const answers = (switches: NonNullable<FaultConfig["answers"]>) =>
  sim.admin.setFaults({ answers: switches });
const ended = (status: string) => ["SUCCEEDED", "FAILED", "TIMED_OUT"].includes(status);
const makeDue = (ids: string[]) =>
  sql.query(`UPDATE tasks SET next_poll_at = now() - interval '1 second' WHERE id = ANY($1)`, [
    ids,
  ]);
const refunds = async (taskId: string) =>
  Number(
    (
      await sql.query(
        `SELECT count(*) AS n FROM ledger_entries WHERE task_id = $1 AND kind = 'REFUND'`,
        [taskId],
      )
    ).rows[0].n,
  );

/** Polls these tasks as a viewer's list would, until they end or the rounds run out. */
async function follow(client: SunoClient, ids: string[], rounds = 60) {
  for (let i = 0; i < rounds; i++) {
    const tasks = await db.task.findMany({ where: { id: { in: ids } } });
    if (tasks.every((t) => ended(t.status))) return tasks;
    await makeDue(ids);
    await refreshAllDue(ids, client);
    await new Promise((r) => setTimeout(r, 15));
  }
  return db.task.findMany({ where: { id: { in: ids } } });
}

async function submit(client: SunoClient, actor: { id: string }, input: object = song) {
  return submitTask({ actor, teamId: null, input, idempotencyKey: idem(), client });
}

async function pushDeadline(taskId: string) {
  await sql.query(`UPDATE tasks SET deadline_at = now() - interval '1 second' WHERE id = $1`, [
    taskId,
  ]);
}

const DIALECTS: Dialect[] = ["relay", "sunoapi"];

describe.each(DIALECTS)("%s: finished means playable", (dialect) => {
  it("a task reported finished with no clips is never charged for: it is followed, then refunded at its deadline", async () => {
    const client = newClient(dialect);
    const user = await newUser();
    answers({ emptyClipsOnSuccess: true });
    const task = await submit(client, user);
    sim.admin.complete(task.upstreamId!);
    const [followed] = await follow(client, [task.id], 8);
    expect(followed!.status).not.toBe("SUCCEEDED");
    expect(followed!.nextPollAt).not.toBeNull(); // still followed
    expect(await refunds(task.id)).toBe(0);

    await pushDeadline(task.id);
    await sweep({ client });
    const final = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(final.status).toBe("TIMED_OUT");
    expect(await refunds(task.id)).toBe(1);
  });

  it("clips that name no status are finished by their final audio", async () => {
    const client = newClient(dialect);
    const user = await newUser();
    answers({ clipsWithoutStatus: true });
    const task = await submit(client, user);
    const [done] = await follow(client, [task.id]);
    expect(done!.status).toBe("SUCCEEDED");
    const clips = await db.clip.findMany({ where: { taskId: task.id } });
    expect(clips).toHaveLength(2);
    for (const clip of clips) {
      expect(clip.status).toBe("COMPLETE");
      expect(clip.audioUrl).toMatch(/\.wav$/);
    }
  });
});

describe("one unreadable answer stays with its own task", () => {
  it("relay: the same clip twice in one answer makes one clip, and the sweep goes on", async () => {
    const client = newClient("relay");
    const user = await newUser();
    answers({ duplicateClips: true });
    const tasks = [await submit(client, user), await submit(client, user)];
    for (const task of tasks) sim.admin.complete(task.upstreamId!);
    await makeDue(tasks.map((t) => t.id));
    expect((await sweep({ client })).fetched).toBeGreaterThanOrEqual(2);
    for (const task of tasks) {
      const row = await db.task.findUniqueOrThrow({
        where: { id: task.id },
        include: { clips: true },
      });
      expect(row.status).toBe("SUCCEEDED");
      expect(row.clips).toHaveLength(2);
      expect(new Set(row.clips.map((c) => c.upstreamId)).size).toBe(2);
    }
  });

  it.each(DIALECTS)(
    "%s: NUL characters in upstream text are dropped, not fatal",
    async (dialect) => {
      const client = newClient(dialect);
      const user = await newUser();
      answers({ nulInText: true });
      const task = await submit(client, user);
      const [done] = await follow(client, [task.id]);
      expect(done!.status).toBe("SUCCEEDED");
      const clips = await db.clip.findMany({ where: { taskId: task.id } });
      expect(clips).toHaveLength(2);
      for (const clip of clips) {
        expect(clip.title).toBe(song.title);
        expect(clip.lyrics).toBe(song.lyrics);
        expect(JSON.stringify(clip.raw)).not.toMatch(/\\u0000/);
      }
    },
  );

  it("news that cannot be stored is recorded on its task, the lease is given back, the rest go on", async () => {
    const client = newClient("relay");
    const user = await newUser();
    const [bad, good] = [
      await submit(client, user, { ...song, title: "Refused By Storage" }),
      await submit(client, user),
    ];
    // the database refuses this one task's clips (a stand-in for any storage failure)
    await sql.query(`
      CREATE OR REPLACE FUNCTION refuse_test_clip() RETURNS trigger AS $$
      BEGIN
        IF NEW.title = 'Refused By Storage' THEN RAISE EXCEPTION 'storage refused this clip'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql;
      DROP TRIGGER IF EXISTS refuse_test_clip ON clips;
      CREATE TRIGGER refuse_test_clip BEFORE INSERT ON clips FOR EACH ROW EXECUTE FUNCTION refuse_test_clip();`);
    try {
      for (const task of [bad, good]) sim.admin.complete(task.upstreamId!);
      await makeDue([bad.id, good.id]);
      // a viewer's list: never an error for the viewer
      await expect(refreshAllDue([bad.id, good.id], client)).resolves.toBe(2);
      const badRow = await db.task.findUniqueOrThrow({ where: { id: bad.id } });
      const goodRow = await db.task.findUniqueOrThrow({ where: { id: good.id } });
      expect(goodRow.status).toBe("SUCCEEDED");
      expect(badRow.status).not.toMatch(/SUCCEEDED|FAILED|TIMED_OUT/);
      expect(badRow.lastError).toMatch(/storage refused this clip/);
      expect(badRow.leaseUntil).toBeNull();
      expect(badRow.nextPollAt!.getTime()).toBeGreaterThan(Date.now());
      // the sweep pass is not aborted either
      await makeDue([bad.id]);
      expect((await sweep({ client })).fetched).toBeGreaterThanOrEqual(1);
    } finally {
      await sql.query(`DROP TRIGGER IF EXISTS refuse_test_clip ON clips`);
    }
  });
});

describe.each(DIALECTS)("%s: the user's words", (dialect) => {
  it("fields the provider leaves out come from what the user asked for", async () => {
    const client = newClient(dialect);
    const user = await newUser();
    answers({ sparseClips: true });
    const task = await submit(client, user);
    const [done] = await follow(client, [task.id]);
    expect(done!.status).toBe("SUCCEEDED");
    const clips = await db.clip.findMany({ where: { taskId: task.id } });
    expect(clips).toHaveLength(2);
    for (const clip of clips) {
      expect(clip).toMatchObject({
        title: song.title,
        tags: song.tags,
        lyrics: song.lyrics,
        model: song.model,
      });
    }
  });

  it("an extension left blank continues the source's title, style and model; its parent is linked, and the whole song can be made", async () => {
    const client = newClient(dialect);
    const user = await newUser();
    const source = await submit(client, user, { ...song, model: "chirp-goose" });
    await follow(client, [source.id]);
    const sourceClip = (await db.clip.findFirstOrThrow({ where: { taskId: source.id } }))!;

    const extension = await submit(client, user, {
      operation: "EXTEND",
      clipId: sourceClip.id,
      continueAt: 1,
      lyrics: "[Verse 2]\nThe tide comes in",
      title: "",
      tags: "",
    });
    expect(extension.status).toBe("SUBMITTED");
    expect(extension.request).toMatchObject({
      title: song.title,
      tags: song.tags,
      model: "chirp-goose",
    });
    await follow(client, [extension.id]);
    const part = await db.clip.findFirstOrThrow({ where: { taskId: extension.id } });
    // lineage read from what the provider sent (metadata.history in the raw shape)
    expect(part.parentClipId).toBe(sourceClip.id);
    expect(part.continueClipUpstreamId).toBe(sourceClip.upstreamId);
    expect(part.title).toBe(song.title);

    const whole = await submit(client, user, { operation: "CONCAT", clipId: part.id });
    const [joined] = await follow(client, [whole.id]);
    expect(joined!.status).toBe("SUCCEEDED");
    const wholeClip = await db.clip.findFirstOrThrow({ where: { taskId: whole.id } });
    expect(wholeClip.parentClipId).toBe(part.id);
  });

  it("a clip with a variant engine name can be extended (the hidden model field never fails the form)", async () => {
    const client = newClient(dialect);
    const user = await newUser();
    answers({ variantEngineNames: true });
    const source = await submit(client, user, { ...song, model: "chirp-goose" });
    await follow(client, [source.id]);
    const clip = await db.clip.findFirstOrThrow({ where: { taskId: source.id } });
    expect(clip.model).toMatch(/^chirp-goose-/); // what the provider echoed
    const extension = await submit(client, user, {
      operation: "EXTEND",
      clipId: clip.id,
      continueAt: 1,
      model: clip.model, // what the clip page's hidden field sends
    });
    expect(extension.status).toBe("SUBMITTED");
    expect(extension.model).toBe("chirp-goose");
  });
});

describe.each(DIALECTS)("%s: submit refusals", (dialect) => {
  const path = dialect === "relay" ? "/suno/submit" : "/api/v2/suno";

  it("a 404 on submit means a wrong path or model: said so, refunded, and no key rests", async () => {
    const client = newClient(dialect);
    const user = await newUser();
    sim.admin.setFaults({ rules: [{ path, action: "notFound", times: 1 }] });
    const task = await submit(client, user);
    expect(task).toMatchObject({ status: "FAILED", failCode: "UNSUPPORTED" });
    // not worded as a task the service lost
    expect(task.failReason).not.toContain(new UpstreamError("NOT_FOUND").userMessage);
    expect(await refunds(task.id)).toBe(1);
    expect((await submit(client, user)).status).toBe("SUBMITTED");
  });

  it.each([
    "Verses insufficient: write two or more",
    "Style balance is off: name a genre",
    "Not enough credit given to the lyricist line",
    "quota of syllables per line exceeded",
  ])(
    "a refusal of the request that says %j is about the request, not the account",
    async (message) => {
      const client = newClient(dialect);
      const user = await newUser();
      sim.admin.setFaults({ rules: [{ path, action: "badRequest", times: 1, message }] });
      const task = await submit(client, user);
      expect(task).toMatchObject({ status: "FAILED", failCode: "INVALID_REQUEST" });
      expect(task.failReason).toContain(message);
      // the only key is not rested: the next request goes through
      expect((await submit(client, user)).status).toBe("SUBMITTED");
      expect(client.status()[0]!.allKeysResting).toBe(false);
    },
  );

  it("an account out of credits rests its key, and everyone is told why rather than to wait", async () => {
    const client = newClient(dialect);
    const user = await newUser();
    sim.admin.setFaults({ rules: [{ path, action: "outOfCredits", times: 1 }] });
    vi.spyOn(console, "error").mockImplementation(() => {});
    const first = await submit(client, user);
    expect(first).toMatchObject({ status: "FAILED", failCode: "OUT_OF_CREDITS" });
    const second = await submit(client, user);
    expect(second).toMatchObject({ status: "FAILED", failCode: "OUT_OF_CREDITS" });
    expect(second.failReason).toMatch(/credits/i);
    expect(second.failReason).not.toContain(new UpstreamError("RATE_LIMITED").userMessage);
    expect(second.failReason).not.toMatch(/\d+ seconds/);
    expect(client.status()[0]).toMatchObject({ allKeysResting: true, reason: "OUT_OF_CREDITS" });
    vi.restoreAllMocks();
  });
});

describe("uploads", () => {
  it("an upload by link is sent to the relay and the uploaded clip arrives", async () => {
    const client = newClient("relay");
    const user = await newUser();
    const task = await submit(client, user, {
      operation: "UPLOAD_AUDIO",
      url: "https://recordings.example/Porch%20Demo.mp3",
    });
    expect(task.status).toBe("SUBMITTED");
    expect(sim.admin.requests().map((r) => r.path)).toContain("/suno/uploads/audio-url");
    const [done] = await follow(client, [task.id]);
    expect(done!.status).toBe("SUCCEEDED");
    const clip = await db.clip.findFirstOrThrow({ where: { taskId: task.id } });
    expect(clip).toMatchObject({ clipType: "upload", status: "COMPLETE", title: "Porch Demo" });
  });
});

describe("generic content types", () => {
  it("media served with a generic type from the provider's host are archived by their bytes", async () => {
    const client = newClient("relay");
    const user = await newUser();
    answers({ octetStreamMedia: true });
    const task = await submit(client, user);
    await follow(client, [task.id]);
    const clip = await db.clip.findFirstOrThrow({ where: { taskId: task.id } });
    const allowHosts = new Set([new URL(sim.url).host]);
    expect(await archiveClip(clip.id, { allowHosts, force: true })).toBe("ARCHIVED");
    const assets = await db.mediaAsset.findMany({ where: { clipId: clip.id } });
    expect(Object.fromEntries(assets.map((a) => [a.kind, a.contentType]))).toEqual({
      AUDIO: "audio/wav",
      IMAGE: "image/png",
      IMAGE_LARGE: "image/png",
    });
  });

  it("a generic link that is not the right kind of media is refused in plain words", async () => {
    const client = newClient("relay");
    const user = await newUser();
    answers({ octetStreamMedia: true });
    const task = await submit(client, user);
    await follow(client, [task.id]);
    const clip = await db.clip.findFirstOrThrow({ where: { taskId: task.id } });
    // the "audio" link serves a picture
    await db.clip.update({ where: { id: clip.id }, data: { audioUrl: clip.imageUrl } });
    const allowHosts = new Set([new URL(sim.url).host]);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await archiveClip(clip.id, { allowHosts, force: true })).toBe("FAILED");
    vi.restoreAllMocks();
    const row = await db.clip.findUniqueOrThrow({ where: { id: clip.id } });
    expect(row.archiveError).toMatch(/audio/);
    expect(row.archiveError).not.toMatch(/\\/);
  });
});

describe("a provider that never answers", () => {
  it("holds up neither a viewer's poll nor a sweep pass", async () => {
    const slow = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 3 });
    let background: Promise<unknown> = Promise.resolve();
    try {
      const client = createSunoClient(
        [
          { name: "primary", dialect: "relay", baseUrl: sim.url, keys: [KEY], timeoutMs: 20_000 },
          { name: "slow", dialect: "relay", baseUrl: slow.url, keys: [KEY], timeoutMs: 20_000 },
        ],
        { sleep: async () => {} },
      );
      const user = await newUser();
      const onSlow = await submitTask({
        actor: user,
        teamId: null,
        input: song,
        idempotencyKey: idem(),
        client: createSunoClient([
          { name: "slow", dialect: "relay", baseUrl: slow.url, keys: [KEY] },
        ]),
      });
      const onPrimary = await submit(client, user);
      sim.admin.complete(onPrimary.upstreamId!);
      slow.admin.setFaults({ rules: [{ path: "/suno/fetch", action: "hang" }] });
      await makeDue([onSlow.id, onPrimary.id]);

      // a sweep pass ends within its budget, with the other provider's news stored
      const report = await sweep({ client, budgetMs: 300 });
      expect(report.fetched).toBeGreaterThanOrEqual(2);
      const primaryRow = await db.task.findUniqueOrThrow({ where: { id: onPrimary.id } });
      expect(primaryRow.status).toBe("SUCCEEDED");
      const slowRow = await db.task.findUniqueOrThrow({ where: { id: onSlow.id } });
      expect(slowRow.status).toBe("SUBMITTED");

      // a viewer's poll answers from the database; the refresh it starts is still waiting
      // on the provider after the viewer has its answer
      resetSweepClock();
      await sql.query(`UPDATE tasks SET lease_until = NULL, lease_owner = NULL WHERE id = $1`, [
        onSlow.id,
      ]);
      await makeDue([onSlow.id]);
      const viewed = await db.task.findMany({ where: { id: onSlow.id } });
      let settled = false;
      const outcome = refreshForViewer(viewed, {
        client,
        later: (run) => {
          background = run().finally(() => (settled = true));
        },
      });
      expect(outcome).toBe("started");
      await new Promise((r) => setTimeout(r, 200));
      expect(settled).toBe(false);
    } finally {
      await slow.stop(); // the hanging requests fail now, and give their leases back
      await background;
    }
  });

  it("while this process's sweeper follows tasks, viewers' polls cost no upstream request", async () => {
    const client = newClient("relay");
    const user = await newUser();
    const task = await submit(client, user);
    await makeDue([task.id]);
    markSweepPass(1000);
    const before = sim.admin.requests().length;
    const viewed = await db.task.findMany({ where: { id: task.id } });
    for (let viewer = 0; viewer < 20; viewer++)
      expect(refreshForViewer(viewed, { client })).toBe("left to the sweeper");
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.admin.requests().slice(before)).toEqual([]);
    // without a live sweeper here, the viewer's poll starts the refresh itself
    resetSweepClock();
    expect(refreshForViewer(viewed, { client })).toBe("started");
  });
});

describe.each(DIALECTS)("%s: a task the provider does not know", (dialect) => {
  it("a task the provider keeps not finding ends failed with a refund, after a minute", async () => {
    const client = newClient(dialect);
    const user = await newUser();
    const task = await submit(client, user);
    answers({ forgetTasks: true });
    await follow(client, [task.id], 4);
    const waiting = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(waiting.missingCount).toBeGreaterThanOrEqual(3);
    expect(ended(waiting.status)).toBe(false); // a few answers in a moment are not enough
    await sql.query(
      `UPDATE tasks SET missing_since = now() - interval '61 seconds' WHERE id = $1`,
      [task.id],
    );
    const [final] = await follow(client, [task.id], 2);
    expect(final).toMatchObject({ status: "FAILED", failCode: "LOST" });
    expect(await refunds(task.id)).toBe(1);
  });
});

describe("endings", () => {
  const hook = (taskId: string, body: unknown) =>
    receiveWebhook({ taskId, token: webhookToken(taskId), body });

  it("a failed lyrics task says the lyrics could not be written; a moderation error type is moderation", async () => {
    const client = newClient("relay");
    const user = await newUser();
    const lyrics = await submit(client, user, { operation: "LYRICS", prompt: "a quiet harbour" });
    await hook(lyrics.id, {
      task_id: lyrics.upstreamId,
      action: "LYRICS",
      status: "FAILURE",
      fail_reason: "generation error 7",
      data: null,
    });
    const lyricsRow = await db.task.findUniqueOrThrow({ where: { id: lyrics.id } });
    expect(lyricsRow.failReason).toMatch(/lyrics/i);

    const music = await submit(client, user);
    await hook(music.id, {
      task_id: music.upstreamId,
      action: "MUSIC",
      status: "FAILURE",
      fail_reason: "refused (code 17)",
      data: [
        {
          id: "clip-refused-17",
          status: "error",
          metadata: { error_type: "moderation_failure", error_message: "refused (code 17)" },
        },
      ],
    });
    const musicRow = await db.task.findUniqueOrThrow({ where: { id: music.id } });
    expect(musicRow.failCode).toBe("MODERATION");
  });

  it("takes that never finished lose their stale stream link when the task ends", async () => {
    const client = newClient("relay");
    const user = await newUser();
    sim.admin.setFaults({ neverFinish: true });
    const task = await submit(client, user);
    await follow(client, [task.id], 10);
    const streaming = await db.clip.findMany({ where: { taskId: task.id } });
    expect(streaming.some((c) => c.streamAudioUrl)).toBe(true);
    await pushDeadline(task.id);
    await sweep({ client });
    const clips = await db.clip.findMany({ where: { taskId: task.id } });
    for (const clip of clips) {
      expect(clip.streamAudioUrl).toBeNull();
      expect(clip.status).toBe("ERROR");
    }
  });
});

describe("upstream words and the owner's words (issue 12)", () => {
  it.each(DIALECTS)(
    "%s: a key the provider echoes back is never stored, logged or shown",
    async (dialect) => {
      const client = newClient(dialect);
      const user = await newUser();
      const lines: string[] = [];
      const capture = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
      for (const level of ["log", "warn", "error"] as const)
        vi.spyOn(console, level).mockImplementation(capture);
      try {
        sim.admin.setFaults({
          answers: { echoKey: true },
          rules: [
            {
              path: dialect === "relay" ? "/suno/submit" : "/api/v2/suno",
              action: "badRequest",
              times: 1,
              message: "bad field",
            },
          ],
        });
        const refused = await submit(client, user);
        expect(refused.status).toBe("FAILED");
        expect(refused.failReason).toMatch(/bad field/);

        // a failed task whose reason quotes the key (relay fetches carry fail_reason)
        const moderated = await submit(client, user, { ...song, lyrics: "[Verse]\ntaylor swift" });
        await follow(client, [moderated.id]);
        const rows = await sql.query(
          `SELECT fail_reason, raw::text, last_error FROM tasks WHERE owner_id = $1`,
          [user.id],
        );
        const clips = await sql.query(
          `SELECT raw::text, error_message FROM clips WHERE owner_id = $1`,
          [user.id],
        );
        const everything = JSON.stringify([rows.rows, clips.rows, lines]);
        expect(everything).not.toContain(KEY);
        expect(everything).not.toMatch(/Bearer sk-/);
      } finally {
        vi.restoreAllMocks();
      }
    },
  );

  it("a replayed final answer never reverts what the owner changed; upstream's words stay in the raw JSON", async () => {
    const client = newClient("relay");
    const user = await newUser();
    const task = await submit(client, user);
    await follow(client, [task.id]);
    const clip = await db.clip.findFirstOrThrow({ where: { taskId: task.id } });
    const trashed = new Date("2026-11-30T12:00:00Z");
    await db.clip.update({
      where: { id: clip.id },
      data: { title: "My Own Title", tags: "my tags", lyrics: "my lyrics", trashedAt: trashed },
    });
    const final = sim.admin.state().tasks.find((t) => t.id === task.upstreamId)!.relay;
    const outcome = await receiveWebhook({
      taskId: task.id,
      token: webhookToken(task.id),
      body: final,
    });
    expect(outcome.status).toBe(200);
    const after = await db.clip.findUniqueOrThrow({ where: { id: clip.id } });
    expect(after).toMatchObject({
      title: "My Own Title",
      tags: "my tags",
      lyrics: "my lyrics",
      trashedAt: trashed,
    });
    expect(JSON.stringify(after.raw)).toContain(song.title);
  });
});
