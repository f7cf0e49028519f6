// Fault injection: every action, matching rules (method, path, times, seeded probability),
// configuration through options and the admin API, and tasks that never finish.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { Simulator } from "../../simulator/server.ts";
import { get, post, start, type Json } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await start();
});
afterAll(() => sim.stop());
beforeEach(() => sim.admin.reset());

const putFaults = (body: unknown) =>
  fetch(`${sim.url}/__admin/faults`, {
    method: "PUT",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });

describe("fault actions", () => {
  it("error500 answers the dialect's 500 envelope for the next N matching requests", async () => {
    sim.admin.setFaults({
      rules: [
        { path: "/suno/submit/music", action: "error500", times: 2 },
        { path: "/api/", action: "error500", times: 1, message: "boom" },
      ],
    });
    for (let i = 0; i < 2; i++) {
      const reply = await post(sim, "/suno/submit/music", { prompt: "x" });
      expect(reply.status).toBe(500);
      expect(reply.body).toEqual({
        code: "internal_error",
        message: expect.any(String),
        data: null,
      });
    }
    expect((await post(sim, "/suno/submit/music", { prompt: "x" })).status).toBe(200);
    const sunoapi = await post(sim, "/api/v1/suno/make-lyrics", { prompt: "x" });
    expect(sunoapi.body).toEqual({ code: 500, message: "boom", data: null });
    expect(sim.admin.faults().remaining).toEqual([0, 0]);
  });

  it("rateLimit answers 429 with Retry-After in both dialects", async () => {
    sim.admin.setFaults({ rules: [{ action: "rateLimit", retryAfterSeconds: 7, times: 2 }] });
    const relay = await get(sim, "/suno/fetch/whatever");
    expect(relay.status).toBe(429);
    expect(relay.headers.get("retry-after")).toBe("7");
    expect(relay.body).toMatchObject({ code: "rate_limited", data: null });
    const sunoapi = await get(sim, "/api/v2/suno/v6/clip/whatever");
    expect(sunoapi.status).toBe(429);
    expect(sunoapi.headers.get("retry-after")).toBe("7");
    expect(sunoapi.body).toMatchObject({ code: 429, data: null });
  });

  it("malformed answers 200 with a body that is not JSON", async () => {
    sim.admin.setFaults({ rules: [{ action: "malformed", times: 1 }] });
    const reply = await post(sim, "/suno/submit/music", { prompt: "x" });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toContain("application/json");
    expect(() => JSON.parse(reply.text)).toThrow();
  });

  it("badRequest answers 400 invalid_request", async () => {
    sim.admin.setFaults({
      rules: [{ action: "badRequest", method: "POST", times: 1, message: "nope" }],
    });
    expect((await get(sim, "/suno/fetch/x")).status).toBe(404); // GET does not match
    expect((await post(sim, "/suno/submit/music", { prompt: "x" })).body).toEqual({
      code: "invalid_request",
      message: "nope",
      data: null,
    });
  });

  it("latency delays the answer", async () => {
    sim.admin.setFaults({ rules: [{ action: "latency", latencyMs: 150, path: "/suno/fetch" }] });
    const started = Date.now();
    expect((await get(sim, "/suno/fetch/x")).status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("hang never answers: the client's AbortSignal ends it, and stop() still closes promptly", async () => {
    const own = await start({ faults: { rules: [{ action: "hang", path: "/suno/submit" }] } });
    const started = Date.now();
    await expect(
      fetch(`${own.url}/suno/submit/music`, {
        method: "POST",
        body: "{}",
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow(/abort|timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // other routes still answer
    expect((await get(own, "/suno/fetch/x")).status).toBe(404);
    const entry = await new Promise<Json | undefined>((resolve) =>
      setTimeout(() => resolve(own.admin.requests().find((r) => r.fault === "hang")), 50),
    );
    expect(entry).toMatchObject({ method: "POST", path: "/suno/submit/music", status: 0 });
    // a request still hanging when the server stops
    const pending = fetch(`${own.url}/suno/submit/lyrics`, { method: "POST", body: "{}" }).catch(
      (error: Error) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    const stopping = Date.now();
    await own.stop();
    expect(Date.now() - stopping).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it("probability is seeded: the same seed fails the same requests", async () => {
    const pattern = async () => {
      sim.admin.setFaults({
        seed: 42,
        rules: [{ action: "error500", probability: 0.5, path: "/suno/fetch/" }],
      });
      const statuses: number[] = [];
      for (let i = 0; i < 16; i++) statuses.push((await get(sim, "/suno/fetch/x")).status);
      return statuses.join(",");
    };
    const first = await pattern();
    expect(first).toContain("500");
    expect(first).toContain("404");
    expect(await pattern()).toBe(first);
  });
});

describe("fault configuration", () => {
  it("is replaced through PUT/POST /__admin/faults and validated", async () => {
    const ok = await putFaults({ rules: [{ action: "error500", times: 1 }] });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      rules: [{ action: "error500", times: 1 }],
      remaining: [1],
    });
    expect((await get(sim, "/suno/fetch/x")).status).toBe(500);
    const bad = await putFaults({ rules: [{ action: "explode" }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { message: expect.stringContaining("action must be one of") },
    });
    const viaPost = await fetch(`${sim.url}/__admin/faults`, {
      method: "POST",
      body: JSON.stringify({ rules: [] }),
    });
    expect(viaPost.status).toBe(200);
    expect(() => sim.admin.setFaults({ rules: [{ action: "latency", latencyMs: -1 }] })).toThrow(
      /non-negative/,
    );
  });

  it("neverFinish keeps new tasks in progress until completed by the admin API", async () => {
    sim.admin.setFaults({ neverFinish: true });
    const relayId = (await post(sim, "/suno/submit/music", { prompt: "forever" })).body
      .data as string;
    const sunoapiId = (await post(sim, "/api/v1/suno/make-lyrics", { prompt: "forever" })).body.data
      .task_id as string;
    sim.admin.setFaults({}); // only tasks created while it was on are affected
    const normal = (await post(sim, "/suno/submit/music", { prompt: "normal" })).body
      .data as string;
    sim.admin.advance(100 * 20);
    const held = (await get(sim, `/suno/fetch/${relayId}`)).body.data as Json;
    expect(held).toMatchObject({ status: "IN_PROGRESS", progress: "0%", finish_time: 0 });
    expect(held.data.map((clip: Json) => clip.status)).toEqual(["streaming", "streaming"]);
    expect((await get(sim, `/api/v1/suno/get-lyrics/${sunoapiId}`)).body.data.status).toBe(
      "processing",
    );
    expect((await get(sim, `/suno/fetch/${normal}`)).body.data.status).toBe("SUCCESS");
    const completed = await fetch(`${sim.url}/__admin/tasks/${relayId}/complete`, {
      method: "POST",
    });
    expect(completed.status).toBe(200);
    expect((await get(sim, `/suno/fetch/${relayId}`)).body.data.status).toBe("SUCCESS");
    expect(sim.admin.complete(sunoapiId)).toBe(true);
    expect((await get(sim, `/api/v1/suno/get-lyrics/${sunoapiId}`)).body.data.status).toBe(
      "completed",
    );
  });
});

describe("answer switches", () => {
  const song = { prompt: "[Verse]\nA line", tags: "folk", title: "Line", mv: "chirp-hawk" };
  async function finished(switches: Record<string, boolean>) {
    sim.admin.setFaults({ answers: switches });
    const submitted = await post(sim, "/suno/submit/music", song);
    const id = submitted.body.data as string;
    sim.admin.complete(id);
    const one = (await get(sim, `/suno/fetch/${id}`)).body.data as Json;
    const batch = (await post(sim, "/suno/fetch", { ids: [id] })).body.data as Json[];
    return { id, one, batch: batch[0] };
  }

  it("are validated by name and type", async () => {
    expect((await putFaults({ answers: { noSuchSwitch: true } })).status).toBe(400);
    expect((await putFaults({ answers: { duplicateClips: "yes" } })).status).toBe(400);
    expect((await putFaults({ answers: { duplicateClips: true } })).status).toBe(200);
    expect(sim.admin.faults().answers.duplicateClips).toBe(true);
  });

  it("change how clips are shown, in both shapes", async () => {
    expect((await finished({ emptyClipsOnSuccess: true })).one).toMatchObject({
      status: "SUCCESS",
      data: [],
    });
    const bare = await finished({ clipsWithoutStatus: true });
    for (const clip of [...bare.one.data, ...bare.batch!.data]) {
      expect(clip).not.toHaveProperty("status");
      expect(clip).not.toHaveProperty("state");
    }
    expect((await finished({ duplicateClips: true })).one.data).toHaveLength(4);
    const sparse = await finished({ sparseClips: true });
    expect(sparse.one.data[0]).not.toHaveProperty("title");
    expect(sparse.batch!.data[0].metadata).not.toHaveProperty("prompt");
    const nul = await finished({ nulInText: true });
    expect(nul.one.data[0].title).toContain("\u0000");
    const variant = await finished({ variantEngineNames: true });
    expect(variant.one.data[0].mv).toBe("chirp-hawk-turbo");
    expect(variant.batch!.data[0].model_name).toBe("chirp-hawk-turbo");
  });

  it("forget tasks, serve media as generic binaries, and echo the caller's key", async () => {
    const { id, one } = await finished({
      forgetTasks: true,
      octetStreamMedia: true,
      echoKey: true,
    });
    expect(one).toBeNull();
    expect((await get(sim, `/suno/fetch/${id}`)).status).toBe(404);
    expect((await post(sim, "/suno/fetch", { ids: [id] })).body.data).toEqual([]);
    const sunoapi = await get(sim, `/api/v2/suno/v6/clip/${id}`);
    expect(sunoapi.status).toBe(404);
    expect(sunoapi.text).toContain("Bearer sim-key-1");
    sim.admin.setFaults({ answers: { octetStreamMedia: true } });
    const clip = sim.admin.state().tasks[0]!.clips[0]!;
    const media = await fetch(`${sim.url}/media/${clip.id}.wav`);
    expect(media.headers.get("content-type")).toBe("application/octet-stream");
    expect(
      Buffer.from(await media.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe("RIFF");
  });

  it("notFound and outOfCredits answer in each dialect's words", async () => {
    sim.admin.setFaults({
      rules: [
        { path: "/suno/submit", action: "outOfCredits", times: 1 },
        { path: "/api/v2", action: "outOfCredits", times: 1 },
        { path: "/suno/submit", action: "notFound", times: 1 },
      ],
    });
    const relay = await post(sim, "/suno/submit/music", song);
    expect(relay).toMatchObject({ status: 403, body: { code: "quota_not_enough" } });
    const sunoapi = await post(sim, "/api/v2/suno/v6/custom/create-lyrics-song", song);
    expect(sunoapi).toMatchObject({ status: 402, body: { code: 402 } });
    expect((await post(sim, "/suno/submit/music", song)).status).toBe(404);
  });
});
