// Serving a clip's media from our storage: the clip's own authorization, HTTP Range (206 with
// exactly the asked bytes, 416 when unsatisfiable), a strong ETag (the sha256) and streaming
// (never a whole file in memory). While archiving is pending, it falls back to upstream.
import "server-only";

import { Readable } from "node:stream";

import { clipsVisibleTo } from "@/lib/authz";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { MediaKind } from "@/lib/generated/prisma/enums";
import { syncedWordsOf } from "@/lib/library/derivatives";
import { clipAudioTagging } from "@/lib/media/clip-tags";
import { getMediaStorage } from "@/lib/media/config";
import { attachment, extensionFor, safeFileName } from "@/lib/media/file-names";
import type { MediaStorage } from "@/lib/media/storage";
import { playlistLinkGrants } from "@/lib/playlists/share";
import { clipIdForShareToken } from "@/lib/share/links";

export const KIND_BY_SLUG: Record<string, MediaKind> = {
  audio: "AUDIO",
  image: "IMAGE",
  "image-large": "IMAGE_LARGE",
  video: "VIDEO",
};
const UPSTREAM_FIELD = {
  AUDIO: "audioUrl",
  IMAGE: "imageUrl",
  IMAGE_LARGE: "imageLargeUrl",
  VIDEO: "videoUrl",
} as const;

type Range = { start: number; end: number } | "unsatisfiable" | null;

/** A single `bytes=` range (the only kind players send); multi-ranges are served whole. */
export function parseRange(header: string | null, size: number): Range {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return header.includes(",") ? null : "unsatisfiable";
  const [, from, to] = match;
  if (from === "" && to === "") return "unsatisfiable";
  let start: number;
  let end: number;
  if (from === "") {
    const suffix = Number(to); // the last N bytes
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(from);
    end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start >= size || start > end) return "unsatisfiable";
  return { start, end };
}

async function accessWhere(access: MediaAccess, clipId: string): Promise<Prisma.ClipWhereInput> {
  if ("actor" in access) return clipsVisibleTo(access.actor);
  // a share token grants its own clip and nothing else; a playlist's, the songs it shows
  return (await clipIdForShareToken(access.shareToken)) === clipId ||
    (await playlistLinkGrants(access.shareToken, clipId))
    ? { trashedAt: null }
    : { id: { in: [] } };
}

/** `Electric Dreams (cover).png` */
function downloadName(title: string, kind: MediaKind, contentType: string) {
  const suffix =
    kind === "AUDIO"
      ? ""
      : kind === "VIDEO"
        ? " (video)"
        : kind === "IMAGE_LARGE"
          ? " (cover, large)"
          : " (cover)";
  return attachment(`${safeFileName(title)}${suffix}.${extensionFor(contentType)}`);
}

/**
 * Who is asking: a signed-in user (the clip's own visibility) or a public share token of this clip.
 */
export type MediaAccess = { actor: { id: string } } | { shareToken: string };

