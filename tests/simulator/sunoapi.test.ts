// The sunoapi dialect over HTTP: every endpoint, the seed-000 shapes, progression and errors.
import { readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Simulator } from "../../simulator/server.ts";
import { get, post, start, waitFor, type Json } from "./helpers.ts";

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(path.join(import.meta.dirname, "../fixtures/upstream", name), "utf8"),
  ) as Json;
const seedClip = Object.values(
  fixture("sunoapi-v2-clip-completed.json").data.clips as Json,
)[0] as Json;
const sorted = (value: Json) => Object.keys(value).sort();

let sim: Simulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.stop());

async function createAndFinish(pathName: string, body: Json): Promise<Json> {
  const created = await post(sim, pathName, body);
  expect(created.status).toBe(200);
  expect(created.body).toEqual({
    code: 200,
    data: { task_id: expect.any(String) },
    message: "success",
  });
  const id = created.body.data.task_id as string;
  return waitFor(async () => {
    const { body: fetched } = await get(sim, `/api/v2/suno/v6/clip/${id}`);
    return fetched.data?.status === "completed" || fetched.data?.status === "failed"
      ? (fetched.data as Json)
      : null;
  });
}

describe("sunoapi auth", () => {
  it("answers 401 with the numeric envelope without or with a wrong key", async () => {
    for (const key of [null, "wrong-key"]) {
      const reply = await post(
        sim,
        "/api/v2/suno/v6/custom/create-lyrics-song",
        { prompt: "x", tags: "pop" },
        key,
      );
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ code: 401, message: "Unauthorized", data: null });
    }
    expect((await get(sim, "/api/v2/suno/v6/clip/anything", "sim-key-2")).status).toBe(404);
  });
});

