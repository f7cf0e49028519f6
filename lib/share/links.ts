// Public share links: opt-in per clip, revocable, read-only. The token is an HMAC of the
// link's id under the server secret, so its owner can copy it again at any time while the
// database holds only its sha256 (a leaked table reveals no working link). Rotating
// AUTH_SECRET retires every link.
import "server-only";

import { createHash, createHmac, randomUUID } from "node:crypto";

import { clipsManageableBy, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

/** A link's token (derived, so it can be shown again). Exported for the authorization tests. */
export function shareLinkToken(linkId: string) {
  return createHmac("sha256", getEnv().AUTH_SECRET)
    .update(`share-link:${linkId}`)
    .digest("base64url")
    .slice(0, 32);
}
export const shareTokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

export function shareUrlPath(token: string) {
  return `/s/${token}`;
}

/** The clip's active link, as a token its manager can copy (null: not shared publicly). */
export async function getActiveShareToken(actor: Actor, clipId: string): Promise<string | null> {
  const link = await db.shareLink.findFirst({
    where: { clipId, revokedAt: null, clip: clipsManageableBy(actor) },
    select: { id: true },
  });
  return link ? shareLinkToken(link.id) : null;
}

/** Whether the clip's active link also hands out its attachments (null: no active link). */
export async function shareDownloadsAllowed(actor: Actor, clipId: string) {
  const link = await db.shareLink.findFirst({
    where: { clipId, revokedAt: null, clip: clipsManageableBy(actor) },
    select: { allowDownloads: true },
  });
  return link ? link.allowDownloads : null;
}

/** Turns public sharing on (idempotent: an active link is kept) and returns its token. */
export async function enableShareLink(actor: Actor, clipId: string): Promise<string> {
  const clip = await db.clip.findFirst({
    where: { id: clipId, trashedAt: null, ...clipsManageableBy(actor) },
    select: { id: true, status: true },
  });
  if (!clip)
    throw new AppError("NOT_FOUND", "That song does not exist, or it is not yours to share.");
  if (clip.status !== "COMPLETE")
    throw new AppError("BAD_REQUEST", "Only finished songs can be shared.");
  const active = await db.shareLink.findFirst({
    where: { clipId, revokedAt: null },
    select: { id: true },
  });
  if (active) return shareLinkToken(active.id);
  const id = randomUUID();
  const token = shareLinkToken(id);
  await db.shareLink.create({
    data: { id, clipId, createdById: actor.id, tokenHash: shareTokenHash(token) },
  });
  return token;
}

/** Revokes every active link of the clip; the old URLs stop working at once. */
export async function revokeShareLinks(actor: Actor, clipId: string): Promise<number> {
  const { count } = await db.shareLink.updateMany({
    where: { clipId, revokedAt: null, clip: clipsManageableBy(actor) },
    data: { revokedAt: new Date() },
  });
  if (count === 0) {
    const visible = await db.clip.count({ where: { id: clipId, ...clipsManageableBy(actor) } });
    if (!visible)
      throw new AppError("NOT_FOUND", "That song does not exist, or it is not yours to change.");
  }
  return count;
}

/** The link behind a public token (its clip, whether it hands out downloads), or null. */
export async function shareLinkFor(
  token: string,
): Promise<{ clipId: string; allowDownloads: boolean } | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  return db.shareLink.findFirst({
    where: { tokenHash: shareTokenHash(token), revokedAt: null, clip: { trashedAt: null } },
    select: { clipId: true, allowDownloads: true },
  });
}

/** The owner lets the clip's active public link hand out its attachments too, or not. */
export async function setShareDownloads(actor: Actor, clipId: string, allow: boolean) {
  const { count } = await db.shareLink.updateMany({
    where: { clipId, revokedAt: null, clip: clipsManageableBy(actor) },
    data: { allowDownloads: allow },
  });
  if (count === 0)
    throw new AppError("NOT_FOUND", "This song has no public link, or it is not yours to change.");
}

/** The clip behind a public token, or null (unknown, revoked, or the clip is in the trash). */
export async function clipIdForShareToken(token: string): Promise<string | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const link = await db.shareLink.findFirst({
    where: { tokenHash: shareTokenHash(token), revokedAt: null, clip: { trashedAt: null } },
    select: { clipId: true },
  });
  return link?.clipId ?? null;
}

/** The attachment kinds a public link hands out: none unless its owner allows downloads. */
export async function sharedDownloads(token: string): Promise<string[]> {
  const link = await shareLinkFor(token);
  if (!link?.allowDownloads) return [];
  const assets = await db.clipAsset.findMany({
    where: {
      clipId: link.clipId,
      OR: [{ kind: { in: ["wav", "video"] } }, { kind: { startsWith: "stem:" } }],
    },
    select: { kind: true },
    orderBy: { kind: "asc" },
  });
  return assets.map((a) => a.kind);
}

/** What the public page shows: the song, and nothing of its owner or team. */
export async function getSharedClip(token: string) {
  const clipId = await clipIdForShareToken(token);
  if (!clipId) return null;
  return db.clip.findUnique({
    where: { id: clipId },
    select: {
      id: true,
      title: true,
      tags: true,
      lyrics: true,
      duration: true,
      isInstrumental: true,
      imageUrl: true,
      createdAt: true,
      status: true,
    },
  });
}