export async function serveClipMedia(options: {
  access: MediaAccess;
  clipId: string;
  slug: string;
  range: string | null;
  ifNoneMatch: string | null;
  download?: boolean;
}): Promise<Response> {
  const kind = Object.hasOwn(KIND_BY_SLUG, options.slug) ? KIND_BY_SLUG[options.slug] : undefined;
  if (!kind)
    return Response.json(
      { error: { code: "NOT_FOUND", message: "Unknown media kind." } },
      { status: 404 },
    );
  const clip = await db.clip.findFirst({
    where: { id: options.clipId, ...(await accessWhere(options.access, options.clipId)) },
    select: {
      id: true,
      title: true,
      tags: true,
      lyrics: true,
      model: true,
      createdAt: true,
      owner: { select: { name: true } },
      team: { select: { name: true } },
      audioUrl: true,
      imageUrl: true,
      imageLargeUrl: true,
      videoUrl: true,
      // the covers too: a downloaded song carries one in its tags
      media: { where: { kind: { in: [kind, "IMAGE", "IMAGE_LARGE"] } } },
      // and its synced words, as SYLT
      assets: options.download ? { where: { kind: "lrc" }, select: { data: true } } : false,
    },
  });
  if (!clip)
    return Response.json(
      { error: { code: "NOT_FOUND", message: "That song does not exist, or you cannot play it." } },
      { status: 404 },
    );

  const asset = clip.media.find((m) => m.kind === kind);
  const storage = getMediaStorage();
  const size = asset ? await storage.size(asset.storageKey) : null;
  if (!asset || size === null) {
    // not archived yet: the upstream link, while it lasts
    const upstream = clip[UPSTREAM_FIELD[kind]];
    if (upstream)
      return new Response(null, {
        status: 302,
        headers: { location: upstream, "cache-control": "no-store" },
      });
    return Response.json(
      { error: { code: "NOT_FOUND", message: "This song has no such file." } },
      { status: 404 },
    );
  }

  // a downloaded song carries its tags (lib/media/tags.ts); playback gets the stored bytes
  const tagged =
    kind === "AUDIO" && options.download
      ? clipAudioTagging(
          { ...clip, syncedWords: syncedWordsOf(clip.assets?.[0]?.data) },
          { ...asset, byteSize: BigInt(size) },
          storage,
        )
      : null;
  if (tagged)
    return new Response(
      Readable.toWeb(tagged.stream(storage.read(asset.storageKey))) as ReadableStream,
      {
        status: 200,
        headers: {
          "content-type": asset.contentType,
          "content-length": String(tagged.size),
          "content-disposition": downloadName(clip.title, kind, asset.contentType),
          // the tags follow the song's title and lyrics, which can change: not cached
          "cache-control": "private, no-store, no-transform",
          "x-content-type-options": "nosniff",
        },
      },
    );

  return sendStored({
    storage,
    stored: { ...asset, size },
    range: options.range,
    ifNoneMatch: options.ifNoneMatch,
    disposition: options.download ? downloadName(clip.title, kind, asset.contentType) : null,
  });
}

/**
 * An archived file, streamed: Range (206, or 416 when unsatisfiable), a strong ETag (its
 * sha256, so 304 on a match) and private immutable caching. Shared by a clip's own media and
 * its attachments.
 */
export function sendStored(options: {
  storage: MediaStorage;
  stored: { storageKey: string; contentType: string; sha256: string; size: number };
  range: string | null;
  ifNoneMatch: string | null;
  disposition: string | null;
}): Response {
  const { storage, stored } = options;
  const asset = stored;
  const size = stored.size;
  const etag = `"${asset.sha256}"`;
  const headers: Record<string, string> = {
    "accept-ranges": "bytes",
    "content-type": asset.contentType,
    etag,
    // private: it is someone's song; immutable: a clip's archived file never changes
    "cache-control": "private, max-age=31536000, immutable, no-transform",
    "x-content-type-options": "nosniff",
    ...(options.disposition ? { "content-disposition": options.disposition } : {}),
  };
  if (
    options.ifNoneMatch &&
    options.ifNoneMatch
      .split(",")
      .map((t) => t.trim())
      .includes(etag)
  )
    return new Response(null, { status: 304, headers });

  const range = parseRange(options.range, size);
  if (range === "unsatisfiable")
    return new Response(null, {
      status: 416,
      headers: { ...headers, "content-range": `bytes */${size}` },
    });
  const body = Readable.toWeb(storage.read(asset.storageKey, range ?? undefined)) as ReadableStream;
  if (range) {
    return new Response(body, {
      status: 206,
      headers: {
        ...headers,
        "content-range": `bytes ${range.start}-${range.end}/${size}`,
        "content-length": String(range.end - range.start + 1),
      },
    });
  }
  return new Response(body, {
    status: 200,
    headers: { ...headers, "content-length": String(size) },
  });
}
