// Reading one claimed import (lib/imports/jobs.ts): plan, files, links.
//
// Plan: the ZIP's directory (lib/imports/zip-reader.ts) is checked before anything is
// written: too many files, declared sizes past IMPORT_MAX_UNPACKED_BYTES (a ZIP bomb), an
// unsafe path or no audio at all fail the whole job with its reason. The layout is a Chorus
// export's `metadata.json`, or audio with Suno-style sidecars, or plain audio
// (lib/imports/sidecars.ts).
// Files: each song's audio is streamed from the ZIP into storage (sha256 and size counted on
// the way, sniffed by its first bytes), a duplicate (the same sha256 already in the target
// library) is removed again and reported; otherwise the clip, its media and its report row
// are written in one transaction. A Chorus export's MP3s carry the ID3 tag the export put in
// front (lib/media/tags.ts); it is dropped, so the stored bytes are the original's again.
// Links: lineage (parents by their exported ids) and playlists (metadata.json, or M3U8).
// A retry goes on after the files already recorded; memory holds the directory and the plan
// (one small record per file), never a file.
import "server-only";

import { randomBytes } from "node:crypto";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

import { requireTeam } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ImportJob } from "@/lib/generated/prisma/client";
import { finishJob, renewLease, type JobHold } from "@/lib/imports/jobs";
import {
  AUDIO_EXTENSIONS,
  IMPORT_AUDIO_MAX_BYTES,
  IMPORT_MAX_ENTRIES,
  IMPORT_MAX_RATIO,
  IMPORT_MAX_UNPACKED_BYTES,
} from "@/lib/imports/shared";
import {
  chorusMetadataSchema,
  chorusSongInfo,
  coverNames,
  m3uPaths,
  plainSongInfo,
  sidecarNames,
  sidecarSongInfo,
  type ChorusMetadata,
  type SongInfo,
} from "@/lib/imports/sidecars";
import {
  BadZipError,
  openZip,
  readSmall,
  type OpenedZip,
  type ZipEntryInfo,
} from "@/lib/imports/zip-reader";
import { fromLrc } from "@/lib/library/synced-lyrics";
import { log } from "@/lib/log";
import { assetSlug } from "@/lib/media/shared";
import { sniff, SNIFF_BYTES } from "@/lib/media/sniff";
import { TooLargeError, type MediaStorage } from "@/lib/media/storage";
import { bulkAddToPlaylist, createPlaylist, PLAYLIST_MAX_ITEMS } from "@/lib/playlists/playlists";

const METADATA_MAX_BYTES = 64_000_000;
const SIDECAR_MAX_BYTES = 1_000_000;
const IMAGE_MAX_BYTES = 20_000_000;
const VIDEO_MAX_BYTES = 300_000_000;
const PROGRESS_MS = 2_000;
const EXTRA_KEY = { IMAGE_LARGE: "image-large", VIDEO: "video" } as const;

type Stored = Awaited<ReturnType<typeof storeEntry>>;

type Item = {
  /** the audio's path in the ZIP: the report's key */
  path: string;
  audio: ZipEntryInfo | null;
  cover: ZipEntryInfo | null;
  info: SongInfo;
  /** a Chorus export's MP3: drop the tag the export added */
  untag: boolean;
  /** a Chorus export's other files: a large cover, a video, attachments (WAV, stems, covers) */
  extras: Extra[];
  /** a Chorus export's synced lyrics (lyrics.lrc) */
  lrc: ZipEntryInfo | null;
};

type Extra = { entry: ZipEntryInfo } & (
  { media: "IMAGE_LARGE" | "VIDEO" } | { kind: string; media?: undefined }
);

/** A Chorus export's song folder: which file is which attachment (lib/media/export.ts names
 *  them: `wav.wav`, `stems/<slug>.<ext>`, `<slug>.<ext>`; `cover-large.*` and `video.*`). */
