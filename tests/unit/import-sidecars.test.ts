// The layouts an import reads (lib/imports/sidecars.ts) and the LRC read back
// (lib/library/synced-lyrics.ts): pure functions, no database.
import { describe, expect, it } from "vitest";

import { m3uPaths, sidecarNames, sidecarSongInfo, titleFromPath } from "@/lib/imports/sidecars";
import { fromLrc, toLrc } from "@/lib/library/synced-lyrics";

describe("Suno-style sidecars", () => {
  it("reads the fields downloaders write, in their several spellings", () => {
    const info = sidecarSongInfo("a/Song.mp3", {
      clip_id: "abc-123",
      title: "  ",
      tags: ["rock", "loud"],
      metadata: { prompt: "[Chorus]\nYeah", mv: "chirp-v3-5", duration: "95.5", type: "gen" },
      created_at: "2025-01-02T03:04:05Z",
      gpt_description_prompt: "a loud rock song",
    });
    expect(info).toMatchObject({
      title: "Song",
      tags: "rock, loud",
      lyrics: "[Chorus]\nYeah",
      model: "chirp-v3-5",
      duration: 95.5,
      clipType: "gen",
      sourceId: "abc-123",
      description: "a loud rock song",
    });
    expect(info?.createdAt?.toISOString()).toBe("2025-01-02T03:04:05.000Z");
  });

  it("takes yt-dlp's upload_date, refuses dates that cannot be, and JSON that is no sidecar", () => {
    expect(sidecarSongInfo("x.mp3", { upload_date: "20240315" })?.createdAt?.toISOString()).toBe(
      "2024-03-15T00:00:00.000Z",
    );
    expect(sidecarSongInfo("x.mp3", { created_at: "1970-01-01" })?.createdAt).toBeNull();
    expect(sidecarSongInfo("x.mp3", { created_at: "3000-01-01" })?.createdAt).toBeNull();
    expect(sidecarSongInfo("x.mp3", [1, 2, 3])).toBeNull();
    expect(sidecarSongInfo("x.mp3", { title: 42 })).toBeNull();
  });

  it("looks for the sidecar where downloaders put it", () => {
    expect(sidecarNames("d/Night.mp3")).toEqual([
      "d/Night.json",
      "d/Night.mp3.json",
      "d/Night.info.json",
    ]);
    expect(titleFromPath("d/e/Night Drive (v2).mp3")).toBe("Night Drive (v2)");
  });
});

describe("M3U8 paths", () => {
  it("resolves entries against the playlist's folder and skips comments and links", () => {
    expect(
      m3uPaths(
        "export/playlists/Road trip.m3u8",
        "#EXTM3U\n#EXTINF:1,A - B\n../0001 A/audio.mp3\r\nhttps://x.test/a.mp3\n\n./c.mp3\n",
      ),
    ).toEqual(["export/0001 A/audio.mp3", "export/playlists/c.mp3"]);
  });
});

describe("LRC read back", () => {
  it("gives the words toLrc wrote, with their starts, and ends at the next start", () => {
    const words = [
      { word: "Hello ", startS: 1.5, endS: 2 },
      { word: "river\n", startS: 2, endS: 64.25 },
      { word: "Goodbye ", startS: 64.25, endS: 64.8 },
      { word: "sea\n", startS: 64.8, endS: 65.8 },
    ];
    expect(fromLrc(toLrc("River", words))).toEqual(words);
    expect(fromLrc("no timestamps here")).toEqual([]);
  });
});
