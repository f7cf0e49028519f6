// Prisma runs on lib/db.ts's own pg.Pool: its size is the ceiling on connections.
import { describe, expect, it } from "vitest";

process.env.DATABASE_POOL_MAX = "3";

const { db, getPool } = await import("@/lib/db");

describe("the Prisma client's pool", () => {
  it("is lib/db's pg.Pool, and never opens more connections than DATABASE_POOL_MAX", async () => {
    const pool = getPool();
    expect(pool.options.max).toBe(3);
    expect(pool.totalCount).toBe(0);
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, pool.totalCount)), 5);
    await Promise.all(Array.from({ length: 8 }, () => db.$queryRaw`SELECT pg_sleep(0.1)::text`));
    clearInterval(watch);
    expect(peak).toBe(3);
    expect(pool.totalCount).toBeLessThanOrEqual(3);
  });
});
