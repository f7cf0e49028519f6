// What the player reads back from local storage: the playback speed is one of the offered
// speeds or normal, whatever was stored.
import { describe, expect, it } from "vitest";

import { parseSaved, RATES } from "@/components/player/storage";

const saved = (extra: Record<string, unknown>) =>
  JSON.stringify({
    queue: [{ id: "c1", title: "One", src: "/api/media/c1/audio" }],
    index: 0,
    time: 3,
    ...extra,
  });

describe("the saved playback speed", () => {
  it("comes back as it was saved", () => {
    for (const rate of RATES) expect(parseSaved(saved({ rate }))?.rate).toBe(rate);
  });

  it("is normal when missing, from an older version, or not an offered speed", () => {
    expect(parseSaved(saved({}))?.rate).toBe(1);
    for (const rate of [0, -1, 1.1, 16, "1.5", null, Number.NaN])
      expect(parseSaved(saved({ rate }))?.rate).toBe(1);
  });
});
