// Every upstream fixture parsed into the canonical model; the two seed fixtures field by field.
import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { relayWire } from "@/lib/suno/adapters/relay";
import { sunoapiWire } from "@/lib/suno/adapters/sunoapi";
import { classifyHttpError } from "@/lib/suno/classify";
import { UpstreamError } from "@/lib/suno/errors";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/upstream", name), "utf8"));
const music = (id: string) => ({ upstreamId: id, operation: "CUSTOM_SONG" as const });

describe("sunoapi: seed 000, GET clip, task done, two clips", () => {
  const task = sunoapiWire.parseTask(
    fixture("sunoapi-v2-clip-completed.json"),
    music("b09d79f9-bd8f-4d51-8e8e-a7e1cb22f139"),
  );
  const lyrics =
    "[Verse]\nTesla riding\nBatteries flying\nElon Musk\nHe's got the future on his mind";

  it("reads the task", () => {
    expect(task.id).toBe("b09d79f9-bd8f-4d51-8e8e-a7e1cb22f139");
    expect(task.action).toBe("MUSIC");
    expect(task.status).toBe("SUCCEEDED");
    expect(task.upstreamStatus).toBe("completed");
    expect(task.progress).toBe(100);
    expect(task.failReason).toBeNull();
    expect(task.lyrics).toBeNull();
    // data.input is a JSON string of the original request
    expect(task.input).toMatchObject({
      custom_mode: true,
      make_instrumental: false,
      title: "Electric Dreams",
      mv: "chirp-v3-0",
      tags: "epic reggae",
      continue_at: 0,
      continue_clip_id: "",
    });
    expect(String(task.input?.prompt)).toMatch(/^\[Verse\]\nTesla riding/);
    expect(task.metadata).toMatchObject({ quota_frozen: 5, quota_usage: 5 });
    expect(task.submittedAt?.toISOString()).toBe("2024-06-10T11:27:51.950Z");
    expect(task.startedAt?.toISOString()).toBe("2024-06-10T11:27:52.649Z");
    expect(task.finishedAt?.toISOString()).toBe("2024-06-10T11:29:15.030Z");
    expect(task.clips).toHaveLength(2);
  });

  it("reads the first clip field by field", () => {
    const clip = task.clips[0]!;
    expect(clip.id).toBe("b6cddf85-7d84-4e99-98d7-7e54bba8a7b1");
    expect(clip.upstreamTaskId).toBeNull();
    expect(clip.status).toBe("COMPLETE");
    expect(clip.upstreamStatus).toBe("complete");
    expect(clip.title).toBe("Electric Dreams");
    expect(clip.tags).toBe("epic reggae");
    expect(clip.negativeTags).toBeNull();
    expect(clip.lyrics?.startsWith(lyrics)).toBe(true);
    expect(clip.lyrics?.endsWith("He's living the dream")).toBe(true);
    expect(clip.description).toBeNull(); // "" upstream
    expect(clip.model).toBe("chirp-v3");
    expect(clip.majorModelVersion).toBe("v3");
    expect(clip.duration).toBe(120);
    expect(clip.audioUrl).toBe("https://cdn1.suno.ai/b6cddf85-7d84-4e99-98d7-7e54bba8a7b1.mp3");
    expect(clip.streamAudioUrl).toBeNull();
    expect(clip.videoUrl).toBe("https://cdn1.suno.ai/b6cddf85-7d84-4e99-98d7-7e54bba8a7b1.mp4");
    expect(clip.imageUrl).toBe(
      "https://cdn1.suno.ai/image_b6cddf85-7d84-4e99-98d7-7e54bba8a7b1.png",
    );
    expect(clip.imageLargeUrl).toBe(
      "https://cdn1.suno.ai/image_large_b6cddf85-7d84-4e99-98d7-7e54bba8a7b1.png",
    );
    expect(clip.isVideoPending).toBe(true);
    expect(clip.clipType).toBe("gen");
    expect(clip.continueClipId).toBeNull();
    expect(clip.continueAt).toBeNull();
    expect(clip.history).toBeNull();
    expect(clip.concatHistory).toBeNull();
    expect(clip.audioPromptId).toBeNull();
    expect(clip.errorType).toBeNull();
    expect(clip.errorMessage).toBeNull();
    expect(clip.playCount).toBe(0);
    expect(clip.upvoteCount).toBe(0);
    expect(clip.createdAt?.toISOString()).toBe("2024-06-10T11:27:54.213Z");
    // everything upstream sent is kept, including fields Chorus does not model
    expect(clip.raw).toMatchObject({
      is_liked: false,
      is_trashed: false,
      is_public: false,
      handle: "",
      reaction: null,
    });
  });

  it("reads the second clip's own duration and flags", () => {
    const clip = task.clips[1]!;
    expect(clip.id).toBe("e361faeb-472e-48fb-98ff-2d91332a3034");
    expect(clip.duration).toBe(69.44);
    expect(clip.isVideoPending).toBe(false);
    expect(clip.status).toBe("COMPLETE");
  });
});

