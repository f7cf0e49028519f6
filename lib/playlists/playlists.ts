// Playlists (issue 18, item 4): personal ones and a team's, ordered, each song once. Who may
// see, edit (add, remove, reorder) and manage (rename, delete) one comes from lib/authz's
// where clauses; a playlist someone may not see does not exist for them. A reader sees only
// the songs in it they may see themselves (a song taken out of a team leaves its playlists
// for those who can no longer hear it), never one in the trash.
import "server-only";

import {
  clipsVisibleTo,
  playlistsEditableBy,
  playlistsManageableBy,
  playlistsVisibleTo,
  requireTeam,
  type Actor,
} from "@/lib/authz";
import { db, type Db } from "@/lib/db";
import { onReplica } from "@/lib/db-replicas";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { smartPlaylistSongs, storedRules } from "@/lib/playlists/smart";
import type { SmartRules } from "@/lib/playlists/smart-shared";
import { recordAudit } from "@/lib/teams/audit";
import { enqueueWebhookEvent } from "@/lib/webhooks/outbox";

/** At most this many songs in one playlist, and playlists on the playlists page. */
export const PLAYLIST_MAX_ITEMS = 500;
export const PLAYLISTS_LISTED = 200;

const NOT_FOUND = "That playlist does not exist, or you cannot see it.";

/** The songs of a playlist the actor may hear: visible to them and not in the trash. */
const audible = (actor: Actor): Prisma.ClipWhereInput => ({
  trashedAt: null,
  status: "COMPLETE",
  ...clipsVisibleTo(actor),
});

export type PlaylistSummary = {
  id: string;
  name: string;
  description: string;
  collaborative: boolean;
  team: { id: string; name: string; slug: string } | null;
  owner: string | null;
  songs: number;
  seconds: number;
  /** up to four songs with a cover, for the mosaic */
  covers: string[];
  updatedAt: Date;
  /** a smart playlist: its songs come from rules (not counted here) */
  smart: boolean;
};

/** Plain playlists only: a smart one's songs come from its rules. */
const PLAIN = { rules: { equals: Prisma.DbNull } } satisfies Prisma.PlaylistWhereInput;

export function listPlaylists({ actor }: { actor: Actor }): Promise<PlaylistSummary[]> {
  return onReplica((read) => playlistsOf(read, actor));
}

async function playlistsOf(read: Db, actor: Actor): Promise<PlaylistSummary[]> {
  const playlists = await read.playlist.findMany({
    where: playlistsVisibleTo(actor),
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: PLAYLISTS_LISTED,
    select: {
      id: true,
      name: true,
      description: true,
      collaborative: true,
      updatedAt: true,
      rules: true,
      owner: { select: { name: true } },
      team: { select: { id: true, name: true, slug: true } },
    },
  });
  const items = await read.playlistItem.findMany({
    where: { playlistId: { in: playlists.map((p) => p.id) }, clip: audible(actor) },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
    select: { playlistId: true, clip: { select: { id: true, duration: true, imageUrl: true } } },
  });
  return playlists.map(({ owner, rules, ...playlist }) => {
    const mine = items.filter((i) => i.playlistId === playlist.id).map((i) => i.clip);
    return {
      ...playlist,
      owner: owner.name,
      songs: mine.length,
      seconds: mine.reduce((sum, c) => sum + (c.duration ?? 0), 0),
      covers: mine
        .filter((c) => c.imageUrl)
        .map((c) => c.id)
        .slice(0, 4),
      smart: rules !== null,
    };
  });
}

export function getPlaylist({ actor, playlistId }: { actor: Actor; playlistId: string }) {
  return onReplica((read) => playlistOf(read, actor, playlistId));
}

