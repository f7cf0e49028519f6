// A person's own recording against a real Postgres and the simulator over HTTP (sunoapi-org):
// a file or a link (fetched through the SSRF-safe fetch) is checked, put on the vendor's file
// host, then covered or extended by the task engine, on the provider that holds the file.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { refreshIfDue } from "@/lib/tasks/refresh";
import { submitTask } from "@/lib/tasks/submit";
import { createAudioUpload } from "@/lib/uploads/audio-uploads";
import { UPLOAD_MAX_BYTES } from "@/lib/uploads/shared";

import { startSimulator, type Simulator } from "../../simulator/server";
import { wav } from "../support/wav";

const KEY = "sk-own-audio";
let sim: Simulator;
let client: ReturnType<typeof createSunoClient>;
let links: Server;
let linkBase: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 3 });
  client = createSunoClient(
    [
      {
        name: "org",
        dialect: "sunoapi-org",
        baseUrl: `${sim.url}/org`,
        keys: [KEY],
        timeoutMs: 5000,
      },
    ],
    { sleep: async () => {} },
  );
  // a stranger's web server with a recording and a page that is not audio
  links = createServer((req, res) => {
    if (req.url === "/porch-demo.wav") res.writeHead(200, { "content-type": "audio/wav" });
    else res.writeHead(200, { "content-type": "text/html" });
    res.end(req.url === "/porch-demo.wav" ? Buffer.from(wav()) : "<html>not audio</html>");
  });
  await new Promise<void>((resolve) => links.listen(0, "127.0.0.1", resolve));
  linkBase = `http://127.0.0.1:${(links.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sim.stop();
  await new Promise((resolve) => links.close(resolve));
});
beforeEach(() => sim.admin.reset());

const key = () => `idem-${randomBytes(8).toString("hex")}`;
const newUser = () =>
  registerUser({
    name: "Own Audio",
    email: `own-${randomBytes(5).toString("hex")}@example.test`,
    password: "a long enough password",
  });
const fileSource = (bytes = wav(), fileName = "Porch Demo.wav") =>
  ({ kind: "file", bytes, fileName }) as const;

async function runToEnd(taskId: string) {
  for (let i = 0; i < 200; i++) {
    await db.task.update({ where: { id: taskId }, data: { nextPollAt: new Date(0) } });
    await refreshIfDue(taskId, client);
    const task = await db.task.findUniqueOrThrow({
      where: { id: taskId },
      include: { clips: true },
    });
    if (["SUCCEEDED", "FAILED", "TIMED_OUT"].includes(task.status)) return task;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the task never finished");
}

describe("uploading a recording", () => {
  it("puts a file on the vendor's file host and records who may use it", async () => {
    const user = await newUser();
    const upload = await createAudioUpload({ actor: user, source: fileSource(), client });
    expect(upload).toMatchObject({
      fileName: "Porch Demo.wav",
      contentType: "audio/wav",
      byteSize: wav().byteLength,
    });
    const row = await db.audioUpload.findUniqueOrThrow({ where: { id: upload.id } });
    expect(row).toMatchObject({ ownerId: user.id, provider: "org" });
    // the file host has exactly the bytes, at the URL it answered
    const served = await fetch(row.downloadUrl!);
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(wav()))).toBe(true);
    expect(new Date(upload.expiresAt).getTime()).toBeGreaterThan(Date.now() + 2 * 24 * 3600_000);
    expect(sim.admin.requests().map((r) => `${r.method} ${r.path}`)).toContain(
      "POST /org/api/file-stream-upload",
    );
  });

  it("fetches a link itself, through the SSRF-safe fetch, and checks it is audio", async () => {
    const user = await newUser();
    const allowHosts = new Set([new URL(linkBase).host]);
    const upload = await createAudioUpload({
      actor: user,
      source: { kind: "link", url: `${linkBase}/porch-demo.wav` },
      client,
      allowHosts,
    });
    expect(upload.fileName).toBe("porch-demo.wav");
    await expect(
      createAudioUpload({
        actor: user,
        source: { kind: "link", url: `${linkBase}/page.html` },
        client,
        allowHosts,
      }),
    ).rejects.toThrow(/not an audio file/);
    // a private address is never fetched for a person's link
    await expect(
      createAudioUpload({
        actor: user,
        source: { kind: "link", url: `${linkBase}/porch-demo.wav` },
        client,
      }),
    ).rejects.toThrow(/cannot be used.*private/);
  });

  it("refuses a file that is not audio or is too large, and writes nothing", async () => {
    const user = await newUser();
    const text = new Uint8Array(Buffer.from("just some text, not a recording"));
    await expect(
      createAudioUpload({ actor: user, source: fileSource(text, "notes.mp3"), client }),
    ).rejects.toThrow(/not an audio file/);
    const huge = new Uint8Array(UPLOAD_MAX_BYTES + 1);
    huge.set(wav().subarray(0, 44));
    await expect(
      createAudioUpload({ actor: user, source: fileSource(huge), client }),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(await db.audioUpload.count({ where: { ownerId: user.id } })).toBe(0);
    expect(sim.admin.requests().filter((r) => r.path.includes("upload"))).toHaveLength(0);
  });
  // a provider without a file host: hosted-uploads.test.ts (relay keeps it, sunoapi refuses)
});

describe("covering and extending it", () => {
  it("covers the recording: two takes, typed as a cover, on the provider holding the file", async () => {
    const user = await newUser();
    const upload = await createAudioUpload({ actor: user, source: fileSource(), client });
    const task = await submitTask({
      actor: user,
      teamId: null,
      idempotencyKey: key(),
      client,
      input: {
        operation: "UPLOAD_COVER",
        uploadId: upload.id,
        tags: "bossa nova",
        title: "Porch Cover",
        instrumental: "on",
        model: "chirp-goose",
      },
    });
    expect(task).toMatchObject({ status: "SUBMITTED", provider: "org", dialect: "SUNOAPI_ORG" });
    const sent = sim.admin.state().tasks.find((t) => t.id === task.upstreamId)!;
    expect(sent.kind).toBe("gen");
    const done = await runToEnd(task.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.cost).toBe(10); // a cover costs what a song does
    expect(done.clips).toHaveLength(2);
    for (const clip of done.clips)
      expect(clip).toMatchObject({
        clipType: "cover",
        title: "Porch Cover",
        isInstrumental: true,
        model: "chirp-goose",
        status: "COMPLETE",
      });
    // the vendor downloaded Chorus's upload, never a URL from the form
    const posted = sim.admin.requests().filter((r) => r.method === "POST");
    expect(posted.map((r) => r.path)).toEqual([
      "/org/api/file-stream-upload",
      "/org/api/v1/generate/upload-cover",
    ]);
  });

  it("extends the recording from a point, with new words", async () => {
    const user = await newUser();
    const upload = await createAudioUpload({ actor: user, source: fileSource(), client });
    const task = await submitTask({
      actor: user,
      teamId: null,
      idempotencyKey: key(),
      client,
      input: {
        operation: "UPLOAD_EXTEND",
        uploadId: upload.id,
        continueAt: "1",
        lyrics: "[Verse]\nAnd then the porch light came on",
        tags: "folk",
        title: "Porch, Continued",
      },
    });
    const done = await runToEnd(task.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.cost).toBe(10);
    expect(done.model).toBe("chirp-hawk"); // none chosen: the catalogue's default
    expect(done.clips.map((c) => c.clipType)).toEqual(["extend", "extend"]);
    expect(done.clips[0]!.lyrics).toMatch(/porch light/);
  });

  it("names only the actor's own, unexpired upload: anyone else's is not found", async () => {
    const owner = await newUser();
    const stranger = await newUser();
    const upload = await createAudioUpload({ actor: owner, source: fileSource(), client });
    const input = {
      operation: "UPLOAD_COVER",
      uploadId: upload.id,
      tags: "punk",
      title: "Stolen",
      instrumental: true,
    };
    await expect(
      submitTask({ actor: stranger, teamId: null, idempotencyKey: key(), client, input }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await db.audioUpload.update({ where: { id: upload.id }, data: { expiresAt: new Date(0) } });
    await expect(
      submitTask({ actor: owner, teamId: null, idempotencyKey: key(), client, input }),
    ).rejects.toThrow(/recording is gone/);
    expect(await db.task.count({ where: { ownerId: { in: [owner.id, stranger.id] } } })).toBe(0);
  });

  it("checks the fields: a sung cover needs lyrics, a new style needs a title", async () => {
    const user = await newUser();
    const upload = await createAudioUpload({ actor: user, source: fileSource(), client });
    await expect(
      submitTask({
        actor: user,
        teamId: null,
        idempotencyKey: key(),
        client,
        input: { operation: "UPLOAD_COVER", uploadId: upload.id, tags: "pop", title: "T" },
      }),
    ).rejects.toMatchObject({ fieldErrors: { lyrics: [expect.stringMatching(/lyrics/)] } });
    await expect(
      submitTask({
        actor: user,
        teamId: null,
        idempotencyKey: key(),
        client,
        input: { operation: "UPLOAD_EXTEND", uploadId: upload.id, continueAt: 2, tags: "pop" },
      }),
    ).rejects.toMatchObject({ fieldErrors: { title: [expect.any(String)] } });
  });
});
