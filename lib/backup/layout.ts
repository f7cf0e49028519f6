// What a backup holds for one song, and where: `<workspace>/<year>/<title> [<id>]/` with the
// tagged audio, the covers and video, every archived attachment under attachments/, and
// song.json (the metadata and the sha256 of each file as written). Each file has a version,
// a digest of what it is made from (the stored file's sha256, and for tagged audio and the
// sidecar the metadata too), so a run writes exactly the files whose version changed. A
// song's folder is kept once chosen (a renamed song does not move, nor appear twice).
import "server-only";

import { createHash } from "node:crypto";
import { Readable } from "node:stream";

import type { Prisma } from "@/lib/generated/prisma/client";
import { clipAudioTagging, songTags } from "@/lib/media/clip-tags";
import { extensionFor, safeFileName } from "@/lib/media/file-names";
import type { MediaStorage } from "@/lib/media/storage";

export const BACKUP_CLIP_SELECT = {
  id: true,
  title: true,
  tags: true,
  lyrics: true,
  description: true,
  model: true,
  duration: true,
  clipType: true,
  isInstrumental: true,
  createdAt: true,
  parentClipId: true,
  continueAt: true,
  owner: { select: { name: true } },
  team: { select: { name: true } },
  media: {
    select: { kind: true, storageKey: true, byteSize: true, contentType: true, sha256: true },
    orderBy: { kind: "asc" },
  },
  assets: {
    where: {
      OR: [
        { archiveStatus: "ARCHIVED", storageKey: { not: null }, sha256: { not: null } },
        { kind: "lrc" },
      ],
    },
    select: {
      kind: true,
      storageKey: true,
      byteSize: true,
      contentType: true,
      sha256: true,
      data: true,
    },
    orderBy: { kind: "asc" },
  },
} satisfies Prisma.ClipSelect;

export type BackupClip = Prisma.ClipGetPayload<{ select: typeof BACKUP_CLIP_SELECT }>;

export const SIDECAR = "song.json";

export type PlannedFile = {
  path: string;
  /** media:<KIND>, asset:<kind> or sidecar */
  role: string;
  version: string;
  /** the bytes; the sidecar's need the sha256 of the clip's files as written */
  open: (written: Record<string, { sha256: string; bytes: number }>) => Readable;
};

const digest = (...parts: string[]) => createHash("sha256").update(parts.join("\n")).digest("hex");

const MEDIA_NAME: Record<string, string> = {
  AUDIO: "audio",
  IMAGE: "cover",
  IMAGE_LARGE: "cover-large",
  VIDEO: "video",
};

export function songFolder(
  workspace: string,
  clip: { id: string; title: string; createdAt: Date },
) {
  const year = clip.createdAt.getUTCFullYear();
  return `${workspace}/${year}/${safeFileName(clip.title, 60)} [${clip.id}]`;
}

export function planFiles(clip: BackupClip, folder: string, storage: MediaStorage): PlannedFile[] {
  const files: PlannedFile[] = [];
  const cover =
    clip.media.find((m) => m.kind === "IMAGE") ?? clip.media.find((m) => m.kind === "IMAGE_LARGE");
  for (const media of clip.media) {
    const name = MEDIA_NAME[media.kind] ?? media.kind.toLowerCase();
    const path = `${folder}/${name}.${extensionFor(media.contentType)}`;
    const tagged = media.kind === "AUDIO" ? clipAudioTagging(clip, media, storage) : null;
    if (tagged) {
      const { cover: _cover, ...tags } = songTags(clip, storage);
      files.push({
        path,
        role: `media:${media.kind}`,
        version: digest("tagged", media.sha256, JSON.stringify(tags), cover?.sha256 ?? ""),
        open: () => tagged.stream(storage.read(media.storageKey)),
      });
    } else {
      files.push({
        path,
        role: `media:${media.kind}`,
        version: digest("stored", media.sha256),
        open: () => storage.read(media.storageKey),
      });
    }
  }
  for (const asset of clip.assets) {
    if (!asset.storageKey || !asset.sha256) continue; // lrc: its words go in the sidecar
    const name = safeFileName(asset.kind.replaceAll(":", "-"), 80, "attachment");
    const key = asset.storageKey;
    files.push({
      path: `${folder}/attachments/${name}.${extensionFor(asset.contentType ?? "")}`,
      role: `asset:${asset.kind}`,
      version: digest("stored", asset.sha256),
      open: () => storage.read(key),
    });
  }
  const metadata = {
    id: clip.id,
    title: clip.title,
    tags: clip.tags,
    lyrics: clip.lyrics,
    description: clip.description,
    model: clip.model,
    duration: clip.duration,
    type: clip.clipType,
    instrumental: clip.isInstrumental,
    createdAt: clip.createdAt.toISOString(),
    creator: clip.owner.name,
    team: clip.team?.name ?? null,
    extends: clip.parentClipId,
    continueAt: clip.continueAt,
    syncedLyrics: clip.assets.find((a) => a.kind === "lrc")?.data ?? null,
  };
  const prefix = `${folder}/`;
  const others = files.map((f) => `${f.path}:${f.version}`).sort();
  files.push({
    path: `${folder}/${SIDECAR}`,
    role: "sidecar",
    version: digest("sidecar", JSON.stringify(metadata), ...others),
    open: (written) => {
      const list = Object.fromEntries(
        Object.entries(written)
          .map(([path, file]) => [path.slice(prefix.length), file] as const)
          .sort(([a], [b]) => (a < b ? -1 : 1)),
      );
      const text = JSON.stringify({ chorusBackup: 1, ...metadata, files: list }, null, 2) + "\n";
      return Readable.from([Buffer.from(text)]);
    },
  });
  return files;
}
