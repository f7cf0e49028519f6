import { describe, expect, it } from "vitest";

import { nextIdempotencyKey } from "@/lib/actions/idempotency";

describe("a generation form's idempotency key", () => {
  it("stays while nothing was made, and changes after every submit that made a task", () => {
    const first = nextIdempotencyKey("base", "e", {});
    expect(nextIdempotencyKey("base", "e", { error: "Check the highlighted fields." })).toBe(first);
    const second = nextIdempotencyKey("base", "e", { ok: true, data: { taskId: "task1" } });
    const third = nextIdempotencyKey("base", "e", { ok: true, data: { taskId: "task2" } });
    expect(new Set([first, second, third]).size).toBe(3);
    // and it stays a valid key for lib/tasks/submit.ts
    for (const key of [first, second, third]) expect(key).toMatch(/^[\w-]{8,100}$/);
    const uuidBase = "0b9f3c1e-7a52-4c11-9d3e-2f6a8b7c9d10";
    expect(nextIdempotencyKey(uuidBase, "w", { data: { taskId: "c".repeat(25) } })).toMatch(
      /^[\w-]{8,100}$/,
    );
  });
});
