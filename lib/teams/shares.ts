// Sharing a personal clip into a team: it stays the creator's (attributed, theirs to change),
// and the team's members can see, play and download it until it is taken out again.
import "server-only";

import { can, findTeamAccess, requireTeam, teamsWhere, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/teams/audit";

export async function shareClipToTeam(actor: Actor, clipId: string, teamId: string) {
  await requireTeam(actor, { id: teamId }, "clip.create");
  const clip = await db.clip.findFirst({
    where: { id: clipId, ownerId: actor.id, teamId: null, trashedAt: null },
    select: { id: true, title: true, status: true },
  });
  if (!clip)
    throw new AppError("NOT_FOUND", "Only your own personal songs can be shared into a team.");
  if (clip.status !== "COMPLETE")
    throw new AppError("BAD_REQUEST", "Only finished songs can be shared.");
  await db.$transaction(async (tx) => {
    const created = await tx.teamClipShare.createMany({
      data: [{ clipId, teamId, sharedById: actor.id }],
      skipDuplicates: true,
    });
    if (created.count)
      await recordAudit(tx, {
        teamId,
        actorId: actor.id,
        action: "CLIP_SHARED",
        targetType: "clip",
        targetId: clipId,
        data: { title: clip.title },
      });
  });
}

/** The clip's creator, or a team admin, takes a shared clip out of the team. */
export async function unshareClip(actor: Actor, clipId: string, teamId: string) {
  const share = await db.teamClipShare.findFirst({
    where: {
      clipId,
      teamId,
      OR: [
        { clip: { ownerId: actor.id, teamId: null } },
        { team: teamsWhere(actor, "clip.manageAny") },
      ],
    },
    select: { clip: { select: { title: true } } },
  });
  if (!share) {
    const access = await findTeamAccess(actor, { id: teamId });
    if (access && !can(access.role, "clip.manageAny"))
      throw new AppError(
        "FORBIDDEN",
        "Only the song's creator or a team admin can take it out of the team.",
      );
    throw new AppError(
      "NOT_FOUND",
      "That song is not shared into that team, or you cannot see it.",
    );
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.teamClipShare.deleteMany({ where: { clipId, teamId } });
    if (count)
      await recordAudit(tx, {
        teamId,
        actorId: actor.id,
        action: "CLIP_UNSHARED",
        targetType: "clip",
        targetId: clipId,
        data: { title: share.clip.title },
      });
  });
}

/** For the clip page: the teams this clip is shared into (that the actor can see). */
export async function clipShares(actor: Actor, clipId: string) {
  return db.teamClipShare.findMany({
    where: { clipId, team: teamsWhere(actor, "team.view") },
    select: { team: { select: { id: true, name: true, slug: true } } },
    orderBy: { createdAt: "asc" },
  });
}