describe("sunoapi songs", () => {
  it("creates a custom song whose task looks exactly like seed 000", async () => {
    const data = await createAndFinish("/api/v2/suno/v6-mini/custom/create-lyrics-song", {
      prompt: "[Verse]\nTesla riding",
      tags: "epic reggae",
      title: "Electric Dreams",
    });
    expect(sorted(data)).toEqual(sorted(fixture("sunoapi-v2-clip-completed.json").data));
    expect(JSON.parse(data.input as string)).toEqual({
      custom_mode: true,
      gpt_description_prompt: "",
      make_instrumental: false,
      prompt: "[Verse]\nTesla riding",
      title: "Electric Dreams",
      continue_at: 0,
      continue_clip_id: "",
      mv: "chirp-goose",
      tags: "epic reggae",
    });
    const clips = Object.entries(data.clips as Json);
    expect(clips).toHaveLength(2);
    for (const [id, clip] of clips as Array<[string, Json]>) {
      expect(clip.id).toBe(id);
      expect(sorted(clip)).toEqual(sorted(seedClip));
      expect(sorted(clip.metadata)).toEqual(sorted(seedClip.metadata));
      expect(clip).toMatchObject({
        status: "complete",
        title: "Electric Dreams",
        model_name: "chirp-goose",
        major_model_version: "v6",
        video_url: "",
      });
      expect(clip.metadata).toMatchObject({
        type: "gen",
        tags: "epic reggae",
        prompt: "[Verse]\nTesla riding",
        error_type: "",
      });
      expect(clip.metadata.duration).toBeGreaterThan(2);
      expect(clip.audio_url).toBe(`${sim.url}/media/${id}.wav`);
      expect(clip.image_url).toBe(`${sim.url}/media/${id}.png`);
      expect(clip.image_large_url).toBe(`${sim.url}/media/${id}-large.png`);
    }
    expect(data.metadata).toMatchObject({
      quota_frozen: 5,
      quota_usage: 5,
      ended_at: expect.any(String),
    });
  });

  it("moves processing → completed, with a streaming clip that has a stream URL and no duration", async () => {
    const slow = await start({ stepMs: 10_000 });
    try {
      const created = await post(slow, "/api/v2/suno/v6-wild/custom/create-lyrics-song", {
        prompt: "la la",
        tags: "pop",
      });
      const id = created.body.data.task_id as string;
      const first = (await get(slow, `/api/v2/suno/v6-wild/clip/${id}`)).body.data as Json;
      expect(first).toMatchObject({ status: "processing", clips: {} });
      expect(first.metadata).toMatchObject({ started_at: null, ended_at: null, quota_usage: 0 });
      slow.admin.advance(30_000); // step 3: first clip streaming, second queued
      const mid = (await get(slow, `/api/v2/suno/v6-wild/clip/${id}`)).body.data as Json;
      const [a, b] = Object.values(mid.clips as Json) as Json[];
      expect(mid.status).toBe("processing");
      expect(a).toMatchObject({
        status: "streaming",
        audio_url: `${slow.url}/media/stream/${a?.id}`,
      });
      expect(a?.metadata.duration).toBeNull();
      expect(b).toMatchObject({ status: "queued", audio_url: "", image_url: null });
      slow.admin.advance(20_000);
      expect((await get(slow, `/api/v2/suno/v6-wild/clip/${id}`)).body.data.status).toBe(
        "completed",
      );
    } finally {
      await slow.stop();
    }
  });

  it("maps every path version to its model", async () => {
    const expected: Record<string, [string, string]> = {
      v6: ["chirp-hawk", "chirp-hawk"],
      "v6-wild": ["chirp-hawk-wild", "chirp-hawk-wild"],
      "v6-mini": ["chirp-goose", "chirp-goose"],
    };
    for (const [version, [mv, modelName]] of Object.entries(expected)) {
      const data = await createAndFinish(`/api/v2/suno/${version}/custom/create-pure-music`, {
        tags: "ambient",
        title: version,
      });
      expect(JSON.parse(data.input as string).mv).toBe(mv);
      expect((Object.values(data.clips as Json)[0] as Json).model_name).toBe(modelName);
    }
    // every version before v6 is retired: refused for a new song, still readable for an old one
    for (const version of ["v3.0", "v3.5", "v4", "v4.5", "v4.5plus", "v5"]) {
      const retired = await post(sim, `/api/v2/suno/${version}/custom/create-pure-music`, {
        tags: "ambient",
      });
      expect(retired.status, version).toBe(400);
      expect(retired.body.message, version).toMatch(/has been retired/);
    }
    const old = await post(sim, "/api/v2/suno/v6/custom/create-pure-music", { tags: "ambient" });
    const oldId = old.body.data.task_id as string;
    expect((await get(sim, `/api/v2/suno/v3.5/clip/${oldId}`)).status).toBe(200);
    const unknown = await post(sim, "/api/v2/suno/v9/custom/create-pure-music", { tags: "x" });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      code: 400,
      data: null,
      message: expect.stringContaining("v9"),
    });
  });

  it("makes instrumentals and description songs", async () => {
    const pure = await createAndFinish("/api/v2/suno/v6/custom/create-pure-music", {
      tags: "lo-fi",
      title: "Quiet",
    });
    expect(JSON.parse(pure.input as string)).toMatchObject({
      custom_mode: true,
      make_instrumental: true,
      prompt: "",
    });
    const described = await createAndFinish("/api/v2/suno/v6/random/create-lyrics-song", {
      description: "a song about harbor lights",
    });
    const clip = Object.values(described.clips as Json)[0] as Json;
    expect(JSON.parse(described.input as string)).toMatchObject({
      custom_mode: false,
      gpt_description_prompt: "a song about harbor lights",
    });
    expect(clip.metadata.gpt_description_prompt).toBe("a song about harbor lights");
    expect(clip.metadata.prompt).toContain("[Chorus]");
    expect(clip.title).not.toBe("");
    expect(clip.metadata.tags).not.toBe("");
    const pureDescribed = await createAndFinish("/api/v2/suno/v6/random/create-pure-music", {
      description: "calm piano",
    });
    expect((Object.values(pureDescribed.clips as Json)[0] as Json).metadata.prompt).toBe("");
  });

  it("rejects invalid requests with 400 and a reason", async () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ["/api/v2/suno/v6/custom/create-lyrics-song", { tags: "pop" }, /prompt is required/],
      ["/api/v2/suno/v6/custom/create-lyrics-song", { prompt: "x" }, /tags is required/],
      [
        "/api/v2/suno/v6/custom/create-lyrics-song",
        { prompt: "x", tags: "t".repeat(1001) },
        /tags is too long/,
      ],
      [
        "/api/v2/suno/v6/custom/create-lyrics-song",
        { prompt: "x".repeat(5001), tags: "pop" },
        /prompt is too long/,
      ],
      [
        "/api/v2/suno/v6/custom/create-lyrics-song",
        { prompt: "x", tags: "pop", title: "t".repeat(81) },
        /title is too long/,
      ],
      ["/api/v2/suno/v6/custom/create-pure-music", { title: "no tags" }, /tags is required/],
      ["/api/v2/suno/v6/random/create-lyrics-song", {}, /description is required/],
      [
        "/api/v2/suno/v6/random/create-pure-music",
        { description: "d".repeat(201) },
        /description is too long/,
      ],
      ["/api/v2/suno/v6/random/create-lyrics-song", "{not json", /not valid JSON/],
      [
        "/api/v2/suno/v6/extend",
        { continue_clip_id: "no-such-clip", continue_at: 10 },
        /continue_clip_id no-such-clip not found/,
      ],
      ["/api/suno/v1/music/concat", { clip_id: "no-such-clip" }, /clip_id no-such-clip not found/],
      // "prompt < 200 chars": 200 is one too many
      ["/api/v1/suno/make-lyrics", { prompt: "p".repeat(200) }, /prompt is too long/],
      ["/api/v1/suno/make-lyrics", {}, /prompt is required/],
    ];
    for (const [pathName, body, reason] of cases) {
      const reply = await post(sim, pathName, body);
      expect(reply.status, pathName).toBe(400);
      expect(reply.body).toEqual({ code: 400, message: expect.stringMatching(reason), data: null });
    }
    // v6 allows the longer limits of v4.5 and later
    expect(
      (
        await post(sim, "/api/v2/suno/v6/custom/create-lyrics-song", {
          prompt: "x",
          tags: "t".repeat(1000),
        })
      ).status,
    ).toBe(200);
  });

  it("answers 404 for unknown tasks and routes", async () => {
    for (const pathName of ["/api/v2/suno/v6/clip/nope", "/api/v1/suno/get-lyrics/nope"]) {
      const reply = await get(sim, pathName);
      expect(reply.status).toBe(404);
      expect(reply.body).toEqual({ code: 404, message: "task not found", data: null });
    }
    expect((await get(sim, "/api/v2/suno/v6/elsewhere")).body).toMatchObject({
      code: 404,
      data: null,
    });
  });
});

