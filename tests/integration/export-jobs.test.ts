// Exports too large for one download (issue 20, item 2): the route answers 409 past
// EXPORT_DOWNLOAD_MAX_BYTES, a background job writes the same ZIP into storage (read back by
// Python's zipfile), only its owner downloads it (with Range), a worker that dies mid-write
// or loses its lease never leaves a second file or a broken one, and a day later the file
// leaves storage.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";

import { NextRequest } from "next/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({ current: null as null | { id: string } }));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => session.current }));

process.env.EXPORT_DOWNLOAD_MAX_BYTES = "50000"; // before the environment is first read

const { registerUser } = await import("@/lib/auth/credentials");
const { db } = await import("@/lib/db");
const { getMediaStorage } = await import("@/lib/media/config");
const { collectStorageGarbage } = await import("@/lib/media/garbage");
const jobs = await import("@/lib/media/export-jobs");
const { GET: exportRoute } = await import("@/app/api/export/route");

const SONGS = 12;
const AUDIO_BYTES = 20_000;
let owner: { id: string };
let stranger: { id: string };
let work: string;

beforeAll(async () => {
  const register = (name: string) =>
    registerUser({
      name,
      email: `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`,
      password: "a long enough password",
    });
  owner = await register("Ada");
  stranger = await register("Eve");
  work = await mkdtemp(path.join(tmpdir(), "chorus-export-jobs-"));
  const sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  try {
    await sql.query(
      `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, status, archive_status, duration, created_at, updated_at)
       SELECT 'ej-' || n, $1, 'primary', 'up-ej-' || n, 'Job song ' || n, 'folk', 'COMPLETE', 'ARCHIVED', 20, now() + n * interval '1 ms', now()
       FROM generate_series(1, ${SONGS}) AS n`,
      [owner.id],
    );
    for (let n = 1; n <= SONGS; n++) {
      const bytes = Buffer.alloc(AUDIO_BYTES, n);
      Buffer.from([0xff, 0xfb, 0x90, 0x64]).copy(bytes);
      await mkdir(path.join(process.env.MEDIA_DIR!, "clips", `ej-${n}`), { recursive: true });
      await writeFile(path.join(process.env.MEDIA_DIR!, `clips/ej-${n}/audio`), bytes);
      await sql.query(
        `INSERT INTO media_assets (id, clip_id, kind, source_url, storage_key, content_type, byte_size, sha256)
         VALUES ($1, $2, 'AUDIO', 'https://example.test/a.mp3', $3, 'audio/mpeg', $4, $5)`,
        [
          `m-ej-${n}`,
          `ej-${n}`,
          `clips/ej-${n}/audio`,
          AUDIO_BYTES,
          createHash("sha256").update(bytes).digest("hex"),
        ],
      );
    }
  } finally {
    await sql.end();
  }
});
afterAll(() => rm(work, { recursive: true, force: true }));

const ask = (url: string) =>
  exportRoute(new NextRequest(new URL(url, "http://localhost:3000")), {
    params: Promise.resolve({}),
  });

async function download(jobId: string, actor: { id: string }, range: string | null = null) {
  return jobs.serveExportJob({ actor, jobId, range, ifNoneMatch: null });
}

function zipNames(bytes: Buffer, file: string) {
  const target = path.join(work, file);
  return writeFile(target, bytes).then(() => {
    const python = spawnSync(
      "python3",
      [
        "-c",
        "import json, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps(z.namelist()))",
        target,
      ],
      { encoding: "utf8" },
    );
    expect(python.stderr).toBe("");
    return JSON.parse(python.stdout) as string[];
  });
}

/** A store that fails the first write after `failAfter` bytes, like a worker dying mid-file. */
function failingOnce(failAfter: number) {
  const real = getMediaStorage();
  let failed = false;
  return {
    ...real,
    size: real.size.bind(real),
    read: real.read.bind(real),
    remove: real.remove.bind(real),
    put(key: string, body: Readable, options: { maxBytes: number }) {
      if (failed) return real.put(key, body, options);
      failed = true;
      let seen = 0;
      // a generator pulls only as the store reads, so the failure reaches the store's write
      const breaking = Readable.from(
        (async function* () {
          for await (const chunk of body as AsyncIterable<Buffer>) {
            seen += chunk.length;
            if (seen > failAfter) throw new Error("disk went away");
            yield chunk;
          }
        })(),
      );
      return real.put(key, breaking, options);
    },
  };
}

