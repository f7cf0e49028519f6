// sunoapi-org's own fault switches over HTTP: CALLBACK_EXCEPTION with and without audio on
// every clip, HTTP 200 with an error code on record-info, and a short-lived audioUrl beside a
// long-lived sourceAudioUrl.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { Simulator } from "../../simulator/server.ts";
import { get, hookReceiver, post, start, waitFor, type Json } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await start({ stepMs: 20 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.admin.reset());

const song = (callBackUrl = "https://no-callback.invalid/chorus-polls") => ({
  customMode: true,
  instrumental: true,
  model: "V6",
  style: "ambient",
  title: "Fault Lines",
  callBackUrl,
});

async function created(body = song()): Promise<string> {
  const reply = await post(sim, "/org/api/v1/generate", body);
  expect(reply.body.code).toBe(200);
  return reply.body.data.taskId as string;
}
const record = async (taskId: string) =>
  (await get(sim, `/org/api/v1/generate/record-info?taskId=${taskId}`)).body;
const ended = (taskId: string) =>
  waitFor(async () => {
    const body = await record(taskId);
    return ["SUCCESS", "CALLBACK_EXCEPTION"].includes(body.data?.status)
      ? (body.data as Json)
      : null;
  });
const clipsOf = (data: Json) => (data.response as Json).sunoData as Json[];

describe("sunoapi-org fault switches", () => {
  it("callbackException: the task ends CALLBACK_EXCEPTION, every clip with audio, no final callback", async () => {
    sim.admin.setFaults({ answers: { callbackException: true } });
    const hook = await hookReceiver();
    try {
      const data = await ended(await created(song(hook.url)));
      expect(data.status).toBe("CALLBACK_EXCEPTION");
      expect(clipsOf(data)).toHaveLength(2);
      expect(clipsOf(data).every((c) => /\.wav$/.test(c.audioUrl))).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sim.admin.hooksIdle();
      const stages = hook.received.map((r) => (r.body.data as Json).callbackType);
      expect(stages).toEqual(["text", "first"]);
    } finally {
      await hook.close();
    }
  });

  it("callbackExceptionMissingAudio: the last clip never gets its audio", async () => {
    sim.admin.setFaults({ answers: { callbackExceptionMissingAudio: true } });
    const data = await ended(await created());
    expect(data.status).toBe("CALLBACK_EXCEPTION");
    const [first, last] = clipsOf(data);
    expect(first!.audioUrl).toMatch(/\.wav$/);
    expect(last).toMatchObject({ audioUrl: "", sourceAudioUrl: "" });
    expect(last!.streamAudioUrl).toMatch(/stream/);
  });

  it("vendorCode: record-info answers HTTP 200 with the error code in the body", async () => {
    const taskId = await created();
    sim.admin.setFaults({
      rules: [{ action: "vendorCode", code: 455, path: "/org/api/v1/generate/record-info" }],
    });
    const reply = await get(sim, `/org/api/v1/generate/record-info?taskId=${taskId}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ code: 455, data: null });
    // other dialects get the code as their HTTP status
    sim.admin.setFaults({ rules: [{ action: "vendorCode", code: 503, path: "/suno/" }] });
    expect((await get(sim, "/suno/fetch/anything")).status).toBe(503);
  });

  it("audioUrlTtlSeconds: audioUrl 404s after its time, sourceAudioUrl lives on", async () => {
    const data = await ended(await created());
    sim.admin.setFaults({ audioUrlTtlSeconds: 60 });
    const [clip] = clipsOf(data);
    expect((await fetch(clip!.audioUrl)).status).toBe(200);
    sim.admin.advance(61_000);
    expect((await fetch(clip!.audioUrl)).status).toBe(404);
    const source = await fetch(clip!.sourceAudioUrl);
    expect(source.status).toBe(200);
    expect(source.headers.get("content-type")).toBe("audio/wav");
    expect(() => sim.admin.setFaults({ audioUrlTtlSeconds: -1 })).toThrow(/audioUrlTtlSeconds/);
  });
});
