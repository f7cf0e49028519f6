import { describe, expect, it, vi } from "vitest";

import { createPool, poolSettings } from "@/lib/db-pool";
import { parseEnv } from "@/lib/env";

const base = {
  DATABASE_URL: "postgresql://u:p@localhost:5432/chorus",
  AUTH_SECRET: "x".repeat(40),
};

describe("the database pool", () => {
  it("holds 10 connections with a 10 s idle timeout by default", () => {
    expect(poolSettings(parseEnv(base))).toEqual({ max: 10, idleTimeoutMillis: 10_000 });
  });

  it("is small on Vercel, where every instance holds its own pool", () => {
    expect(poolSettings(parseEnv({ ...base, VERCEL: "1" }))).toEqual({
      max: 3,
      idleTimeoutMillis: 5_000,
    });
  });

  it("takes DATABASE_POOL_MAX and DATABASE_POOL_IDLE_MS over either default", () => {
    const env = { ...base, DATABASE_POOL_MAX: "2", DATABASE_POOL_IDLE_MS: "1500" };
    expect(poolSettings(parseEnv(env))).toEqual({ max: 2, idleTimeoutMillis: 1500 });
    expect(poolSettings(parseEnv({ ...env, VERCEL: "1" }))).toEqual({
      max: 2,
      idleTimeoutMillis: 1500,
    });
    expect(poolSettings(parseEnv({ ...base, DATABASE_POOL_MAX: "" }))).toMatchObject({ max: 10 });
  });

  it("refuses a pool size that is not a whole number from 1 to 100", () => {
    for (const value of ["0", "abc", "2.5", "1000"]) {
      expect(() => parseEnv({ ...base, DATABASE_POOL_MAX: value }), value).toThrow(
        /DATABASE_POOL_MAX/,
      );
    }
  });

  it("gives the settings to the pg.Pool itself", async () => {
    const pool = createPool(parseEnv({ ...base, DATABASE_POOL_MAX: "4" }));
    expect(pool.options).toMatchObject({ max: 4, idleTimeoutMillis: 10_000 });
    expect(pool.listenerCount("error")).toBe(1);
    await pool.end();
  });

  it("is attached to the function's lifetime on Vercel only", async () => {
    const attach = vi.fn();
    const local = createPool(parseEnv(base), { attach });
    expect(attach).not.toHaveBeenCalled();
    const vercel = createPool(parseEnv({ ...base, VERCEL: "1" }), { attach });
    expect(attach).toHaveBeenCalledExactlyOnceWith(vercel);
    await Promise.all([local.end(), vercel.end()]);
  });

  it("uses @vercel/functions' attachDatabasePool, which watches the pool's releases", async () => {
    const pool = createPool(parseEnv({ ...base, VERCEL: "1" }));
    expect(pool.listenerCount("release")).toBe(1);
    await pool.end();
  });
});