describe("background exports", () => {
  it("past the download limit, the route answers 409 and the job writes the same ZIP", async () => {
    session.current = owner;
    const refused = await ask("/api/export");
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as { error: { code: string; songs: number } };
    expect(body.error).toMatchObject({ code: "EXPORT_TOO_LARGE", songs: SONGS });
    // a small selection still downloads at once
    expect((await ask("/api/export?ids=ej-1")).status).toBe(200);

    const { job } = await jobs.startExportJob({ actor: owner, scope: {} });
    expect(job).toMatchObject({ status: "QUEUED", songs: SONGS, label: "Personal library" });
    // the same export asked again is the same job
    const again = await jobs.startExportJob({ actor: owner, scope: {} });
    expect(again).toMatchObject({ reused: true, job: { id: job.id } });
    // nobody but its owner can fetch it, ready or not
    expect((await download(job.id, owner)).status).toBe(404);

    expect(await jobs.runExportJobs({ budgetMs: 60_000 })).toMatchObject({ ready: 1 });
    const ready = await db.exportJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(ready).toMatchObject({ status: "READY", attempts: 1 });
    expect(ready.expiresAt!.getTime() - ready.finishedAt!.getTime()).toBe(jobs.EXPORT_KEPT_MS);
    expect(ready.writtenBytes).toBe(ready.totalBytes);

    const response = await download(job.id, owner);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename="chorus/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(Number(ready.totalBytes));
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(ready.sha256);
    const names = await zipNames(bytes, "job.zip");
    expect(names.filter((n) => n.endsWith("/audio.mp3"))).toHaveLength(SONGS);
    expect(names).toContain("metadata.json");

    // a download resumes
    const tail = await download(job.id, owner, `bytes=${bytes.length - 100}-`);
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 100));
    expect((await download(job.id, stranger)).status).toBe(404);
    await expect(jobs.deleteExportJob({ actor: stranger, jobId: job.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await jobs.listExportJobs({ actor: stranger })).length).toBe(0);
    expect((await jobs.listExportJobs({ actor: owner }))[0]).toMatchObject({
      id: job.id,
      status: "READY",
      downloadUrl: `/api/export/jobs/${job.id}`,
    });

    // a day later the file leaves storage, through the storage-garbage pass
    await jobs.expireExportJobs(new Date(ready.expiresAt!.getTime() + 1));
    expect(await db.exportJob.findUnique({ where: { id: job.id } })).toMatchObject({
      status: "EXPIRED",
      storageKey: null,
    });
    expect((await download(job.id, owner)).status).toBe(404);
    expect(await getMediaStorage().size(ready.storageKey!)).not.toBeNull();
    await collectStorageGarbage();
    expect(await getMediaStorage().size(ready.storageKey!)).toBeNull();
  });

  it("a write that dies halfway is started again and leaves one whole file", async () => {
    const { job } = await jobs.startExportJob({
      actor: owner,
      scope: { clipIds: ["ej-1", "ej-2"] },
    });
    const storage = failingOnce(10_000);
    expect(await jobs.runExportJobs({ budgetMs: 60_000, storage })).toEqual({
      ready: 1,
      failed: 0,
      retried: 1,
    });
    const done = await db.exportJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(done).toMatchObject({ status: "READY", attempts: 2 });
    const folder = path.join(process.env.MEDIA_DIR!, "exports", job.id);
    const { readdir } = await import("node:fs/promises");
    // the first attempt's file was never completed, so only the second's exists
    expect(await readdir(folder)).toEqual(["2.zip"]);
    const bytes = Buffer.from(await (await download(job.id, owner)).arrayBuffer());
    expect(await zipNames(bytes, "retried.zip")).toHaveLength(2 + 2);
  });

  it("a worker whose lease ran out cannot finish the job another worker took over", async () => {
    const { job } = await jobs.startExportJob({ actor: owner, scope: { clipIds: ["ej-3"] } });
    const real = getMediaStorage();
    let stolen = false;
    // while the first worker writes, its lease runs out and a second worker takes the job
    const slow = {
      ...real,
      size: real.size.bind(real),
      read: real.read.bind(real),
      remove: real.remove.bind(real),
      async put(key: string, body: Readable, options: { maxBytes: number }) {
        if (!stolen) {
          stolen = true;
          await db.exportJob.update({
            where: { id: job.id },
            data: { leaseUntil: new Date(Date.now() - 1000) },
          });
          expect(await jobs.runExportJobs({ budgetMs: 60_000 })).toMatchObject({ ready: 1 });
        }
        return real.put(key, body, options);
      },
    };
    expect(await jobs.runExportJobs({ budgetMs: 60_000, storage: slow })).toMatchObject({
      ready: 0,
    });
    const done = await db.exportJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(done).toMatchObject({
      status: "READY",
      attempts: 2,
      storageKey: `exports/${job.id}/2.zip`,
    });
    const { readdir } = await import("node:fs/promises");
    expect(await readdir(path.join(process.env.MEDIA_DIR!, "exports", job.id))).toEqual(["2.zip"]);
  });

  it("a person has at most three exports being prepared", async () => {
    for (const id of ["ej-4", "ej-5", "ej-6"])
      await jobs.startExportJob({ actor: owner, scope: { clipIds: [id] } });
    await expect(
      jobs.startExportJob({ actor: owner, scope: { clipIds: ["ej-7"] } }),
    ).rejects.toMatchObject({ code: "RATE_LIMITED" });
    // someone else's songs are not theirs to export
    await expect(
      jobs.startExportJob({ actor: stranger, scope: { clipIds: ["ej-7"] } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.exportJob.count({ where: { userId: stranger.id } })).toBe(0);
  });
});
