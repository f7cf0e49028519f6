// Both adapters, every operation, against the simulator over real HTTP; then the client's
// behaviour under failure: key rotation and cool-down, failover, no re-sent submits,
// timeouts, retried fetches.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { createSunoClient, type ProviderConfig } from "@/lib/suno/client";
import { UpstreamError } from "@/lib/suno/errors";
import { keyFingerprint } from "@/lib/suno/keys";
import type { Dialect, GenerationRequest, UpstreamTask } from "@/lib/suno/types";

import { findFreePort } from "../../scripts/lib/embedded-postgres";
import { startSimulator, type Simulator } from "../../simulator/server";

const KEY = "sk-sim-good";
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY, "sk-sim-second"], stepMs: 15, clipSeconds: 4 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.admin.reset());

const provider = (dialect: Dialect, overrides: Partial<ProviderConfig> = {}): ProviderConfig => ({
  name: "primary",
  dialect,
  baseUrl: sim.url,
  keys: [KEY],
  timeoutMs: 5_000,
  ...overrides,
});
const noSleep = async () => {};

async function runToEnd(
  client: ReturnType<typeof createSunoClient>,
  request: GenerationRequest,
): Promise<UpstreamTask> {
  const submitted = await client.submit(request);
  const ref = {
    provider: submitted.provider,
    keyFingerprint: submitted.keyFingerprint,
    upstreamId: submitted.upstreamTaskId,
    operation: request.operation,
    model: "model" in request ? request.model : null,
  };
  for (let i = 0; i < 200; i++) {
    const task = await client.fetchTask(ref);
    if (task.status === "SUCCEEDED" || task.status === "FAILED") return task;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error("task never finished");
}

const submits = () =>
  sim.admin
    .requests()
    .filter(
      (r) => r.method === "POST" && !r.path.startsWith("/__admin") && r.path !== "/suno/fetch",
    );

describe.each(["relay", "sunoapi"] as const)("the %s adapter against the simulator", (dialect) => {
  const client = () => createSunoClient([provider(dialect)], { sleep: noSleep });

  it("makes a song from lyrics: two complete clips with real media and what was asked", async () => {
    const task = await runToEnd(client(), {
      operation: "CUSTOM_SONG",
      lyrics: "[Verse]\nHarbour lights are low",
      tags: "indie folk",
      title: "Harbour Lights",
      model: "chirp-hawk",
    });
    expect(task.status).toBe("SUCCEEDED");
    expect(task.clips).toHaveLength(2);
    for (const clip of task.clips) {
      expect(clip).toMatchObject({
        status: "COMPLETE",
        title: "Harbour Lights",
        tags: "indie folk",
        lyrics: "[Verse]\nHarbour lights are low",
        streamAudioUrl: null,
      });
      expect(clip.duration).toBeGreaterThan(0);
      const audio = await fetch(clip.audioUrl!);
      expect(audio.headers.get("content-type")).toMatch(/^audio\//);
      expect((await audio.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      expect((await fetch(clip.imageUrl!)).headers.get("content-type")).toBe("image/png");
    }
    expect(new Set(task.clips.map((c) => c.id)).size).toBe(2);
  });

  it("makes an instrumental and songs from a description, with and without vocals", async () => {
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
        model: "chirp-hawk",
      });
      expect(described.status).toBe("SUCCEEDED");
      expect(described.clips).toHaveLength(2);
      expect(described.clips[0]!.description).toBe("a calm song about the sea");
    }
  });

  it("extends a clip from a time, then makes the whole song", async () => {
    const song = await runToEnd(client(), {
      operation: "CUSTOM_SONG",
      lyrics: "[Verse]\nOne",
      tags: "rock",
      title: "Chain",
      model: "chirp-hawk",
    });
    const parent = song.clips[0]!;
    const extended = await runToEnd(client(), {
      operation: "EXTEND",
      clipId: parent.id,
      continueAt: 2,
      taskId: song.id,
      lyrics: "[Verse 2]\nTwo",
      tags: "rock",
      title: "Chain (ext)",
      model: "chirp-hawk",
    });
    const child = extended.clips[0]!;
    expect(child).toMatchObject({ continueClipId: parent.id, continueAt: 2, clipType: "extend" });
    const whole = await runToEnd(client(), { operation: "CONCAT", clipId: child.id });
    expect(whole.clips).toHaveLength(1);
    expect(whole.clips[0]!.clipType).toBe("concat");
    // the whole song is the parent up to the continuation point, then the extension
    expect(whole.clips[0]!.duration).toBeCloseTo(child.continueAt! + child.duration!, 1);
  });

  it("writes lyrics from a prompt, in sections", async () => {
    const task = await runToEnd(client(), {
      operation: "LYRICS",
      prompt: "a lighthouse keeper's last night",
    });
    expect(task.action).toBe("LYRICS");
    expect(task.lyrics?.text).toMatch(/\[Verse\][\s\S]*\[Chorus\]/);
    expect(task.lyrics?.title).toBeTruthy();
  });

  it("fetches many tasks at once and leaves out ones it does not know", async () => {
    const c = client();
    const a = await c.submit({
      operation: "INSTRUMENTAL",
      tags: "ambient",
      title: "A",
      model: "chirp-hawk",
    });
    const b = await c.submit({
      operation: "INSTRUMENTAL",
      tags: "ambient",
      title: "B",
      model: "chirp-hawk",
    });
    sim.admin.reset(); // upstream forgets a and b: they are now unknown ids
    const x = await c.submit({
      operation: "INSTRUMENTAL",
      tags: "ambient",
      title: "X",
      model: "chirp-hawk",
    });
    const y = await c.submit({
      operation: "INSTRUMENTAL",
      tags: "ambient",
      title: "Y",
      model: "chirp-hawk",
    });
    const before = sim.admin.requests().length;
    const tasks = await c.fetchTasks({
      provider: "primary",
      keyFingerprint: x.keyFingerprint,
      targets: [x, y, a, b].map((t) => ({
        upstreamId: t.upstreamTaskId,
        operation: "INSTRUMENTAL" as const,
      })),
    });
    expect(tasks.map((t) => t.id).sort()).toEqual([x.upstreamTaskId, y.upstreamTaskId].sort());
    const requests = sim.admin.requests().slice(before);
    if (dialect === "relay")
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /suno/fetch"]);
    else expect(requests).toHaveLength(4); // bounded parallel single fetches
  });

  it("reports a moderation refusal as a failed task with the reason", async () => {
    const task = await runToEnd(client(), {
      operation: "DESCRIPTION_SONG",
      description: "a song like Taylor Swift",
      instrumental: false,
      model: "chirp-goose",
    });
    expect(task.status).toBe("FAILED");
    expect(task.failReason).toMatch(/taylor swift/i);
    expect(task.clips[0]).toMatchObject({
      status: "ERROR",
      errorType: "moderation_failure",
      audioUrl: null,
    });
  });
});

describe("uploads", () => {
  it("go through a relay", async () => {
    const client = createSunoClient([provider("relay")]);
    const task = await runToEnd(client, {
      operation: "UPLOAD_AUDIO",
      url: "https://example.com/song.mp3",
    });
    expect(task.clips).toHaveLength(1);
    expect(task.clips[0]!.clipType).toBe("upload");
  });

  it("are refused by a sunoapi-only setup without calling it, and go to a relay fallback", async () => {
    const only = createSunoClient([provider("sunoapi")]);
    await expect(
      only.submit({ operation: "UPLOAD_AUDIO", url: "https://example.com/a.mp3" }),
    ).rejects.toMatchObject({
      kind: "INVALID_REQUEST",
      upstreamMessage: expect.stringContaining("upload"),
    });
    expect(submits()).toHaveLength(0);
    const withFallback = createSunoClient([
      provider("sunoapi"),
      provider("relay", { name: "fallback" }),
    ]);
    expect(
      (await withFallback.submit({ operation: "UPLOAD_AUDIO", url: "https://example.com/a.mp3" }))
        .provider,
    ).toBe("fallback");
  });
});

describe("keys", () => {
  it("rotate round-robin, and a refused key rests while the next one is used", async () => {
    const client = createSunoClient([
      provider("relay", { keys: ["sk-revoked", KEY, "sk-sim-second"] }),
    ]);
    const first = await client.submit({ operation: "LYRICS", prompt: "one" });
    expect(first.keyFingerprint).toBe(keyFingerprint(KEY)); // sk-revoked got 401, then KEY
    const second = await client.submit({ operation: "LYRICS", prompt: "two" });
    expect(second.keyFingerprint).toBe(keyFingerprint("sk-sim-second"));
    const third = await client.submit({ operation: "LYRICS", prompt: "three" });
    expect(third.keyFingerprint).toBe(keyFingerprint(KEY)); // the revoked key is resting: skipped
    expect(sim.admin.requests().filter((r) => r.status === 401)).toHaveLength(1);
  });

  it("a rate-limited key rests for its Retry-After and the request goes to another key", async () => {
    sim.admin.setFaults({
      rules: [
        { path: "/suno/submit/lyrics", action: "rateLimit", times: 1, retryAfterSeconds: 120 },
      ],
    });
    const client = createSunoClient([provider("relay", { keys: [KEY, "sk-sim-second"] })]);
    const result = await client.submit({ operation: "LYRICS", prompt: "busy" });
    expect(result.keyFingerprint).toBe(keyFingerprint("sk-sim-second"));
    expect((await client.submit({ operation: "LYRICS", prompt: "again" })).keyFingerprint).toBe(
      keyFingerprint("sk-sim-second"),
    );
  });

  it("when every key is refused, says so with the right kind, and keeps saying what happened", async () => {
    const client = createSunoClient([provider("relay", { keys: ["sk-bad-1", "sk-bad-2"] })]);
    await expect(client.submit({ operation: "LYRICS", prompt: "x" })).rejects.toMatchObject({
      kind: "BAD_KEY",
      retryable: false,
    });
    // every key rests now; the answer says why, not "busy"
    const resting = await client.submit({ operation: "LYRICS", prompt: "x" }).catch((e) => e);
    expect(resting).toMatchObject({ kind: "BAD_KEY", allKeysResting: true, notProcessed: true });
    expect(resting.userMessage).not.toContain(new UpstreamError("RATE_LIMITED").userMessage);
  });

  it("a task is fetched through the key it was submitted with", async () => {
    const client = createSunoClient([provider("relay", { keys: [KEY, "sk-sim-second"] })]);
    const submitted = await client.submit({ operation: "LYRICS", prompt: "mine" });
    await expect(
      client.fetchTask({
        provider: "primary",
        keyFingerprint: "k_000000000000",
        upstreamId: submitted.upstreamTaskId,
        operation: "LYRICS",
      }),
    ).rejects.toMatchObject({ kind: "UNAVAILABLE" });
    const task = await client.fetchTask({
      provider: "primary",
      keyFingerprint: submitted.keyFingerprint,
      upstreamId: submitted.upstreamTaskId,
      operation: "LYRICS",
    });
    expect(task.id).toBe(submitted.upstreamTaskId);
  });
});

describe("failover and re-sending", () => {
  it("fails over when the primary refuses connections", async () => {
    const dead = `http://127.0.0.1:${await findFreePort()}`;
    const client = createSunoClient([
      provider("relay", { baseUrl: dead }),
      provider("sunoapi", { name: "fallback" }),
    ]);
    const result = await client.submit({
      operation: "INSTRUMENTAL",
      tags: "ambient",
      title: "Elsewhere",
      model: "chirp-hawk",
    });
    expect(result).toMatchObject({ provider: "fallback", dialect: "sunoapi" });
  });

  it("does not re-send after a plain 500, but fails over on a gateway's 503", async () => {
    sim.admin.setFaults({ rules: [{ path: "/suno/submit/music", action: "error500", times: 1 }] });
    // the simulator's error500 is a plain 500: an unknown outcome, so no failover and no re-send
    const client = createSunoClient([provider("relay"), provider("sunoapi", { name: "fallback" })]);
    await expect(
      client.submit({ operation: "INSTRUMENTAL", tags: "a", title: "b", model: "chirp-hawk" }),
    ).rejects.toMatchObject({ kind: "UNAVAILABLE", notProcessed: false });
    expect(submits()).toHaveLength(1);

    // a real 503 from a gateway in front of the primary
    const gateway = createServer((_req, res) => {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ code: "get_channel_failed", message: "no available channel" }));
    });
    await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
    const gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    try {
      const viaGateway = createSunoClient([
        provider("relay", { baseUrl: gatewayUrl }),
        provider("sunoapi", { name: "fallback" }),
      ]);
      expect(
        (
          await viaGateway.submit({
            operation: "INSTRUMENTAL",
            tags: "a",
            title: "b",
            model: "chirp-hawk",
          })
        ).provider,
      ).toBe("fallback");
    } finally {
      gateway.close();
    }
  });

  it("never re-sends a generation request after a timeout", async () => {
    // only the first request hangs: any re-send, to another key or the fallback, would succeed
    sim.admin.setFaults({ rules: [{ path: "/suno/submit/music", action: "hang", times: 1 }] });
    const client = createSunoClient([
      provider("relay", { timeoutMs: 300, keys: [KEY, "sk-sim-second"] }),
      provider("sunoapi", { name: "fallback" }),
    ]);
    await expect(
      client.submit({ operation: "INSTRUMENTAL", tags: "a", title: "b", model: "chirp-hawk" }),
    ).rejects.toMatchObject({ kind: "TIMEOUT", retryable: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.admin.state().tasks).toHaveLength(0);
    expect(submits()).toEqual([
      expect.objectContaining({ path: "/suno/submit/music", fault: "hang" }),
    ]);
  });

  it("retries fetches with backoff, and gives up with a typed error", async () => {
    const slept: number[] = [];
    const client = createSunoClient([provider("relay")], {
      sleep: async (ms) => void slept.push(ms),
    });
    const submitted = await client.submit({ operation: "LYRICS", prompt: "retry me" });
    const ref = {
      provider: "primary",
      keyFingerprint: submitted.keyFingerprint,
      upstreamId: submitted.upstreamTaskId,
      operation: "LYRICS" as const,
    };

    sim.admin.setFaults({ rules: [{ path: "/suno/fetch/", action: "error500", times: 2 }] });
    expect((await client.fetchTask(ref)).id).toBe(submitted.upstreamTaskId);
    expect(slept).toHaveLength(2);

    sim.admin.setFaults({ rules: [{ path: "/suno/fetch/", action: "malformed", times: 3 }] });
    await expect(client.fetchTask(ref)).rejects.toMatchObject({ kind: "MALFORMED" });

    sim.admin.setFaults({
      rules: [{ path: "/suno/fetch/", action: "rateLimit", times: 1, retryAfterSeconds: 2 }],
    });
    slept.length = 0;
    await client.fetchTask(ref);
    expect(slept).toEqual([2000]); // Retry-After honoured
  });

  it("maps invalid requests with the upstream's words", async () => {
    // an operator raised a limit the vendor did not: the vendor's refusal, in its words
    const client = createSunoClient([
      provider("sunoapi", { models: [{ id: "chirp-hawk", limits: { description: 500 } }] }),
    ]);
    const error = await client
      .submit({
        operation: "DESCRIPTION_SONG",
        description: "x".repeat(250),
        instrumental: false,
        model: "chirp-hawk",
      })
      .catch((e) => e);
    expect(error).toMatchObject({ kind: "INVALID_REQUEST", status: 400 });
    expect(error.userMessage).toMatch(
      /^The music service could not accept this request\. It said: “.+”$/,
    );
  });
});
