// sunoapi-org's request limits (20 per 10 s per key, 3 per second per task), held across
// server instances through Postgres: two instances with their own limiter never exceed them
// together, and a full window makes the next request wait rather than be refused.
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { postgresRequestLimiter, type Limits } from "@/lib/tasks/request-limits";

import { startSimulator, type Simulator } from "../../simulator/server";

const KEY = "sk-limits";
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10_000 });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  sim.admin.reset();
  await db.$executeRaw`DELETE FROM upstream_calls`;
});

const fingerprint = () => `fp-${randomBytes(4).toString("hex")}`;

describe("the shared request limiter", () => {
  it("lets at most `max` requests of one key through per window, across instances", async () => {
    const limits: Limits = { key: { max: 5, windowMs: 1_500 }, task: { max: 3, windowMs: 1_000 } };
    const key = fingerprint();
    const a = postgresRequestLimiter(limits);
    const b = postgresRequestLimiter(limits);
    const started = Date.now();
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        await (i % 2 ? a : b).acquire({ key });
        times.push(Date.now() - started);
      }),
    );
    times.sort((x, y) => x - y);
    // 12 requests at 5 per 1.5 s: the 6th waits for the first window, the 11th for the second
    expect(times[5]!).toBeGreaterThanOrEqual(1_400);
    expect(times[10]!).toBeGreaterThanOrEqual(2_900);
    // in any 1.5 s, never more than 5 (measured on the rows Postgres kept)
    const rows = await db.upstreamCall.findMany({
      where: { key: `key:${key}` },
      orderBy: { at: "asc" },
    });
    expect(rows).toHaveLength(12);
    for (let i = 5; i < rows.length; i++)
      expect(rows[i]!.at.getTime() - rows[i - 5]!.at.getTime()).toBeGreaterThanOrEqual(1_490);
  });

  it("holds a task to its own, tighter limit while its key has room", async () => {
    const limits: Limits = {
      key: { max: 20, windowMs: 10_000 },
      task: { max: 3, windowMs: 1_000 },
    };
    const waits: number[] = [];
    const sleep = (ms: number) => {
      waits.push(ms);
      return new Promise<void>((resolve) => setTimeout(resolve, ms));
    };
    const limiter = postgresRequestLimiter(limits, sleep);
    const key = fingerprint();
    for (let i = 0; i < 3; i++) await limiter.acquire({ key, task: "task-1" });
    expect(waits).toEqual([]);
    await limiter.acquire({ key, task: "task-2" }); // another task of the key is not held back
    expect(waits).toEqual([]);
    await limiter.acquire({ key, task: "task-1" }); // the 4th of task-1 within a second waits
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]!).toBeLessThanOrEqual(1_000);
    const rows = await db.upstreamCall.findMany({
      where: { key: "task:task-1" },
      orderBy: { at: "asc" },
    });
    expect(rows).toHaveLength(4);
    expect(rows[3]!.at.getTime() - rows[0]!.at.getTime()).toBeGreaterThanOrEqual(990);
    expect(await db.upstreamCall.count({ where: { key: `key:${key}` } })).toBe(5);
  });

  it("the client asks it before each sunoapi-org request (and never for other dialects)", async () => {
    const names: Array<{ key: string; task?: string }> = [];
    const limiter = { acquire: async (n: { key: string; task?: string }) => void names.push(n) };
    const org = createSunoClient(
      [{ name: "org", dialect: "sunoapi-org", baseUrl: `${sim.url}/org`, keys: [KEY] }],
      { limiter },
    );
    const submitted = await org.submit({
      operation: "INSTRUMENTAL",
      tags: "ambient",
      title: "Limited",
      model: "chirp-hawk",
    });
    await org.fetchTask({
      provider: "org",
      keyFingerprint: submitted.keyFingerprint,
      upstreamId: submitted.upstreamTaskId,
      operation: "INSTRUMENTAL",
    });
    expect(names).toEqual([
      { key: submitted.keyFingerprint, task: undefined },
      { key: submitted.keyFingerprint, task: submitted.upstreamTaskId },
    ]);
    const relay = createSunoClient(
      [{ name: "relay", dialect: "relay", baseUrl: sim.url, keys: [KEY] }],
      { limiter },
    );
    await relay.submit({ operation: "INSTRUMENTAL", tags: "a", title: "b", model: "chirp-hawk" });
    expect(names).toHaveLength(2);
  });
});
