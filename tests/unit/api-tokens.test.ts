// API token secrets (issue 19, item 1): their shape, the per-token idempotency key, and the
// log never printing one.
import { afterEach, describe, expect, it, vi } from "vitest";

import { hashToken, newTokenSecret } from "@/lib/api-tokens/tokens";
import { storedIdempotencyKey } from "@/lib/api/v1/service";
import { log, redactSecrets } from "@/lib/log";

afterEach(() => vi.restoreAllMocks());

describe("API token secrets", () => {
  it("are chorus_pat_ and 256 random bits, stored as their sha256", () => {
    const a = newTokenSecret();
    const b = newTokenSecret();
    expect(a).toMatch(/^chorus_pat_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toBe(hashToken(b));
  });

  it("never reach the log, in the message or in an error's fields", () => {
    const secret = newTokenSecret();
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    log.error(`failed for ${secret}`, { error: new Error(`bad header Bearer ${secret}`) });
    log.info("hook", { secret: "whsec_c2VjcmV0c2VjcmV0" });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(secret.slice(11));
      expect(line).not.toContain("c2VjcmV0c2VjcmV0");
    }
    expect(lines[0]).toContain("chorus_pat_[redacted]");
    expect(redactSecrets("no secret here")).toBe("no secret here");
  });

  it("an Idempotency-Key is kept per token, in lib/tasks' key format", () => {
    const key = storedIdempotencyKey("tok1", "order 42/retry");
    expect(key).toMatch(/^[\w-]{8,100}$/);
    expect(storedIdempotencyKey("tok1", "order 42/retry")).toBe(key);
    expect(storedIdempotencyKey("tok2", "order 42/retry")).not.toBe(key);
    expect(storedIdempotencyKey("tok1", null)).not.toBe(storedIdempotencyKey("tok1", null));
  });
});
