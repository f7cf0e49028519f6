// The sunoapi-org dialect's fixtures (sunoapi.org / kie.ai / api.box), each parsed into the
// canonical model field by field: record-info in its stages, staged callbacks, lyrics, errors.
import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import {
  NO_CALLBACK_URL,
  parseSunoapiOrgCallback,
  sunoapiOrgWire,
  vendorTime,
} from "@/lib/suno/adapters/sunoapi-org";
import { UpstreamError } from "@/lib/suno/errors";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/upstream", name), "utf8"));
const TASK = "5c79a1e0b2d34f8e9a6b7c8d9e0fbe8e";
const music = { upstreamId: TASK, operation: "CUSTOM_SONG" as const };
const LYRICS = "[Verse]\nLanterns on the water\n[Chorus]\nWe drift, we drift";
const POST = { method: "POST", path: "/api/v1/generate" };

function thrown(fn: () => unknown): UpstreamError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error("expected an UpstreamError");
}

describe("sunoapi-org: submit", () => {
  it("reads the task id", () => {
    expect(sunoapiOrgWire.parseSubmit(fixture("sunoapi-org-submit.json"))).toBe(TASK);
  });

  it("always sends a callback URL: the task's own, or one that can never resolve", () => {
    const song = {
      operation: "CUSTOM_SONG" as const,
      lyrics: "la",
      tags: "pop",
      title: "T",
      model: "chirp-hawk",
    };
    const withHook = sunoapiOrgWire.submitRequest(song, { notifyHook: "https://x.test/h" });
    expect(withHook).toEqual({
      method: "POST",
      path: "/api/v1/generate",
      body: {
        customMode: true,
        instrumental: false,
        model: "V6",
        prompt: "la",
        style: "pop",
        title: "T",
        callBackUrl: "https://x.test/h",
      },
    });
    const polled = sunoapiOrgWire.submitRequest(song, {});
    expect((polled.body as { callBackUrl: string }).callBackUrl).toBe(NO_CALLBACK_URL);
  });

  it("covers and extends an upload: the file, the model, the callback; words when there are new ones", () => {
    const hook = { notifyHook: "https://x.test/h" };
    const common = {
      uploadUrl: "https://files.test/u.wav",
      model: "V6_MINI",
      callBackUrl: hook.notifyHook,
    };
    const cover = (instrumental: boolean) =>
      sunoapiOrgWire.submitRequest(
        {
          operation: "UPLOAD_COVER",
          uploadUrl: common.uploadUrl,
          lyrics: instrumental ? "" : "la la",
          instrumental,
          tags: "bossa",
          title: "T",
          model: "chirp-goose",
        },
        hook,
      );
    expect(cover(false)).toEqual({
      method: "POST",
      path: "/api/v1/generate/upload-cover",
      body: {
        ...common,
        customMode: true,
        instrumental: false,
        prompt: "la la",
        style: "bossa",
        title: "T",
      },
    });
    expect(cover(true).body).toEqual({
      ...common,
      customMode: true,
      instrumental: true,
      style: "bossa",
      title: "T",
    });
    const extend = (words: { lyrics?: string; tags?: string; title?: string }) =>
      sunoapiOrgWire.submitRequest(
        {
          operation: "UPLOAD_EXTEND",
          uploadUrl: common.uploadUrl,
          continueAt: 12,
          model: "chirp-goose",
          ...words,
        },
        hook,
      );
    expect(extend({})).toEqual({
      method: "POST",
      path: "/api/v1/generate/upload-extend",
      body: { ...common, defaultParamFlag: false, continueAt: 12 },
    });
    expect(extend({ tags: "folk", title: "More" }).body).toEqual({
      ...common,
      defaultParamFlag: true,
      continueAt: 12,
      prompt: "",
      style: "folk",
      title: "More",
    });
  });

  it("extends with the source's parameters when nothing new is asked, and refuses a whole song", () => {
    const extend = sunoapiOrgWire.submitRequest(
      { operation: "EXTEND", clipId: "c1", continueAt: 30, model: "chirp-hawk" },
      { notifyHook: "https://x.test/h" },
    );
    expect(extend.path).toBe("/api/v1/generate/extend");
    expect(extend.body).toMatchObject({ audioId: "c1", defaultParamFlag: false, continueAt: 30 });
    const error = thrown(() =>
      sunoapiOrgWire.submitRequest({ operation: "CONCAT", clipId: "c1" }, {}),
    );
    expect(error.kind).toBe("INVALID_REQUEST");
    expect(error.upstreamMessage).toMatch(/whole song/);
    expect(sunoapiOrgWire.supports("CONCAT")).toBe(false);
  });
});