describe("relay: seed 001, GET /suno/fetch/{id}, flattened clips", () => {
  const task = relayWire.parseTask(
    fixture("relay-fetch-success.json"),
    music("ba46ad15-07ce-41a6-b68d-196321dc00d5"),
  );

  it("reads the task", () => {
    expect(task.id).toBe("ba46ad15-07ce-41a6-b68d-196321dc00d5");
    expect(task.action).toBe("MUSIC");
    expect(task.status).toBe("SUCCEEDED");
    expect(task.upstreamStatus).toBe("SUCCESS");
    expect(task.progress).toBe(100);
    expect(task.failReason).toBeNull();
    expect(task.submittedAt?.getTime()).toBe(1733717567_000);
    expect(task.startedAt?.getTime()).toBe(1733717567_000);
    expect(task.finishedAt?.getTime()).toBe(1733717767_000);
    expect(task.input).toBeNull();
    expect(task.lyrics).toBeNull();
    expect(task.clips.map((c) => c.id)).toEqual([
      "a06015d0-9e04-4f30-85db-401494940394",
      "a6bd6a70-4cde-4f06-a80b-7f199f7dd92e",
    ]);
  });

  it("reads the first clip field by field", () => {
    const clip = task.clips[0]!;
    expect(clip.id).toBe("a06015d0-9e04-4f30-85db-401494940394");
    expect(clip.upstreamTaskId).toBe("ba46ad15-07ce-41a6-b68d-196321dc00d5_1");
    expect(clip.status).toBe("COMPLETE");
    expect(clip.upstreamStatus).toBe("complete");
    expect(clip.title).toBe("City Lights");
    expect(clip.tags).toBe("emotional punk");
    expect(
      clip.lyrics?.startsWith("[Verse]\nWalking down the streets\nBeneath the city lights"),
    ).toBe(true);
    expect(clip.description).toBeNull();
    expect(clip.model).toBe("chirp-v4");
    expect(clip.majorModelVersion).toBeNull();
    expect(clip.duration).toBe(219);
    expect(clip.audioUrl).toBe("https://cdn1.suno.ai/a06015d0-9e04-4f30-85db-401494940394.mp3");
    expect(clip.streamAudioUrl).toBeNull();
    expect(clip.imageUrl).toBe(
      "https://cdn2.suno.ai/image_a06015d0-9e04-4f30-85db-401494940394.jpeg",
    );
    expect(clip.imageLargeUrl).toBe(
      "https://cdn2.suno.ai/image_large_a06015d0-9e04-4f30-85db-401494940394.jpeg",
    );
    expect(clip.videoUrl).toBe("https://cdn1.suno.ai/a06015d0-9e04-4f30-85db-401494940394.mp4");
    expect(clip.isVideoPending).toBe(false);
    expect(clip.continueClipId).toBeNull();
    expect(clip.continueAt).toBeNull();
    expect(clip.clipType).toBeNull();
    expect(clip.errorType).toBeNull();
    expect(clip.errorMessage).toBeNull();
    expect(clip.createdAt?.getTime()).toBe(1733717599_000);
    expect(clip.raw).toMatchObject({ state: "succeeded", update_time: "1733717785", msg: "" });
  });

  it("reads the second clip", () => {
    expect(task.clips[1]).toMatchObject({
      upstreamTaskId: "ba46ad15-07ce-41a6-b68d-196321dc00d5_2",
      status: "COMPLETE",
      model: "chirp-v4",
    });
  });
});

