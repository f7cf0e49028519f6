// Server-Timing (lib/server-timing.ts) against the real pool: every statement a request sends
// is counted and timed on the pool's connections, the session's own statements count as auth,
// and requests running at the same time do not see each other's figures.
import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { timedAuth, withServerTiming } from "@/lib/server-timing";

function parse(header: string | null) {
  const out: Record<string, { dur: number; desc?: string }> = {};
  for (const part of (header ?? "").split(",")) {
    const [name, ...params] = part.trim().split(";");
    const dur = Number(params.find((p) => p.startsWith("dur="))?.slice(4));
    const desc = params.find((p) => p.startsWith("desc="))?.slice(6, -1);
    if (name) out[name] = { dur, desc };
  }
  return out;
}

describe("Server-Timing", () => {
  it("splits a request's time into auth, db, app and total", async () => {
    const response = await withServerTiming(async () => {
      await timedAuth(() => db.$queryRaw`SELECT 1 AS n FROM pg_sleep(0.03)`);
      await db.$queryRaw`SELECT 1`;
      await db.$queryRaw`SELECT 1 AS n FROM pg_sleep(0.05)`;
      return Response.json({ ok: true });
    });
    const t = parse(response.headers.get("server-timing"));
    expect(t.auth!.dur).toBeGreaterThanOrEqual(30);
    expect(t.db!.dur).toBeGreaterThanOrEqual(50);
    expect(t.db!.dur).toBeLessThan(t.total!.dur);
    expect(t.db!.desc).toBe("2 statements"); // the session's statement is not db's
    expect(t.total!.dur).toBeGreaterThanOrEqual(t.auth!.dur + t.db!.dur);
    expect(t.app!.dur).toBeGreaterThanOrEqual(0);
  });

  it("keeps concurrent requests apart", async () => {
    const one = (sleeps: number) =>
      withServerTiming(async () => {
        for (let n = 0; n < sleeps; n++) await db.$queryRaw`SELECT 1 AS n FROM pg_sleep(0.02)`;
        return new Response("ok");
      });
    const [a, b] = await Promise.all([one(1), one(4)]);
    expect(parse(a.headers.get("server-timing")).db!.desc).toBe("1 statements");
    expect(parse(b.headers.get("server-timing")).db!.desc).toBe("4 statements");
  });

  it("collects nothing outside a request", async () => {
    await expect(db.$queryRaw`SELECT 1`).resolves.toBeDefined();
  });
});
