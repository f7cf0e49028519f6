// A provider's published request limits, shared by every server instance through Postgres:
// sunoapi-org allows 20 requests per 10 s per key and 3 per second per task (record-info).
// Each request takes a slot in a sliding window (one row in upstream_calls, under a
// transaction-level advisory lock per key, so two instances never both take the last slot);
// when a window is full the caller waits until its oldest request leaves it, then tries again.
import "server-only";

import { db } from "@/lib/db";
import { REQUEST_LIMITS, type RequestLimiter } from "@/lib/suno/client";

type Window = { max: number; windowMs: number };
export type Limits = { key: Window; task: Window };

/** Milliseconds to wait before a slot is free; 0 when one was taken. */
async function tryTake(names: string[], windows: Window[]): Promise<number> {
  return db.$transaction(
    async (tx) => {
      // one lock per key: every request of a key counts against it, task slots included
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`upstream:${names[0]}`}))`;
      let wait = 0;
      for (const [index, name] of names.entries()) {
        const window = windows[index]!;
        const rows = await tx.$queryRaw<{ n: number; wait_ms: number | null }[]>`
          SELECT count(*)::int AS n,
            ceil(extract(epoch FROM (min(at) + make_interval(secs => ${window.windowMs / 1000})
              - clock_timestamp())) * 1000)::int AS wait_ms
          FROM upstream_calls
          WHERE key = ${name}
            AND at > clock_timestamp() - make_interval(secs => ${window.windowMs / 1000})`;
        const row = rows[0];
        if (row && row.n >= window.max) wait = Math.max(wait, row.wait_ms ?? 1, 1);
      }
      if (wait > 0) return wait;
      for (const name of names)
        await tx.$executeRaw`
          INSERT INTO upstream_calls (key, at) VALUES (${name}, clock_timestamp())`;
      if (Math.random() < 0.02)
        await tx.$executeRaw`DELETE FROM upstream_calls WHERE at < now() - interval '1 minute'`;
      return 0;
    },
    { maxWait: 5_000 },
  );
}

export function postgresRequestLimiter(
  limits: Limits = REQUEST_LIMITS["sunoapi-org"]!,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): RequestLimiter {
  return {
    async acquire({ key, task }) {
      const names = [`key:${key}`, ...(task ? [`task:${task}`] : [])];
      const windows = [limits.key, ...(task ? [limits.task] : [])];
      for (;;) {
        const wait = await tryTake(names, windows);
        if (wait === 0) return;
        await sleep(Math.min(wait, limits.key.windowMs));
      }
    },
  };
}
