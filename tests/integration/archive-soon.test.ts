// Archiving does not wait for a cron: a webhook that finishes a task starts copying its
// songs at once (after() in a request; in the background here). And a clip whose archiver
// died on its last attempt is given up with a reason instead of being reclaimed for ever.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, describe, expect, it } from "vitest";

import { startSimulator } from "../../simulator/server";

const KEY = "sk-archive-soon";
const sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 2 });
// the provider is configured, so its media host is allowed for archiving
Object.assign(process.env, { SUNO_PROVIDER: "relay", SUNO_BASE_URL: sim.url, SUNO_API_KEYS: KEY });

const { registerUser } = await import("@/lib/auth/credentials");
const { db } = await import("@/lib/db");
const { archiveClip, archiveDueClips, ARCHIVE_LEASE_SECONDS, MAX_ATTEMPTS } =
  await import("@/lib/media/archive");
const { createSunoClient } = await import("@/lib/suno/client");
const { submitTask } = await import("@/lib/tasks/submit");
const { receiveWebhook } = await import("@/lib/tasks/webhook");
const { webhookToken } = await import("@/lib/tasks/webhook-token");

afterAll(() => sim.stop());

const client = createSunoClient([
  { name: "primary", dialect: "relay", baseUrl: sim.url, keys: [KEY] },
]);
const newUser = () =>
  registerUser({
    name: "Archivist",
    email: `archivist-${randomBytes(5).toString("hex")}@example.test`,
    password: "a long enough password",
  });

async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("archiving right after ingest", () => {
  it("a webhook that finishes a task archives its songs without any sweep or cron", async () => {
    const user = await newUser();
    const task = await submitTask({
      actor: user,
      teamId: null,
      input: { operation: "INSTRUMENTAL", tags: "ambient", title: "Soon", model: "chirp-hawk" },
      idempotencyKey: `soon-${randomBytes(8).toString("hex")}`,
      client,
    });
    sim.admin.complete(task.upstreamId!);
    const body = sim.admin.state().tasks.find((t) => t.id === task.upstreamId)!.relay;
    expect(
      await receiveWebhook({ taskId: task.id, token: webhookToken(task.id), body }),
    ).toMatchObject({ status: 200, body: { status: "SUCCEEDED" } });
    const clips = await until(async () => {
      const found = await db.clip.findMany({
        where: { taskId: task.id },
        include: { media: true },
      });
      return found.length === 2 && found.every((c) => c.archiveStatus === "ARCHIVED") && found;
    }, "both songs archived");
    for (const clip of clips) expect(clip.media.map((m) => m.kind)).toContain("AUDIO");
  });
});

describe("a clip past its last archive attempt", () => {
  it("is given up with a reason when its archiver died, and never claimed again", async () => {
    const user = await newUser();
    const clip = await db.clip.create({
      data: {
        ownerId: user.id,
        upstreamId: `dead-${randomBytes(6).toString("hex")}`,
        status: "COMPLETE",
        audioUrl: `${sim.url}/nowhere.mp3`,
        archiveStatus: "ARCHIVING",
        archiveAttempts: MAX_ATTEMPTS,
        nextArchiveAt: new Date(Date.now() - 1000), // its archiver's lease ran out
      },
    });
    await archiveDueClips();
    expect(await db.clip.findUniqueOrThrow({ where: { id: clip.id } })).toMatchObject({
      archiveStatus: "FAILED",
      archiveAttempts: MAX_ATTEMPTS,
      nextArchiveAt: null,
      archiveError: expect.stringMatching(/interrupted 6 times.*Retry/),
    });
  });
});

describe("the archive lease", () => {
  it("is short, and a live archiver renews it while a slow download runs", async () => {
    const slow = createServer((_req, res) => {
      setTimeout(() => res.writeHead(200, { "content-type": "audio/wav" }).end("RIFF-slow"), 2500);
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    const host = `127.0.0.1:${(slow.address() as AddressInfo).port}`;
    try {
      const user = await newUser();
      const clip = await db.clip.create({
        data: {
          ownerId: user.id,
          upstreamId: `slow-${randomBytes(6).toString("hex")}`,
          status: "COMPLETE",
          audioUrl: `http://${host}/slow.wav`,
          archiveStatus: "PENDING",
          nextArchiveAt: new Date(),
        },
      });
      const claimedAt = Date.now();
      const running = archiveClip(clip.id, { allowHosts: new Set([host]), leaseSeconds: 1 });
      const leaseAt = async () =>
        (await db.clip.findUniqueOrThrow({ where: { id: clip.id } })).nextArchiveAt!.getTime();
      await new Promise((r) => setTimeout(r, 1800)); // past the first lease
      expect((await db.clip.findUniqueOrThrow({ where: { id: clip.id } })).archiveStatus).toBe(
        "ARCHIVING",
      );
      const lease = await leaseAt();
      expect(lease).toBeGreaterThan(claimedAt + 1800); // renewed…
      expect(lease).toBeLessThan(Date.now() + 1500); // …by one short lease at a time
      // nobody else may take it meanwhile
      expect(await archiveClip(clip.id, { allowHosts: new Set([host]) })).toBe("SKIPPED");
      expect(await running).toBe("ARCHIVED");
    } finally {
      slow.close();
    }
    expect(ARCHIVE_LEASE_SECONDS).toBeLessThanOrEqual(60);
  });
});
