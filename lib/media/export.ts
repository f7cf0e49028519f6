// Exporting songs as one ZIP: per clip a folder with the archived audio, covers and video, its
// attachments (WAV, stems, other covers), the lyrics as text and synced as .lrc; at the root
// the metadata of every clip (lineage, reactions, playlists) as JSON and as CSV, and an M3U8
// per playlist. Only what the actor may see; only what Chorus has archived (the metadata says
// what is missing).
import "server-only";

import { Readable } from "node:stream";

import { clipsVisibleTo, playlistsVisibleTo, requireTeam, teamsWhere } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { syncedWordsOf } from "@/lib/library/derivatives";
import { toLrc } from "@/lib/library/synced-lyrics";
import { clipAudioTagging } from "@/lib/media/clip-tags";
import { getMediaStorage } from "@/lib/media/config";
import { extensionFor, safeFileName } from "@/lib/media/file-names";
import { assetLabel, assetSlug } from "@/lib/media/shared";
import type { MediaStorage } from "@/lib/media/storage";
import { zipSize, zipStream, type ZipEntry } from "@/lib/media/zip";
import { storedRules } from "@/lib/playlists/rules";
import { smartPlaylistSongs } from "@/lib/playlists/smart";

/**
 * A ZIP has no size limit any more (ZIP64); this one bounds what a single download holds in
 * memory before its first byte (one small record per song and file: names, sizes, metadata).
 */
export const EXPORT_MAX_CLIPS = 100_000;
const BATCH = 2_000;

const FILE_NAME: Record<string, string> = {
  AUDIO: "audio",
  IMAGE: "cover",
  IMAGE_LARGE: "cover-large",
  VIDEO: "video",
};

