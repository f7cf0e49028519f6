// The sunoapi-org dialect over HTTP: envelopes whose code decides, record-info in its stages,
// staged callbacks, two lyric variants, retired models refused, and its own error codes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { Simulator } from "../../simulator/server.ts";
import { get, hookReceiver, post, start, waitFor, type Json } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  // slow enough that a poller sees every stage even on a busy machine
  sim = await start({ stepMs: 80 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.admin.reset());

const NO_HOOK = "https://no-callback.invalid/chorus-polls";
const song = (extra: Json = {}) => ({
  customMode: true,
  instrumental: false,
  model: "V6",
  prompt: "[Verse]\nLanterns on the water",
  style: "dream pop",
  title: "Lantern Drift",
  callBackUrl: NO_HOOK,
  ...extra,
});

async function record(taskId: string): Promise<Json> {
  const reply = await get(sim, `/org/api/v1/generate/record-info?taskId=${taskId}`);
  expect(reply.status).toBe(200);
  expect(reply.body.code).toBe(200);
  return reply.body.data as Json;
}

async function finished(taskId: string): Promise<Json> {
  return waitFor(async () => {
    const data = await record(taskId);
    return data.status === "SUCCESS" || String(data.status).endsWith("_ERROR") ? data : null;
  });
}

describe("sunoapi-org: generate and follow", () => {
  it("answers a task id in the envelope, then passes through its stages to two clips", async () => {
    const created = await post(sim, "/org/api/v1/generate", song());
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      code: 200,
      msg: "success",
      data: { taskId: expect.any(String) },
    });
    const taskId = created.body.data.taskId as string;

    const seen = new Set<string>();
    const done = await waitFor(async () => {
      const data = await record(taskId);
      seen.add(String(data.status));
      return data.status === "SUCCESS" ? data : null;
    });
    // the stages in between are visible to a poller that looks often enough
    expect([...seen]).toEqual(
      expect.arrayContaining(["PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS", "SUCCESS"]),
    );
    expect(JSON.parse(done.param as string)).toMatchObject({ model: "V6", title: "Lantern Drift" });
    const clips = (done.response as Json).sunoData as Json[];
    expect(clips).toHaveLength(2);
    for (const clip of clips) {
      expect(clip).toMatchObject({ modelName: "chirp-hawk", title: "Lantern Drift" });
      expect(clip.audioUrl).toMatch(/\.wav$/);
      expect(clip.sourceAudioUrl).toMatch(/\.wav\?source=1$/);
      expect(typeof clip.createTime).toBe("number"); // epoch milliseconds in record-info
      expect(clip.duration).toBeGreaterThan(0);
      expect("status" in clip).toBe(false); // clips carry no status of their own here
    }
    const audio = await fetch(String(clips[0]!.audioUrl));
    expect(audio.status).toBe(200);
  });

  it("takes the v6 family and refuses retired models, in HTTP 200 with code 400", async () => {
    for (const model of ["V6_WILD", "V6_MINI"]) {
      const reply = await post(sim, "/org/api/v1/generate", song({ model }));
      expect(reply.body.code, model).toBe(200);
    }
    for (const model of ["V5", "V4_5PLUS", "V4"]) {
      const reply = await post(sim, "/org/api/v1/generate", song({ model }));
      expect(reply.status, model).toBe(200);
      expect(reply.body.code, model).toBe(400);
      expect(reply.body.msg, model).toMatch(/retired/);
    }
  });

  it("refuses a request without a callback URL, as the vendor does", async () => {
    const reply = await post(sim, "/org/api/v1/generate", song({ callBackUrl: undefined }));
    expect(reply.body).toMatchObject({ code: 400, msg: expect.stringMatching(/callBackUrl/) });
  });

  it("answers a bad key with code 401 and a rate limit with 430 (429 means credits here)", async () => {
    const bad = await post(sim, "/org/api/v1/generate", song(), "wrong-key");
    expect(bad.body).toMatchObject({ code: 401, data: null });
    sim.admin.setFaults({ rules: [{ action: "rateLimit", path: "/org/", times: 1 }] });
    const limited = await post(sim, "/org/api/v1/generate", song());
    expect(limited.status).toBe(200);
    expect(limited.body.code).toBe(430);
  });

  it("a moderated request ends as SENSITIVE_WORD_ERROR with code 400", async () => {
    const created = await post(sim, "/org/api/v1/generate", song({ prompt: "like taylor swift" }));
    const done = await finished(created.body.data.taskId as string);
    expect(done).toMatchObject({ status: "SENSITIVE_WORD_ERROR", errorCode: 400 });
    expect((done.response as Json).sunoData).toEqual([]);
  });

  it("extends a finished clip with the source's parameters", async () => {
    const first = await post(sim, "/org/api/v1/generate", song());
    const done = await finished(first.body.data.taskId as string);
    const source = ((done.response as Json).sunoData as Json[])[0]!;
    const extended = await post(sim, "/org/api/v1/generate/extend", {
      audioId: source.id,
      defaultParamFlag: false,
      model: "V6",
      continueAt: 1,
      callBackUrl: NO_HOOK,
    });
    expect(extended.body.code).toBe(200);
    const result = await finished(extended.body.data.taskId as string);
    expect(result).toMatchObject({ type: "EXTEND", parentMusicId: source.id });
    expect(((result.response as Json).sunoData as Json[])[0]).toMatchObject({
      title: "Lantern Drift",
    });
  });
});

