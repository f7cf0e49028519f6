// A proxy key refused on one server instance rests on every instance: the cool-downs live
// in Postgres (lib/tasks/cooldowns.ts), not in each process's memory.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { keyFingerprint, memoryCooldownStore, type CooldownStore } from "@/lib/suno/keys";
import type { GenerationRequest } from "@/lib/suno/types";
import { postgresCooldownStore } from "@/lib/tasks/cooldowns";

import { startSimulator, type Simulator } from "../../simulator/server";

const GOOD = "sk-cooldown-good";
const REVOKED = "sk-cooldown-revoked"; // listed in our configuration, refused by the proxy
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [GOOD], stepMs: 10, clipSeconds: 2 });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  sim.admin.reset();
  await db.keyCooldown.deleteMany();
});

const request: GenerationRequest = {
  operation: "LYRICS",
  prompt: "two instances, one refused key",
};

/** One server instance: its own client, its own cool-down store. */
const instance = (cooldowns: CooldownStore) =>
  createSunoClient(
    [{ name: "primary", dialect: "relay", baseUrl: sim.url, keys: [REVOKED, GOOD] }],
    { cooldowns, sleep: async () => {} },
  );

const submitStatuses = () =>
  sim.admin
    .requests()
    .filter((r) => r.path.startsWith("/suno/submit"))
    .map((r) => r.status);

describe("key cool-downs", () => {
  it("shared through Postgres: a key refused on one instance is not tried on another", async () => {
    const [a, b] = [instance(postgresCooldownStore()), instance(postgresCooldownStore())];
    await a.submit(request);
    expect(submitStatuses()).toEqual([401, 200]);
    const row = await db.keyCooldown.findUniqueOrThrow({
      where: { fingerprint: keyFingerprint(REVOKED) },
    });
    expect(row.coolingUntil.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);

    await b.submit(request);
    expect(submitStatuses()).toEqual([401, 200, 200]); // b went straight to the good key
  });

  it("in memory (what each instance had before), every instance tries the refused key again", async () => {
    const [a, b] = [instance(memoryCooldownStore()), instance(memoryCooldownStore())];
    await a.submit(request);
    await b.submit(request);
    expect(submitStatuses()).toEqual([401, 200, 401, 200]);
  });

  it("keeps the longer of two cool-downs, never the key itself", async () => {
    const store = postgresCooldownStore();
    const fingerprint = keyFingerprint(REVOKED);
    const later = Date.now() + 60 * 60_000;
    store.coolDown(fingerprint, later);
    store.coolDown(fingerprint, Date.now() + 60_000);
    await store.sync!();
    const rows = await db.keyCooldown.findMany();
    expect(rows).toEqual([expect.objectContaining({ fingerprint, coolingUntil: new Date(later) })]);
    expect(JSON.stringify(rows)).not.toContain(REVOKED);
    const other = postgresCooldownStore();
    expect(other.coolingUntil(fingerprint)).toBeNull();
    await other.sync!();
    expect(other.coolingUntil(fingerprint)).toBe(later);
  });
});