describe("sunoapi lyrics", () => {
  it("writes sectioned lyrics from the prompt, shaped like the fixture", async () => {
    const created = await post(sim, "/api/v1/suno/make-lyrics", {
      prompt: "harbor lights and salty wind",
    });
    expect(created.body).toEqual({
      code: 200,
      data: { task_id: expect.any(String) },
      message: "success",
    });
    const id = created.body.data.task_id as string;
    const first = (await get(sim, `/api/v1/suno/get-lyrics/${id}`)).body.data as Json;
    expect(["processing", "completed"]).toContain(first.status);
    const data = await waitFor(async () => {
      const reply = await get(sim, `/api/v1/suno/get-lyrics/${id}`);
      return reply.body.data.status === "completed" ? (reply.body.data as Json) : null;
    });
    expect(sorted(data)).toEqual(sorted(fixture("sunoapi-v1-lyrics-completed.json").data));
    expect(JSON.parse(data.input as string)).toEqual({ prompt: "harbor lights and salty wind" });
    const text = data.text as string;
    for (const section of ["[Verse]", "[Chorus]", "[Verse 2]", "[Bridge]"])
      expect(text).toContain(section);
    const lines = text.split("\n").filter((line) => line && !line.startsWith("["));
    const words = ["harbor", "lights", "salty", "wind"];
    for (const line of lines)
      expect(
        words.some((word) => line.toLowerCase().includes(word)),
        line,
      ).toBe(true);
    expect(data.title).toMatch(/Harbor|Lights|Salty|Wind/);
    // deterministic: the same prompt writes the same song
    const again = await post(sim, "/api/v1/suno/make-lyrics", {
      prompt: "harbor lights and salty wind",
    });
    sim.admin.complete(again.body.data.task_id as string);
    expect(
      (await get(sim, `/api/v1/suno/get-lyrics/${again.body.data.task_id}`)).body.data.text,
    ).toBe(text);
    // a lyrics task is not a clip task
    expect((await get(sim, `/api/v2/suno/v6/clip/${id}`)).status).toBe(404);
  });
});
