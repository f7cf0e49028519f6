import { describe, expect, it } from "vitest";

import { classifyHttpError, retryAfterSeconds } from "@/lib/suno/classify";
import { backoffDelay } from "@/lib/suno/http";
import { keyFingerprint, KeyPool, memoryCooldownStore } from "@/lib/suno/keys";

const classify = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  classifyHttpError(status, body, new Headers(headers));

describe("upstream error mapping", () => {
  it.each([
    [
      400,
      { code: "invalid_request", message: "prompt is too long" },
      "INVALID_REQUEST",
      false,
      true,
    ],
    [401, { error: { message: "Invalid token", type: "new_api_error" } }, "BAD_KEY", false, true],
    [402, { code: 402, message: "Payment Required" }, "OUT_OF_CREDITS", false, true],
    [403, { code: "quota_not_enough", message: "quota not enough" }, "OUT_OF_CREDITS", false, true],
    [403, { error: { message: "invalid token", type: "x" } }, "BAD_KEY", false, true],
    [404, { code: 404, message: "task not found" }, "NOT_FOUND", false, false],
    [429, { code: "rate_limited", message: "slow down" }, "RATE_LIMITED", true, true],
    [
      400,
      { code: "bad", message: "Song Description contained artist name: taylor swift" },
      "MODERATION",
      false,
      true,
    ],
    [500, "<html>oops</html>", "UNAVAILABLE", true, false],
    [502, null, "UNAVAILABLE", true, true],
    [503, { code: "get_channel_failed", message: "no channel" }, "UNAVAILABLE", true, true],
    [504, null, "UNAVAILABLE", true, true],
  ] as const)("HTTP %i %j → %s", (status, body, kind, retryable, notProcessed) => {
    const error = classify(status, body);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(error.notProcessed).toBe(notProcessed);
    expect(error.status).toBe(status);
  });

  it("honours Retry-After in seconds and as a date", () => {
    expect(classify(429, {}, { "retry-after": "7" }).retryAfterSeconds).toBe(7);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(retryAfterSeconds("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(30);
    expect(retryAfterSeconds("soon")).toBeNull();
    expect(classify(429, {}, { "retry-after": "7" }).userMessage).toMatch(/try again in 7 seconds/);
    expect(classify(429, {}, { "retry-after": "1" }).userMessage).toMatch(
      /try again in 1 second\./,
    );
  });

  it("shows the upstream's words for invalid requests and moderation, in plain words", () => {
    expect(classify(400, { code: "prompt_too_long", message: "prompt_too_long" }).userMessage).toBe(
      "The music service could not accept this request. It said: “prompt too long”",
    );
    expect(
      classify(400, { message: "Song Description contained artist name: taylor swift" })
        .userMessage,
    ).toMatch(/content rules.*taylor swift/);
    // other kinds never echo upstream text
    expect(
      classify(401, { error: { message: "Invalid token sk-secret", type: "x" } }).userMessage,
    ).not.toContain("sk-secret");
  });
});

describe("backoff", () => {
  it("grows exponentially with full jitter", () => {
    expect(backoffDelay(0, () => 1)).toBe(250);
    expect(backoffDelay(3, () => 1)).toBe(2000);
    expect(backoffDelay(3, () => 0.5)).toBe(1000);
    expect(backoffDelay(2, () => 0)).toBe(0);
  });
});

describe("key pool", () => {
  it("fingerprints keys without revealing them", () => {
    const fp = keyFingerprint("sk-live-abcdef123456");
    expect(fp).toMatch(/^k_[0-9a-f]{12}$/);
    expect(fp).not.toContain("abcdef123456");
    expect(keyFingerprint("sk-live-abcdef123456")).toBe(fp);
  });

  it("rotates round-robin and skips resting keys until they are rested", () => {
    let now = 1_000_000;
    const pool = new KeyPool(["a", "b", "c", "a", " "], memoryCooldownStore(), () => now);
    expect(pool.size).toBe(3);
    const order = () => Array.from({ length: 3 }, () => pool.next()!.key);
    expect(order()).toEqual(["a", "b", "c"]);
    pool.coolDown(keyFingerprint("b"), 60);
    expect(order()).toEqual(["a", "c", "a"]);
    pool.coolDown(keyFingerprint("a"), 30);
    pool.coolDown(keyFingerprint("c"), 90);
    expect(pool.next()).toBeNull();
    expect(pool.soonestAvailableIn()).toBe(30);
    now += 31_000;
    expect(pool.next()!.key).toBe("a");
    expect(pool.byFingerprint(keyFingerprint("c"))?.key).toBe("c");
    expect(pool.byFingerprint("k_000000000000")).toBeNull();
  });
});
