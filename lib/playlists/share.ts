// Public playlist links (issue 18, item 4), like a song's (lib/share/links.ts): opt-in,
// revocable, read-only, the token an HMAC of the link's id under the server secret (only its
// sha256 is stored). Who may publish a playlist is who may manage it; what the link shows is
// only the songs in it that the link's creator may share publicly themselves (the ones they
// may manage, not in the trash), decided when it is opened, so a viewer's personal playlist of
// team songs publishes none of them. Plain playlists only: a smart one's songs depend on who
// asks.
import "server-only";

import { createHmac, randomUUID } from "node:crypto";

import { clipsManageableBy, playlistsManageableBy, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { shareTokenHash } from "@/lib/share/links";

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32}$/;

export function playlistLinkToken(linkId: string) {
  return createHmac("sha256", getEnv().AUTH_SECRET)
    .update(`playlist-link:${linkId}`)
    .digest("base64url")
    .slice(0, 32);
}
export const playlistUrlPath = (token: string) => `/p/${token}`;

const manageable = (actor: Actor, playlistId: string) => ({
  id: playlistId,
  rules: { equals: Prisma.DbNull },
  ...playlistsManageableBy(actor),
});

/** The playlist's active link as a token its manager can copy again (null: not public). */
export async function getPlaylistLinkToken(actor: Actor, playlistId: string) {
  const link = await db.playlistShareLink.findFirst({
    where: { playlistId, revokedAt: null, playlist: playlistsManageableBy(actor) },
    select: { id: true },
  });
  return link ? playlistLinkToken(link.id) : null;
}

export async function enablePlaylistLink(actor: Actor, playlistId: string): Promise<string> {
  const playlist = await db.playlist.findFirst({
    where: manageable(actor, playlistId),
    select: { id: true },
  });
  if (!playlist)
    throw new AppError(
      "NOT_FOUND",
      "That playlist does not exist, is a smart one, or it is not yours to share.",
    );
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM playlists WHERE id = ${playlistId} FOR UPDATE`;
      const active = await tx.playlistShareLink.findFirst({
        where: { playlistId, revokedAt: null },
        select: { id: true },
      });
      if (active) return playlistLinkToken(active.id);
      const id = randomUUID();
      const token = playlistLinkToken(id);
      await tx.playlistShareLink.create({
        data: { id, playlistId, createdById: actor.id, tokenHash: shareTokenHash(token) },
      });
      return token;
    },
    { maxWait: 5000 },
  );
}

export async function revokePlaylistLinks(actor: Actor, playlistId: string) {
  const { count } = await db.playlistShareLink.updateMany({
    where: { playlistId, revokedAt: null, playlist: playlistsManageableBy(actor) },
    data: { revokedAt: new Date() },
  });
  if (count === 0) {
    const mine = await db.playlist.count({
      where: { id: playlistId, ...playlistsManageableBy(actor) },
    });
    if (!mine)
      throw new AppError(
        "NOT_FOUND",
        "That playlist does not exist, or it is not yours to change.",
      );
  }
  return count;
}

async function activeLink(token: string) {
  if (!TOKEN_SHAPE.test(token)) return null;
  return db.playlistShareLink.findFirst({
    where: {
      tokenHash: shareTokenHash(token),
      revokedAt: null,
      playlist: { rules: { equals: Prisma.DbNull } },
    },
    select: { playlistId: true, createdById: true },
  });
}

/** The songs a link shows: in the playlist, finished, not trashed, the creator's to share. */
const sharedSongs = (link: { playlistId: string; createdById: string }) =>
  ({
    playlistId: link.playlistId,
    clip: { trashedAt: null, status: "COMPLETE", ...clipsManageableBy({ id: link.createdById }) },
  }) satisfies Prisma.PlaylistItemWhereInput;

/** What the public page shows: the playlist's name and the songs, nothing of who made them. */
export async function getSharedPlaylist(token: string) {
  const link = await activeLink(token);
  if (!link) return null;
  const [playlist, items] = await Promise.all([
    db.playlist.findUnique({
      where: { id: link.playlistId },
      select: { name: true, description: true },
    }),
    db.playlistItem.findMany({
      where: sharedSongs(link),
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      take: 500,
      select: {
        clip: {
          select: { id: true, title: true, tags: true, duration: true, imageUrl: true },
        },
      },
    }),
  ]);
  if (!playlist) return null;
  return {
    ...playlist,
    songs: items.map(({ clip }) => ({
      id: clip.id,
      title: clip.title,
      tags: clip.tags,
      duration: clip.duration,
      hasCover: clip.imageUrl !== null,
    })),
  };
}

/** Whether a public playlist token grants this clip's media (lib/media/serve.ts). */
export async function playlistLinkGrants(token: string, clipId: string): Promise<boolean> {
  const link = await activeLink(token);
  if (!link) return false;
  return (await db.playlistItem.count({ where: { ...sharedSongs(link), clipId } })) > 0;
}
