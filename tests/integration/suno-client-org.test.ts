// The sunoapi-org adapter through the Suno client against the simulator over HTTP: every
// operation this family offers, one record-info per task, and its own error codes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createSunoClient, type ProviderConfig } from "@/lib/suno/client";
import { UpstreamError } from "@/lib/suno/errors";
import type { GenerationRequest, UpstreamTask } from "@/lib/suno/types";
import { startSimulator, type Simulator } from "@/simulator/server";

const KEY = "sk-org-first";
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY, "sk-org-second"], stepMs: 15, clipSeconds: 4 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.admin.reset());

const provider = (overrides: Partial<ProviderConfig> = {}): ProviderConfig => ({
  name: "primary",
  dialect: "sunoapi-org",
  baseUrl: `${sim.url}/org`,
  keys: [KEY],
  timeoutMs: 5_000,
  ...overrides,
});
const noSleep = async () => {};
const client = (overrides: Partial<ProviderConfig> = {}) =>
  createSunoClient([provider(overrides)], { sleep: noSleep });

async function runToEnd(
  c: ReturnType<typeof createSunoClient>,
  request: GenerationRequest,
): Promise<UpstreamTask> {
  const submitted = await c.submit(request);
  const ref = {
    provider: submitted.provider,
    keyFingerprint: submitted.keyFingerprint,
    upstreamId: submitted.upstreamTaskId,
    operation: request.operation,
  };
  for (let i = 0; i < 300; i++) {
    const task = await c.fetchTask(ref);
    if (task.status === "SUCCEEDED" || task.status === "FAILED") return task;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error("task never finished");
}

async function refusal(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

const song: GenerationRequest = {
  operation: "CUSTOM_SONG",
  lyrics: "[Verse]\nHarbour lights are low",
  tags: "indie folk",
  title: "Harbour Lights",
  model: "chirp-hawk",
};

describe("the sunoapi-org adapter against the simulator", () => {
  it("makes a song from lyrics on the current model: two finished takes with real media", async () => {
    const task = await runToEnd(client(), song);
    expect(task.status).toBe("SUCCEEDED");
    expect(task.clips).toHaveLength(2);
    for (const clip of task.clips) {
      expect(clip).toMatchObject({
        status: "COMPLETE",
        title: "Harbour Lights",
        tags: "indie folk",
        lyrics: "[Verse]\nHarbour lights are low",
        model: "chirp-hawk",
        streamAudioUrl: null,
      });
      const audio = await fetch(clip.audioUrl!);
      expect(audio.headers.get("content-type")).toMatch(/^audio\//);
      expect((await audio.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    // the request went out with a callback URL, as the vendor requires
    const sent = sim.admin.requests().filter((r) => r.method === "POST");
    expect(sent.map((r) => r.path)).toEqual(["/org/api/v1/generate"]);
  });

  it("makes an instrumental and songs from a description", async () => {
    const instrumental = await runToEnd(client(), {
      operation: "INSTRUMENTAL",
      tags: "lo-fi piano",
      title: "Quiet Pages",
      model: "chirp-goose",
    });
    expect(instrumental.clips.map((c) => c.status)).toEqual(["COMPLETE", "COMPLETE"]);
    for (const instrumentalOnly of [false, true]) {
      const described = await runToEnd(client(), {
        operation: "DESCRIPTION_SONG",
        description: "a calm song about the sea",
        instrumental: instrumentalOnly,
        model: "chirp-goose",
      });
      expect(described.status).toBe("SUCCEEDED");
      expect(described.clips).toHaveLength(2);
      expect(described.input).toMatchObject({
        customMode: false,
        prompt: "a calm song about the sea",
      });
    }
  });

  it("extends a take, and refuses to make a whole song without sending anything", async () => {
    const first = await runToEnd(client(), song);
    const parent = first.clips[0]!;
    const extended = await runToEnd(client(), {
      operation: "EXTEND",
      clipId: parent.id,
      continueAt: 2,
      model: "chirp-hawk",
    });
    expect(extended.status).toBe("SUCCEEDED");
    expect(extended.metadata).toMatchObject({ type: "EXTEND", parentMusicId: parent.id });
    const before = sim.admin.requests().length;
    const error = await refusal(client().submit({ operation: "CONCAT", clipId: parent.id }));
    expect(error.kind).toBe("INVALID_REQUEST");
    expect(sim.admin.requests().length).toBe(before);
  });

  it("writes lyrics and keeps both variants", async () => {
    const task = await runToEnd(client(), { operation: "LYRICS", prompt: "a lighthouse" });
    expect(task.action).toBe("LYRICS");
    expect(task.lyrics?.text).toMatch(/\[Verse\]/);
    expect((task.lyrics?.raw as { variants: unknown[] }).variants).toHaveLength(2);
  });

  it("fetches many tasks one by one (no batch here) and leaves out ones it does not know", async () => {
    const c = client();
    const x = await c.submit(song);
    const y = await c.submit(song);
    const before = sim.admin.requests().length;
    const tasks = await c.fetchTasks({
      provider: "primary",
      keyFingerprint: x.keyFingerprint,
      targets: [x.upstreamTaskId, y.upstreamTaskId, "0123456789abcdef0123456789abcdef"].map(
        (upstreamId) => ({ upstreamId, operation: "CUSTOM_SONG" as const }),
      ),
    });
    expect(tasks.map((t) => t.id).sort()).toEqual([x.upstreamTaskId, y.upstreamTaskId].sort());
    const requests = sim.admin.requests().slice(before);
    expect(requests).toHaveLength(3);
    expect(requests.every((r) => r.path === "/org/api/v1/generate/record-info")).toBe(true);
  });

  it("reports a refusal under content rules as a failed task with the vendor's words", async () => {
    const task = await runToEnd(client(), {
      operation: "DESCRIPTION_SONG",
      description: "a song like Taylor Swift",
      instrumental: false,
      model: "chirp-goose",
    });
    expect(task.status).toBe("FAILED");
    expect(task.upstreamStatus).toBe("SENSITIVE_WORD_ERROR");
    expect(task.failReason).toMatch(/taylor swift/i);
  });
});

describe("sunoapi-org errors, read from the body's code", () => {
  it("a key the vendor does not know is refused; the next key is used", async () => {
    const c = client({ keys: ["sk-wrong", KEY] });
    const result = await c.submit(song);
    expect(result.upstreamTaskId).toMatch(/\w{8,}/);
    const statuses = sim.admin.requests().map((r) => `${r.status} ${r.path}`);
    expect(statuses).toEqual(["401 /org/api/v1/generate", "200 /org/api/v1/generate"]);
  });

  it("code 430 in an HTTP 200 answer is a rate limit, and the next key takes the request", async () => {
    sim.admin.setFaults({
      rules: [{ action: "rateLimit", path: "/org/api/v1/generate", times: 1 }],
    });
    const c = client({ keys: [KEY, "sk-org-second"] });
    const result = await c.submit(song);
    expect(result.upstreamTaskId).toBeTruthy();
    expect(sim.admin.requests().filter((r) => r.path === "/org/api/v1/generate")).toHaveLength(2);
  });

  it("a retired model is a clear refusal naming the model, never re-sent", async () => {
    // the adapter sends the current family; a hand-made request with an old name is refused
    const reply = await fetch(`${sim.url}/org/api/v1/generate`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({
        customMode: false,
        instrumental: false,
        model: "V4_5PLUS",
        prompt: "x",
        callBackUrl: "https://a.test/h",
      }),
    });
    const body = (await reply.json()) as { code: number; msg: string };
    expect(reply.status).toBe(200);
    expect(body.code).toBe(400);
    expect(body.msg).toMatch(/V4_5PLUS has been retired/);
  });
});

describe("sunoapi-org fault switches through the client", () => {
  it("CALLBACK_EXCEPTION with audio on every clip is a success", async () => {
    sim.admin.setFaults({ answers: { callbackException: true } });
    const task = await runToEnd(client(), song);
    expect(task).toMatchObject({ status: "SUCCEEDED", upstreamStatus: "CALLBACK_EXCEPTION" });
    expect(task.clips.map((c) => c.status)).toEqual(["COMPLETE", "COMPLETE"]);
  });

  it("CALLBACK_EXCEPTION with a clip missing its audio is a failure", async () => {
    sim.admin.setFaults({ answers: { callbackExceptionMissingAudio: true } });
    const task = await runToEnd(client(), song);
    expect(task).toMatchObject({ status: "FAILED", upstreamStatus: "CALLBACK_EXCEPTION" });
    expect(task.clips.map((c) => c.status)).toEqual(["COMPLETE", "STREAMING"]);
  });

  it("HTTP 200 with an error code on record-info is that code's error, retried as a read", async () => {
    const c = client();
    const submitted = await c.submit(song);
    const ref = {
      provider: submitted.provider,
      keyFingerprint: submitted.keyFingerprint,
      upstreamId: submitted.upstreamTaskId,
      operation: "CUSTOM_SONG" as const,
    };
    const path = "/org/api/v1/generate/record-info";
    sim.admin.setFaults({ rules: [{ action: "vendorCode", code: 455, path }] });
    const error = await refusal(c.fetchTask(ref));
    expect(error).toMatchObject({ kind: "UNAVAILABLE", status: 455 });
    expect(sim.admin.requests().filter((r) => r.path === path)).toHaveLength(3); // retried
    // once it answers again, the same read goes through
    sim.admin.setFaults({ rules: [{ action: "vendorCode", code: 500, path, times: 1 }] });
    const task = await c.fetchTask(ref);
    expect(task.id).toBe(submitted.upstreamTaskId);
  });

  it("a short-lived audioUrl is read with its long-lived sourceAudioUrl beside it", async () => {
    const task = await runToEnd(client(), song);
    const clip = task.clips[0]!;
    expect(clip.audioUrl).toMatch(/\.wav$/);
    expect(clip.sourceAudioUrl).toMatch(/\.wav\?source=1$/);
  });
});