describe("the other fixtures", () => {
  it("sunoapi mid-generation: one clip streaming on a temporary URL, one queued, nulls everywhere", () => {
    const task = sunoapiWire.parseTask(
      fixture("sunoapi-v2-clip-processing.json"),
      music("5c1f7e2a-0d4b-4e8f-9a61-2b7f3c9d1e04"),
    );
    expect(task.status).toBe("RUNNING");
    expect(task.progress).toBeNull();
    expect(task.input).toMatchObject({
      custom_mode: false,
      make_instrumental: true,
      gpt_description_prompt: "a calm lo-fi beat for studying",
    });
    const [streaming, queued] = task.clips;
    expect(streaming).toMatchObject({
      status: "STREAMING",
      audioUrl: null,
      duration: null,
      description: "a calm lo-fi beat for studying",
      tags: "lo-fi, chill, study",
      lyrics: null,
      videoUrl: null,
    });
    expect(streaming!.streamAudioUrl).toBe(
      "https://audiopipe.suno.ai/?item_id=7a0c2b51-3f7e-4c2d-8d0e-5b1a9e6f4c33",
    );
    expect(queued).toMatchObject({
      status: "QUEUED",
      audioUrl: null,
      streamAudioUrl: null,
      imageUrl: null,
      imageLargeUrl: null,
    });
  });

  it("sunoapi create, and the raw {id, clips} answer of the v3.5 samples", () => {
    expect(sunoapiWire.parseSubmit(fixture("sunoapi-v2-create.json"))).toBe(
      "b09d79f9-bd8f-4d51-8e8e-a7e1cb22f139",
    );
    expect(
      sunoapiWire.parseSubmit({
        id: "task_0123456789abcdef0123456789abcdef",
        clips: [{ id: "c1" }],
      }),
    ).toBe("task_0123456789abcdef0123456789abcdef");
    expect(
      sunoapiWire.parseSubmit({
        code: "200",
        data: { task_id: "0123456789abcdef0123456789abcdef" },
      }),
    ).toBe("0123456789abcdef0123456789abcdef");
  });

  it("sunoapi lyrics result", () => {
    const task = sunoapiWire.parseTask(fixture("sunoapi-v1-lyrics-completed.json"), {
      upstreamId: "3d51a8c2-7b0e-4f19-9c35-6a2d8e4f0b17",
      operation: "LYRICS",
    });
    expect(task).toMatchObject({
      action: "LYRICS",
      status: "SUCCEEDED",
      clips: [],
      input: { prompt: "run away" },
    });
    expect(task.lyrics).toMatchObject({ title: "Run Away", status: "COMPLETE" });
    expect(task.lyrics?.text).toMatch(/^\[Verse\]\nPacked a bag/);
    expect(task.finishedAt?.toISOString()).toBe("2024-06-12T10:00:09.000Z");
  });

  it("relay batch: raw Suno clips, and a task whose data is null", () => {
    const tasks = relayWire.parseBatch!(fixture("relay-fetch-batch-in-progress.json"));
    expect(tasks.map((t) => [t.id, t.status, t.upstreamStatus, t.progress])).toEqual([
      ["346c5d10-a4a1-4f49-a851-66a7dae6cfaf", "RUNNING", "IN_PROGRESS", 0],
      ["9a7e3b20-11c4-4d0a-8f7e-2c9b5d6e1a30", "SUBMITTED", "NOT_START", 0],
    ]);
    expect(tasks[0]!.finishedAt).toBeNull(); // finish_time 0 = not yet
    expect(tasks[0]!.clips[0]).toMatchObject({
      status: "STREAMING",
      tags: "edm, upbeat",
      model: "chirp-v3",
      majorModelVersion: "v3.5",
      duration: null,
      lyrics: "[Verse]\nLights go down",
    });
    expect(tasks[0]!.clips[1]).toMatchObject({
      status: "QUEUED",
      streamAudioUrl: null,
      imageUrl: null,
    });
    expect(tasks[1]!.clips).toEqual([]);
    expect(tasks[1]!.startedAt).toBeNull();
  });

  it("relay moderation failure: the clip's None.mp3 is not audio", () => {
    const task = relayWire.parseTask(
      fixture("relay-fetch-failure-moderation.json"),
      music("c2f0e6d4-5b7a-4c1e-9f3d-8a6b4e2c0d19"),
    );
    expect(task).toMatchObject({
      status: "FAILED",
      upstreamStatus: "FAILURE",
      failReason: "Song Description contained artist name: taylor swift",
    });
    expect(task.clips[0]).toMatchObject({
      status: "ERROR",
      audioUrl: null,
      streamAudioUrl: null,
      errorType: "moderation_failure",
      errorMessage: "Song Description contained artist name: taylor swift",
      description: "a song like taylor swift",
    });
  });

  it("relay lyrics: data is an object", () => {
    const task = relayWire.parseTask(fixture("relay-fetch-lyrics-success.json"), {
      upstreamId: "8e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b",
      operation: "LYRICS",
    });
    expect(task).toMatchObject({ action: "LYRICS", status: "SUCCEEDED", clips: [] });
    expect(task.lyrics).toMatchObject({
      id: "8e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6b",
      title: "Harbor Light",
      status: "COMPLETE",
    });
    expect(task.lyrics?.text).toContain("[Chorus]\nHold the harbor light");
  });

  it("relay submit: data is the task id string", () => {
    expect(relayWire.parseSubmit(fixture("relay-submit-success.json"))).toBe(
      "ba46ad15-07ce-41a6-b68d-196321dc00d5",
    );
  });

  it("relay error bodies map to typed errors", () => {
    const auth = classifyHttpError(401, fixture("relay-error-auth.json"), new Headers());
    expect(auth).toMatchObject({
      kind: "BAD_KEY",
      retryable: false,
      upstreamMessage: "Invalid token",
      notProcessed: true,
    });
    const quota = classifyHttpError(403, fixture("relay-error-quota.json"), new Headers());
    expect(quota).toMatchObject({ kind: "OUT_OF_CREDITS", upstreamMessage: "quota not enough" });
    const missing = classifyHttpError(
      400,
      fixture("relay-error-task-not-exist.json"),
      new Headers(),
    );
    expect(missing.kind).toBe("NOT_FOUND");
    // the same bodies inside a 200 are still errors
    expect(() =>
      relayWire.parseTask(fixture("relay-error-task-not-exist.json"), music("x")),
    ).toThrow(UpstreamError);
  });
});