describe("sunoapi-org: callbacks", () => {
  it("sends text, first and complete in order, snake_case, then stops", async () => {
    const hook = await hookReceiver();
    try {
      const created = await post(sim, "/org/api/v1/generate", song({ callBackUrl: hook.url }));
      const taskId = created.body.data.taskId as string;
      await waitFor(async () => hook.received.length >= 3 || null, 5000);
      await sim.admin.hooksIdle();
      const stages = hook.received.map((r) => (r.body.data as Json).callbackType);
      expect(stages).toEqual(["text", "first", "complete"]);
      const [text, first, complete] = hook.received.map((r) => r.body);
      expect(text).toMatchObject({ code: 200, data: { task_id: taskId, data: [] } });
      expect((first!.data as Json).data).toHaveLength(1);
      const clips = (complete!.data as Json).data as Json[];
      expect(clips).toHaveLength(2);
      expect(clips[0]).toMatchObject({ model_name: "chirp-hawk", audio_url: expect.any(String) });
      expect(clips[0]!.createTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    } finally {
      await hook.close();
    }
  });

  it("a failed task calls back once with the error stage", async () => {
    const hook = await hookReceiver();
    try {
      await post(
        sim,
        "/org/api/v1/generate",
        song({ prompt: "taylor swift", callBackUrl: hook.url }),
      );
      await waitFor(async () => hook.received.length >= 1 || null, 5000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await sim.admin.hooksIdle();
      expect(hook.received.map((r) => r.body)).toEqual([
        {
          code: 400,
          msg: expect.any(String),
          data: expect.objectContaining({ callbackType: "error", data: null }),
        },
      ]);
    } finally {
      await hook.close();
    }
  });
});

describe("sunoapi-org: lyrics", () => {
  it("writes two variants", async () => {
    const created = await post(sim, "/org/api/v1/lyrics", {
      prompt: "a lighthouse keeper's last night",
      callBackUrl: NO_HOOK,
    });
    const taskId = created.body.data.taskId as string;
    const done = await waitFor(async () => {
      const reply = await get(sim, `/org/api/v1/lyrics/record-info?taskId=${taskId}`);
      return reply.body.data?.status === "SUCCESS" ? (reply.body.data as Json) : null;
    });
    const variants = (done.response as Json).data as Json[];
    expect(variants).toHaveLength(2);
    expect(variants[0]!.text).not.toBe(variants[1]!.text);
    expect(variants.every((v) => v.status === "complete" && String(v.text).length > 20)).toBe(true);
  });

  it("a task id another endpoint made is not found here", async () => {
    const created = await post(sim, "/org/api/v1/generate", song());
    const reply = await get(
      sim,
      `/org/api/v1/lyrics/record-info?taskId=${created.body.data.taskId as string}`,
    );
    expect(reply.body.code).toBe(404);
  });
});