async function playlistOf(read: Db, actor: Actor, playlistId: string) {
  const playlist = await read.playlist.findFirst({
    where: { id: playlistId, ...playlistsVisibleTo(actor) },
    select: {
      id: true,
      name: true,
      description: true,
      collaborative: true,
      ownerId: true,
      owner: { select: { name: true } },
      team: { select: { id: true, name: true, slug: true } },
      updatedAt: true,
      rules: true,
    },
  });
  if (!playlist) return null;
  const { rules: stored, ...fields } = playlist;
  const [editable, manageable] = await Promise.all([
    read.playlist.count({ where: { id: playlistId, ...playlistsEditableBy(actor) } }),
    read.playlist.count({ where: { id: playlistId, ...playlistsManageableBy(actor) } }),
  ]);
  if (stored !== null) {
    // smart: the library's search over its rules, as this reader may see it
    const rules = storedRules(stored);
    const songs = rules
      ? await smartPlaylistSongs({ actor, rules, teamSlug: playlist.team?.slug ?? null })
      : [];
    return {
      ...fields,
      smart: { rules, broken: rules === null } as { rules: SmartRules | null; broken: boolean },
      items: songs.map((clip) => ({
        id: clip.id,
        addedBy: null,
        clip: {
          id: clip.id,
          title: clip.title,
          tags: clip.tags,
          duration: clip.duration,
          model: clip.model,
          hasCover: clip.hasCover,
          creator: clip.creator,
        },
      })),
      seconds: songs.reduce((sum, c) => sum + (c.duration ?? 0), 0),
      canEdit: false,
      canEditRules: editable > 0,
      canManage: manageable > 0,
    };
  }
  const [items] = await Promise.all([
    read.playlistItem.findMany({
      where: { playlistId, clip: audible(actor) },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      take: PLAYLIST_MAX_ITEMS,
      select: {
        id: true,
        addedBy: { select: { name: true } },
        clip: {
          select: {
            id: true,
            title: true,
            tags: true,
            duration: true,
            model: true,
            imageUrl: true,
            owner: { select: { name: true } },
          },
        },
      },
    }),
  ]);
  return {
    ...fields,
    smart: null,
    items: items.map(({ id, addedBy, clip }) => ({
      id,
      addedBy: addedBy?.name ?? null,
      clip: {
        id: clip.id,
        title: clip.title,
        tags: clip.tags,
        duration: clip.duration,
        model: clip.model,
        hasCover: clip.imageUrl !== null,
        creator: clip.owner.name,
      },
    })),
    seconds: items.reduce((sum, i) => sum + (i.clip.duration ?? 0), 0),
    canEdit: editable > 0,
    canEditRules: false,
    canManage: manageable > 0,
  };
}

export async function createPlaylist({
  actor,
  name,
  description = "",
  teamId,
  collaborative = false,
}: {
  actor: Actor;
  name: string;
  description?: string;
  teamId?: string;
  collaborative?: boolean;
}) {
  if (teamId) await requireTeam(actor, { id: teamId }, "playlist.create");
  return db.playlist.create({
    data: {
      ownerId: actor.id,
      teamId: teamId ?? null,
      name,
      description,
      // a personal playlist has nobody else to collaborate with
      collaborative: teamId ? collaborative : false,
    },
    select: { id: true },
  });
}

/** Why a change was refused: a playlist one cannot see is not found; one one sees, forbidden. */
async function refusal(actor: Actor, playlistId: string, what: string): Promise<never> {
  const visible = await db.playlist.count({
    where: { id: playlistId, ...playlistsVisibleTo(actor) },
  });
  if (!visible) throw new AppError("NOT_FOUND", NOT_FOUND);
  throw new AppError(
    "FORBIDDEN",
    `Only the team's admins and the playlist's creator can ${what}` +
      (what.includes("songs") ? ", unless it is collaborative." : "."),
  );
}

export async function updatePlaylist({
  actor,
  playlistId,
  ...change
}: {
  actor: Actor;
  playlistId: string;
  name: string;
  description: string;
  collaborative: boolean;
}) {
  const { collaborative, ...text } = change;
  const manageable = { id: playlistId, ...playlistsManageableBy(actor) };
  const [{ count }] = await db.$transaction([
    db.playlist.updateMany({ where: manageable, data: text }),
    // "collaborative" only means something in a team
    db.playlist.updateMany({
      where: { ...manageable, teamId: { not: null } },
      data: { collaborative },
    }),
  ]);
  if (count === 0) await refusal(actor, playlistId, "change this playlist");
  await playlistUpdated(playlistId, "details");
}