describe("sunoapi-org: record-info, task done, two clips", () => {
  const task = sunoapiOrgWire.parseTask(fixture("sunoapi-org-record-info-success.json"), music);

  it("reads the task", () => {
    expect(task.id).toBe(TASK);
    expect(task.action).toBe("MUSIC");
    expect(task.status).toBe("SUCCEEDED");
    expect(task.upstreamStatus).toBe("SUCCESS");
    expect(task.progress).toBe(100);
    expect(task.failReason).toBeNull();
    expect(task.lyrics).toBeNull();
    // `param` is the request as a JSON string
    expect(task.input).toMatchObject({
      customMode: true,
      instrumental: false,
      model: "V6",
      style: "dream pop, airy vocals",
      title: "Lantern Drift",
      prompt: LYRICS,
    });
    expect(task.metadata).toMatchObject({
      type: "GENERATE",
      errorCode: null,
      vendorRefunded: false,
    });
    expect(task.clips).toHaveLength(2);
  });

  it("reads the first clip field by field", () => {
    const clip = task.clips[0]!;
    expect(clip.id).toBe("8551c0de-1f2e-4a3b-9c4d-5e6f7a8b662c");
    expect(clip.upstreamTaskId).toBe(TASK);
    expect(clip.status).toBe("COMPLETE");
    expect(clip.upstreamStatus).toBeNull();
    expect(clip.title).toBe("Lantern Drift");
    expect(clip.tags).toBe("dream pop, airy vocals");
    expect(clip.lyrics).toBe(LYRICS);
    expect(clip.model).toBe("chirp-hawk");
    expect(clip.duration).toBe(198.44);
    // the vendor's short-lived copy first; Suno's CDN copy is the fallback
    expect(clip.audioUrl).toBe("https://musicfile.example-vendor.net/8551c0de.mp3");
    expect(clip.streamAudioUrl).toBeNull();
    expect(clip.imageUrl).toBe("https://musicfile.example-vendor.net/image/8551c0de.jpeg");
    expect(clip.createdAt?.toISOString()).toBe("2026-12-01T06:02:03.000Z");
    expect(clip.raw).toMatchObject({
      sourceAudioUrl: "https://cdn1.suno.ai/8551c0de-1f2e-4a3b-9c4d-5e6f7a8b662c.mp3",
    });
    expect(task.clips[1]!.duration).toBe(211.2);
  });
});

describe("sunoapi-org: record-info while the first take streams", () => {
  const task = sunoapiOrgWire.parseTask(
    fixture("sunoapi-org-record-info-first-success.json"),
    music,
  );

  it("keeps following the task: one take streaming, the other waiting", () => {
    expect(task.status).toBe("RUNNING");
    expect(task.upstreamStatus).toBe("FIRST_SUCCESS");
    const [first, second] = task.clips;
    expect(first).toMatchObject({
      status: "STREAMING",
      audioUrl: null,
      streamAudioUrl: "https://musicfile.example-vendor.net/stream/8551c0de.mp3",
      duration: null,
    });
    expect(second).toMatchObject({ status: "QUEUED", audioUrl: null, streamAudioUrl: null });
    // createTime as epoch milliseconds
    expect(first!.createdAt?.getTime()).toBe(1764570123456);
  });
});

describe("sunoapi-org: failures", () => {
  it("a failed generation says why, with the vendor's code kept", () => {
    const task = sunoapiOrgWire.parseTask(fixture("sunoapi-org-record-info-failed.json"), {
      upstreamId: "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a",
      operation: "DESCRIPTION_SONG",
    });
    expect(task.status).toBe("FAILED");
    expect(task.failReason).toBe(
      "Audio generation failed, please adjust your prompt and try again",
    );
    expect(task.metadata).toMatchObject({ errorCode: 501, vendorRefunded: false });
    expect(task.clips).toEqual([]);
  });

  it("a refusal under content rules fails the task with the vendor's words", () => {
    const task = sunoapiOrgWire.parseTask(fixture("sunoapi-org-record-info-sensitive.json"), {
      upstreamId: "7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d",
      operation: "DESCRIPTION_SONG",
    });
    expect(task.status).toBe("FAILED");
    expect(task.upstreamStatus).toBe("SENSITIVE_WORD_ERROR");
    expect(task.failReason).toMatch(/artist names or sensitive words/);
  });

  it.each([
    ["sunoapi-org-error-auth-401.json", "BAD_KEY"],
    ["sunoapi-org-error-credits-429.json", "OUT_OF_CREDITS"],
    ["sunoapi-org-error-rate-430.json", "RATE_LIMITED"],
  ])("%s in an HTTP 200 answer is %s", (name, kind) => {
    const body = fixture(name);
    expect(thrown(() => sunoapiOrgWire.parseSubmit(body)).kind).toBe(kind);
    expect(sunoapiOrgWire.errorOf?.(200, body, new Headers(), POST)?.kind).toBe(kind);
  });

  it("429 means credits on this dialect, whatever the HTTP status says", () => {
    const credits = fixture("sunoapi-org-error-credits-429.json");
    const error = sunoapiOrgWire.errorOf?.(429, credits, new Headers(), POST);
    expect(error?.kind).toBe("OUT_OF_CREDITS");
    expect(error?.upstreamMessage).toMatch(/credits are insufficient/);
    // and an HTTP error with the body saying ok is not an error of the body
    const okBody = { code: 200, msg: "ok", data: {} };
    expect(sunoapiOrgWire.errorOf?.(200, okBody, new Headers(), POST)).toBe(null);
  });

  it("404 is an unknown task on a read, and a wrong path or model on a submit", () => {
    const body = { code: 404, msg: "record not found", data: null };
    const read = { method: "GET", path: "/api/v1/generate/record-info?taskId=x" };
    expect(sunoapiOrgWire.errorOf?.(200, body, new Headers(), read)?.kind).toBe("NOT_FOUND");
    expect(sunoapiOrgWire.errorOf?.(200, body, new Headers(), POST)?.kind).toBe("UNSUPPORTED");
  });
});

