// Serving a clip's attachments (clip_assets) from our storage: under the clip's own
// visibility, or with its public share token when the owner lets the link hand out downloads.
// Range, ETag and caching as for the clip's media (sendStored); a `.lrc` is made from the
// stored words; before the copy exists, a 302 to the provider's link while it lasts.
import "server-only";

import { clipsVisibleTo } from "@/lib/authz";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { syncedWordsOf } from "@/lib/library/derivatives";
import { toLrc } from "@/lib/library/synced-lyrics";
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
    select: { title: true, assets: { where: { kind } } },
  });
  if (!clip) return notFound("That song does not exist, or you cannot play it.");
  const asset = clip.assets[0];
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
  return sendStored({
    storage,
    stored: { storageKey: asset.storageKey, contentType, sha256: asset.sha256, size },
    range: options.range,
    ifNoneMatch: options.ifNoneMatch,
    disposition: options.download ? attachment(`${name}.${extension}`) : null,
  });
}
