// Tagged audio (issue 20, item 1): what Chorus writes into an MP3 and a WAV while streaming is
// read back by an independent reader (music-metadata, the parser behind many players and
// taggers): title, artist, album, genre, date, lyrics, synced lyrics, the cover, the model and
// the clip id. And the size promised before the first byte is the size streamed.
import { Readable } from "node:stream";

import { parseBuffer } from "music-metadata";
import { describe, expect, it } from "vitest";

import { tagging, type SongTags } from "@/lib/media/tags";

import { wavHeader } from "../support/wav";

const cover = Buffer.concat([
  Buffer.from("89504e470d0a1a0a", "hex"), // a PNG signature, then filler: the reader keeps bytes
  Buffer.alloc(3000, 7),
]);
const tags: SongTags = {
  title: "Lanterns on the Water — take 2",
  artist: "Ada Lovelace",
  album: "Harbour Lights (team)",
  genre: "indie folk, warm",
  date: new Date("2026-11-30T10:00:00Z"),
  lyrics: "[Verse]\nhold the harbour light\nsing it through the night",
  syncedLyrics: [
    { ms: 1200, text: "hold the harbour light" },
    { ms: 4800, text: "sing it through the night" },
  ],
  extra: { CHORUS_CLIP_ID: "clip_123", MODEL: "v6 (chirp-hawk)" },
  cover: { mime: "image/png", size: cover.length, read: async () => cover },
};

/** Ten MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz), silent. */
function mp3() {
  const frame = Buffer.alloc(417);
  frame.writeUInt32BE(0xfffb9064, 0);
  return Buffer.concat(Array.from({ length: 10 }, () => frame));
}

/** A one-second 8 kHz mono 16-bit WAV of silence, odd-sized data to test the padding. */
const wav = (dataBytes = 16001) => Buffer.concat([wavHeader(dataBytes), Buffer.alloc(dataBytes)]);

async function tagged(contentType: string, stored: Buffer, chunkSize = 1000) {
  const plan = tagging(contentType, stored.length, tags)!;
  const chunks: Buffer[] = [];
  const source = Readable.from(
    Array.from({ length: Math.ceil(stored.length / chunkSize) }, (_, i) =>
      stored.subarray(i * chunkSize, (i + 1) * chunkSize),
    ),
  );
  for await (const chunk of plan.stream(source)) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  expect(bytes.length).toBe(plan.size);
  return bytes;
}

describe("tagged audio", () => {
  it("an MP3 carries an ID3v2.4 tag an independent reader understands", async () => {
    const bytes = await tagged("audio/mpeg", mp3());
    expect(bytes.subarray(0, 5)).toEqual(Buffer.from([0x49, 0x44, 0x33, 4, 0]));
    const { common, native } = await parseBuffer(bytes, { mimeType: "audio/mpeg" });
    expect(common).toMatchObject({
      title: tags.title,
      artist: tags.artist,
      album: tags.album,
      genre: [tags.genre],
      date: "2026-11-30",
    });
    expect(common.lyrics?.[0]?.text ?? common.lyrics?.[0]).toContain("hold the harbour light");
    expect(common.picture?.[0]?.format).toBe("image/png");
    expect(Buffer.from(common.picture![0]!.data).equals(cover)).toBe(true);
    const id3 = native["ID3v2.4"]!;
    const txxx = id3.filter((t) => t.id.startsWith("TXXX")).map((t) => [t.id, t.value]);
    expect(txxx).toEqual(
      expect.arrayContaining([
        ["TXXX:CHORUS_CLIP_ID", "clip_123"],
        ["TXXX:MODEL", "v6 (chirp-hawk)"],
      ]),
    );
    const sylt = id3.find((t) => t.id === "SYLT")?.value as {
      syncText: { text: string; timestamp: number }[];
    };
    expect(sylt.syncText).toEqual([
      { text: "hold the harbour light", timestamp: 1200 },
      { text: "sing it through the night", timestamp: 4800 },
    ]);
  });

  it("a WAV keeps playing and carries an id3 chunk and RIFF INFO", async () => {
    const stored = wav();
    const bytes = await tagged("audio/wav", stored, 7);
    // the RIFF size covers the whole file, and the audio data is unchanged
    expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
    expect(bytes.subarray(0, stored.length).subarray(12).equals(stored.subarray(12))).toBe(true);
    const { common, format, native } = await parseBuffer(bytes, { mimeType: "audio/wav" });
    expect(format.duration).toBeCloseTo(16001 / 16000, 2);
    expect(common).toMatchObject({ title: tags.title, artist: tags.artist, album: tags.album });
    expect(Buffer.from(common.picture![0]!.data).equals(cover)).toBe(true);
    expect(native.exif?.find((t) => t.id === "IART")?.value).toBe(tags.artist);
  });

  it("types that carry no tags here are handed out as stored", () => {
    expect(tagging("audio/ogg", 100, tags)).toBeNull();
  });
});
