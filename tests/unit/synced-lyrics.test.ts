import { describe, expect, it } from "vitest";

import { lrcTime, syncedLines, toLrc, wordAt } from "@/lib/library/synced-lyrics";

const words = [
  { word: "[Verse]\n", startS: 0, endS: 0.1 },
  { word: "Harbour ", startS: 0.5, endS: 0.9 },
  { word: "lights\n", startS: 1, endS: 1.4 },
  { word: "low ", startS: 61.25, endS: 61.5 },
  { word: "tide\n", startS: 62, endS: 62.5 },
];

describe("synced lyrics", () => {
  it("groups words into sung lines, leaving section tags out", () => {
    expect(syncedLines(words).map((l) => l.words.map((w) => w.word))).toEqual([
      ["Harbour", "lights"],
      ["low", "tide"],
    ]);
  });

  it("starts a line where the break stands inside a word (the provider's own shape)", async () => {
    const { readFile } = await import("node:fs/promises");
    const fixture = JSON.parse(
      await readFile("tests/fixtures/upstream/sunoapi-org-timestamped-lyrics.json", "utf8"),
    ) as { data: { alignedWords: { word: string; startS: number; endS: number }[] } };
    const lines = syncedLines(fixture.data.alignedWords);
    expect(lines.map((l) => l.words.map((w) => w.word).join(" "))).toEqual([
      "Lanterns on the water",
      "We drift, we drift",
    ]);
    expect(lines.map((l) => l.startS)).toEqual([1.36, 9.02]);
  });

  it("finds the word being sung at a time", () => {
    expect(wordAt(words, 0.2)).toBe(0);
    expect(wordAt(words, 1.2)).toBe(2);
    expect(wordAt(words, 61.3)).toBe(3);
    expect(wordAt(words, -1)).toBe(-1);
  });

  it("writes enhanced LRC", () => {
    expect(lrcTime(61.25)).toBe("[01:01.25]");
    expect(toLrc("Harbour", words)).toBe(
      "[ti:Harbour]\n[00:00.50]<00:00.50>Harbour <00:01.00>lights\n" +
        "[01:01.25]<01:01.25>low <01:02.00>tide\n",
    );
  });
});