describe("sunoapi-org: lyrics", () => {
  it("reads both variants and offers the first", () => {
    const task = sunoapiOrgWire.parseTask(fixture("sunoapi-org-lyrics-record-info.json"), {
      upstreamId: "11dc2e3f4a5b6c7d8e9f0a1b2c3d8b0f",
      operation: "LYRICS",
    });
    expect(task.action).toBe("LYRICS");
    expect(task.status).toBe("SUCCEEDED");
    expect(task.lyrics).toMatchObject({
      title: "Last Light",
      text: "[Verse]\nThe lamp turns slow above the sea\n[Chorus]\nOne more night, one more light",
      status: "COMPLETE",
    });
    const raw = task.lyrics!.raw as { variants: { title: string }[] };
    expect(raw.variants.map((v) => v.title)).toEqual(["Last Light", "Keeper"]);
    expect(task.input).toEqual({ prompt: "a lighthouse keeper's last night" });
  });
});

describe("sunoapi-org: staged callbacks", () => {
  it("text: the task runs, no clips yet", () => {
    const task = parseSunoapiOrgCallback(fixture("sunoapi-org-callback-text.json"), "CUSTOM_SONG");
    expect(task).toMatchObject({ id: TASK, status: "RUNNING", upstreamStatus: "text", clips: [] });
  });

  it("FIRST (any case): one take with audio, the task still running", () => {
    const task = parseSunoapiOrgCallback(fixture("sunoapi-org-callback-first.json"), "CUSTOM_SONG");
    expect(task?.status).toBe("RUNNING");
    expect(task?.upstreamStatus).toBe("first");
    expect(task?.clips).toHaveLength(1);
    expect(task?.clips[0]).toMatchObject({
      id: "8551c0de-1f2e-4a3b-9c4d-5e6f7a8b662c",
      status: "COMPLETE",
      audioUrl: "https://musicfile.example-vendor.net/8551c0de.mp3",
      model: "chirp-hawk",
    });
    expect(task?.clips[0]?.createdAt?.getTime()).toBe(1764570144000);
  });

  it("complete: both takes, snake_case fields read", () => {
    const task = parseSunoapiOrgCallback(
      fixture("sunoapi-org-callback-complete.json"),
      "CUSTOM_SONG",
    );
    expect(task?.status).toBe("SUCCEEDED");
    expect(task?.clips.map((c) => c.duration)).toEqual([198.44, 211.2]);
    expect(task?.clips.every((c) => c.status === "COMPLETE")).toBe(true);
  });

  it("error: a failed task with the vendor's words", () => {
    const task = parseSunoapiOrgCallback(fixture("sunoapi-org-callback-error.json"), "CUSTOM_SONG");
    expect(task).toMatchObject({
      id: "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a",
      status: "FAILED",
      failReason: "Audio generation failed",
      metadata: { errorCode: 501, vendorRefunded: false },
    });
  });

  it("code 531 is a failure the vendor refunded", () => {
    const task = parseSunoapiOrgCallback(
      { code: 531, msg: "Generation failed, credits refunded", data: null },
      "CUSTOM_SONG",
    );
    expect(task?.status).toBe("FAILED");
    expect(task?.metadata).toMatchObject({ errorCode: 531, vendorRefunded: true });
  });
});

describe("sunoapi-org: times", () => {
  it.each([
    ["2026-12-01 06:02:03", "2026-12-01T06:02:03.000Z"],
    [1764570123456, "2025-12-01T06:22:03.456Z"],
    ["1764570123456", "2025-12-01T06:22:03.456Z"],
    ["2026-12-01T06:02:03+01:00", "2026-12-01T05:02:03.000Z"],
  ])("%j is %s", (value, iso) => {
    expect(vendorTime(value)?.toISOString()).toBe(iso);
  });
  it.each([[null], [""], [0], ["yesterday"]])("%j is no time", (value) => {
    expect(vendorTime(value)).toBeNull();
  });
});
