// Extend and concat lineage in both dialects, and moderation failures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Simulator } from "../../simulator/server.ts";
import { bytes, get, post, relaySong, start, waitFor, wavInfo, type Json } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await start({ clipSeconds: 4 });
});
afterAll(() => sim.stop());

async function relayTaskById(id: string, shape: "one" | "batch" = "one"): Promise<Json> {
  return waitFor(async () => {
    const task =
      shape === "one"
        ? ((await get(sim, `/suno/fetch/${id}`)).body.data as Json)
        : ((await post(sim, "/suno/fetch", { ids: [id] })).body.data[0] as Json);
    return task.status === "SUCCESS" || task.status === "FAILURE" ? task : null;
  });
}

async function sunoapiTask(id: string): Promise<Json> {
  return waitFor(async () => {
    const data = (await get(sim, `/api/v2/suno/v6/clip/${id}`)).body.data as Json;
    return data.status === "completed" || data.status === "failed" ? data : null;
  });
}

describe("extend", () => {
  it("relay: continues a known clip with lineage, checks task_id and bounds", async () => {
    const root = await relaySong(sim, {
      prompt: "[Verse]\nRoot of the tree",
      tags: "folk",
      title: "Tree",
    });
    const parent = root.data[0] as Json;
    const extend = {
      prompt: "[Verse 2]\nBranches",
      continue_clip_id: parent.id,
      continue_at: 2.5,
      task_id: root.task_id,
    };
    const submitted = await post(sim, "/suno/submit/music", extend);
    expect(submitted.status).toBe(200);
    const task = await relayTaskById(submitted.body.data as string);
    expect(task.data).toHaveLength(2);
    const child = task.data[0] as Json;
    expect(child).toMatchObject({
      continue_clip_id: parent.id,
      continue_at: 2.5,
      tags: "folk",
      title: "Tree",
      status: "complete",
    });
    const raw = (await relayTaskById(task.task_id as string, "batch")).data[0] as Json;
    // the raw Suno shape names the parent only in metadata.history
    expect(raw.metadata).toMatchObject({
      type: "extend",
      history: [{ id: parent.id, continue_at: 2.5, type: "gen" }],
    });
    expect(raw.metadata).not.toHaveProperty("continue_clip_id");
    expect(Math.abs(child.duration - 4)).toBeLessThanOrEqual(0.6);

    const rejects: Array<[Json, RegExp]> = [
      [{ ...extend, continue_clip_id: "unknown-clip" }, /continue_clip_id unknown-clip not found/],
      [{ ...extend, continue_at: parent.duration + 1 }, /continue_at must be within the clip/],
      [{ ...extend, continue_at: undefined }, /continue_at is required/],
      [{ ...extend, task_id: "another-task" }, /task_id another-task is not the task of clip/],
    ];
    for (const [body, reason] of rejects) {
      const reply = await post(sim, "/suno/submit/music", body);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({
        code: "invalid_request",
        message: expect.stringMatching(reason),
        data: null,
      });
    }
  });

  it("refuses to extend or concat a clip that is not complete yet", async () => {
    const slow = await start({ stepMs: 10_000 });
    try {
      const id = (await post(slow, "/suno/submit/music", { prompt: "slow" })).body.data as string;
      slow.admin.advance(30_000);
      const clip = (await get(slow, `/suno/fetch/${id}`)).body.data.data[0] as Json;
      const extend = await post(slow, "/suno/submit/music", {
        continue_clip_id: clip.id,
        continue_at: 1,
      });
      expect(extend.body.message).toMatch(/is not complete yet/);
      expect(
        (await post(slow, "/suno/submit/concat", { clip_id: clip.id, is_infill: false })).status,
      ).toBe(400);
    } finally {
      await slow.stop();
    }
  });

  it("sunoapi: extend, then concat the chain into one whole song", async () => {
    const created = await post(sim, "/api/v2/suno/v6/custom/create-lyrics-song", {
      prompt: "[Verse]\nOne",
      tags: "rock",
      title: "Chain",
    });
    const root = Object.values(
      (await sunoapiTask(created.body.data.task_id as string)).clips as Json,
    )[0] as Json;
    const ext = await post(sim, "/api/v2/suno/v6/extend", {
      prompt: "[Verse 2]\nTwo",
      tags: "",
      title: "",
      continue_clip_id: root.id,
      continue_at: 3,
    });
    expect(ext.body).toEqual({
      code: 200,
      data: { task_id: expect.any(String) },
      message: "success",
    });
    const extTask = await sunoapiTask(ext.body.data.task_id as string);
    expect(JSON.parse(extTask.input as string)).toMatchObject({
      continue_clip_id: root.id,
      continue_at: 3,
      mv: "chirp-hawk",
    });
    const child = Object.values(extTask.clips as Json)[1] as Json;
    expect(child.metadata).toMatchObject({
      type: "extend",
      history: [{ id: root.id, continue_at: 3 }],
    });
    expect(child.title).toBe("Chain");

    const concat = await post(sim, "/api/suno/v1/music/concat", { clip_id: child.id });
    const whole = await sunoapiTask(concat.body.data.task_id as string);
    const clips = Object.values(whole.clips as Json) as Json[];
    expect(clips).toHaveLength(1);
    const song = clips[0]!;
    expect(song.metadata.type).toBe("concat");
    expect(song.metadata.concat_history.map((entry: Json) => entry.id)).toEqual([
      root.id,
      child.id,
    ]);
    expect(song.metadata.duration).toBeCloseTo(3 + child.metadata.duration, 1);
    const wav = wavInfo((await bytes(song.audio_url as string)).data);
    expect(Math.abs(wav.duration - song.metadata.duration)).toBeLessThan(0.05);
  });
});

