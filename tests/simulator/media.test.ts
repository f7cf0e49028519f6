// Media: real WAVs whose header duration matches the API, determinism, PNG covers, ranges.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { Simulator } from "../../simulator/server.ts";
import { bytes, get, pngInfo, post, relaySong, start, wavInfo, type Json } from "./helpers.ts";

let sim: Simulator;
beforeAll(async () => {
  sim = await start({ clipSeconds: 4 });
});
afterAll(() => sim.stop());

const song = (prompt: string, extra: Json = {}) =>
  relaySong(sim, { prompt, tags: "indie pop", title: "Test", ...extra });
const audioOf = async (clip: Json) => (await bytes(clip.audio_url as string)).data;

describe("audio", () => {
  it("serves a 16-bit mono PCM WAV whose header duration equals the reported duration", async () => {
    const task = await song("[Verse]\nLanterns on the water");
    for (const clip of task.data as Json[]) {
      const response = await bytes(clip.audio_url as string);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("audio/wav");
      expect(Number(response.headers.get("content-length"))).toBe(response.data.length);
      expect(response.headers.get("accept-ranges")).toBe("bytes");
      const info = wavInfo(response.data);
      expect(info).toMatchObject({ audioFormat: 1, channels: 1, bits: 16, sampleRate: 22050 });
      expect(info.riffSize).toBe(response.data.length - 8);
      expect(Math.abs(info.duration - (clip.duration as number))).toBeLessThan(0.05);
      // real audio: not silence
      let peak = 0;
      for (let i = 44; i < response.data.length; i += 2)
        peak = Math.max(peak, Math.abs(response.data.readInt16LE(i)));
      expect(peak).toBeGreaterThan(10_000);
    }
    // the two takes are different songs
    const [a, b] = task.data as [Json, Json];
    expect((await audioOf(a)).equals(await audioOf(b))).toBe(false);
  });

  it("is deterministic in the request and differs between prompts and modes", async () => {
    const first = await song("[Verse]\nSame words every time");
    const second = await song("[Verse]\nSame words every time");
    const other = await song("[Verse]\nCompletely different words");
    const instrumental = await relaySong(sim, {
      make_instrumental: true,
      tags: "indie pop",
      title: "Test",
    });
    const [a1, a2] = [await audioOf(first.data[0]), await audioOf(first.data[1])];
    expect(a1.equals(await audioOf(second.data[0]))).toBe(true);
    expect(a2.equals(await audioOf(second.data[1]))).toBe(true);
    expect(first.data[0].duration).toBe(second.data[0].duration);
    expect(a1.equals(await audioOf(other.data[0]))).toBe(false);
    expect(a1.equals(await audioOf(instrumental.data[0]))).toBe(false);
    const sunoapiTask = await post(sim, "/api/v2/suno/v6/custom/create-lyrics-song", {
      prompt: "[Verse]\nSame words every time",
      tags: "indie pop",
      title: "Test",
    });
    sim.admin.complete(sunoapiTask.body.data.task_id as string);
    const clips = Object.values(
      (await get(sim, `/api/v2/suno/v6/clip/${sunoapiTask.body.data.task_id}`)).body.data
        .clips as Json,
    ) as Json[];
    expect((await audioOf(clips[0]!)).equals(a1)).toBe(true); // same request, either dialect
  });

  it("serves audio on the stream URL while streaming, nothing before, and no auth is needed", async () => {
    const held = await start({ faults: { neverFinish: true } });
    try {
      const id = (await post(held, "/suno/submit/music", { prompt: "stream me" })).body
        .data as string;
      held.admin.advance(20 * 10);
      const task = (await get(held, `/suno/fetch/${id}`)).body.data as Json;
      expect(task.status).toBe("IN_PROGRESS");
      const streaming = task.data[0] as Json;
      expect(streaming).toMatchObject({ status: "streaming", duration: null, state: "running" });
      const response = await bytes(streaming.audio_url as string);
      expect(response.status).toBe(200);
      expect(wavInfo(response.data).duration).toBeGreaterThan(1);
      expect((await bytes(`${held.url}/media/${streaming.id}.wav`)).status).toBe(200);
      expect((await bytes(`${held.url}/media/not-a-clip.wav`)).status).toBe(404);
      expect((await bytes(`${held.url}/media/None.mp3`)).status).toBe(404);
    } finally {
      await held.stop();
    }
    const fresh = await start({ stepMs: 10_000 });
    try {
      const id = (await post(fresh, "/suno/submit/music", { prompt: "not yet" })).body
        .data as string;
      fresh.admin.advance(10_000); // clips submitted: no media yet
      const clip = (await get(fresh, `/suno/fetch/${id}`)).body.data.data[0] as Json;
      expect(clip.status).toBe("submitted");
      expect((await bytes(`${fresh.url}/media/${clip.id}.wav`)).status).toBe(404);
      expect((await bytes(`${fresh.url}/media/${clip.id}.png`)).status).toBe(404);
    } finally {
      await fresh.stop();
    }
  });
});