function extrasOf(
  song: { files: string[]; attachments: string[] },
  file: (name: string) => ZipEntryInfo | null,
): Extra[] {
  const extras: Extra[] = [];
  const taken = new Set<string>();
  const find = (base: string) => {
    const name = song.files.find(
      (f) => !taken.has(f) && f.slice(f.indexOf("/") + 1).replace(/\.[a-z0-9]+$/i, "") === base,
    );
    const entry = name ? file(name) : null;
    if (name && entry) taken.add(name);
    return entry;
  };
  for (const kind of song.attachments) {
    if (kind === "lrc") continue;
    const base = kind.startsWith("stem:")
      ? `stems/${assetSlug(kind.slice("stem:".length))}`
      : assetSlug(kind);
    const entry = find(base);
    if (entry) extras.push({ entry, kind });
  }
  const large = find("cover-large");
  if (large) extras.push({ entry: large, media: "IMAGE_LARGE" });
  const video = find("video");
  if (video) extras.push({ entry: video, media: "VIDEO" });
  return extras;
}

type Plan = {
  layout: "chorus" | "sidecars" | "files";
  items: Item[];
  metadata: ChorusMetadata | null;
  playlists: ZipEntryInfo[];
};

const extensionOf = (name: string) => name.split(".").pop()?.toLowerCase() ?? "";
const isAudioName = (name: string) =>
  (AUDIO_EXTENSIONS as readonly string[]).includes(extensionOf(name));
/** macOS resource forks and hidden files are not songs */
const isJunk = (name: string) =>
  name.startsWith("__MACOSX/") || name.split("/").some((part) => part.startsWith("."));

async function plan(zip: OpenedZip): Promise<Plan> {
  const declared = zip.entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > IMPORT_MAX_UNPACKED_BYTES)
    throw new BadZipError(
      `The ZIP unpacks to ${(declared / 1e9).toFixed(1)} GB, more than an import takes ` +
        `(${IMPORT_MAX_UNPACKED_BYTES / 1e9} GB).`,
    );
  const entries = zip.entries.filter((e) => !isJunk(e.name));
  const byName = new Map(entries.map((e) => [e.name, e]));
  const playlists = entries.filter((e) => /\.m3u8?$/i.test(e.name));
  // a Chorus export: metadata.json at the root, or in the one folder it was unpacked into
  const metadataEntry = entries
    .filter((e) => /^([^/]+\/)?metadata\.json$/.test(e.name))
    .sort((a, b) => a.name.length - b.name.length)[0];
  if (metadataEntry) {
    let parsed: ReturnType<typeof chorusMetadataSchema.safeParse> | null = null;
    try {
      const body = await readSmall(zip, metadataEntry, METADATA_MAX_BYTES);
      parsed = chorusMetadataSchema.safeParse(JSON.parse(body.toString("utf8")));
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
    if (parsed?.success) {
      const root = metadataEntry.name.slice(0, -"metadata.json".length);
      const items = parsed.data.songs.map((song): Item => {
        const audioName = song.files.find((f) => /(^|\/)audio\.[a-z0-9]+$/i.test(f));
        const coverName = song.files.find((f) => /(^|\/)cover\.[a-z0-9]+$/i.test(f));
        const lrcName = song.files.find((f) => /(^|\/)lyrics\.lrc$/.test(f));
        const audio = audioName ? (byName.get(root + audioName) ?? null) : null;
        return {
          path: root + (audioName ?? `${song.files[0]?.split("/")[0] ?? song.id}/audio`),
          audio,
          cover: coverName ? (byName.get(root + coverName) ?? null) : null,
          info: chorusSongInfo(song),
          untag: extensionOf(audioName ?? "") === "mp3",
          extras: extrasOf(song, (name) => byName.get(root + name) ?? null),
          lrc: lrcName ? (byName.get(root + lrcName) ?? null) : null,
        };
      });
      return { layout: "chorus", items, metadata: parsed.data, playlists: [] };
    }
  }
  const items: Item[] = [];
  let sidecars = 0;
  for (const entry of entries) {
    if (!isAudioName(entry.name)) continue;
    const sidecar = sidecarNames(entry.name)
      .map((name) => byName.get(name))
      .find(Boolean);
    let info: SongInfo | null = null;
    if (sidecar) {
      try {
        info = sidecarSongInfo(
          entry.name,
          JSON.parse((await readSmall(zip, sidecar, SIDECAR_MAX_BYTES)).toString("utf8")),
        );
      } catch {
        info = null; // an unreadable sidecar: the file's name still gives a title
      }
      if (info) sidecars++;
    }
    const cover = coverNames(entry.name)
      .map((name) => byName.get(name))
      .find(Boolean);
    items.push({
      path: entry.name,
      audio: entry,
      cover: cover ?? null,
      info: info ?? plainSongInfo(entry.name),
      untag: false,
      extras: [],
      lrc: null,
    });
  }
  return { layout: sidecars > 0 ? "sidecars" : "files", items, metadata: null, playlists };
}

