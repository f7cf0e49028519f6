// Imports (issue 20, item 4): a library exported by the real export code and imported into a
// fresh account comes back field by field (title, style, lyrics, model, date, duration, audio
// digest, lineage, playlist order); importing it again skips every song as a duplicate; a
// folder of MP3s with Suno-style sidecars; bad input (not a ZIP, no audio, zip slip, too
// large, a ZIP bomb lying about its sizes); and the worker's memory over a large ZIP.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { getImportJob, runImportJobs, startImport } from "@/lib/imports/jobs";
import { buildExport } from "@/lib/media/export";
import { zipStream, type ZipEntry } from "@/lib/media/zip";

import { wavHeader } from "../support/wav";

let owner: { id: string };
const words = [
  { word: "Hello ", startS: 1.5, endS: 2 },
  { word: "river\n", startS: 2, endS: 4.25 },
  { word: "Goodbye ", startS: 4.25, endS: 4.8 },
  { word: "sea\n", startS: 4.8, endS: 5.5 },
];
let work: string;

const mp3 = (seed: string, frames = 20) => {
  const frame = Buffer.alloc(417);
  Buffer.from([0xff, 0xfb, 0x90, 0x64]).copy(frame);
  Buffer.from(seed).copy(frame, 40);
  return Buffer.concat(Array.from({ length: frames }, () => frame));
};
const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

async function store(key: string, bytes: Buffer) {
  await mkdir(path.dirname(path.join(process.env.MEDIA_DIR!, key)), { recursive: true });
  await writeFile(path.join(process.env.MEDIA_DIR!, key), bytes);
  return { key, size: bytes.length, sha: sha(bytes) };
}

