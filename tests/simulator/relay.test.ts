// The relay dialect over HTTP: submit modes, fetch-one and batch shapes, progression, errors.
import { readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Simulator } from "../../simulator/server.ts";
import { get, post, relaySong, start, waitFor, type Json } from "./helpers.ts";

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(path.join(import.meta.dirname, "../fixtures/upstream", name), "utf8"),
  ) as Json;
const sorted = (value: Json) => Object.keys(value).sort();
const seedFlat = fixture("relay-fetch-success.json").data.data[0] as Json;
const batchTask = fixture("relay-fetch-batch-in-progress.json").data[0] as Json;
const ORDER = ["NOT_START", "SUBMITTED", "QUEUED", "IN_PROGRESS", "SUCCESS"];

let sim: Simulator;
beforeAll(async () => {
  sim = await start({ stepMs: 40 });
});
afterAll(() => sim.stop());

describe("relay auth and routing", () => {
  it("answers 401 with the OpenAI-style error without or with a wrong key", async () => {
    for (const key of [null, "nope"]) {
      const reply = await post(sim, "/suno/submit/music", { prompt: "x" }, key);
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ error: { message: "Invalid token", type: "new_api_error" } });
    }
  });

  it("answers 404 task_not_exist for an unknown task, and 404 for unknown routes", async () => {
    const reply = await get(sim, "/suno/fetch/does-not-exist");
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ code: "task_not_exist", message: "task_not_exist", data: null });
    expect((await get(sim, "/suno/nowhere")).body).toMatchObject({ code: "not_found", data: null });
    expect((await get(sim, "/suno/submit/music")).status).toBe(405);
  });
});

describe("relay music", () => {
  it("walks NOT_START → SUBMITTED → QUEUED → IN_PROGRESS → SUCCESS with two flattened clips", async () => {
    const submitted = await post(sim, "/suno/submit/music", {
      prompt: "[Verse]\nCity lights",
      tags: "emotional punk",
      title: "City Lights",
      mv: "chirp-goose",
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toEqual({ code: "success", message: "", data: expect.any(String) });
    const id = submitted.body.data as string;
    const seen: string[] = [];
    const task = await waitFor(
      async () => {
        const { body } = await get(sim, `/suno/fetch/${id}`);
        if (seen.at(-1) !== body.data.status) seen.push(body.data.status as string);
        if (body.data.status === "IN_PROGRESS") {
          expect(body.data.progress).toBe("0%");
          expect(body.data.finish_time).toBe(0);
          expect(body.data.data.length).toBe(2);
        }
        return body.data.status === "SUCCESS" ? (body.data as Json) : null;
      },
      4000,
      5,
    );
    // statuses only ever move forward, and we saw the interesting middle
    expect(seen.map((s) => ORDER.indexOf(s))).toEqual(
      [...seen.map((s) => ORDER.indexOf(s))].sort(),
    );
    expect(seen).toContain("IN_PROGRESS");
    expect(task).toMatchObject({
      task_id: id,
      action: "MUSIC",
      fail_reason: "",
      progress: "100%",
      notify_hook: "",
    });
    expect(task.finish_time).toBeGreaterThanOrEqual(task.start_time);
    expect(task.submit_time).toBeGreaterThan(1_600_000_000);
    const clips = task.data as Json[];
    expect(clips).toHaveLength(2);
    clips.forEach((clip, i) => {
      expect(sorted(clip)).toEqual(sorted(seedFlat));
      expect(clip).toMatchObject({
        clip_id: clip.id,
        task_id: `${id}_${i + 1}`,
        mv: "chirp-goose",
        state: "succeeded",
        status: "complete",
        title: "City Lights",
        tags: "emotional punk",
        video_url: "",
        continue_at: null,
        continue_clip_id: null,
      });
      expect(clip.duration).toBeGreaterThan(2);
      expect(clip.audio_url).toBe(`${sim.url}/media/${clip.id}.wav`);
    });
    expect(clips[0]?.id).not.toBe(clips[1]?.id);
  });

  it("remaps a missing mv (v3 on new-api, retired) to v6, and supports every mode", async () => {
    const plain = await relaySong(sim, { prompt: "[Verse]\nhello", tags: "pop" });
    expect(plain.data[0].mv).toBe("chirp-hawk");
    const instrumental = await relaySong(sim, {
      make_instrumental: true,
      tags: "lo-fi, chill",
      title: "Pages",
      mv: "chirp-hawk",
    });
    expect(instrumental.data[0]).toMatchObject({
      prompt: "",
      title: "Pages",
      tags: "lo-fi, chill",
    });
    const described = await relaySong(sim, {
      prompt: "",
      gpt_description_prompt: "a reggae song about the moon",
      mv: "chirp-v6-mini",
    });
    expect(described.data[0].gpt_description_prompt).toBe("a reggae song about the moon");
    expect(described.data[0].prompt).toContain("[Verse]");
    expect(described.data[0].tags).toContain("reggae");
    expect(described.data[0].title).not.toBe("");
  });

  it("rejects invalid submissions with the relay envelope", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /prompt is required/],
      [{ prompt: "x", mv: "chirp-v9" }, /mv chirp-v9 is not supported/],
      [{ prompt: "x".repeat(5001), mv: "chirp-goose" }, /prompt is too long.*5000.*chirp-goose/],
      [{ prompt: "x", tags: "t".repeat(1001) }, /tags is too long/],
      [{ prompt: "x", mv: "chirp-v4" }, /model chirp-v4 has been retired; use one of chirp-hawk/],
      [{ prompt: "x", mv: "chirp-crow" }, /model chirp-crow has been retired/],
      [{ prompt: "x", title: "t".repeat(81) }, /title is too long/],
      [{ gpt_description_prompt: "d".repeat(501) }, /gpt_description_prompt is too long/],
      [{ make_instrumental: true }, /instrumental needs/],
      [{ prompt: "x", notify_hook: "ftp://example" }, /notify_hook must be an http/],
      [{ prompt: 42 }, /prompt must be a string/],
      ["[1,2", /not valid JSON/],
      [[1, 2], /JSON object/],
    ];
    for (const [body, reason] of cases) {
      const reply = await post(sim, "/suno/submit/music", body);
      expect(reply.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(reply.body).toEqual({
        code: "invalid_request",
        message: expect.stringMatching(reason),
        data: null,
      });
    }
    expect(
      (await post(sim, "/suno/submit/music", { prompt: "x".repeat(5000), mv: "chirp-hawk" }))
        .status,
    ).toBe(200);
  });
});

