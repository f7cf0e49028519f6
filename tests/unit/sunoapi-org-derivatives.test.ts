// The sunoapi-org derivative answers as the vendors document them (README "Derivatives"),
// in every shape they allow: camelCase record-info and snake_case callbacks, kie's
// `audio_wav_url`, stems absent or null, `successFlag` as words or cover art's numbers, the
// record's own fields (`callbackUrl`) never read as results, and song-shaped bodies.
import { describe, expect, it } from "vitest";

import { relayWire } from "@/lib/suno/adapters/relay";
import { sunoapiWire } from "@/lib/suno/adapters/sunoapi";
import { parseSunoapiOrgCallback, sunoapiOrgWire } from "@/lib/suno/adapters/sunoapi-org";
import { DERIVATIVE_OPERATIONS, type DerivativeOperation } from "@/lib/suno/types";

const record = (operation: DerivativeOperation, data: Record<string, unknown>) =>
  sunoapiOrgWire.parseTask({ code: 200, msg: "success", data }, { upstreamId: "t1", operation });

describe("derivative record-info", () => {
  it("a WAV: pending, then its file (camelCase or kie's snake_case)", () => {
    const pending = record("WAV", {
      taskId: "t1",
      callbackUrl: "https://chorus.example/api/webhooks/suno?task=x",
      response: null,
      successFlag: "PENDING",
    });
    expect(pending).toMatchObject({ status: "QUEUED", assets: [], clips: [] });
    for (const response of [
      { audioWavUrl: "https://x/a.wav" },
      { audio_wav_url: "https://x/a.wav" },
    ])
      expect(record("WAV", { taskId: "t1", response, successFlag: "SUCCESS" })).toMatchObject({
        status: "SUCCEEDED",
        assets: [{ kind: "wav", url: "https://x/a.wav" }],
      });
  });

  it("stems: only those produced, named, the original left out", () => {
    const task = record("STEMS", {
      taskId: "t1",
      successFlag: "SUCCESS",
      callbackUrl: "https://chorus.example/hook",
      response: {
        originUrl: "https://x/origin.mp3",
        vocalUrl: "https://x/v.mp3",
        backingVocalsUrl: "https://x/bv.mp3",
        drumsUrl: "https://x/d.mp3",
        bassUrl: null,
        guitarUrl: "",
      },
    });
    expect(task.assets!.map((a) => a.kind)).toEqual([
      "stem:vocals",
      "stem:backing-vocals",
      "stem:drums",
    ]);
  });

  it("failures and CALLBACK_EXCEPTION", () => {
    expect(
      record("VIDEO", { successFlag: "GENERATE_MP4_FAILED", errorMessage: "no frames" }),
    ).toMatchObject({ status: "FAILED", failReason: "no frames", assets: [] });
    expect(
      record("VIDEO", { successFlag: "CALLBACK_EXCEPTION", response: { videoUrl: "https://x/v" } }),
    ).toMatchObject({ status: "SUCCEEDED" });
    expect(record("VIDEO", { successFlag: "CALLBACK_EXCEPTION", response: null }).status).toBe(
      "FAILED",
    );
  });

  it("cover art counts its successFlag in numbers: 0 pending, 2 generating, 1 done, 3 failed", () => {
    expect(record("COVER_ART", { successFlag: 0 }).status).toBe("QUEUED");
    expect(record("COVER_ART", { successFlag: 2 }).status).toBe("RUNNING");
    expect(record("COVER_ART", { successFlag: 3 }).status).toBe("FAILED");
    expect(
      record("COVER_ART", {
        successFlag: 1,
        response: { images: ["https://x/1.png", "https://x/2.png"] },
      }),
    ).toMatchObject({
      status: "SUCCEEDED",
      assets: [
        { kind: "cover:1", url: "https://x/1.png" },
        { kind: "cover:2", url: "https://x/2.png" },
      ],
    });
  });

  it("is asked for on each derivative's own path", () => {
    expect(sunoapiOrgWire.fetchRequest({ upstreamId: "a b", operation: "STEMS" }).path).toBe(
      "/api/v1/vocal-removal/record-info?taskId=a%20b",
    );
    expect(sunoapiOrgWire.fetchRequest({ upstreamId: "t", operation: "WAV" }).path).toBe(
      "/api/v1/wav/record-info?taskId=t",
    );
  });
});

