// Exporting 6,000 songs as a ZIP (past the old writer's 5,000): every entry verified (name,
// size, CRC, bytes), by `unzip -t` and Python's zipfile too, the metadata complete, and memory
// bounded while ~180 MB stream through.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { crc32 } from "node:zlib";

import { parseBuffer } from "music-metadata";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { buildExport } from "@/lib/media/export";

import { wavHeader } from "../support/wav";

const CLIPS = 6000;
const AUDIO_BYTES = 30_000;
const MEMORY_CEILING_MB = 96;
let owner: { id: string };
let work: string;
const audioOf = (index: number) => {
  // a WAV with distinct, deterministic content per clip
  const seed = createHash("sha256").update(`clip-${index}`).digest();
  const buffer = Buffer.alloc(AUDIO_BYTES);
  for (let i = 44; i < buffer.length; i += seed.length) seed.copy(buffer, i);
  wavHeader(AUDIO_BYTES - 44).copy(buffer);
  return buffer;
};

beforeAll(async () => {
  owner = await registerUser({
    name: "Exporter",
    email: `export-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });
  work = await mkdtemp(path.join(tmpdir(), "chorus-export-"));
  const sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  const { rows } = await sql.query(
    `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, lyrics, status, archive_status, duration, created_at, updated_at)
     SELECT 'exp-' || n, $1, 'primary', 'up-exp-' || n, 'Song "' || n || '", take one', 'folk, n' || n, '[Verse]' || chr(10) || 'line ' || n, 'COMPLETE', 'ARCHIVED', 30, now() + n * interval '1 ms', now()
     FROM generate_series(1, ${CLIPS}) AS n RETURNING id`,
    [owner.id],
  );
  expect(rows).toHaveLength(CLIPS);
  const hashes: string[] = [];
  for (let n = 1; n <= CLIPS; n++) {
    await mkdir(path.join(process.env.MEDIA_DIR!, "clips", `exp-${n}`), { recursive: true });
    const audio = audioOf(n);
    await writeFile(path.join(process.env.MEDIA_DIR!, `clips/exp-${n}/audio`), audio);
    hashes.push(createHash("sha256").update(audio).digest("hex"));
  }
  await sql.query(
    `INSERT INTO media_assets (id, clip_id, kind, source_url, storage_key, content_type, byte_size, sha256)
     SELECT 'm-exp-' || n, 'exp-' || n, 'AUDIO', 'https://example.test/a.wav', 'clips/exp-' || n || '/audio', 'audio/wav', $1, sha
     FROM unnest($2::text[]) WITH ORDINALITY AS h(sha, n)`,
    [AUDIO_BYTES, hashes],
  );
  await sql.end();
}, 300_000);
afterAll(() => rm(work, { recursive: true, force: true }));

type CentralEntry = { name: string; crc: number; size: number; offset: number };

async function readZip(file: string): Promise<CentralEntry[]> {
  const handle = await open(file);
  try {
    const { size } = await handle.stat();
    const end = Buffer.alloc(22);
    await handle.read(end, 0, 22, size - 22);
    expect(end.readUInt32LE(0)).toBe(0x06054b50);
    const count = end.readUInt16LE(10);
    const directory = Buffer.alloc(end.readUInt32LE(12));
    await handle.read(directory, 0, directory.length, end.readUInt32LE(16));
    const entries: CentralEntry[] = [];
    for (let at = 0, i = 0; i < count; i++) {
      expect(directory.readUInt32LE(at)).toBe(0x02014b50);
      const nameLength = directory.readUInt16LE(at + 28);
      entries.push({
        crc: directory.readUInt32LE(at + 16),
        size: directory.readUInt32LE(at + 24),
        offset: directory.readUInt32LE(at + 42),
        name: directory.subarray(at + 46, at + 46 + nameLength).toString(),
      });
      at += 46 + nameLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

async function entryBytes(file: string, entry: CentralEntry): Promise<Buffer> {
  const handle = await open(file);
  try {
    const header = Buffer.alloc(30);
    await handle.read(header, 0, 30, entry.offset);
    expect(header.readUInt32LE(0)).toBe(0x04034b50);
    const start = entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const data = Buffer.alloc(entry.size);
    await handle.read(data, 0, entry.size, start);
    return data;
  } finally {
    await handle.close();
  }
}

describe("export", () => {
  it(`streams ${CLIPS} songs into a valid ZIP under a fixed memory ceiling`, async () => {
    const exported = await buildExport({ actor: owner });
    expect(exported.songs).toBe(CLIPS);
    const file = path.join(work, "export.zip");

    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }, 10);
    await pipeline(exported.stream(), createWriteStream(file));
    clearInterval(sampler);
    const rssGrowthMb = (peakRss - baseline.rss) / 1e6;
    const heapGrowthMb = (peakHeap - baseline.heapUsed) / 1e6;
    console.log(
      `export of ${CLIPS} clips, ${(exported.size / 1e6).toFixed(1)} MB: peak RSS +${rssGrowthMb.toFixed(1)} MB, peak heap +${heapGrowthMb.toFixed(1)} MB`,
    );
    expect(rssGrowthMb).toBeLessThan(MEMORY_CEILING_MB);

    const written = await readFile(file).then((b) => b.length);
    expect(written).toBe(exported.size); // the Content-Length promised up front

    // independent readers agree (both check every CRC)
    const python = spawnSync("python3", ["-m", "zipfile", "-t", file], { encoding: "utf8" });
    expect(python.error).toBeUndefined();
    expect(python.status, python.stderr).toBe(0);
    const unzip = spawnSync("unzip", ["-tqq", file], { encoding: "utf8" });
    expect(unzip.error).toBeUndefined();
    expect(unzip.status, unzip.stdout + unzip.stderr).toBe(0);

    const entries = await readZip(file);
    expect(entries).toHaveLength(CLIPS * 2 + 2); // audio + lyrics per song, metadata.json and .csv
    const names = new Set(entries.map((e) => e.name));
    expect(names.size).toBe(entries.length);
    for (const entry of entries) {
      const data = await entryBytes(file, entry);
      expect(crc32(data) >>> 0, entry.name).toBe(entry.crc);
    }
    // spot-check contents against the originals
    for (const n of [1, 500, 5001, CLIPS]) {
      const folder = `${String(n).padStart(4, "0")} Song ${n} take one`;
      // the stored audio, unchanged but for its RIFF size, and the song's tags after it
      const audio = await entryBytes(
        file,
        entries.find((e) => e.name === `${folder}/audio.wav`)!,
      );
      const stored = audioOf(n);
      expect(audio.subarray(12, stored.length).equals(stored.subarray(12))).toBe(true);
      expect(audio.readUInt32LE(4)).toBe(audio.length - 8);
      const { common } = await parseBuffer(audio, { mimeType: "audio/wav" });
      expect(common).toMatchObject({
        title: `Song "${n}", take one`,
        artist: "Exporter",
        album: "Exporter (personal library)",
        genre: [`folk, n${n}`],
      });
      const lyrics = entries.find((e) => e.name === `${folder}/lyrics.txt`)!;
      expect((await entryBytes(file, lyrics)).toString()).toBe(
        `Song "${n}", take one\nfolk, n${n}\n\n[Verse]\nline ${n}\n`,
      );
    }
    const metadata = JSON.parse(
      (
        await entryBytes(
          file,
          entries.find((e) => e.name === "metadata.json")!,
        )
      ).toString(),
    );
    expect(metadata.songs).toHaveLength(CLIPS);
    expect(metadata.songs[0]).toMatchObject({
      id: "exp-1",
      title: 'Song "1", take one',
      archived: true,
      creator: "Exporter",
      files: ["0001 Song 1 take one/audio.wav", "0001 Song 1 take one/lyrics.txt"],
    });
    const csv = (
      await entryBytes(
        file,
        entries.find((e) => e.name === "metadata.csv")!,
      )
    )
      .toString()
      .trimEnd()
      .split("\r\n");
    expect(csv).toHaveLength(CLIPS + 1);
    expect(csv[1]).toMatch(/^exp-1,"Song ""1"", take one","folk, n1",/);
  }, 180_000);

  it("exports a selection, and only what the actor may see", async () => {
    const picked = await buildExport({ actor: owner, clipIds: ["exp-3", "exp-7"] });
    expect(picked.songs).toBe(2);
    const stranger = await registerUser({
      name: "Other",
      email: `other-${randomBytes(4).toString("hex")}@example.test`,
      password: "a long enough password",
    });
    await expect(buildExport({ actor: stranger, clipIds: ["exp-3"] })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
