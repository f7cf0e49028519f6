// The team address rule is one function, shared by the form (which pre-fills the address) and
// the server (which checks it): what the form offers, the server accepts.
import { describe, expect, it } from "vitest";

import { RESERVED_SLUGS, slugify, TEAM_SLUG_MAX } from "@/lib/teams/shared";

// The server's own schema; it lives in a server module, imported here as the server does.
const { slugSchema } = await import("@/lib/teams/teams");

describe("team addresses", () => {
  it("a long name becomes an address the server accepts, without a trailing hyphen", () => {
    const slug = slugify("Sunflower Basement Recording Collective Team");
    expect(slug).toBe("sunflower-basement-recording-collective");
    expect(slugSchema.safeParse(slug).success).toBe(true);
  });

  it.each([
    ["Café Night Shift", "cafe-night-shift"],
    ["  --Hello,   World!--  ", "hello-world"],
    ["Ünïcödé Bänd", "unicode-band"],
    ["a".repeat(50), "a".repeat(TEAM_SLUG_MAX)],
  ])("%j becomes %j", (name, expected) => {
    expect(slugify(name)).toBe(expected);
    expect(slugSchema.safeParse(expected).success).toBe(true);
  });

  it("every name cut at the limit ends on a letter or digit", () => {
    for (let cut = 1; cut < 60; cut++) {
      const name = `${"ab-".repeat(20).slice(0, cut)} tail`;
      const slug = slugify(name);
      expect(slug).not.toMatch(/-$/);
      expect(slug.length).toBeLessThanOrEqual(TEAM_SLUG_MAX);
    }
  });

  it("reserved words are refused by the server", () => {
    for (const word of RESERVED_SLUGS) expect(slugSchema.safeParse(word).success).toBe(false);
  });
});
