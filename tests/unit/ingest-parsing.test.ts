// Reading what providers send, without a database: status by media, duplicate ids, lineage
// from history, model names, file signatures, secrets and line breaks.
import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { sniff } from "@/lib/media/sniff";
import { catalogueModel, DEFAULT_MODEL, sunoapiVersion } from "@/lib/suno/catalogue";
import { classifyHttpError } from "@/lib/suno/classify";
import { normalizeClips } from "@/lib/suno/normalize";
import { cleanUpstream, redactText, registerSecrets } from "@/lib/suno/redact";
import { limitsOf, songSchema } from "@/lib/tasks/requests";

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, "../fixtures/upstream", name), "utf8"));

describe("clip status", () => {
  it("a clip without a status word is finished by a final audio link, streaming by a stream link", () => {
    const [done, streaming, nothing] = normalizeClips([
      { id: "a", audio_url: "https://cdn.example/a.mp3" },
      { id: "b", audio_url: "https://audiopipe.example/?item_id=b" },
      { id: "c", audio_url: "" },
    ]);
    expect(done).toMatchObject({ status: "COMPLETE", audioUrl: "https://cdn.example/a.mp3" });
    expect(streaming).toMatchObject({ status: "STREAMING", audioUrl: null });
    expect(nothing).toMatchObject({ status: "SUBMITTED" });
  });

  it("a status word Chorus does not know is decided the same way; a known one still wins", () => {
    const [unknown, known] = normalizeClips([
      { id: "a", status: "finished_ok", audio_url: "https://cdn.example/a.mp3" },
      { id: "b", status: "streaming", audio_url: "https://cdn.example/stream/b" },
    ]);
    expect(unknown!.status).toBe("COMPLETE");
    expect(known!.status).toBe("STREAMING");
  });

  it("the same id twice is one clip: the furthest along, filled from the other copy", () => {
    const clips = normalizeClips([
      { id: "a", status: "streaming", title: "First", audio_url: "https://x.example/stream/a" },
      { id: "a", status: "complete", title: "", audio_url: "https://x.example/a.mp3" },
    ]);
    expect(clips).toHaveLength(1);
    expect(clips[0]).toMatchObject({ status: "COMPLETE", title: "First" });
  });

  it("an extension's parent is read from metadata.history when nothing else names it", () => {
    const [clip] = normalizeClips([
      {
        id: "child",
        status: "complete",
        metadata: {
          type: "extend",
          history: [
            { id: "root", continue_at: 20, type: "gen" },
            { id: "parent", continue_at: 12.5, type: "extend" },
          ],
        },
      },
    ]);
    expect(clip).toMatchObject({ continueClipId: "parent", continueAt: 12.5 });
  });

  it("the seed's completed sunoapi clips still read as before", () => {
    const body = fixture("sunoapi-v2-clip-completed.json");
    const clips = normalizeClips(body.data.clips);
    expect(clips.length).toBeGreaterThan(0);
    expect(clips.every((c) => c.status === "COMPLETE" && c.audioUrl)).toBe(true);
  });
});

describe("model names", () => {
  it.each([
    ["chirp-auk-turbo", "chirp-auk"],
    ["chirp-v3-5-tau", "chirp-v3-5"],
    ["chirp-v3", "chirp-v3-0"],
    ["chirp-crow", "chirp-crow"],
    ["CHIRP-BLUEJAY", "chirp-bluejay"],
    ["chirp-something-new", DEFAULT_MODEL],
    ["", DEFAULT_MODEL],
    [null, DEFAULT_MODEL],
  ])("%j maps to %s", (name, model) => {
    expect(catalogueModel(name)).toBe(model);
    expect(limitsOf(catalogueModel(name)).lyrics).toBeGreaterThan(0);
  });

  it("sunoapi path segments come from the catalogue", () => {
    expect(sunoapiVersion("chirp-v3-5")).toBe("v3.5");
    expect(sunoapiVersion("chirp-auk-turbo")).toBe("v4.5");
  });
});

describe("refusals", () => {
  it.each([
    [400, { code: "invalid_request", message: "verse count insufficient" }, "INVALID_REQUEST"],
    [400, { code: 400, message: "credit the lyricist in the title" }, "INVALID_REQUEST"],
    [403, { code: "quota_not_enough", message: "quota not enough" }, "OUT_OF_CREDITS"],
    [400, { code: "insufficient_user_quota", message: "x" }, "OUT_OF_CREDITS"],
    [402, { code: 402, message: "Payment Required" }, "OUT_OF_CREDITS"],
  ])("HTTP %i %j is %s", (status, body, kind) => {
    expect(classifyHttpError(status, body, new Headers()).kind).toBe(kind);
  });
});

describe("file signatures", () => {
  const bytes = (...values: (number | string)[]) =>
    Uint8Array.from(
      values.flatMap((v) => (typeof v === "string" ? [...v].map((c) => c.charCodeAt(0)) : [v])),
    );
  it.each([
    [bytes("RIFF", 0, 0, 0, 0, "WAVE"), "audio/wav"],
    [bytes("ID3", 4, 0), "audio/mpeg"],
    [bytes(0xff, 0xfb, 0x90), "audio/mpeg"],
    [bytes("fLaC"), "audio/flac"],
    [bytes("OggS"), "audio/ogg"],
    [bytes(0, 0, 0, 0x20, "ftypM4A "), "audio/mp4"],
    [bytes(0, 0, 0, 0x20, "ftypisom"), "video/mp4"],
    [bytes(0x89, "PNG", 0x0d, 0x0a), "image/png"],
    [bytes(0xff, 0xd8, 0xff, 0xe0), "image/jpeg"],
    [bytes("RIFF", 0, 0, 0, 0, "WEBP"), "image/webp"],
    [bytes(0x1a, 0x45, 0xdf, 0xa3), "video/webm"],
  ])("%#: %s", (head, type) => {
    expect(sniff(head)?.contentType).toBe(type);
  });
  it("HTML and text are nothing", () => {
    expect(sniff(bytes("<!doctype html>"))).toBeNull();
    expect(sniff(bytes("{}"))).toBeNull();
  });
});

describe("upstream text", () => {
  it("configured keys and bearer or sk- tokens are redacted, NUL and lone surrogates dropped", () => {
    registerSecrets(["plainkey-4711"]);
    const text = redactText("key plainkey-4711, Bearer abc.def, sk-live_ABCD1234 a\u0000b \ud800x");
    expect(text).not.toMatch(/plainkey-4711|abc\.def|sk-live|\u0000|\ud800/);
    expect(text).toContain("ab");
    const deep = cleanUpstream({ "k\u0000": ["Bearer zzz", { n: 1, s: "sk-abcdefgh" }] });
    expect(JSON.stringify(deep)).not.toMatch(/zzz|sk-abcdefgh|\\u0000/);
    expect(deep).toHaveProperty("k");
  });

  it("line breaks count as one character, CRLF or not", () => {
    const limit = limitsOf("chirp-hawk").lyrics;
    const lines = Array.from({ length: limit / 3 }, () => "la").join("\r\n"); // 3 per line as CRLF
    expect(lines.length).toBeGreaterThan(limit);
    const parsed = songSchema.parse({
      operation: "CUSTOM_SONG",
      lyrics: lines,
      tags: "folk",
      title: "Counting",
      model: "chirp-hawk",
    });
    expect(parsed.lyrics).not.toContain("\r");
    expect(parsed.lyrics.length).toBeLessThanOrEqual(limit);
  });
});
