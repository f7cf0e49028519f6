// Serving a clip's attachments (clip_assets) from our storage: under the clip's own
// visibility, or with its public share token when the owner lets the link hand out downloads.
// Range, ETag and caching as for the clip's media (sendStored); a downloaded WAV or stem carries
// the song's tags (whole, like the song's own download); a `.lrc` is made from the stored
// words; before the copy exists, a 302 to the provider's link while it lasts.
import "server-only";

import { Readable } from "node:stream";

import { clipsVisibleTo } from "@/lib/authz";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { syncedWordsOf } from "@/lib/library/derivatives";
import { toLrc } from "@/lib/library/synced-lyrics";
import { clipAudioTagging } from "@/lib/media/clip-tags";
import { getMediaStorage } from "@/lib/media/config";
import { attachment, extensionFor, safeFileName } from "@/lib/media/file-names";
import { sendStored, type MediaAccess } from "@/lib/media/serve";
import { assetLabel, kindFromSlug } from "@/lib/media/shared";
import { shareLinkFor } from "@/lib/share/links";

const notFound = (message: string) =>
  Response.json({ error: { code: "NOT_FOUND", message } }, { status: 404 });

async function accessWhere(access: MediaAccess, clipId: string): Promise<Prisma.ClipWhereInput> {
  if ("actor" in access) return clipsVisibleTo(access.actor);
  // a share token grants its own clip's attachments, and only where the owner allows it
  const link = await shareLinkFor(access.shareToken);
  return link?.clipId === clipId && link.allowDownloads ? { trashedAt: null } : { id: { in: [] } };
}

export async function serveClipAsset(options: {
  access: MediaAccess;
  clipId: string;
  slug: string;
  range: string | null;
  ifNoneMatch: string | null;
  download?: boolean;
}): Promise<Response> {
  const kind = kindFromSlug(options.slug);
  if (!kind) return notFound("Unknown attachment.");
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
      // a downloaded WAV or stem carries the song's tags, its cover and synced words included
      media: options.download ? { where: { kind: { in: ["IMAGE", "IMAGE_LARGE"] } } } : false,
      assets: { where: { kind: options.download ? { in: [kind, "lrc"] } : kind } },
    },
  });
  if (!clip) return notFound("That song does not exist, or you cannot play it.");
  const asset = clip.assets.find((a) => a.kind === kind);
  if (!asset) return notFound("This song has no such file yet.");
  const name = `${safeFileName(clip.title)} (${assetLabel(kind)})`;

  if (kind === "lrc") {
    const words = syncedWordsOf(asset.data);
    return new Response(toLrc(clip.title, words), {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": attachment(`${name}.lrc`),
        "cache-control": "private, no-cache",
        "x-content-type-options": "nosniff",
      },
    });
  }

  const storage = getMediaStorage();
  const size = asset.storageKey ? await storage.size(asset.storageKey) : null;
  if (!asset.storageKey || !asset.contentType || !asset.sha256 || size === null) {
    if (asset.sourceUrl)
      return new Response(null, {
        status: 302,
        headers: { location: asset.sourceUrl, "cache-control": "no-store" },
      });
    return notFound("This file is not kept yet.");
  }
  const contentType = asset.contentType;
  const extension = contentType === "video/webm" ? "webm" : extensionFor(contentType);
  const tagged =
    options.download && (kind === "wav" || kind.startsWith("stem:"))
      ? clipAudioTagging(
          {
            ...clip,
            media: clip.media ?? [],
            syncedWords: syncedWordsOf(clip.assets.find((a) => a.kind === "lrc")?.data),
          },
          { contentType, byteSize: BigInt(size) },
          storage,
          kind === "wav" ? undefined : assetLabel(kind),
        )
      : null;
  if (tagged)
    return new Response(
      Readable.toWeb(tagged.stream(storage.read(asset.storageKey))) as ReadableStream,
      {
        headers: {
          "content-type": contentType,
          "content-length": String(tagged.size),
          "content-disposition": attachment(`${name}.${extension}`),
          // the tags follow the song's title and lyrics, which can change: not cached
          "cache-control": "private, no-store, no-transform",
          "x-content-type-options": "nosniff",
        },
      },
    );
  return sendStored({
    storage,
    stored: { storageKey: asset.storageKey, contentType, sha256: asset.sha256, size },
    range: options.range,
    ifNoneMatch: options.ifNoneMatch,
    disposition: options.download ? attachment(`${name}.${extension}`) : null,
  });
}
