// What an export holds per song beyond its audio: the attachments Chorus keeps (WAV and stems
// tagged like the song, synced lyrics as .lrc and SYLT), the lineage, the reactions and the
// playlists in metadata.json and metadata.csv, and an M3U8 per playlist in its order; and a
// playlist exported on its own. Read back by Python's zipfile (an independent reader) and by
// music-metadata.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { parseBuffer } from "music-metadata";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { buildExport } from "@/lib/media/export";

import { wavHeader } from "../support/wav";

let owner: { id: string };
let other: { id: string };
let playlistId: string;
let work: string;

const mp3 = (seed: string) => {
  // MPEG-1 layer III frame headers (128 kb/s, 44.1 kHz) with filler: enough for a reader
  const frame = Buffer.alloc(417);
  Buffer.from([0xff, 0xfb, 0x90, 0x64]).copy(frame);
  Buffer.from(seed).copy(frame, 40);
  return Buffer.concat(Array.from({ length: 20 }, () => frame));
};
const wav = () => {
  const body = Buffer.alloc(8_000, 7);
  return Buffer.concat([wavHeader(body.length), body]);
};

async function store(key: string, bytes: Buffer) {
  await mkdir(path.dirname(path.join(process.env.MEDIA_DIR!, key)), { recursive: true });
  await writeFile(path.join(process.env.MEDIA_DIR!, key), bytes);
  return { key, size: bytes.length, sha: createHash("sha256").update(bytes).digest("hex") };
}

const words = [
  { word: "[Verse]\nHello ", startS: 1.5, endS: 2 },
  { word: "river\n", startS: 2, endS: 2.6 },
  { word: "Goodbye ", startS: 4.25, endS: 4.8 },
  { word: "sea\n", startS: 4.8, endS: 5.5 },
];

