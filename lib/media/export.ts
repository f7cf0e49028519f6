// Exporting songs as one ZIP: per clip a folder with the archived audio, covers and video,
// and the lyrics as text; at the root the metadata of every clip as JSON and as CSV. Only
// what the actor may see; only what Chorus has archived (the metadata says what is missing).
import "server-only";

import { Readable } from "node:stream";

import { clipsVisibleTo, requireTeam, teamsWhere } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { clipAudioTagging } from "@/lib/media/clip-tags";
import { getMediaStorage } from "@/lib/media/config";
import { extensionFor, safeFileName } from "@/lib/media/file-names";
import type { MediaStorage } from "@/lib/media/storage";
import { zipSize, zipStream, type ZipEntry } from "@/lib/media/zip";

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
  const text = value === null || value === undefined ? "" : String(value);
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
}): Promise<Prisma.ClipWhereInput> {
  if (options.clipIds) return { ...clipsVisibleTo(options.actor), id: { in: options.clipIds } };
  if (!options.team) return { ownerId: options.actor.id, teamId: null };
  const { team } = await requireTeam(options.actor, { slug: options.team }, "team.view");
  const teams = teamsWhere(options.actor, "team.view");
  return {
    OR: [
      { teamId: team.id, team: teams },
      { teamShares: { some: { teamId: team.id, team: teams } } },
    ],
  };
}

export async function buildExport(options: {
  actor: { id: string };
  clipIds?: string[];
  /** a team's slug: export that team's library instead of the personal one */
  team?: string;
  storage?: MediaStorage;
}) {
  const storage = options.storage ?? getMediaStorage();
  const scope = await exportScope(options);
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

  const entries: ZipEntry[] = [];
  const digits = Math.max(4, String(clips.length).length); // folders sort in export order
  const metadata = clips.map((clip, index) => {
    const folder = `${String(index + 1).padStart(digits, "0")} ${safeFileName(clip.title, 60)}`;
    const files: string[] = [];
    for (const asset of clip.media) {
      const name = `${folder}/${FILE_NAME[asset.kind]}.${extensionFor(asset.contentType)}`;
      // audio carries its song's tags (lib/media/tags.ts); covers and video go as stored
      const tagged = asset.kind === "AUDIO" ? clipAudioTagging(clip, asset, storage) : null;
      entries.push({
        name,
        size: tagged?.size ?? Number(asset.byteSize),
        modified: clip.createdAt,
        open: () =>
          tagged ? tagged.stream(storage.read(asset.storageKey)) : storage.read(asset.storageKey),
      });
      files.push(name);
    }
    if (clip.lyrics) {
      const text = Buffer.from(`${clip.title}\n${clip.tags}\n\n${clip.lyrics}\n`);
      entries.push({
        name: `${folder}/lyrics.txt`,
        size: text.length,
        modified: clip.createdAt,
        open: () => Readable.from([text]),
      });
      files.push(`${folder}/lyrics.txt`);
    }
    return {
      id: clip.id,
      title: clip.title,
      tags: clip.tags,
      description: clip.description,
      model: clip.model,
      duration: clip.duration,
      type: clip.clipType,
      instrumental: clip.isInstrumental,
      liked: clip.reactions[0]?.liked ?? false,
      rating: clip.reactions[0]?.rating ?? null,
      createdAt: clip.createdAt.toISOString(),
      creator: clip.owner.name,
      team: clip.team?.name ?? null,
      extends: clip.parentClipId,
      continueAt: clip.continueAt,
      archived: clip.archiveStatus === "ARCHIVED",
      files,
      sha256: Object.fromEntries(clip.media.map((m) => [FILE_NAME[m.kind], m.sha256])),
    };
  });
  const json = Buffer.from(
    JSON.stringify(
      {
        exportedAt: new Date().toISOString(),
        note: "sha256 is each file's as Chorus stores it; exported MP3 and WAV files carry the song's tags in addition",
        songs: metadata,
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
    "createdAt",
    "creator",
    "team",
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