export async function deletePlaylist({ actor, playlistId }: { actor: Actor; playlistId: string }) {
  const deleted = await db.$transaction(async (tx) => {
    const playlist = await tx.playlist.findFirst({
      where: { id: playlistId, ...playlistsManageableBy(actor) },
      select: { name: true, teamId: true },
    });
    if (!playlist) return false;
    const { count } = await tx.playlist.deleteMany({
      where: { id: playlistId, ...playlistsManageableBy(actor) },
    });
    // a team's playlist goes in the team's audit log, with its name (the row is gone)
    if (count > 0 && playlist.teamId)
      await recordAudit(tx, {
        teamId: playlist.teamId,
        actorId: actor.id,
        action: "PLAYLIST_DELETED",
        targetType: "playlist",
        targetId: playlistId,
        data: { name: playlist.name },
      });
    return count > 0;
  });
  if (!deleted) await refusal(actor, playlistId, "delete this playlist");
}

async function editable(actor: Actor, playlistId: string) {
  const playlist = await db.playlist.findFirst({
    where: { id: playlistId, ...playlistsEditableBy(actor) },
    select: { id: true, teamId: true, rules: true },
  });
  if (playlist && playlist.rules !== null)
    throw new AppError("BAD_REQUEST", "A smart playlist's songs come from its rules.");
  return playlist ?? refusal(actor, playlistId, "change its songs");
}

/** The songs that may go into a playlist: any the actor hears for a personal one; for a
 *  team's, the team's songs and the ones shared into it (so the whole team can hear them). */
function addable(actor: Actor, teamId: string | null): Prisma.ClipWhereInput {
  if (!teamId) return audible(actor);
  return {
    trashedAt: null,
    status: "COMPLETE",
    OR: [{ teamId }, { teamShares: { some: { teamId } } }],
  };
}

/** Adds a song at the end; a song already in the playlist stays where it is. */
export async function addToPlaylist({
  actor,
  playlistId,
  clipId,
}: {
  actor: Actor;
  playlistId: string;
  clipId: string;
}): Promise<"added" | "already"> {
  const playlist = await editable(actor, playlistId);
  const clip = await db.clip.findFirst({
    where: { id: clipId, ...addable(actor, playlist.teamId) },
    select: { id: true },
  });
  if (!clip)
    throw new AppError(
      "NOT_FOUND",
      playlist.teamId
        ? "Only the team's songs (and songs shared into it) can go into a team playlist."
        : "That song does not exist, or you cannot hear it.",
    );
  // one statement: the next position, the size limit and "already in it" decided together
  const inserted = await db.$executeRaw`
    INSERT INTO playlist_items (id, playlist_id, clip_id, position, added_by_id)
    SELECT ${`pli_${crypto.randomUUID()}`}, ${playlistId}, ${clipId},
      coalesce(max(i.position) + 1, 0), ${actor.id}
    FROM playlist_items i WHERE i.playlist_id = ${playlistId}
    HAVING count(*) < ${PLAYLIST_MAX_ITEMS}
    ON CONFLICT (playlist_id, clip_id) DO NOTHING`;
  if (inserted === 0) {
    const already = await db.playlistItem.count({ where: { playlistId, clipId } });
    if (already) return "already";
    throw new AppError("BAD_REQUEST", `A playlist holds at most ${PLAYLIST_MAX_ITEMS} songs.`);
  }
  await db.playlist.update({ where: { id: playlistId }, data: { updatedAt: new Date() } });
  await playlistUpdated(playlistId, "added", clipId);
  return "added";
}

export async function removeFromPlaylist({
  actor,
  playlistId,
  itemId,
}: {
  actor: Actor;
  playlistId: string;
  itemId: string;
}) {
  await editable(actor, playlistId);
  const { count } = await db.playlistItem.deleteMany({ where: { id: itemId, playlistId } });
  if (count === 0) throw new AppError("NOT_FOUND", "That song is not in this playlist.");
  await db.playlist.update({ where: { id: playlistId }, data: { updatedAt: new Date() } });
  await playlistUpdated(playlistId, "removed");
}