describe("derivative callbacks", () => {
  it("each in its own shape; a failure by its code", () => {
    expect(
      parseSunoapiOrgCallback(
        { code: 200, msg: "ok", data: { task_id: "t1", audioWavUrl: "https://x/a.wav" } },
        "WAV",
      ),
    ).toMatchObject({ id: "t1", status: "SUCCEEDED", assets: [{ kind: "wav" }] });
    expect(
      parseSunoapiOrgCallback(
        {
          code: 200,
          msg: "ok",
          data: {
            task_id: "t1",
            vocal_removal_info: {
              origin_url: "https://x/o",
              vocal_url: "https://x/v",
              instrumental_url: "https://x/i",
            },
          },
        },
        "STEMS",
      )?.assets?.map((a) => a.kind),
    ).toEqual(["stem:vocals", "stem:instrumental"]);
    expect(
      parseSunoapiOrgCallback({ code: 531, msg: "refunded", data: { task_id: "t1" } }, "VIDEO"),
    ).toMatchObject({
      status: "FAILED",
      failReason: "refunded",
      metadata: { vendorRefunded: true },
    });
  });

  it("a song-shaped body for a stems task carries nothing, and no clip", () => {
    const task = parseSunoapiOrgCallback(
      {
        code: 200,
        msg: "All generated successfully.",
        data: {
          callbackType: "complete",
          task_id: "t1",
          data: [{ id: "c", audio_url: "https://x/c" }],
        },
      },
      "STEMS",
    );
    expect(task).toMatchObject({ status: "RUNNING", assets: [], clips: [] });
  });
});

describe("which wire offers the derivatives", () => {
  it("sunoapi-org offers each; relay and sunoapi none", () => {
    for (const operation of DERIVATIVE_OPERATIONS) {
      expect(sunoapiOrgWire.supports(operation)).toBe(true);
      expect(relayWire.supports(operation)).toBe(false);
      expect(sunoapiWire.supports(operation)).toBe(false);
    }
  });

  it("synced lyrics are answered at once; an instrumental's empty answer is a failure", () => {
    expect(sunoapiOrgWire.synchronous?.("TIMED_LYRICS")).toBe(true);
    expect(sunoapiOrgWire.synchronous?.("WAV")).toBe(false);
    const empty = sunoapiOrgWire.parseSynchronous!(
      { code: 200, msg: "success", data: { alignedWords: [], waveformData: [] } },
      "sync-1",
    );
    expect(empty).toMatchObject({ status: "FAILED", assets: [] });
    const sung = sunoapiOrgWire.parseSynchronous!(
      {
        code: 200,
        msg: "success",
        data: {
          alignedWords: [
            { word: "low\n", success: true, startS: 1.2, endS: 1.5, palign: 0 },
            { word: "Harbour ", success: true, startS: 0.2, endS: 0.5, palign: 0 },
            { word: "lost ", success: false, startS: 0.6, endS: 0.7, palign: 0 },
          ],
        },
      },
      "sync-1",
    );
    expect(sung.assets![0]!.data).toMatchObject({
      words: [
        { word: "Harbour ", startS: 0.2 },
        { word: "low\n", startS: 1.2 },
      ],
    });
  });
});

describe("a clip's covers", () => {
  it("Suno's own copy of the cover is the large one, when it is another file", async () => {
    const { sunoapiOrgClip } = await import("@/lib/suno/adapters/sunoapi-org");
    const clip = sunoapiOrgClip(
      { id: "c", imageUrl: "https://vendor/c.png", sourceImageUrl: "https://cdn1.suno.ai/c.png" },
      "t",
    );
    expect(clip).toMatchObject({
      imageUrl: "https://vendor/c.png",
      imageLargeUrl: "https://cdn1.suno.ai/c.png",
    });
    const only = sunoapiOrgClip({ id: "c", sourceImageUrl: "https://cdn1.suno.ai/c.png" }, "t");
    expect(only).toMatchObject({ imageUrl: "https://cdn1.suno.ai/c.png", imageLargeUrl: null });
  });
});