describe("concat", () => {
  it("relay: follows continue_clip_id back to the root; duration is the whole song", async () => {
    const root = (await relaySong(sim, { prompt: "[Verse]\nA", tags: "pop", title: "Saga" }))
      .data[1] as Json;
    const mid = (
      await relaySong(sim, { prompt: "[Verse]\nB", continue_clip_id: root.id, continue_at: 2 })
    ).data[0] as Json;
    const leaf = (
      await relaySong(sim, { prompt: "[Verse]\nC", continue_clip_id: mid.id, continue_at: 1.5 })
    ).data[1] as Json;
    const submitted = await post(sim, "/suno/submit/concat", {
      clip_id: leaf.id,
      is_infill: false,
    });
    expect(submitted.body).toEqual({ code: "success", message: "", data: expect.any(String) });
    const task = await relayTaskById(submitted.body.data as string, "batch");
    expect(task.data).toHaveLength(1);
    const song = task.data[0] as Json;
    expect(song.metadata.type).toBe("concat");
    expect(
      song.metadata.concat_history.map((entry: Json) => [entry.id, entry.continue_at]),
    ).toEqual([
      [root.id, null],
      [mid.id, 2],
      [leaf.id, 1.5],
    ]);
    expect(song.metadata.duration).toBeCloseTo(2 + 1.5 + leaf.duration, 1);
    expect(song.title).toBe("Saga");
    const audio = (await bytes(song.audio_url as string)).data;
    expect(Math.abs(wavInfo(audio).duration - song.metadata.duration)).toBeLessThan(0.05);
    // the whole song starts with the root's audio
    const rootAudio = (await bytes(root.audio_url as string)).data;
    expect(audio.subarray(44, 44 + 20_000).equals(rootAudio.subarray(44, 44 + 20_000))).toBe(true);

    expect((await post(sim, "/suno/submit/concat", { clip_id: "unknown" })).body.message).toMatch(
      /clip_id unknown not found/,
    );
    expect(
      (await post(sim, "/suno/submit/concat", { clip_id: leaf.id, is_infill: true })).status,
    ).toBe(400);
    expect((await post(sim, "/suno/submit/concat", {})).body).toMatchObject({
      code: "invalid_request",
    });
  });
});

describe("moderation", () => {
  it("relay: a description naming the artist fails like the fixture", async () => {
    const task = await relaySong(sim, {
      prompt: "",
      gpt_description_prompt: "a song like Taylor Swift",
      tags: "pop",
      mv: "chirp-goose",
    });
    expect(task).toMatchObject({
      status: "FAILURE",
      progress: "100%",
      fail_reason: "Song Description contained artist name: taylor swift",
    });
    const raw = (await relayTaskById(task.task_id as string, "batch")).data[0] as Json;
    expect(raw).toMatchObject({
      status: "error",
      title: "",
      image_url: null,
      model_name: "chirp-goose",
      metadata: {
        error_type: "moderation_failure",
        error_message: "Song Description contained artist name: taylor swift",
        refund_credits: true,
        duration: null,
      },
    });
    expect(raw.audio_url).toMatch(/None\.mp3$/);
    expect(task.data[0]).toMatchObject({
      status: "error",
      state: "failed",
      metadata: { error_type: "moderation_failure" },
    });
  });

  it("sunoapi: tags naming the artist end the task as failed; lyrics too; the word is configurable", async () => {
    const created = await post(sim, "/api/v2/suno/v6-wild/custom/create-lyrics-song", {
      prompt: "hello",
      tags: "taylor swift style",
    });
    const data = await sunoapiTask(created.body.data.task_id as string);
    expect(data.status).toBe("failed");
    const clip = Object.values(data.clips as Json)[0] as Json;
    expect(clip.metadata.error_message).toBe("Style contained artist name: taylor swift");

    const lyrics = await post(sim, "/suno/submit/lyrics", { prompt: "about TAYLOR SWIFT" });
    const lyricsTask = await relayTaskById(lyrics.body.data as string);
    expect(lyricsTask).toMatchObject({
      status: "FAILURE",
      fail_reason: "Lyrics contained artist name: taylor swift",
    });

    const custom = await start({ moderationWord: "Voldemort" });
    try {
      const task = await relaySong(custom, {
        prompt: "x",
        title: "He who must not be named: voldemort",
      });
      expect(task.fail_reason).toBe("Title contained artist name: voldemort");
      expect((await relaySong(custom, { prompt: "taylor swift is fine here" })).status).toBe(
        "SUCCESS",
      );
    } finally {
      await custom.stop();
    }
  });
});