describe("relay lyrics, upload and batch fetch", () => {
  it("writes lyrics: data is an object {id,text,title,status}", async () => {
    const submitted = await post(sim, "/suno/submit/lyrics", {
      prompt: "saltwater harbor radio",
      notify_hook: "",
    });
    const id = submitted.body.data as string;
    const task = await waitFor(async () => {
      const { body } = await get(sim, `/suno/fetch/${id}`);
      return body.data.status === "SUCCESS" ? (body.data as Json) : null;
    });
    expect(task.action).toBe("LYRICS");
    expect(sorted(task.data)).toEqual(sorted(fixture("relay-fetch-lyrics-success.json").data.data));
    expect(task.data).toMatchObject({ id, status: "complete", title: expect.stringMatching(/\w/) });
    expect(task.data.text).toMatch(/^\[Verse\]\n/);
    expect(task.data.text).toContain("[Verse 2]");
    expect((await post(sim, "/suno/submit/lyrics", {})).body).toMatchObject({
      code: "invalid_request",
    });
  });

  it("uploads by URL: one clip of type upload, audio synthesized", async () => {
    const submitted = await post(sim, "/suno/uploads/audio-url", {
      url: "https://example.com/files/My%20Demo.mp3",
    });
    const id = submitted.body.data as string;
    const task = await waitFor(async () => {
      const { body } = await post(sim, "/suno/fetch", { ids: [id], action: "MUSIC" });
      return body.data[0]?.status === "SUCCESS" ? (body.data[0] as Json) : null;
    });
    expect(task.data).toHaveLength(1);
    expect(task.data[0]).toMatchObject({
      title: "My Demo",
      status: "complete",
      metadata: { type: "upload" },
    });
    expect((await fetch(task.data[0].audio_url as string)).headers.get("content-type")).toBe(
      "audio/wav",
    );
    for (const body of [{}, { url: "not a url" }]) {
      expect((await post(sim, "/suno/uploads/audio-url", body)).status).toBe(400);
    }
  });

  it("batch fetch returns raw Suno clips, keeps order, omits unknown ids, shows data:null before clips", async () => {
    const slow = await start({ stepMs: 10_000 });
    try {
      const a = (
        await post(slow, "/suno/submit/music", { prompt: "a", tags: "edm, upbeat", title: "A" })
      ).body.data as string;
      const b = (await post(slow, "/suno/submit/music", { prompt: "b" })).body.data as string;
      slow.admin.advance(30_000); // a and b at step 3
      const c = (await post(slow, "/suno/submit/music", { prompt: "c" })).body.data as string;
      const reply = await post(slow, "/suno/fetch", {
        ids: [b, "unknown-id", a, c],
        action: "MUSIC",
      });
      expect(reply.status).toBe(200);
      expect(reply.body.code).toBe("success");
      const tasks = reply.body.data as Json[];
      expect(tasks.map((task) => task.task_id)).toEqual([b, a, c]);
      const [, inProgress, notStarted] = tasks as [Json, Json, Json];
      expect(sorted(inProgress)).toEqual(sorted(batchTask));
      expect(inProgress).toMatchObject({ status: "IN_PROGRESS", progress: "0%", finish_time: 0 });
      expect(notStarted).toMatchObject({
        status: "NOT_START",
        start_time: 0,
        finish_time: 0,
        progress: "0%",
        data: null,
      });
      const [streaming, queued] = inProgress.data as [Json, Json];
      expect(streaming).toMatchObject({
        status: "streaming",
        title: "A",
        metadata: { tags: "edm, upbeat", type: "gen", duration: null },
      });
      expect(streaming.audio_url).toBe(`${slow.url}/media/stream/${streaming.id}`);
      expect(queued).toMatchObject({ status: "queued", audio_url: "" });
      for (const key of Object.keys(batchTask.data[0] as Json))
        expect(streaming).toHaveProperty(key);
      expect((await post(slow, "/suno/fetch", { ids: "nope" })).body).toMatchObject({
        code: "invalid_request",
        data: null,
      });
      expect((await post(slow, "/suno/fetch", { ids: [] })).body).toEqual({
        code: "success",
        message: "",
        data: [],
      });
    } finally {
      await slow.stop();
    }
  });
});

describe("task id styles", () => {
  it.each([
    ["dashless", /^[0-9a-f]{32}$/],
    ["prefixed", /^task_[0-9a-f]{32}$/],
    ["uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/],
  ] as const)("%s", async (idStyle, pattern) => {
    const styled = await start({ idStyle });
    try {
      const id = (await post(styled, "/suno/submit/music", { prompt: "x" })).body.data as string;
      expect(id).toMatch(pattern);
      expect((await get(styled, `/suno/fetch/${id}`)).body.data.task_id).toBe(id);
      const sunoId = (await post(styled, "/api/v1/suno/make-lyrics", { prompt: "x" })).body.data
        .task_id as string;
      expect(sunoId).toMatch(pattern);
    } finally {
      await styled.stop();
    }
  });
});