/** Drops a leading ID3v2 tag (the one Chorus's export puts in front of an MP3). */
function dropLeadingId3() {
  let head: Buffer | null = Buffer.alloc(0);
  let skip = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (head) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 10) return callback();
        const tagged = head.toString("latin1", 0, 3) === "ID3";
        const size = tagged
          ? ((head[6]! & 0x7f) << 21) |
            ((head[7]! & 0x7f) << 14) |
            ((head[8]! & 0x7f) << 7) |
            (head[9]! & 0x7f)
          : 0;
        skip = tagged ? 10 + size : 0;
        chunk = head;
        head = null;
      }
      if (skip >= chunk.length) {
        skip -= chunk.length;
        return callback();
      }
      const rest = chunk.subarray(skip);
      skip = 0;
      callback(null, rest);
    },
    flush(callback) {
      callback(null, head && head.length > 0 ? head : undefined);
    },
  });
}

/** Keeps the first bytes that pass, for sniffing. */
function headOf() {
  let head = Buffer.alloc(0);
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (head.length < SNIFF_BYTES)
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
      callback(null, chunk);
    },
  });
  return { transform, head: () => head };
}

class FileRefused extends Error {}

const megabytes = (bytes: number) => `${Math.round(bytes / 1_000_000)} MB`;

/** Refuses, by its declared sizes, an entry too large or packed too tightly to be a song. */
function assertEntrySize(entry: ZipEntryInfo, maxBytes: number) {
  if (entry.size > maxBytes) throw new FileRefused(`larger than ${megabytes(maxBytes)}`);
  if (
    entry.size > 1_000_000 &&
    entry.compressedSize > 0 &&
    entry.size / entry.compressedSize > IMPORT_MAX_RATIO
  )
    throw new FileRefused("it unpacks to far more than its packed size (a ZIP bomb?)");
}

/** Streams one entry into storage; answers its size, digest and sniffed type. */
async function storeEntry(
  zip: OpenedZip,
  entry: ZipEntryInfo,
  options: { storage: MediaStorage; key: string; maxBytes: number; untag: boolean },
) {
  assertEntrySize(entry, options.maxBytes);
  const source = await zip.open(entry);
  const { transform, head } = headOf();
  // pipeline carries a failure either way: a bad entry ends the write, a refused write the read
  const piping = options.untag
    ? pipeline(source, dropLeadingId3(), transform)
    : pipeline(source, transform);
  try {
    const [stored] = await Promise.all([
      options.storage.put(options.key, transform, { maxBytes: options.maxBytes }),
      piping,
    ]);
    return { ...stored, sniffed: sniff(head()) };
  } catch (error) {
    piping.catch(() => undefined);
    await options.storage.remove(options.key).catch(() => undefined);
    if (error instanceof TooLargeError)
      throw new FileRefused(`larger than ${megabytes(options.maxBytes)}`);
    // yauzl: more (or fewer) bytes than the entry declares, a bad checksum, a broken deflate
    throw new FileRefused(
      `it could not be read from the ZIP (${error instanceof Error ? error.message.slice(0, 120) : "unknown"})`,
    );
  }
}

type Target = { userId: string; teamId: string | null };

const inLibrary = (target: Target) =>
  target.teamId ? { teamId: target.teamId } : { ownerId: target.userId, teamId: null };