/**
 * Moves one song to `toIndex` of the list as the actor sees it (songs they cannot hear keep
 * their places among the rest), then numbers the whole playlist 0, 1, 2, … in one statement.
 */
export async function movePlaylistItem({
  actor,
  playlistId,
  itemId,
  toIndex,
}: {
  actor: Actor;
  playlistId: string;
  itemId: string;
  toIndex: number;
}) {
  await editable(actor, playlistId);
  await db.$transaction(
    async (tx) => {
      // the playlist's row first: two moves at once take turns instead of interleaving
      await tx.$queryRaw`SELECT id FROM playlists WHERE id = ${playlistId} FOR UPDATE`;
      const [all, seen] = await Promise.all([
        tx.playlistItem.findMany({
          where: { playlistId },
          orderBy: [{ position: "asc" }, { createdAt: "asc" }],
          select: { id: true },
        }),
        tx.playlistItem.findMany({
          where: { playlistId, clip: audible(actor) },
          orderBy: [{ position: "asc" }, { createdAt: "asc" }],
          select: { id: true },
        }),
      ]);
      const visible = seen.map((i) => i.id);
      const from = visible.indexOf(itemId);
      if (from === -1) throw new AppError("NOT_FOUND", "That song is not in this playlist.");
      const target = Math.max(0, Math.min(toIndex, visible.length - 1));
      if (target === from) return;
      const order = all.map((i) => i.id).filter((id) => id !== itemId);
      const without = visible.filter((id) => id !== itemId);
      // up or down alike: just before the song that will follow it, or, moved to the end,
      // just after the last song the actor hears
      const anchor = without[target];
      const at = anchor === undefined ? order.indexOf(without.at(-1)!) + 1 : order.indexOf(anchor);
      order.splice(at, 0, itemId);
      await tx.$executeRaw`
        UPDATE playlist_items i SET position = (o.position - 1)::int
        FROM unnest(${order}::text[]) WITH ORDINALITY AS o(id, position)
        WHERE i.id = o.id AND i.playlist_id = ${playlistId}`;
      await tx.playlist.update({ where: { id: playlistId }, data: { updatedAt: new Date() } });
      await playlistUpdated(playlistId, "moved", undefined, tx);
    },
    { maxWait: 5000 },
  );
}

/** `playlist.updated` for the playlist's workspace (lib/webhooks' outbox). */
async function playlistUpdated(
  playlistId: string,
  change: "details" | "added" | "removed" | "moved",
  clipId: string | undefined = undefined,
  tx?: Prisma.TransactionClient,
): Promise<number> {
  if (!tx) return db.$transaction((t) => playlistUpdated(playlistId, change, clipId, t));
  const playlist = await tx.playlist.findUnique({
    where: { id: playlistId },
    select: { id: true, name: true, ownerId: true, teamId: true },
  });
  if (!playlist) return 0;
  return enqueueWebhookEvent(tx, {
    scope: { ownerId: playlist.ownerId, teamId: playlist.teamId },
    type: "playlist.updated",
    data: { playlistId, name: playlist.name, change, ...(clipId ? { clipId } : {}) },
  });
}

/** The playlists the actor may add this song to (for the card menu and the player). */
export async function playlistTargets({ actor, clipId }: { actor: Actor; clipId: string }) {
  const clip = await db.clip.findFirst({
    where: { id: clipId, ...audible(actor) },
    select: { teamId: true, teamShares: { select: { teamId: true } } },
  });
  if (!clip) throw new AppError("NOT_FOUND", "That song does not exist, or you cannot hear it.");
  const teams = [clip.teamId, ...clip.teamShares.map((s) => s.teamId)].filter(
    (t): t is string => t !== null,
  );
  const playlists = await db.playlist.findMany({
    where: {
      AND: [
        PLAIN,
        playlistsEditableBy(actor),
        { OR: [{ teamId: null }, { teamId: { in: teams } }] },
      ],
    },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: PLAYLISTS_LISTED,
    select: {
      id: true,
      name: true,
      team: { select: { name: true } },
      items: { where: { clipId }, select: { id: true } },
    },
  });
  return playlists.map((p) => ({
    id: p.id,
    name: p.name,
    team: p.team?.name ?? null,
    has: p.items.length > 0,
  }));
}

