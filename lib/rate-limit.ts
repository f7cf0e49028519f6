// Per-key attempt counters in Postgres (every server instance sees the same counts).
// A key accumulates hits within a window; beyond `freeHits` each further hit blocks the
// key for an exponentially growing time (base, 2x base, 4x base, ... capped at max).
import "server-only";

import { db } from "@/lib/db";

export type RateLimitPolicy = {
  windowSeconds: number;
  freeHits: number;
  baseBlockSeconds: number;
  maxBlockSeconds: number;
};

export type HitResult = { hits: number; blockedUntil: Date | null };

/** The latest `blocked_until` still in the future among these keys, if any. */
export async function findBlock(keys: string[]): Promise<Date | null> {
  const rows = await db.$queryRaw<{ until: Date | null }[]>`
    SELECT max(blocked_until) AS until FROM rate_limits
    WHERE key = ANY(${keys}::text[]) AND blocked_until > now()`;
  return rows[0]?.until ?? null;
}

export async function recordHit(key: string, policy: RateLimitPolicy): Promise<HitResult> {
  const { windowSeconds, freeHits, baseBlockSeconds, maxBlockSeconds } = policy;
  // One atomic statement: concurrent failures can neither lose a count nor skip a block.
  const rows = await db.$queryRaw<{ hits: number; blocked_until: Date | null }[]>`
    INSERT INTO rate_limits AS r (key, hits, window_start, blocked_until, updated_at)
    VALUES (${key}, 1, now(),
      CASE WHEN 1 > ${freeHits}::int THEN now() + make_interval(secs => ${baseBlockSeconds}::float8)
        END, now())
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN r.window_start < now() - make_interval(secs => ${windowSeconds}::float8)
        THEN 1 ELSE r.hits + 1 END,
      window_start = CASE
        WHEN r.window_start < now() - make_interval(secs => ${windowSeconds}::float8) THEN now()
          ELSE r.window_start END,
      blocked_until = CASE
        WHEN (CASE WHEN r.window_start < now() - make_interval(secs => ${windowSeconds}::float8)
          THEN 1 ELSE r.hits + 1 END) > ${freeHits}::int
        THEN now() + make_interval(secs => least(${maxBlockSeconds}::float8,
          ${baseBlockSeconds}::float8 * power(2, (CASE
            WHEN r.window_start < now() - make_interval(secs => ${windowSeconds}::float8) THEN 1
              ELSE r.hits + 1 END) - ${freeHits}::int - 1)))
        ELSE NULL END,
      updated_at = now()
    RETURNING hits, blocked_until`;
  const row = rows[0];
  if (Math.random() < 0.01) void pruneRateLimits().catch(() => {});
  return { hits: row?.hits ?? 0, blockedUntil: row?.blocked_until ?? null };
}

/** Hits counted for a key in its current window (0 once the window has passed). */
export async function recentHits(key: string, windowSeconds: number): Promise<number> {
  const rows = await db.$queryRaw<{ hits: number }[]>`
    SELECT hits FROM rate_limits
    WHERE key = ${key} AND window_start >= now() - make_interval(secs => ${windowSeconds}::float8)`;
  return rows[0]?.hits ?? 0;
}

export async function resetKey(key: string) {
  await db.$executeRaw`DELETE FROM rate_limits WHERE key = ${key}`;
}

/** Drops counters nobody has touched for a day. */
export async function pruneRateLimits() {
  await db.$executeRaw`DELETE FROM rate_limits WHERE updated_at < now() - interval '1 day'
    AND (blocked_until IS NULL OR blocked_until < now())`;
}

export function secondsUntil(date: Date, now = Date.now()) {
  return Math.max(1, Math.ceil((date.getTime() - now) / 1000));
}

export type WindowCount = { hits: number; resetSeconds: number };

/**
 * A fixed-window counter (REST v1's per-token limit, with RateLimit-* headers): this hit's
 * number within the key's current window and the seconds until that window ends. It never
 * blocks by itself; the caller refuses hits over its limit.
 */
export async function countInWindow(key: string, windowSeconds: number): Promise<WindowCount> {
  const rows = await db.$queryRaw<{ hits: number; reset: number }[]>`
    INSERT INTO rate_limits AS r (key, hits, window_start, updated_at)
    VALUES (${key}, 1, now(), now())
    ON CONFLICT (key) DO UPDATE SET
      hits = CASE WHEN r.window_start <= now() - make_interval(secs => ${windowSeconds}::float8)
        THEN 1 ELSE r.hits + 1 END,
      window_start = CASE
        WHEN r.window_start <= now() - make_interval(secs => ${windowSeconds}::float8) THEN now()
          ELSE r.window_start END,
      updated_at = now()
    RETURNING hits, ceil(extract(epoch FROM r.window_start
      + make_interval(secs => ${windowSeconds}::float8) - now()))::int AS reset`;
  const row = rows[0];
  return { hits: row?.hits ?? 1, resetSeconds: Math.max(1, row?.reset ?? windowSeconds) };
}
