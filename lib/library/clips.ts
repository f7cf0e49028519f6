// One clip: what its page shows (for anyone who may see it) and what its owner may change.
// Every query is scoped in its `where`; a clip someone may not see simply does not exist.
import "server-only";

import { clipsManageableBy, clipsUsableBy, clipsVisibleTo } from "@/lib/authz";
import { db, type Db } from "@/lib/db";
import { onReplica } from "@/lib/db-replicas";
import { AppError } from "@/lib/errors";
import { getReactionSummary } from "@/lib/library/reactions";
import { recordAudit } from "@/lib/teams/audit";

export const TRASH_DAYS = 30;

export function getClipPage({ actor, clipId }: { actor: { id: string }; clipId: string }) {
  return onReplica((read) => clipPage(read, actor, clipId));
}

async function clipPage(read: Db, actor: { id: string }, clipId: string) {
  const clip = await read.clip.findFirst({
    where: { id: clipId, ...clipsVisibleTo(actor) },
    select: {
      id: true,
      title: true,
      tags: true,
      negativeTags: true,
      lyrics: true,
      description: true,
      model: true,
      majorModelVersion: true,
      duration: true,
      status: true,
      clipType: true,
      isInstrumental: true,
      trashedAt: true,
      createdAt: true,
      completedAt: true,
      continueAt: true,
      concatHistory: true,
      errorMessage: true,
      archiveStatus: true,
      archiveError: true,
      imageUrl: true,
      videoUrl: true,
      ownerId: true,
      owner: { select: { name: true } },
      team: { select: { id: true, name: true } },
      parentClip: { select: { id: true, title: true, model: true, imageUrl: true } },
      task: { select: { id: true, operation: true } },
    },
  });
  if (!clip) return null;
  const visible = clipsVisibleTo(actor);
  // what the actor may do with it comes from the same where clauses the changes use
  const [children, wholeSongs, manageable, usable, reactions, parentSeen] = await Promise.all([
    read.clip.findMany({
      // a clip type is often unknown (sunoapi-org names none): only whole songs are left out
      where: {
        parentClipId: clip.id,
        OR: [{ clipType: null }, { clipType: { not: "concat" } }],
        ...visible,
      },
      select: {
        id: true,
        title: true,
        continueAt: true,
        model: true,
        imageUrl: true,
        status: true,
        task: { select: { operation: true } },
      },
      orderBy: { createdAt: "asc" },
    }),
    read.clip.findMany({
      where: { parentClipId: clip.id, clipType: "concat", ...visible },
      select: { id: true, title: true },
      orderBy: { createdAt: "asc" },
    }),
    read.clip.count({ where: { id: clip.id, ...clipsManageableBy(actor) } }),
    read.clip.count({ where: { id: clip.id, ...clipsUsableBy(actor) } }),
    getReactionSummary({ actor, clipId: clip.id }),
    // a parent the reader may not see is not named (its title is not theirs to read)
    clip.parentClip ? read.clip.count({ where: { id: clip.parentClip.id, ...visible } }) : 0,
  ]);
  return {
    ...clip,
    parentClip: parentSeen > 0 ? clip.parentClip : null,
    hasParent: clip.parentClip !== null,
    isOwner: clip.ownerId === actor.id,
    canManage: manageable > 0,
    canContinue: usable > 0,
    /** the actor's own like and rating, and the counts of those they share the song with */
    reactions,
    children,
    wholeSongs,
  };
}

/** A finished song the actor may continue ("Remix"), as the Create form shows it. */
export function getRemixSource({ actor, clipId }: { actor: { id: string }; clipId: string }) {
  return db.clip.findFirst({
    where: { id: clipId, status: "COMPLETE", trashedAt: null, ...clipsUsableBy(actor) },
    select: { id: true, title: true, tags: true, duration: true, model: true },
  });
}

async function ownClip(actor: { id: string }, clipId: string) {
  const clip = await db.clip.findFirst({
    where: { id: clipId, ...clipsManageableBy(actor) },
    select: { id: true, trashedAt: true, teamId: true },
  });
  if (!clip)
    throw new AppError("NOT_FOUND", "That song does not exist, or it is not yours to change.");
  return clip;
}

export async function renameClip({
  actor,
  clipId,
  title,
  tags,
}: {
  actor: { id: string };
  clipId: string;
  title: string;
  tags: string;
}) {
  await ownClip(actor, clipId);
  await db.clip.update({ where: { id: clipId }, data: { title, tags } });
}

/**
 * Moves a clip to the trash; the teams that had it (its own, or those it was shared into) log it.
 */
export async function trashClip({ actor, clipId }: { actor: { id: string }; clipId: string }) {
  await ownClip(actor, clipId);
  await db.$transaction(async (tx) => {
    const clip = await tx.clip.update({
      where: { id: clipId },
      data: { trashedAt: new Date() },
      select: { title: true, teamId: true, teamShares: { select: { teamId: true } } },
    });
    const teams = new Set(
      [clip.teamId, ...clip.teamShares.map((s) => s.teamId)].filter((t): t is string => t !== null),
    );
    for (const teamId of teams)
      await recordAudit(tx, {
        teamId,
        actorId: actor.id,
        action: "CLIP_DELETED",
        targetType: "clip",
        targetId: clipId,
        data: { title: clip.title },
      });
  });
}

export async function restoreClip({ actor, clipId }: { actor: { id: string }; clipId: string }) {
  const clip = await ownClip(actor, clipId);
  if (!clip.trashedAt) return;
  await db.clip.update({ where: { id: clipId }, data: { trashedAt: null } });
}

export async function listTrash({ actor }: { actor: { id: string } }) {
  return db.clip.findMany({
    where: { trashedAt: { not: null }, ...clipsManageableBy(actor) },
    orderBy: [{ trashedAt: "desc" }, { id: "desc" }],
    take: 200,
    select: {
      id: true,
      title: true,
      tags: true,
      duration: true,
      trashedAt: true,
      team: { select: { name: true } },
    },
  });
}

/** For the sweeper: trash older than 30 days is deleted for good (media rows cascade). */
export async function emptyOldTrash(): Promise<number> {
  const { count } = await db.clip.deleteMany({
    where: { trashedAt: { lt: new Date(Date.now() - TRASH_DAYS * 86_400_000) } },
  });
  return count;
}
