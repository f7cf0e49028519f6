// The one pg.Pool under Prisma. Its size and idle timeout are settings: on a serverless
// platform every instance holds its own pool, so N instances hold N × max connections, and
// the defaults there are small. On Vercel the pool is attached to the function's lifetime
// (`attachDatabasePool`), so Fluid compute closes idle connections before it suspends.
import "server-only";

import { attachDatabasePool } from "@vercel/functions/db-connections";
import pg from "pg";

import type { Env } from "@/lib/env";
import { log } from "@/lib/log";

export const POOL_DEFAULTS = { max: 10, idleTimeoutMillis: 10_000 } as const;
export const SERVERLESS_POOL_DEFAULTS = { max: 3, idleTimeoutMillis: 5_000 } as const;

type PoolEnv = Pick<Env, "DATABASE_URL" | "VERCEL" | "DATABASE_POOL_MAX" | "DATABASE_POOL_IDLE_MS">;

export function poolSettings(env: Omit<PoolEnv, "DATABASE_URL">) {
  const defaults = env.VERCEL ? SERVERLESS_POOL_DEFAULTS : POOL_DEFAULTS;
  return {
    max: env.DATABASE_POOL_MAX ?? defaults.max,
    idleTimeoutMillis: env.DATABASE_POOL_IDLE_MS ?? defaults.idleTimeoutMillis,
  };
}

export function createPool(
  env: PoolEnv,
  options: { attach?: (pool: pg.Pool) => void } = {},
): pg.Pool {
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, ...poolSettings(env) });
  // an idle connection the server drops (a restart, a pooler's timeout) must not crash the
  // process: the pool discards it and the next query opens a new one
  pool.on("error", (error) => log.warn("idle database connection lost", { error }));
  if (env.VERCEL) (options.attach ?? attachDatabasePool)(pool);
  return pool;
}