const csvCell = (value: unknown) => {
  const text =
    value === null || value === undefined
      ? ""
      : Array.isArray(value)
        ? value.join("; ")
        : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * What "Export all" holds follows the workspace being viewed: the personal library (the
 * actor's own personal songs), or a team's library (its songs and the songs shared into it).
 * Picked ids (`clipIds`) may be any songs the actor can see.
 */
async function exportScope(options: {
  actor: { id: string };
  clipIds?: string[];
  team?: string;
  playlist?: string;
}): Promise<{ where: Prisma.ClipWhereInput; smart?: SmartList }> {
  if (options.clipIds)
    return { where: { ...clipsVisibleTo(options.actor), id: { in: options.clipIds } } };
  if (options.playlist) {
    const playlist = await db.playlist.findFirst({
      where: { id: options.playlist, ...playlistsVisibleTo(options.actor) },
      select: { id: true, name: true, rules: true, team: { select: { name: true, slug: true } } },
    });
    if (!playlist) throw new AppError("NOT_FOUND", "That playlist does not exist.");
    if (playlist.rules !== null) {
      // a smart playlist holds what its rules find now, as this exporter may see it
      const rules = storedRules(playlist.rules);
      const songs = rules
        ? await smartPlaylistSongs({
            actor: options.actor,
            rules,
            teamSlug: playlist.team?.slug ?? null,
          })
        : [];
      const clipIds = songs.map((song) => song.id);
      return {
        where: { ...clipsVisibleTo(options.actor), id: { in: clipIds } },
        smart: { id: playlist.id, name: playlist.name, team: playlist.team?.name ?? null, clipIds },
      };
    }
    return {
      where: {
        ...clipsVisibleTo(options.actor),
        playlistItems: { some: { playlistId: playlist.id } },
      },
    };
  }
  if (!options.team) return { where: { ownerId: options.actor.id, teamId: null } };
  const { team } = await requireTeam(options.actor, { slug: options.team }, "team.view");
  const teams = teamsWhere(options.actor, "team.view");
  return {
    where: {
      OR: [
        { teamId: team.id, team: teams },
        { teamShares: { some: { teamId: team.id, team: teams } } },
      ],
    },
  };
}

/** A playlist as the export writes it: its songs in order. */
type SmartList = { id: string; name: string; team: string | null; clipIds: string[] };

/**
 * The attachments' files as storage has them (key → size): a ZIP's sizes are written before
 * its bytes, so a file that is gone, or not the size its row says, would break the whole
 * download halfway. One look per attachment, 16 at a time; the song's own audio and covers
 * are trusted as archived (they are checked when written and served every day).
 */
async function keptAttachments(
  clips: { assets: { storageKey: string | null; contentType: string | null }[] }[],
  storage: MediaStorage,
) {
  const keys = clips.flatMap((clip) =>
    clip.assets.flatMap((asset) =>
      asset.storageKey && asset.contentType ? [asset.storageKey] : [],
    ),
  );
  const sizes = new Map<string, number>();
  for (let i = 0; i < keys.length; i += 16) {
    const slice = keys.slice(i, i + 16);
    const found = await Promise.all(slice.map((key) => storage.size(key).catch(() => null)));
    slice.forEach((key, at) => {
      if (found[at] !== null && found[at] !== undefined) sizes.set(key, found[at]);
    });
  }
  return sizes;
}

/** One line of an M3U8 (no line breaks inside a title). */
const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ").trim();

/** Per clip: how many people like it, how many rated it and their average (whoever sees the
 *  clip sees these counts). Two grouped statements per export, whatever its size. */
async function reactionCounts(clipIds: string[]) {
  const counts = new Map<string, { likes: number; ratings: number; average: number | null }>();
  for (let i = 0; i < clipIds.length; i += 10_000) {
    const slice = clipIds.slice(i, i + 10_000);
    const [likes, ratings] = await Promise.all([
      db.clipReaction.groupBy({
        by: ["clipId"],
        where: { clipId: { in: slice }, liked: true },
        _count: { _all: true },
      }),
      db.clipReaction.groupBy({
        by: ["clipId"],
        where: { clipId: { in: slice }, rating: { not: null } },
        _count: { _all: true },
        _avg: { rating: true },
      }),
    ]);
    const entry = (id: string) => {
      const found = counts.get(id) ?? { likes: 0, ratings: 0, average: null };
      counts.set(id, found);
      return found;
    };
    for (const row of likes) entry(row.clipId).likes = row._count._all;
    for (const row of ratings) {
      const found = entry(row.clipId);
      found.ratings = row._count._all;
      found.average = row._avg.rating === null ? null : Math.round(row._avg.rating * 100) / 100;
    }
  }
  return counts;
}

/** The playlists the actor can see that hold any exported song (or just the one exported),
 *  each with its songs in order, and per clip the names of its playlists. */
async function playlistsOf(
  actor: { id: string },
  clipIds: string[],
  only?: string,
  smart?: SmartList,
) {
  const ofClip = new Map<string, string[]>();
  if (smart) {
    // a smart playlist has no items: its order is the rules' sort, as found for the export
    const exported = new Set(clipIds);
    const ids = smart.clipIds.filter((id) => exported.has(id));
    for (const id of ids) ofClip.set(id, [smart.name]);
    return { lists: [{ ...smart, clipIds: ids }], ofClip };
  }
  const lists = new Map<
    string,
    { id: string; name: string; team: string | null; items: [number, string][] }
  >();
  for (let i = 0; i < clipIds.length; i += 10_000) {
    const items = await db.playlistItem.findMany({
      where: {
        clipId: { in: clipIds.slice(i, i + 10_000) },
        playlist: { AND: [playlistsVisibleTo(actor), only ? { id: only } : {}] },
      },
      select: {
        clipId: true,
        position: true,
        playlist: { select: { id: true, name: true, team: { select: { name: true } } } },
      },
    });
    for (const item of items) {
      const { id, name, team } = item.playlist;
      const list = lists.get(id) ?? { id, name, team: team?.name ?? null, items: [] };
      lists.set(id, list);
      list.items.push([item.position, item.clipId]);
    }
  }
  const ordered = [...lists.values()]
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((list) => {
      const clipIds = list.items.sort((a, b) => a[0] - b[0]).map(([, clipId]) => clipId);
      for (const clipId of clipIds) ofClip.set(clipId, [...(ofClip.get(clipId) ?? []), list.name]);
      return { id: list.id, name: list.name, team: list.team, clipIds };
    });
  return { lists: ordered, ofClip };
}

export async function buildExport(options: {
  actor: { id: string };
  clipIds?: string[];
  /** a team's slug: export that team's library instead of the personal one */
  team?: string;
  /** a playlist's id: export its songs (and only its M3U8) */
  playlist?: string;
  storage?: MediaStorage;
}) {
  const storage = options.storage ?? getMediaStorage();
  const { where: scope, smart } = await exportScope(options);
  const exportBatch = (after?: { createdAt: Date; id: string }) =>
    db.clip.findMany({
      where: {
        AND: [
          scope,
          { trashedAt: null },
          after
            ? {
                OR: [
                  { createdAt: { gt: after.createdAt } },
                  { createdAt: after.createdAt, id: { gt: after.id } },
                ],
              }
            : {},
        ],
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: BATCH,
      select: {
        id: true,
        title: true,
        tags: true,
        lyrics: true,
        description: true,
        model: true,
        duration: true,
        status: true,
        clipType: true,
        createdAt: true,
        isInstrumental: true,
        // "liked" in an export is the exporter's own like (reactions are per person)
        reactions: { where: { userId: options.actor.id }, select: { liked: true, rating: true } },
        continueAt: true,
        parentClipId: true,
        archiveStatus: true,
        owner: { select: { name: true } },
        team: { select: { name: true } },
        media: {
          select: { kind: true, storageKey: true, byteSize: true, contentType: true, sha256: true },
        },
        assets: {
          where: {
            OR: [{ archiveStatus: "ARCHIVED", storageKey: { not: null } }, { kind: "lrc" }],
          },
          orderBy: { kind: "asc" },
          select: {
            kind: true,
            storageKey: true,
            byteSize: true,
            contentType: true,
            sha256: true,
            data: true,
          },
        },
        task: { select: { operation: true, sourceClipId: true } },
      },
    });
  // keyset batches, oldest first, so no one statement reads a whole team library
  const clips: Awaited<ReturnType<typeof exportBatch>> = [];
  for (let batch = await exportBatch(); batch.length > 0;) {
    clips.push(...batch);
    if (clips.length > EXPORT_MAX_CLIPS || batch.length < BATCH) break;
    batch = await exportBatch(batch.at(-1));
  }
  if (clips.length > EXPORT_MAX_CLIPS)
    throw new AppError(
      "BAD_REQUEST",
      `An export holds at most ${EXPORT_MAX_CLIPS.toLocaleString("en")} songs; select fewer.`,
    );
  if (clips.length === 0) throw new AppError("NOT_FOUND", "There are no songs to export.");

  const kept = await keptAttachments(clips, storage);
  const ids = clips.map((c) => c.id);
  const [reactions, playlists] = await Promise.all([
    reactionCounts(ids),
    playlistsOf(options.actor, ids, options.playlist, smart),
  ]);
  const entries: ZipEntry[] = [];
  const folders = new Map<string, { folder: string; audio: string | null }>();
  const digits = Math.max(4, String(clips.length).length); // folders sort in export order
  const metadata = clips.map((clip, index) => {
    const folder = `${String(index + 1).padStart(digits, "0")} ${safeFileName(clip.title, 60)}`;
    const files: string[] = [];
    const add = (name: string, size: number, open: ZipEntry["open"]) => {
      entries.push({ name: `${folder}/${name}`, size, modified: clip.createdAt, open });
      files.push(`${folder}/${name}`);
    };
    const lrc = clip.assets.find((a) => a.kind === "lrc");
    const words = lrc ? syncedWordsOf(lrc.data) : [];
    const taggable = { ...clip, syncedWords: words };
    let audio: string | null = null;
    for (const asset of clip.media) {
      const name = `${FILE_NAME[asset.kind]}.${extensionFor(asset.contentType)}`;
      // audio carries its song's tags (lib/media/tags.ts); covers and video go as stored
      const tagged = asset.kind === "AUDIO" ? clipAudioTagging(taggable, asset, storage) : null;
      if (asset.kind === "AUDIO") audio = `${folder}/${name}`;
      add(name, tagged?.size ?? Number(asset.byteSize), () =>
        tagged ? tagged.stream(storage.read(asset.storageKey)) : storage.read(asset.storageKey),
      );
    }
    // the attachments Chorus keeps (WAV, stems, video, other covers), audio tagged like the song
    for (const asset of clip.assets) {
      const size = asset.storageKey ? kept.get(asset.storageKey) : undefined;
      if (!asset.storageKey || !asset.contentType || size === undefined) continue;
      const { storageKey, contentType } = asset;
      const extension = contentType === "video/webm" ? "webm" : extensionFor(contentType);
      const stem = asset.kind.startsWith("stem:");
      const tagged =
        asset.kind === "wav" || stem
          ? clipAudioTagging(
              taggable,
              { contentType, byteSize: BigInt(size) },
              storage,
              stem ? assetLabel(asset.kind) : undefined,
            )
          : null;
      const name = `${stem ? "stems/" : ""}${assetSlug(stem ? asset.kind.slice(5) : asset.kind)}`;
      add(`${name}.${extension}`, tagged?.size ?? size, () =>
        tagged ? tagged.stream(storage.read(storageKey)) : storage.read(storageKey),
      );
    }
    if (clip.lyrics) {
      const text = Buffer.from(`${clip.title}\n${clip.tags}\n\n${clip.lyrics}\n`);
      add("lyrics.txt", text.length, () => Readable.from([text]));
    }
    if (words.length > 0) {
      const text = Buffer.from(toLrc(clip.title, words));
      add("lyrics.lrc", text.length, () => Readable.from([text]));
    }
    folders.set(clip.id, { folder, audio });
    const counts = reactions.get(clip.id);
    return {
      id: clip.id,
      title: clip.title,
      tags: clip.tags,
      // the words as stored (lyrics.txt has them too, after the title and style)
      lyrics: clip.lyrics,
      description: clip.description,
      model: clip.model,
      duration: clip.duration,
      type: clip.clipType,
      instrumental: clip.isInstrumental,
      liked: clip.reactions[0]?.liked ?? false,
      rating: clip.reactions[0]?.rating ?? null,
      likes: counts?.likes ?? 0,
      ratings: counts?.ratings ?? 0,
      averageRating: counts?.average ?? null,
      createdAt: clip.createdAt.toISOString(),
      creator: clip.owner.name,
      team: clip.team?.name ?? null,
      extends: clip.parentClipId,
      continueAt: clip.continueAt,
      lineage: {
        operation: clip.task?.operation ?? null,
        source: clip.task?.sourceClipId ?? null,
        parent: clip.parentClipId,
      },
      playlists: playlists.ofClip.get(clip.id) ?? [],
      attachments: clip.assets
        .filter((a) => (a.storageKey && kept.has(a.storageKey)) || a.kind === "lrc")
        .map((a) => a.kind),
      archived: clip.archiveStatus === "ARCHIVED",
      files,
      sha256: Object.fromEntries([
        ...clip.media.map((m) => [FILE_NAME[m.kind], m.sha256]),
        ...clip.assets.filter((a) => a.sha256).map((a) => [a.kind, a.sha256]),
      ]),
    };
  });
  // one M3U8 per playlist, in its order, naming the exported songs' audio
  const byId = new Map(clips.map((clip) => [clip.id, clip]));
  const names = new Set<string>();
  for (const playlist of playlists.lists) {
    const lines = ["#EXTM3U", `#PLAYLIST:${oneLine(playlist.name)}`];
    for (const clipId of playlist.clipIds) {
      const clip = byId.get(clipId);
      const audio = folders.get(clipId)?.audio;
      if (!clip || !audio) continue;
      const seconds = clip.duration === null ? -1 : Math.round(clip.duration);
      lines.push(
        `#EXTINF:${seconds},${oneLine(clip.owner.name ?? "Chorus")} - ${oneLine(clip.title)}`,
      );
      lines.push(`../${audio}`);
    }
    let name = safeFileName(playlist.name, 60, "Playlist");
    for (let n = 2; names.has(name); n++) name = `${safeFileName(playlist.name, 56)} ${n}`;
    names.add(name);
    const text = Buffer.from(lines.join("\n") + "\n");
    entries.push({
      name: `playlists/${name}.m3u8`,
      size: text.length,
      modified: new Date(),
      open: () => Readable.from([text]),
    });
  }
  const json = Buffer.from(
    JSON.stringify(
      {
        exportedAt: new Date().toISOString(),
        note: "sha256 is each file's as Chorus stores it; exported MP3 and WAV files carry the song's tags in addition",
        songs: metadata,
        playlists: playlists.lists.map((p) => ({
          id: p.id,
          name: p.name,
          team: p.team,
          songs: p.clipIds.filter((id) => byId.has(id)),
        })),
      },
      null,
      2,
    ),
  );
  const columns = [
    "id",
    "title",
    "tags",
    "model",
    "duration",
    "type",
    "instrumental",
    "liked",
    "rating",
    "likes",
    "averageRating",
    "createdAt",
    "creator",
    "team",
    "extends",
    "playlists",
    "archived",
  ] as const;
  const csv = Buffer.from(
    [columns.join(","), ...metadata.map((m) => columns.map((c) => csvCell(m[c])).join(","))].join(
      "\r\n",
    ) + "\r\n",
  );
  const now = new Date();
  entries.push({
    name: "metadata.json",
    size: json.length,
    modified: now,
    open: () => Readable.from([json]),
  });
  entries.push({
    name: "metadata.csv",
    size: csv.length,
    modified: now,
    open: () => Readable.from([csv]),
  });

  return { songs: clips.length, size: zipSize(entries), stream: () => zipStream(entries) };
}
