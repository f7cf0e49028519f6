// sunoapi-org gives each clip two audio links: its own short-lived copy (`audioUrl`) and
// Suno's long-lived one (`sourceAudioUrl`). The archiver copies the first and, once that has
// expired (404), the second; over HTTP against the simulator's expiring links.
import { createHash, randomBytes } from "node:crypto";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { archiveClip } from "@/lib/media/archive";
import { createSunoClient } from "@/lib/suno/client";
import { refreshIfDue } from "@/lib/tasks/refresh";
import { submitTask } from "@/lib/tasks/submit";

import { startSimulator, type Simulator } from "../../simulator/server";

const KEY = "sk-fallback";
let sim: Simulator;
let client: ReturnType<typeof createSunoClient>;
let allowHosts: Set<string>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 3 });
  client = createSunoClient([
    { name: "org", dialect: "sunoapi-org", baseUrl: `${sim.url}/org`, keys: [KEY] },
  ]);
  allowHosts = new Set([new URL(sim.url).host]);
});
afterAll(() => sim.stop());
beforeEach(() => sim.admin.reset());

async function finishedClip() {
  const owner = await registerUser({
    name: "Fallback",
    email: `fallback-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });
  const task = await submitTask({
    actor: owner,
    teamId: null,
    idempotencyKey: `fallback-${randomBytes(8).toString("hex")}`,
    client,
    input: { operation: "INSTRUMENTAL", tags: "ambient", title: "Kept Twice", model: "chirp-hawk" },
  });
  sim.admin.complete(task.upstreamId!);
  await db.task.update({ where: { id: task.id }, data: { nextPollAt: new Date(0) } });
  await refreshIfDue(task.id, client);
  return db.clip.findFirstOrThrow({ where: { taskId: task.id }, orderBy: { createdAt: "asc" } });
}

describe("archiving sunoapi-org audio", () => {
  it("keeps both links, and archives from sourceAudioUrl once audioUrl has expired", async () => {
    const clip = await finishedClip();
    expect(clip.audioUrl).toMatch(/\.wav$/);
    expect(clip.sourceAudioUrl).toBe(`${clip.audioUrl}?source=1`);
    const original = Buffer.from(await (await fetch(clip.sourceAudioUrl!)).arrayBuffer());

    sim.admin.setFaults({ audioUrlTtlSeconds: 30 });
    sim.admin.advance(31_000);
    expect((await fetch(clip.audioUrl!)).status).toBe(404);

    expect(await archiveClip(clip.id, { allowHosts })).toBe("ARCHIVED");
    const audio = await db.mediaAsset.findUniqueOrThrow({
      where: { clipId_kind: { clipId: clip.id, kind: "AUDIO" } },
    });
    expect(audio.sourceUrl).toBe(clip.sourceAudioUrl);
    expect(audio.sha256).toBe(createHash("sha256").update(original).digest("hex"));
  });

  it("archives from audioUrl while it lives", async () => {
    const clip = await finishedClip();
    expect(await archiveClip(clip.id, { allowHosts })).toBe("ARCHIVED");
    const audio = await db.mediaAsset.findUniqueOrThrow({
      where: { clipId_kind: { clipId: clip.id, kind: "AUDIO" } },
    });
    expect(audio.sourceUrl).toBe(clip.audioUrl);
  });

  it("without a fallback, an expired audioUrl is a failure with its reason", async () => {
    const clip = await finishedClip();
    await db.clip.update({ where: { id: clip.id }, data: { sourceAudioUrl: null } });
    sim.admin.setFaults({ audioUrlTtlSeconds: 30 });
    sim.admin.advance(31_000);
    expect(await archiveClip(clip.id, { allowHosts })).toBe("FAILED");
    const failed = await db.clip.findUniqueOrThrow({ where: { id: clip.id } });
    expect(failed.archiveError).toMatch(/404/);
  });
});