describe("public URL", () => {
  it("builds media links on the configured base", async () => {
    const behindProxy = await start({ publicUrl: "https://media.example.test/sim/" });
    try {
      const task = await relaySong(behindProxy, { prompt: "elsewhere" });
      const clip = task.data[0] as Json;
      expect(clip.audio_url).toBe(`https://media.example.test/sim/media/${clip.id}.wav`);
      expect(clip.image_large_url).toBe(
        `https://media.example.test/sim/media/${clip.id}-large.png`,
      );
    } finally {
      await behindProxy.stop();
    }
  });
});

describe("covers", () => {
  it("serves valid PNGs, 256 and 1024 pixels, deterministic per request", async () => {
    const task = await song("[Verse]\nPaint me a cover");
    const clip = task.data[0] as Json;
    const small = await bytes(clip.image_url as string);
    const large = await bytes(clip.image_large_url as string);
    for (const [response, size] of [
      [small, 256],
      [large, 1024],
    ] as const) {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/png");
      const info = pngInfo(response.data);
      expect(info.signature).toBe("89504e470d0a1a0a");
      expect(info.chunks[0]).toBe("IHDR");
      expect(info.chunks.at(-1)).toBe("IEND");
      expect(info).toMatchObject({ width: size, height: size, bitDepth: 8, colourType: 2 });
      expect(info.pixels.length).toBe(size * (size * 3 + 1));
    }
    const again = await song("[Verse]\nPaint me a cover");
    expect((await bytes(again.data[0].image_url as string)).data.equals(small.data)).toBe(true);
    expect((await bytes(task.data[1].image_url as string)).data.equals(small.data)).toBe(false);
  });
});

describe("range requests", () => {
  it("answers 206 with the exact bytes, and 416 when unsatisfiable", async () => {
    const task = await song("[Verse]\nRanges please");
    const url = task.data[0].audio_url as string;
    const full = (await bytes(url)).data;
    const size = full.length;
    const cases: Array<[string, number, number]> = [
      ["bytes=0-99", 0, 99],
      ["bytes=1000-", 1000, size - 1],
      ["bytes=-10", size - 10, size - 1],
      [`bytes=${size - 5}-${size + 100}`, size - 5, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await bytes(url, { Range: range });
      expect(response.status, range).toBe(206);
      expect(response.headers.get("content-range")).toBe(`bytes ${start}-${end}/${size}`);
      expect(Number(response.headers.get("content-length"))).toBe(end - start + 1);
      expect(response.data.equals(full.subarray(start, end + 1))).toBe(true);
    }
    for (const range of [`bytes=${size}-`, "bytes=500-100", "bytes=-0"]) {
      const response = await bytes(url, { Range: range });
      expect(response.status, range).toBe(416);
      expect(response.headers.get("content-range")).toBe(`bytes */${size}`);
    }
    const png = await bytes(task.data[0].image_url as string, { Range: "bytes=0-7" });
    expect(png.status).toBe(206);
    expect(png.data.toString("hex")).toBe("89504e470d0a1a0a");
  });
});