const register = (name: string) =>
  registerUser({
    name,
    email: `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });

async function writeZip(entries: { name: string; bytes: Buffer }[]) {
  const file = path.join(work, `${randomBytes(4).toString("hex")}.zip`);
  const list: ZipEntry[] = entries.map((e) => ({
    name: e.name,
    size: e.bytes.length,
    modified: new Date(),
    open: () => Readable.from([e.bytes]),
  }));
  await pipeline(zipStream(list), createWriteStream(file));
  return file;
}

/** Uploads a ZIP file as the route does, then lets the worker read it. */
async function importFile(actor: { id: string }, file: string, team?: string) {
  const started = await startImport({
    actor,
    team,
    fileName: path.basename(file),
    body: () => createReadStream(file),
    declaredBytes: (await stat(file)).size,
  });
  await runImportJobs({ budgetMs: 60_000 });
  return getImportJob({ actor, jobId: started.id });
}

const python = (script: string, ...args: string[]) => {
  const run = spawnSync("python3", ["-c", script, ...args], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  return run.stdout;
};

beforeAll(async () => {
  owner = await register("Ada");
  work = await mkdtemp(path.join(tmpdir(), "chorus-import-"));
  const sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  try {
    await sql.query(
      `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, lyrics, status, archive_status, duration, model, created_at, updated_at)
       VALUES ('imp-1', $1, 'primary', 'up-imp-1', 'River Song', 'folk, calm', '[Verse]\nHello river', 'COMPLETE', 'ARCHIVED', 62.4, 'chirp-hawk', '2026-03-01T10:00:00.123Z', now()),
              ('imp-2', $1, 'primary', 'up-imp-2', 'River Song (extended)', 'folk', 'Goodbye sea', 'COMPLETE', 'ARCHIVED', 120.5, 'chirp-crow', '2026-03-02T11:30:00.456Z', now()),
              ('imp-3', $1, 'primary', 'up-imp-3', 'Lonely Tune', 'jazz', NULL, 'COMPLETE', 'ARCHIVED', 30, 'chirp-hawk', '2026-03-03T12:00:00Z', now())`,
      [owner.id],
    );
    await sql.query(
      `UPDATE clips SET parent_clip_id = 'imp-1', continue_at = 40 WHERE id = 'imp-2'`,
    );
    for (const [id, seed] of [
      ["imp-1", "one"],
      ["imp-2", "two"],
      ["imp-3", "three"],
    ] as const) {
      const file = await store(`clips/${id}/audio`, mp3(seed));
      await sql.query(
        `INSERT INTO media_assets (id, clip_id, kind, source_url, storage_key, content_type, byte_size, sha256)
         VALUES ($1, $2, 'AUDIO', 'https://example.test/a.mp3', $3, 'audio/mpeg', $4, $5)`,
        [`m-${id}`, id, file.key, file.size, file.sha],
      );
    }
    // imp-1's cover, WAV, vocals stem and synced lyrics (the export's attachments)
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      randomBytes(200),
    ]);
    const cover = await store("clips/imp-1/image", png);
    const wavBody = Buffer.alloc(8_000, 7);
    const wavFile = await store(
      "clips/imp-1/wav",
      Buffer.concat([wavHeader(wavBody.length), wavBody]),
    );
    const vocals = await store("clips/imp-1/stem-vocals", mp3("vocals"));
    await sql.query(
      `INSERT INTO media_assets (id, clip_id, kind, source_url, storage_key, content_type, byte_size, sha256)
       VALUES ('m-imp-1-img', 'imp-1', 'IMAGE', 'https://example.test/a.png', $1, 'image/png', $2, $3)`,
      [cover.key, cover.size, cover.sha],
    );
    await sql.query(
      `INSERT INTO clip_assets (id, clip_id, kind, storage_key, content_type, byte_size, sha256, archive_status, data, updated_at)
       VALUES ('a-imp-wav', 'imp-1', 'wav', $1, 'audio/wav', $2, $3, 'ARCHIVED', NULL, now()),
              ('a-imp-voc', 'imp-1', 'stem:vocals', $4, 'audio/mpeg', $5, $6, 'ARCHIVED', NULL, now()),
              ('a-imp-lrc', 'imp-1', 'lrc', NULL, NULL, NULL, NULL, 'ARCHIVED', $7, now())`,
      [
        wavFile.key,
        wavFile.size,
        wavFile.sha,
        vocals.key,
        vocals.size,
        vocals.sha,
        JSON.stringify({ words }),
      ],
    );
    await sql.query(
      `INSERT INTO clip_reactions (user_id, clip_id, liked, rating, updated_at) VALUES ($1, 'imp-1', true, 4, now())`,
      [owner.id],
    );
    await sql.query(
      `INSERT INTO playlists (id, owner_id, name, updated_at) VALUES ('imp-pl', $1, 'Road trip', now())`,
      [owner.id],
    );
    await sql.query(
      `INSERT INTO playlist_items (id, playlist_id, clip_id, position) VALUES
         ('ipi-1', 'imp-pl', 'imp-3', 0), ('ipi-2', 'imp-pl', 'imp-1', 1), ('ipi-3', 'imp-pl', 'imp-2', 2)`,
    );
  } finally {
    await sql.end();
  }
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function exportOf(actor: { id: string }) {
  const exported = await buildExport({ actor });
  const file = path.join(work, `export-${randomBytes(4).toString("hex")}.zip`);
  await pipeline(exported.stream(), createWriteStream(file));
  return file;
}

const songsOf = (ownerId: string) =>
  db.clip.findMany({
    where: { ownerId, teamId: null },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      title: true,
      tags: true,
      lyrics: true,
      model: true,
      createdAt: true,
      duration: true,
      continueAt: true,
      parentClipId: true,
      status: true,
      archiveStatus: true,
      media: { where: { kind: "AUDIO" }, select: { sha256: true, byteSize: true } },
    },
  });

describe("import", () => {
  it("brings an export back into a fresh account, field by field, and skips it the second time", async () => {
    const file = await exportOf(owner);
    const fresh = await register("Fresh");
    const job = await importFile(fresh, file);
    expect(job).toMatchObject({ status: "DONE", layout: "chorus", imported: 3, duplicates: 0 });
    expect(job.failed).toBe(0);
    expect(job.playlists).toBe(1);

    const before = await songsOf(owner.id);
    const after = await songsOf(fresh.id);
    expect(after).toHaveLength(before.length);
    const newId = new Map<string, string>();
    before.forEach((clip, i) => newId.set(clip.id, after[i]!.id));
    for (const [i, original] of before.entries()) {
      const copy = after[i]!;
      expect(copy.title).toBe(original.title);
      expect(copy.tags).toBe(original.tags);
      expect(copy.lyrics).toBe(original.lyrics);
      expect(copy.model).toBe(original.model);
      expect(copy.createdAt.toISOString()).toBe(original.createdAt.toISOString());
      expect(copy.duration).toBe(original.duration);
      expect(copy.continueAt).toBe(original.continueAt);
      // the export's ID3 tag is dropped again: the very bytes Chorus stored
      expect(copy.media[0]!.sha256).toBe(original.media[0]!.sha256);
      expect(copy.media[0]!.byteSize).toBe(original.media[0]!.byteSize);
      expect(copy.parentClipId).toBe(
        original.parentClipId ? newId.get(original.parentClipId) : null,
      );
      expect(copy).toMatchObject({ status: "COMPLETE", archiveStatus: "ARCHIVED" });
    }
    const playlist = await db.playlist.findFirstOrThrow({
      where: { ownerId: fresh.id },
      include: { items: { orderBy: { position: "asc" } } },
    });
    expect(playlist.name).toBe("Road trip");
    expect(playlist.items.map((item) => item.clipId)).toEqual(
      ["imp-3", "imp-1", "imp-2"].map((id) => newId.get(id)),
    );
    // imp-1's cover and attachments came along (audio attachments as exported: tagged), and
    // its synced lyrics: the same words at the same times (LRC keeps no ends but the last)
    const first = await db.clip.findUniqueOrThrow({
      where: { id: newId.get("imp-1") },
      include: { media: true, assets: { orderBy: { kind: "asc" } } },
    });
    const image = first.media.find((m) => m.kind === "IMAGE")!;
    expect(image.sha256).toBe(
      (await db.mediaAsset.findFirstOrThrow({ where: { clipId: "imp-1", kind: "IMAGE" } })).sha256,
    );
    expect(first.assets.map((a) => [a.kind, a.contentType, a.archiveStatus])).toEqual([
      ["lrc", null, "ARCHIVED"],
      ["stem:vocals", "audio/mpeg", "ARCHIVED"],
      ["wav", "audio/wav", "ARCHIVED"],
    ]);
    const synced = (first.assets[0]!.data as { words: typeof words }).words;
    expect(synced.map((w) => [w.word, w.startS])).toEqual(words.map((w) => [w.word, w.startS]));
    expect(synced.slice(0, -1).map((w) => w.endS)).toEqual(words.slice(0, -1).map((w) => w.endS));
    // the exporter's own like and rating are the importer's now
    const reaction = await db.clipReaction.findFirst({
      where: { userId: fresh.id, clipId: newId.get("imp-1") },
    });
    expect(reaction).toMatchObject({ liked: true, rating: 4 });
    // the audio is stored and readable where the clip says
    const stored = await readFile(path.join(process.env.MEDIA_DIR!, `clips/${after[0]!.id}/audio`));
    expect(sha(stored)).toBe(before[0]!.media[0]!.sha256);

    const again = await importFile(fresh, file);
    expect(again).toMatchObject({ status: "DONE", imported: 0, duplicates: 3, failed: 0 });
    expect(again.files.map((f) => [f.status, f.reason])).toEqual(
      Array.from({ length: 3 }, () => ["DUPLICATE", "already in this library"]),
    );
    expect(await db.clip.count({ where: { ownerId: fresh.id } })).toBe(3);
    // the uploads left storage's keys once done
    const jobs = await db.importJob.findMany({ where: { userId: fresh.id } });
    expect(jobs.every((j) => j.storageKey === null)).toBe(true);
  });

  it("reads a folder of MP3s with Suno-style sidecars and an M3U8", async () => {
    const someone = await register("Sidecar");
    const file = await writeZip([
      { name: "suno/Night Drive.mp3", bytes: mp3("night") },
      {
        name: "suno/Night Drive.json",
        bytes: Buffer.from(
          JSON.stringify({
            id: "5f1c2d3e-aaaa-bbbb-cccc-0123456789ab",
            title: "Night Drive",
            model_name: "chirp-v4",
            created_at: "2025-05-06T07:08:09.000Z",
            metadata: { tags: "synthwave, retro", prompt: "[Verse]\nNeon lights", duration: 184.2 },
          }),
        ),
      },
      { name: "suno/Morning.mp3", bytes: mp3("morning") },
      {
        name: "suno/Morning.mp3.json",
        bytes: Buffer.from(
          JSON.stringify({
            title: "Morning",
            tags: ["lofi", "chill"],
            lyric: "Sun up",
            mv: "chirp-v3-5",
          }),
        ),
      },
      { name: "suno/no sidecar.mp3", bytes: mp3("plain") },
      { name: "suno/notes.txt", bytes: Buffer.from("not a song") },
      { name: "__MACOSX/suno/._Morning.mp3", bytes: Buffer.from("resource fork") },
      {
        name: "suno/mix.m3u8",
        bytes: Buffer.from("#EXTM3U\n#PLAYLIST:Drive mix\nMorning.mp3\n./Night Drive.mp3\n"),
      },
    ]);
    const job = await importFile(someone, file);
    expect(job).toMatchObject({ status: "DONE", layout: "sidecars", imported: 3, failed: 0 });
    const clips = await db.clip.findMany({
      where: { ownerId: someone.id },
      orderBy: { title: "asc" },
    });
    expect(
      clips.map((c) => [c.title, c.tags, c.lyrics, c.model, c.duration, c.upstreamId.length > 0]),
    ).toEqual([
      ["Morning", "lofi, chill", "Sun up", "chirp-v3-5", null, true],
      ["Night Drive", "synthwave, retro", "[Verse]\nNeon lights", "chirp-v4", 184.2, true],
      ["no sidecar", "", null, null, null, true],
    ]);
    const night = clips.find((c) => c.title === "Night Drive")!;
    expect(night.upstreamId).toBe("5f1c2d3e-aaaa-bbbb-cccc-0123456789ab");
    expect(night.createdAt.toISOString()).toBe("2025-05-06T07:08:09.000Z");
    const playlist = await db.playlist.findFirstOrThrow({
      where: { ownerId: someone.id },
      include: { items: { orderBy: { position: "asc" }, include: { clip: true } } },
    });
    expect(playlist.name).toBe("Drive mix");
    expect(playlist.items.map((i) => i.clip.title)).toEqual(["Morning", "Night Drive"]);
    // imported songs are found by the library's search like any other
    const { searchLibrary } = await import("@/lib/library/search");
    const { libraryQuerySchema } = await import("@/lib/library/query");
    const found = await searchLibrary({
      actor: someone,
      query: libraryQuerySchema.parse({ q: "neon" }),
    });
    expect(JSON.stringify(found)).toContain("Night Drive");
  });

  it("refuses bad input with a clear reason and writes nothing for it", async () => {
    const someone = await register("Bad");
    // not a ZIP: refused at the upload, nothing stored, no job
    await expect(
      startImport({
        actor: someone,
        fileName: "x.zip",
        body: () => Readable.from([Buffer.from("hello, not a zip")]),
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.importJob.count({ where: { userId: someone.id } })).toBe(0);

    // a ZIP without audio
    const empty = await importFile(
      someone,
      await writeZip([{ name: "a.txt", bytes: Buffer.from("x") }]),
    );
    expect(empty).toMatchObject({ status: "FAILED" });
    expect(empty.error).toMatch(/no audio/);

    // zip slip: the whole ZIP is refused before anything is written
    const slip = await importFile(
      someone,
      await writeZip([
        { name: "fine.mp3", bytes: mp3("fine") },
        { name: "../../evil.mp3", bytes: mp3("evil") },
      ]),
    );
    expect(slip.status).toBe("FAILED");
    expect(slip.error).toMatch(/invalid relative path/);

    // an oversized song, and a bomb lying about its size: those fail, the rest is imported
    const bomb = path.join(work, "bomb.zip");
    python(
      `import sys, zipfile, struct
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("ok.mp3", bytes([0xff, 0xfb, 0x90, 0x64]) + b"ok" * 4000)
    z.writestr("huge.mp3", bytes([0xff, 0xfb, 0x90, 0x64]) + bytes(120_000_000))
    z.writestr("liar.mp3", bytes([0xff, 0xfb, 0x90, 0x64]) + bytes(3_000_000))
data = bytearray(open(sys.argv[1], "rb").read())
# liar.mp3 declares 1,000 bytes (local header and central directory) but inflates to 3 MB
for sig, name_len_at, name_at, size_at in ((b"PK\\x03\\x04", 26, 30, 22), (b"PK\\x01\\x02", 28, 46, 24)):
    i = data.find(sig)
    while i >= 0:
        n = struct.unpack_from("<H", data, i + name_len_at)[0]
        if data[i + name_at:i + name_at + n] == b"liar.mp3":
            struct.pack_into("<I", data, i + size_at, 1000)
        i = data.find(sig, i + 4)
open(sys.argv[1], "wb").write(bytes(data))`,
      bomb,
    );
    const mixed = await importFile(someone, bomb);
    expect(mixed).toMatchObject({ status: "DONE", imported: 1, failed: 2 });
    const reasons = Object.fromEntries(mixed.files.map((f) => [f.path, f.reason]));
    expect(reasons["huge.mp3"]).toMatch(/larger than 100 MB/);
    expect(reasons["liar.mp3"]).toMatch(/could not be read from the ZIP/);
    expect(await db.clip.count({ where: { ownerId: someone.id } })).toBe(1);

    // a viewer of a team may not import into it
    const { createTeam } = await import("@/lib/teams/teams");
    const team = await createTeam(owner, { name: `Import team ${randomBytes(3).toString("hex")}` });
    await db.membership.create({ data: { teamId: team.id, userId: someone.id, role: "VIEWER" } });
    await expect(
      startImport({
        actor: someone,
        team: team.slug,
        fileName: "x.zip",
        body: () => createReadStream(bomb),
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("imports into a team for its members, duplicates counted per library", async () => {
    const { createTeam } = await import("@/lib/teams/teams");
    const lead = await register("Lead");
    const team = await createTeam(lead, { name: `Band ${randomBytes(3).toString("hex")}` });
    const file = await writeZip([
      { name: "demo/one.mp3", bytes: mp3("team-one") },
      { name: "demo/two.mp3", bytes: mp3("team-two") },
    ]);
    const into = await importFile(lead, file, team.slug);
    expect(into).toMatchObject({ status: "DONE", workspace: team.name, imported: 2 });
    expect(await db.clip.count({ where: { teamId: team.id, ownerId: lead.id } })).toBe(2);
    // the same songs are new to the personal library, and already in the team's
    const personal = await importFile(lead, file);
    expect(personal).toMatchObject({ imported: 2, duplicates: 0 });
    const again = await importFile(lead, file, team.slug);
    expect(again).toMatchObject({ imported: 0, duplicates: 2 });
    // a report is its importer's alone
    const stranger = await register("Stranger");
    await expect(getImportJob({ actor: stranger, jobId: into.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("makes imported songs sources for extend and cover (their audio uploaded first)", async () => {
    const { startSimulator } = await import("../../simulator/server");
    const { createSunoClient } = await import("@/lib/suno/client");
    const { submitTask } = await import("@/lib/tasks/submit");
    const { refreshIfDue } = await import("@/lib/tasks/refresh");
    const sim = await startSimulator({ port: 0, keys: ["sk-import"], stepMs: 10, clipSeconds: 3 });
    try {
      const client = createSunoClient(
        [
          {
            name: "org",
            dialect: "sunoapi-org",
            baseUrl: `${sim.url}/org`,
            keys: ["sk-import"],
            timeoutMs: 5000,
          },
        ],
        { sleep: async () => {} },
      );
      const someone = await register("Source");
      const job = await importFile(
        someone,
        await writeZip([{ name: "Porch Demo.mp3", bytes: mp3("porch", 200) }]),
      );
      expect(job.imported).toBe(1);
      const imported = await db.clip.findFirstOrThrow({ where: { ownerId: someone.id } });
      const runToEnd = async (taskId: string) => {
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
      };
      for (const input of [
        { operation: "EXTEND", clipId: imported.id, continueAt: "1" },
        {
          operation: "CLIP_COVER",
          clipId: imported.id,
          tags: "dream pop",
          lyrics: "[Verse]\nNew words",
        },
      ]) {
        const task = await submitTask({
          actor: someone,
          teamId: null,
          idempotencyKey: `idem-${randomBytes(8).toString("hex")}`,
          client,
          input,
        });
        const done = await runToEnd(task.id);
        expect(done.status, `${input.operation}: ${done.failReason}`).toBe("SUCCEEDED");
        expect(done.clips.length).toBeGreaterThan(0);
        expect(done.clips.every((c) => c.parentClipId === imported.id)).toBe(true);
      }
      // both started from the archived audio on the file host: the provider never made the song
      const posts = sim.admin
        .state()
        .requests.filter((r) => r.method === "POST")
        .map((r) => r.path);
      expect(posts).toEqual([
        "/org/api/file-stream-upload",
        "/org/api/v1/generate/upload-extend",
        "/org/api/file-stream-upload",
        "/org/api/v1/generate/upload-cover",
      ]);
    } finally {
      await sim.stop();
    }
  });

  it("reads a large ZIP in bounded memory", async () => {
    const someone = await register("Big");
    const songs = Number(process.env.IMPORT_BENCH_SONGS ?? 120);
    const size = 2_500_000; // ~300 MB of audio
    const entries: ZipEntry[] = Array.from({ length: songs }, (_, i) => ({
      name: `big/song ${i}.mp3`,
      size,
      modified: new Date(),
      open: () => {
        const head = Buffer.from([0xff, 0xfb, 0x90, 0x64]);
        const body = randomBytes(size - 4);
        return Readable.from([head, body]);
      },
    }));
    const file = path.join(work, "big.zip");
    await pipeline(zipStream(entries), createWriteStream(file));
    const zipBytes = (await stat(file)).size;
    global.gc?.();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    const timer = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 20);
    const started = Date.now();
    const job = await importFile(someone, file);
    clearInterval(timer);
    const seconds = (Date.now() - started) / 1000;
    expect(job).toMatchObject({ status: "DONE", imported: songs, failed: 0 });
    const mb = (n: number) => Math.round(n / 1e6);
    console.log(
      `import of ${mb(zipBytes)} MB (${songs} songs) in ${seconds.toFixed(1)} s: ` +
        `RSS ${mb(base.rss)} → peak ${mb(peakRss)} MB (+${mb(peakRss - base.rss)}), ` +
        `heap ${mb(base.heapUsed)} → peak ${mb(peakHeap)} MB (+${mb(peakHeap - base.heapUsed)})`,
    );
    // a ceiling far below the ZIP's size: nothing is held whole
    expect(peakRss - base.rss).toBeLessThan(150e6);
    expect(peakHeap - base.heapUsed).toBeLessThan(100e6);
  }, 120_000);
});