async function importItem(
  item: Item,
  zip: OpenedZip,
  job: ImportJob,
  target: Target,
  storage: MediaStorage,
  layout: Plan["layout"],
): Promise<void> {
  const record = async (
    status: "DUPLICATE" | "FAILED",
    reason: string,
    extra: { clipId?: string; sha256?: string } = {},
  ) => {
    await db.$transaction([
      db.importFile.create({
        data: {
          jobId: job.id,
          path: item.path,
          status,
          reason,
          sourceId: item.info.sourceId,
          ...extra,
        },
      }),
      db.importJob.update({
        where: { id: job.id },
        data: {
          processedFiles: { increment: 1 },
          ...(status === "DUPLICATE"
            ? { duplicates: { increment: 1 } }
            : { failed: { increment: 1 } }),
        },
      }),
    ]);
  };
  if (!item.audio) return record("FAILED", "its audio is not in the ZIP");
  const clipId = `c${randomBytes(12).toString("hex")}`;
  const audioKey = `clips/${clipId}/audio`;
  const written: string[] = [];
  try {
    const audio = await storeEntry(zip, item.audio, {
      storage,
      key: audioKey,
      maxBytes: IMPORT_AUDIO_MAX_BYTES,
      untag: item.untag,
    });
    written.push(audioKey);
    if (audio.sniffed?.kind !== "audio")
      throw new FileRefused("it is not an audio file Chorus can read (MP3, WAV, FLAC, OGG, M4A)");
    if (audio.size === 0) throw new FileRefused("it is empty");
    const duplicateOf = () =>
      db.mediaAsset.findFirst({
        where: {
          sha256: audio.sha256,
          kind: "AUDIO",
          clip: { trashedAt: null, ...inLibrary(target) },
        },
        select: { clipId: true },
      });
    const before = await duplicateOf();
    if (before) {
      await storage.remove(audioKey);
      return record("DUPLICATE", "already in this library", {
        clipId: before.clipId,
        sha256: audio.sha256,
      });
    }
    let cover: { key: string; size: number; sha256: string; type: string } | null = null;
    if (item.cover) {
      const key = `clips/${clipId}/image`;
      try {
        const stored = await storeEntry(zip, item.cover, {
          storage,
          key,
          maxBytes: IMAGE_MAX_BYTES,
          untag: false,
        });
        written.push(key);
        if (stored.sniffed?.kind === "image")
          cover = {
            key,
            size: stored.size,
            sha256: stored.sha256,
            type: stored.sniffed.contentType,
          };
        else await storage.remove(key);
      } catch {
        cover = null; // a song without its cover is still the song
      }
    }
    const media: { kind: "IMAGE_LARGE" | "VIDEO"; key: string; stored: Stored }[] = [];
    const assets: { kind: string; key: string | null; stored: Stored | null; data?: object }[] = [];
    for (const extra of item.extras) {
      const key = `clips/${clipId}/${extra.media ? EXTRA_KEY[extra.media] : assetSlug(extra.kind)}`;
      const stored = await storeEntry(zip, extra.entry, {
        storage,
        key,
        maxBytes:
          extra.media === "VIDEO" || (!extra.media && extra.kind === "video")
            ? VIDEO_MAX_BYTES
            : IMPORT_AUDIO_MAX_BYTES,
        untag: false,
      }).catch(() => null); // a song without one of its attachments is still the song
      if (!stored?.sniffed) {
        if (stored) await storage.remove(key);
        continue;
      }
      written.push(key);
      if (extra.media) media.push({ kind: extra.media, key, stored });
      else assets.push({ kind: extra.kind, key, stored });
    }
    if (item.lrc) {
      const words = await readSmall(zip, item.lrc, SIDECAR_MAX_BYTES)
        .then((body) => fromLrc(body.toString("utf8")))
        .catch(() => []);
      if (words.length > 0) assets.push({ kind: "lrc", key: null, stored: null, data: { words } });
    }
    const { info } = item;
    const createdAt = info.createdAt ?? new Date();
    const source = `chorus-import:${job.id}`;
    const made = await db.$transaction(async (tx) => {
      // one import at a time per library and digest, so two at once cannot both add the song
      const lock = `import:${target.teamId ?? target.userId}:${audio.sha256}`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${lock}))`;
      const existing = await tx.mediaAsset.findFirst({
        where: {
          sha256: audio.sha256,
          kind: "AUDIO",
          clip: { trashedAt: null, ...inLibrary(target) },
        },
        select: { clipId: true },
      });
      if (existing) return existing.clipId;
      await tx.clip.create({
        data: {
          id: clipId,
          ownerId: target.userId,
          teamId: target.teamId,
          provider: null,
          // not on any provider of ours: extend and cover start from its archived audio
          upstreamId: layout !== "chorus" && info.sourceId ? info.sourceId : `import-${clipId}`,
          title: info.title.slice(0, 200),
          tags: info.tags,
          lyrics: info.lyrics,
          description: info.description,
          model: info.model,
          duration: info.duration,
          isInstrumental: info.instrumental,
          clipType: info.clipType ?? "upload",
          continueAt: info.continueAt,
          status: "COMPLETE",
          upstreamStatus: "complete",
          archiveStatus: "ARCHIVED",
          archivedAt: new Date(),
          completedAt: createdAt,
          createdAt,
          raw: { import: { jobId: job.id, path: item.path, layout, sourceId: info.sourceId } },
          media: {
            create: [
              {
                kind: "AUDIO",
                sourceUrl: source,
                storageKey: audioKey,
                contentType: audio.sniffed!.contentType,
                byteSize: BigInt(audio.size),
                sha256: audio.sha256,
              },
              ...(cover
                ? [
                    {
                      kind: "IMAGE" as const,
                      sourceUrl: source,
                      storageKey: cover.key,
                      contentType: cover.type,
                      byteSize: BigInt(cover.size),
                      sha256: cover.sha256,
                    },
                  ]
                : []),
              ...media.map((m) => ({
                kind: m.kind,
                sourceUrl: source,
                storageKey: m.key,
                contentType: m.stored.sniffed!.contentType,
                byteSize: BigInt(m.stored.size),
                sha256: m.stored.sha256,
              })),
            ],
          },
          assets: {
            create: assets.map((a) => ({
              kind: a.kind,
              storageKey: a.key,
              contentType: a.stored?.sniffed?.contentType ?? null,
              byteSize: a.stored ? BigInt(a.stored.size) : null,
              sha256: a.stored?.sha256 ?? null,
              data: a.data,
              archiveStatus: "ARCHIVED" as const,
              archivedAt: new Date(),
            })),
          },
        },
      });
      if (info.liked || info.rating !== null)
        await tx.clipReaction.create({
          data: { userId: target.userId, clipId, liked: info.liked, rating: info.rating },
        });
      await tx.importFile.create({
        data: {
          jobId: job.id,
          path: item.path,
          status: "IMPORTED",
          clipId,
          sourceId: info.sourceId,
          sha256: audio.sha256,
        },
      });
      await tx.importJob.update({
        where: { id: job.id },
        data: { processedFiles: { increment: 1 }, imported: { increment: 1 } },
      });
      return null;
    });
    if (made) {
      await Promise.all(written.map((key) => storage.remove(key)));
      return record("DUPLICATE", "already in this library", { clipId: made, sha256: audio.sha256 });
    }
  } catch (error) {
    await Promise.all(written.map((key) => storage.remove(key).catch(() => undefined)));
    if (error instanceof FileRefused) return record("FAILED", error.message);
    throw error;
  }
}

/** Parents by their exported ids, then playlists, among the songs this import holds. */
async function link(job: ImportJob, plan: Plan, zip: OpenedZip, target: Target) {
  const files = await db.importFile.findMany({
    where: { jobId: job.id, status: { in: ["IMPORTED", "DUPLICATE"] } },
    select: { path: true, status: true, clipId: true, sourceId: true },
  });
  const bySource = new Map(
    files.flatMap((f) => (f.sourceId && f.clipId ? [[f.sourceId, f.clipId]] : [])),
  );
  const byPath = new Map(files.flatMap((f) => (f.clipId ? [[f.path, f.clipId]] : [])));
  const imported = new Set(files.filter((f) => f.status === "IMPORTED").map((f) => f.clipId));
  for (const item of plan.items) {
    const child = byPath.get(item.path);
    const parent = item.info.parentSourceId ? bySource.get(item.info.parentSourceId) : undefined;
    if (!child || !parent || !imported.has(child) || child === parent) continue;
    await db.clip.updateMany({
      where: { id: child, parentClipId: null },
      data: { parentClipId: parent },
    });
  }
  if (job.playlists > 0) return; // made by an earlier attempt
  const actor = { id: target.userId };
  const lists: { name: string; clipIds: string[] }[] = [];
  if (plan.metadata) {
    for (const list of plan.metadata.playlists)
      lists.push({ name: list.name, clipIds: list.songs.flatMap((id) => bySource.get(id) ?? []) });
  } else {
    for (const entry of plan.playlists) {
      // a playlist that cannot be read is left out; the songs are in already
      const body = await readSmall(zip, entry, SIDECAR_MAX_BYTES)
        .then((bytes) => bytes.toString("utf8"))
        .catch(() => null);
      if (body === null) continue;
      const named = /^#PLAYLIST:(.+)$/m.exec(body)?.[1]?.trim();
      lists.push({
        name: named || (entry.name.split("/").pop() ?? "").replace(/\.m3u8?$/i, "") || "Imported",
        clipIds: m3uPaths(entry.name, body).flatMap((path) => byPath.get(path) ?? []),
      });
    }
  }
  let made = 0;
  for (const list of lists) {
    const clipIds = [...new Set(list.clipIds)].slice(0, PLAYLIST_MAX_ITEMS);
    if (clipIds.length === 0) continue;
    const playlist = await createPlaylist({
      actor,
      name: list.name.slice(0, 100) || "Imported",
      teamId: target.teamId ?? undefined,
    });
    await bulkAddToPlaylist({ actor, playlistId: playlist.id, clipIds });
    made++;
  }
  await db.importJob.update({ where: { id: job.id }, data: { playlists: made } });
}

/** Works one claimed job to its end: "done", "failed" (its reason recorded) or "lost". */
export async function importJob(
  job: ImportJob,
  hold: JobHold,
  storage: MediaStorage,
): Promise<"done" | "failed" | "lost"> {
  const target: Target = { userId: job.userId, teamId: job.teamId };
  const refuse = async (error: string) => {
    await finishJob(hold, { error });
    return "failed" as const;
  };
  if (!job.storageKey) return refuse("The uploaded file is gone.");
  try {
    // the person may have left the team, or lost the right to add songs, since the upload
    if (target.teamId)
      await requireTeam({ id: target.userId }, { id: target.teamId }, "clip.create");
  } catch (error) {
    if (error instanceof AppError)
      return refuse(`You can no longer add songs there: ${error.message}`);
    throw error;
  }
  let zip: OpenedZip;
  try {
    zip = await openZip({
      storage,
      key: job.storageKey,
      size: Number(job.byteSize),
      maxEntries: IMPORT_MAX_ENTRIES,
    });
  } catch (error) {
    if (error instanceof BadZipError) return refuse(error.message);
    throw error;
  }
  try {
    let planned: Plan;
    try {
      planned = await plan(zip);
    } catch (error) {
      if (error instanceof BadZipError) return refuse(error.message);
      throw error;
    }
    if (planned.items.length === 0)
      return refuse("The ZIP holds no audio files (MP3, WAV, FLAC, OGG or M4A).");
    await db.importJob.updateMany({
      where: hold,
      data: { layout: planned.layout, totalFiles: planned.items.length },
    });
    const done = new Set(
      (await db.importFile.findMany({ where: { jobId: job.id }, select: { path: true } })).map(
        (f) => f.path,
      ),
    );
    let renewed = Date.now();
    for (const item of planned.items) {
      if (done.has(item.path)) continue;
      done.add(item.path); // two songs of one export naming the same file: the first counts
      await importItem(item, zip, job, target, storage, planned.layout);
      if (Date.now() - renewed > PROGRESS_MS) {
        renewed = Date.now();
        if (!(await renewLease(hold))) return "lost";
      }
    }
    await link(job, planned, zip, target);
    await finishJob(hold, { error: null });
    return "done";
  } catch (error) {
    log.warn("import stopped", { jobId: job.id, error });
    throw error;
  } finally {
    zip.close();
  }
}