beforeAll(async () => {
  const register = (name: string) =>
    registerUser({
      name,
      email: `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`,
      password: "a long enough password",
    });
  owner = await register("Ada");
  other = await register("Ben");
  work = await mkdtemp(path.join(tmpdir(), "chorus-export-contents-"));
  const sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  try {
    await sql.query(
      `INSERT INTO clips (id, owner_id, provider, upstream_id, title, tags, lyrics, status, archive_status, duration, model, created_at, updated_at)
       VALUES ('exc-1', $1, 'primary', 'up-exc-1', 'River Song', 'folk', '[Verse]\nHello river', 'COMPLETE', 'ARCHIVED', 62.4, 'chirp-hawk', now() - interval '2 min', now()),
              ('exc-2', $1, 'primary', 'up-exc-2', 'River Song (cover)', 'jazz', NULL, 'COMPLETE', 'ARCHIVED', 58, 'chirp-hawk', now() - interval '1 min', now())`,
      [owner.id],
    );
    await sql.query(
      `INSERT INTO tasks (id, owner_id, operation, status, request, idempotency_key, source_clip_id, updated_at)
       VALUES ('exc-task', $1, 'CLIP_COVER', 'SUCCEEDED', '{}', 'exc-key', 'exc-1', now())`,
      [owner.id],
    );
    await sql.query(
      `UPDATE clips SET task_id = 'exc-task', parent_clip_id = 'exc-1' WHERE id = 'exc-2'`,
    );
    const files = {
      audio1: await store("clips/exc-1/audio", mp3("one")),
      audio2: await store("clips/exc-2/audio", mp3("two")),
      wav: await store("clips/exc-1/wav", wav()),
      vocals: await store("clips/exc-1/stem-vocals", mp3("vocals")),
    };
    await sql.query(
      `INSERT INTO media_assets (id, clip_id, kind, source_url, storage_key, content_type, byte_size, sha256)
       VALUES ('m-exc-1', 'exc-1', 'AUDIO', 'https://example.test/1.mp3', $1, 'audio/mpeg', $2, $3),
              ('m-exc-2', 'exc-2', 'AUDIO', 'https://example.test/2.mp3', $4, 'audio/mpeg', $5, $6)`,
      [
        files.audio1.key,
        files.audio1.size,
        files.audio1.sha,
        files.audio2.key,
        files.audio2.size,
        files.audio2.sha,
      ],
    );
    await sql.query(
      `INSERT INTO clip_assets (id, clip_id, kind, storage_key, content_type, byte_size, sha256, archive_status, data, updated_at)
       VALUES ('a-exc-wav', 'exc-1', 'wav', $1, 'audio/wav', $2, $3, 'ARCHIVED', NULL, now()),
              ('a-exc-voc', 'exc-1', 'stem:vocals', $4, 'audio/mpeg', $5, $6, 'ARCHIVED', NULL, now()),
              ('a-exc-drm', 'exc-1', 'stem:drums', NULL, NULL, NULL, NULL, 'PENDING', NULL, now()),
              -- archived once, its file gone since: left out, the ZIP still whole
              ('a-exc-bas', 'exc-1', 'stem:bass', 'clips/exc-1/gone', 'audio/mpeg', 999, 'beef', 'ARCHIVED', NULL, now()),
              ('a-exc-lrc', 'exc-1', 'lrc', NULL, NULL, NULL, NULL, 'ARCHIVED', $7, now())`,
      [
        files.wav.key,
        files.wav.size,
        files.wav.sha,
        files.vocals.key,
        files.vocals.size,
        files.vocals.sha,
        JSON.stringify({ words }),
      ],
    );
    await sql.query(
      `INSERT INTO clip_reactions (user_id, clip_id, liked, rating, updated_at)
       VALUES ($1, 'exc-1', true, 4, now()), ($2, 'exc-1', true, 5, now()), ($2, 'exc-2', false, 2, now())`,
      [owner.id, other.id],
    );
    playlistId = "exc-playlist";
    await sql.query(
      `INSERT INTO playlists (id, owner_id, name, updated_at) VALUES
         ($1, $2, 'Road trip', now()), ('exc-private', $3, 'Ben''s secret', now())`,
      [playlistId, owner.id, other.id],
    );
    await sql.query(
      `INSERT INTO playlist_items (id, playlist_id, clip_id, position) VALUES
         ('pi-1', $1, 'exc-2', 0), ('pi-2', $1, 'exc-1', 1), ('pi-3', 'exc-private', 'exc-1', 0)`,
      [playlistId],
    );
  } finally {
    await sql.end();
  }
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** The export written to a file, then every entry read back by Python's zipfile. */
async function exported(options: Parameters<typeof buildExport>[0]) {
  const result = await buildExport(options);
  const file = path.join(work, `${randomBytes(4).toString("hex")}.zip`);
  const chunks: Buffer[] = [];
  await pipeline(
    result.stream(),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    }),
  );
  const zip = Buffer.concat(chunks);
  expect(zip.length).toBe(result.size);
  await writeFile(file, zip);
  const python = spawnSync(
    "python3",
    [
      "-c",
      `import base64, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps({i.filename: base64.b64encode(z.read(i)).decode() for i in z.infolist()}))`,
      file,
    ],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  expect(python.stderr).toBe("");
  const entries = JSON.parse(python.stdout) as Record<string, string>;
  return {
    songs: result.songs,
    names: Object.keys(entries).sort(),
    read: (name: string) => {
      expect(entries[name], name).toBeDefined();
      return Buffer.from(entries[name]!, "base64");
    },
  };
}

describe("export contents", () => {
  it("holds the attachments, synced lyrics, lineage, reactions and playlists", async () => {
    const zip = await exported({ actor: owner, clipIds: ["exc-1", "exc-2"] });
    expect(zip.songs).toBe(2);
    expect(zip.names).toEqual([
      "0001 River Song/audio.mp3",
      "0001 River Song/lyrics.lrc",
      "0001 River Song/lyrics.txt",
      "0001 River Song/stems/vocals.mp3",
      "0001 River Song/wav.wav",
      "0002 River Song cover/audio.mp3",
      "metadata.csv",
      "metadata.json",
      "playlists/Road trip.m3u8",
    ]);

    // the stem is tagged as the song's part, with its synced lines as SYLT
    const vocals = await parseBuffer(zip.read("0001 River Song/stems/vocals.mp3"), {
      mimeType: "audio/mpeg",
    });
    expect(vocals.common.title).toBe("River Song (Vocals)");
    expect(vocals.common.artist).toBe("Ada");
    const sylt = vocals.native["ID3v2.4"]?.find((tag) => tag.id === "SYLT");
    expect(JSON.stringify(sylt?.value)).toContain("Hello river");
    const wavTags = await parseBuffer(zip.read("0001 River Song/wav.wav"), {
      mimeType: "audio/wav",
    });
    expect(wavTags.common.title).toBe("River Song");

    expect(zip.read("0001 River Song/lyrics.lrc").toString()).toBe(
      "[ti:River Song]\n[00:01.50]<00:01.50>Hello <00:02.00>river\n" +
        "[00:04.25]<00:04.25>Goodbye <00:04.80>sea\n",
    );

    const metadata = JSON.parse(zip.read("metadata.json").toString()) as {
      songs: Record<string, unknown>[];
      playlists: { name: string; songs: string[] }[];
    };
    const [first, cover] = metadata.songs;
    expect(first).toMatchObject({
      id: "exc-1",
      liked: true,
      rating: 4,
      likes: 2,
      ratings: 2,
      averageRating: 4.5,
      // Ben's private playlist is not Ada's to see
      playlists: ["Road trip"],
      attachments: ["lrc", "stem:vocals", "wav"],
    });
    expect(cover).toMatchObject({
      id: "exc-2",
      liked: false,
      rating: null,
      likes: 0,
      averageRating: 2,
      lineage: { operation: "CLIP_COVER", source: "exc-1", parent: "exc-1" },
    });
    expect(metadata.playlists).toEqual([
      expect.objectContaining({ name: "Road trip", songs: ["exc-2", "exc-1"] }),
    ]);
    const csv = zip.read("metadata.csv").toString().split("\r\n");
    expect(csv[0]).toContain("likes,averageRating");
    expect(csv[1]).toContain(",Road trip,");

    // the playlist in its own order, each line the song's audio relative to the M3U8
    expect(zip.read("playlists/Road trip.m3u8").toString()).toBe(
      "#EXTM3U\n#PLAYLIST:Road trip\n" +
        "#EXTINF:58,Ada - River Song (cover)\n../0002 River Song cover/audio.mp3\n" +
        "#EXTINF:62,Ada - River Song\n../0001 River Song/audio.mp3\n",
    );
  });

  it("exports a playlist on its own, for those who can see it", async () => {
    const zip = await exported({ actor: owner, playlist: playlistId });
    expect(zip.songs).toBe(2);
    expect(zip.names.filter((name) => name.startsWith("playlists/"))).toEqual([
      "playlists/Road trip.m3u8",
    ]);
    await expect(buildExport({ actor: other, playlist: playlistId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    // Ben's own playlist holds Ada's song, which he cannot see: an empty export
    await expect(buildExport({ actor: other, playlist: "exc-private" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("exports a smart playlist: what its rules find now, in its order", async () => {
    const sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
    await sql.connect();
    const rules = (rated: number) =>
      JSON.stringify({
        match: "all",
        rules: [
          { kind: "model", op: "is", value: "chirp-hawk" },
          { kind: "rated", by: "anyone", min: rated },
        ],
        sort: "oldest",
        limit: 50,
      });
    try {
      await sql.query(
        `INSERT INTO playlists (id, owner_id, name, rules, updated_at) VALUES
           ('exc-smart', $1, 'Rated by anyone', $2::jsonb, now()),
           ('exc-smart-5', $1, 'Five stars', $3::jsonb, now())`,
        [owner.id, rules(2), rules(5)],
      );
    } finally {
      await sql.end();
    }
    const zip = await exported({ actor: owner, playlist: "exc-smart" });
    expect(zip.songs).toBe(2);
    expect(zip.names.filter((name) => name.startsWith("playlists/"))).toEqual([
      "playlists/Rated by anyone.m3u8",
    ]);
    // oldest first, as the rules sort: River Song, then its cover
    const m3u8 = zip.read("playlists/Rated by anyone.m3u8").toString().split("\n");
    expect(m3u8.filter((line) => line && !line.startsWith("#"))).toEqual([
      "../0001 River Song/audio.mp3",
      "../0002 River Song cover/audio.mp3",
    ]);
    const metadata = JSON.parse(zip.read("metadata.json").toString()) as {
      songs: { title: string; playlists: string[] }[];
    };
    expect(metadata.songs.map((s) => [s.title, s.playlists])).toEqual([
      ["River Song", ["Rated by anyone"]],
      ["River Song (cover)", ["Rated by anyone"]],
    ]);
    // the rules change what it holds: only Ben's 5 stars on River Song
    const five = await exported({ actor: owner, playlist: "exc-smart-5" });
    expect(five.songs).toBe(1);
    // not Ben's to see
    await expect(buildExport({ actor: other, playlist: "exc-smart" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
