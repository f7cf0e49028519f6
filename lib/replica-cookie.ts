// The cookie that keeps a visitor's library reads on the primary database right after they
// change something (lib/db-replicas.ts reads it; proxy.ts sets it on every server action when
// read replicas are configured). Its value is the time, in ms since the epoch, until which
// the visitor's reads stay on the primary.
import type { Env } from "@/lib/env";

export const PRIMARY_COOKIE = "chorus_primary";
export const DEFAULT_STICKY_SECONDS = 10;

export function stickySeconds(env: Pick<Env, "DATABASE_REPLICA_STICKY_SECONDS">) {
  return env.DATABASE_REPLICA_STICKY_SECONDS ?? DEFAULT_STICKY_SECONDS;
}

/** Whether a cookie value still says "read from the primary". */
export function stillOnPrimary(value: string | undefined, now = Date.now()) {
  const until = Number(value);
  return value !== undefined && Number.isFinite(until) && until > now;
}