describe("shapes the fixtures do not show", () => {
  it("tolerates unknown fields, numbers as strings, nulls and opaque ids", () => {
    const task = relayWire.parseTask(
      {
        code: "success",
        data: {
          task_id: "task_abcdefabcdefabcdefabcdefabcdefab",
          action: "MUSIC",
          status: "IN_PROGRESS",
          progress: "45%",
          submit_time: "1733717567",
          brand_new_field: { nested: true },
          data: [
            {
              clip_id: "0f6b2c119d8e4a7bb3c21e5d4f6a7b8c",
              state: "streaming",
              duration: "12.5",
              continue_at: null,
              play_count: null,
              extra: [1, 2],
            },
            { no_id: true },
          ],
        },
      },
      music("task_abcdefabcdefabcdefabcdefabcdefab"),
    );
    expect(task).toMatchObject({
      id: "task_abcdefabcdefabcdefabcdefabcdefab",
      status: "RUNNING",
      progress: 45,
    });
    expect(task.clips).toHaveLength(1); // a clip without any id cannot be kept
    expect(task.clips[0]).toMatchObject({
      id: "0f6b2c119d8e4a7bb3c21e5d4f6a7b8c",
      status: "STREAMING",
      duration: 12.5,
      playCount: null,
    });
    expect(task.raw).toMatchObject({ brand_new_field: { nested: true } });
  });

  it("sunoapi clips may come as an array, and unknown statuses end the task", () => {
    const task = sunoapiWire.parseTask(
      {
        code: 200,
        data: {
          task_id: "t",
          status: "error",
          clips: [{ id: "c", status: "error", metadata: { error_message: "boom" } }],
        },
      },
      music("t"),
    );
    expect(task.status).toBe("FAILED");
    expect(task.failReason).toBe("boom");
    expect(task.clips[0]!.status).toBe("ERROR");
  });

  it("relay UNKNOWN is followed, not ended", () => {
    const task = relayWire.parseTask(
      { code: "success", data: { task_id: "t", status: "UNKNOWN", data: null } },
      music("t"),
    );
    expect(task.status).toBe("RUNNING");
  });

  it("refuses answers that are not envelopes", () => {
    for (const body of [null, "<html>", [1, 2]]) {
      expect(() => relayWire.parseSubmit(body)).toThrow(
        expect.objectContaining({ kind: "MALFORMED" }),
      );
      expect(() => sunoapiWire.parseSubmit(body)).toThrow(
        expect.objectContaining({ kind: "MALFORMED" }),
      );
    }
    expect(() => relayWire.parseTask({ code: "success", data: null }, music("t"))).toThrow(
      expect.objectContaining({ kind: "NOT_FOUND" }),
    );
  });
});
