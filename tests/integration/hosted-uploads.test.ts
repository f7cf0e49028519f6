// A file uploaded for a relay provider, whose upload endpoint takes a link: Chorus keeps the
// bytes in its own storage and hands the relay an unguessable, expiring link it serves
// (`GET /api/uploads/<id>/<name>?token=`), then uses the relay's upload by link. Against a real
// Postgres, the route handler served over HTTP, and the simulator over HTTP, which fetches the
// link as a vendor does (fetchUploadLinks).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

import { GET } from "@/app/api/uploads/[id]/[name]/route";
import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { refreshIfDue } from "@/lib/tasks/refresh";
import { submitTask } from "@/lib/tasks/submit";
import { createAudioUpload } from "@/lib/uploads/audio-uploads";
import { hostedUploadUrl } from "@/lib/uploads/hosted-link";

import { startSimulator, type Simulator } from "../../simulator/server";
import { wav } from "../support/wav";

// nobody is signed in: the provider fetching the link has no session
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => null }));

const KEY = "sk-hosted";
let sim: Simulator;
let relay: ReturnType<typeof createSunoClient>;
let org: ReturnType<typeof createSunoClient>;
let chorus: Server;
let base: string;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    keys: [KEY],
    stepMs: 10,
    clipSeconds: 3,
    fetchUploadLinks: true,
  });
  relay = createSunoClient(
    [{ name: "relay", dialect: "relay", baseUrl: sim.url, keys: [KEY], timeoutMs: 5000 }],
    { sleep: async () => {} },
  );
  org = createSunoClient(
    [{ name: "org", dialect: "sunoapi-org", baseUrl: `${sim.url}/org`, keys: [KEY] }],
    { sleep: async () => {} },
  );
  // Chorus's route handler, served over HTTP so that the simulator can fetch the link
  chorus = createServer((req, res) => void serve(req, res));
  await new Promise<void>((resolve) => chorus.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(chorus.address() as AddressInfo).port}`;
});

/** Chorus's GET handler for the link, as Next.js would call it. */
async function serve(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://chorus.test");
  const match = /^\/api\/uploads\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (!match || req.method !== "GET") return void res.writeHead(405).end();
  const response = await GET(new NextRequest(url, { headers: { host: "chorus.test" } }), {
    params: Promise.resolve({
      id: decodeURIComponent(match[1]!),
      name: decodeURIComponent(match[2]!),
    }),
  });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

afterAll(async () => {
  await sim.stop();
  await new Promise((resolve) => chorus.close(resolve));
});
beforeEach(() => sim.admin.reset());

const key = () => `idem-${randomBytes(8).toString("hex")}`;
const newUser = () =>
  registerUser({
    name: "Hosted Upload",
    email: `hosted-${randomBytes(5).toString("hex")}@example.test`,
    password: "a long enough password",
  });
const file = () => ({ kind: "file", bytes: wav(), fileName: "Porch Demo.wav" }) as const;

async function runToEnd(taskId: string) {
  for (let i = 0; i < 200; i++) {
    await db.task.update({ where: { id: taskId }, data: { nextPollAt: new Date(0) } });
    await refreshIfDue(taskId, relay);
    const task = await db.task.findUniqueOrThrow({
      where: { id: taskId },
      include: { clips: true },
    });
    if (["SUCCEEDED", "FAILED", "TIMED_OUT"].includes(task.status)) return task;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the task never finished");
}

describe("a file for a relay provider", () => {
  it("is kept by Chorus; the relay fetches it from the link Chorus serves and makes a clip", async () => {
    const user = await newUser();
    const upload = await createAudioUpload({ actor: user, source: file(), client: relay });
    const row = await db.audioUpload.findUniqueOrThrow({ where: { id: upload.id } });
    expect(row).toMatchObject({ ownerId: user.id, provider: "relay", downloadUrl: null });
    expect(row.storageKey).toMatch(/^uploads\/[0-9a-f]{32}$/);
    expect(row.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    // nothing went to the provider yet
    expect(sim.admin.requests()).toHaveLength(0);

    const task = await submitTask({
      actor: user,
      teamId: null,
      idempotencyKey: key(),
      client: relay,
      publicBaseUrl: base,
      input: { operation: "UPLOAD_AUDIO", uploadId: upload.id },
    });
    expect(task).toMatchObject({ status: "SUBMITTED", provider: "relay", dialect: "RELAY" });
    // the task keeps the upload's id, never the link's token
    expect(task.request).toEqual({ operation: "UPLOAD_AUDIO", uploadId: upload.id });
    const sent = sim.admin.state().tasks.find((t) => t.id === task.upstreamId)!;
    expect(sent.fetchedUpload).toEqual({
      url: expect.stringMatching(
        new RegExp(`^${base}/api/uploads/${upload.id}/Porch%20Demo\\.wav\\?token=[\\w-]{43}$`),
      ),
      status: 200,
      contentType: "audio/wav",
      bytes: wav().byteLength,
      problem: null,
    });
    const done = await runToEnd(task.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.clips).toHaveLength(1);
    expect(done.clips[0]).toMatchObject({ clipType: "upload", title: "Porch Demo" });
  });

  it("serves the bytes only with the right token, until the upload expires, without a session", async () => {
    const user = await newUser();
    const upload = await createAudioUpload({ actor: user, source: file(), client: relay });
    const other = await createAudioUpload({ actor: user, source: file(), client: relay });
    const row = await db.audioUpload.findUniqueOrThrow({ where: { id: upload.id } });
    const link = new URL(hostedUploadUrl(row, base)!);

    const served = await fetch(link);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("audio/wav");
    expect(served.headers.get("content-length")).toBe(String(wav().byteLength));
    expect(served.headers.get("cache-control")).toBe("private, no-store");
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(wav()))).toBe(true);

    const token = link.searchParams.get("token")!;
    const otherRow = await db.audioUpload.findUniqueOrThrow({ where: { id: other.id } });
    const otherToken = new URL(hostedUploadUrl(otherRow, base)!).searchParams.get("token")!;
    const refused = [
      `${base}/api/uploads/${upload.id}/x.wav`, // no token
      `${base}/api/uploads/${upload.id}/x.wav?token=${token.slice(0, -1)}A`,
      `${base}/api/uploads/${upload.id}/x.wav?token=${otherToken}`, // another upload's token
      `${base}/api/uploads/nope/x.wav?token=${token}`,
      `${base}/api/uploads/..%2F..%2Fetc/x.wav?token=${token}`,
    ];
    for (const url of refused) {
      const response = await fetch(url);
      expect(response.status, url).toBe(404);
      expect((await response.text()).includes("RIFF"), url).toBe(false);
    }
    // the name is not trusted: any name reaches the same bytes with the right token
    expect((await fetch(`${base}/api/uploads/${upload.id}/other.mp3?token=${token}`)).status).toBe(
      200,
    );

    // expired: the same link is refused, and the row can no longer be named by a task
    await db.audioUpload.update({ where: { id: upload.id }, data: { expiresAt: new Date(0) } });
    expect((await fetch(link)).status).toBe(404);
    await expect(
      submitTask({
        actor: user,
        teamId: null,
        idempotencyKey: key(),
        client: relay,
        publicBaseUrl: base,
        input: { operation: "UPLOAD_AUDIO", uploadId: upload.id },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a recording on a vendor's file host is not reachable through a Chorus link", async () => {
    const user = await newUser();
    const upload = await createAudioUpload({ actor: user, source: file(), client: org });
    const row = await db.audioUpload.findUniqueOrThrow({ where: { id: upload.id } });
    expect(row.storageKey).toBeNull();
    expect((await fetch(hostedUploadUrl(row, base)!)).status).toBe(404);
  });

  it("only its owner can name it; a link the relay cannot fetch fails the task, refunded", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const upload = await createAudioUpload({ actor: owner, source: file(), client: relay });
    await expect(
      submitTask({
        actor: stranger,
        teamId: null,
        idempotencyKey: key(),
        client: relay,
        publicBaseUrl: base,
        input: { operation: "UPLOAD_AUDIO", uploadId: upload.id },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.task.count({ where: { ownerId: stranger.id } })).toBe(0);
    expect(sim.admin.requests()).toHaveLength(0);

    // a forged link: the relay's fetch gets Chorus's 404, and the task ends failed
    const task = await submitTask({
      actor: owner,
      teamId: null,
      idempotencyKey: key(),
      client: relay,
      input: {
        operation: "UPLOAD_AUDIO",
        url: `${base}/api/uploads/${upload.id}/x.wav?token=forged`,
      },
    });
    const sent = sim.admin.state().tasks.find((t) => t.id === task.upstreamId)!;
    expect(sent.fetchedUpload).toMatchObject({ status: 404, problem: "HTTP 404" });
    const done = await runToEnd(task.id);
    expect(done).toMatchObject({ status: "FAILED" });
    expect(done.failReason).toMatch(/could not fetch the audio/);
    const ledger = await db.ledgerEntry.findMany({ where: { taskId: task.id } });
    expect(ledger.map((entry) => entry.kind).sort()).toEqual(["CHARGE", "REFUND"]);
    expect(ledger.reduce((sum, entry) => sum + entry.amount, 0)).toBe(0);
  });

  it("is refused where the provider takes no uploaded audio at all (sunoapi.com)", async () => {
    const user = await newUser();
    const sunoapi = createSunoClient([
      { name: "s", dialect: "sunoapi", baseUrl: sim.url, keys: [KEY] },
    ]);
    await expect(
      createAudioUpload({ actor: user, source: file(), client: sunoapi }),
    ).rejects.toThrow(/does not take uploaded recordings/);
    expect(await db.audioUpload.count({ where: { ownerId: user.id } })).toBe(0);
  });
});