/**
 * Adds many songs at the end, in the order given (bulk actions): the ones that may go into
 * this playlist and are not in it yet, up to the size limit; returns the songs added (for an
 * undo) and how many were not.
 */
export async function bulkAddToPlaylist({
  actor,
  playlistId,
  clipIds,
}: {
  actor: Actor;
  playlistId: string;
  clipIds: string[];
}): Promise<{ changed: string[]; skipped: number }> {
  const playlist = await editable(actor, playlistId);
  const ids = [...new Set(clipIds)];
  const added = await db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM playlists WHERE id = ${playlistId} FOR UPDATE`;
      const allowed = await tx.clip.findMany({
        where: { id: { in: ids }, ...addable(actor, playlist.teamId) },
        select: { id: true },
      });
      const ok = new Set(allowed.map((c) => c.id));
      const ordered = ids.filter((id) => ok.has(id));
      const rows = await tx.$queryRaw<{ clip_id: string }[]>`
        WITH base AS (SELECT coalesce(max(position) + 1, 0) AS next, count(*) AS size
          FROM playlist_items WHERE playlist_id = ${playlistId}),
        fresh AS (SELECT o.id, o.n FROM unnest(${ordered}::text[]) WITH ORDINALITY AS o(id, n)
          WHERE NOT EXISTS (SELECT 1 FROM playlist_items i
            WHERE i.playlist_id = ${playlistId} AND i.clip_id = o.id)
          ORDER BY o.n LIMIT GREATEST(0, ${PLAYLIST_MAX_ITEMS} - (SELECT size FROM base)))
        INSERT INTO playlist_items (id, playlist_id, clip_id, position, added_by_id)
        SELECT 'pli_' || gen_random_uuid(), ${playlistId}, f.id,
          (SELECT next FROM base) + (row_number() OVER (ORDER BY f.n))::int - 1, ${actor.id}
        FROM fresh f
        ON CONFLICT (playlist_id, clip_id) DO NOTHING
        RETURNING clip_id`;
      if (rows.length)
        await tx.playlist.update({ where: { id: playlistId }, data: { updatedAt: new Date() } });
      return rows.map((r) => r.clip_id);
    },
    { maxWait: 5000 },
  );
  return { changed: added, skipped: ids.length - added.length };
}

/** Takes the given songs out of a playlist (the undo of a bulk add). */
export async function bulkRemoveFromPlaylist({
  actor,
  playlistId,
  clipIds,
}: {
  actor: Actor;
  playlistId: string;
  clipIds: string[];
}) {
  await editable(actor, playlistId);
  const { count } = await db.playlistItem.deleteMany({
    where: { playlistId, clipId: { in: clipIds } },
  });
  if (count)
    await db.playlist.update({ where: { id: playlistId }, data: { updatedAt: new Date() } });
  return count;
}

/** The plain playlists the actor may add songs to, for the bulk toolbar: their personal ones,
 *  and in a team library (a slug) that team's they may edit. */
export async function editablePlaylists({ actor, teamSlug }: { actor: Actor; teamSlug?: string }) {
  const teamId = teamSlug
    ? (await requireTeam(actor, { slug: teamSlug }, "team.view")).team.id
    : null;
  const playlists = await db.playlist.findMany({
    where: {
      AND: [
        PLAIN,
        playlistsEditableBy(actor),
        { OR: [{ teamId: null }, ...(teamId ? [{ teamId }] : [])] },
      ],
    },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: PLAYLISTS_LISTED,
    select: { id: true, name: true, team: { select: { name: true } } },
  });
  return playlists.map((p) => ({ id: p.id, name: p.name, team: p.team?.name ?? null }));
}
