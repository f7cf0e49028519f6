// Comments on a clip (issue 18, item 3): a thread per song, each comment optionally at a
// moment of it, @mentions of the song's team members (each gets a notification, and an
// email when SMTP is set up). Anyone who may see a song may comment (a team's viewers too);
// authors edit and delete their own, a team's admins delete anyone's. Every change is in the
// audit log of the teams the song is in, in the same transaction.
import "server-only";

import {
  clipsCommentableBy,
  clipsModeratedBy,
  clipsVisibleTo,
  teamsWhere,
  type Actor,
} from "@/lib/authz";
import { COMMENT_MAX, formatMoment, leadingMoment, mentionedIn } from "@/lib/comments/shared";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { notifyMentioned } from "@/lib/notifications/notifications";
import { recordAudit } from "@/lib/teams/audit";

export type CommentInput = {
  body: string;
  /** seconds into the song, or null for the whole song */
  atSeconds: number | null;
  /** people picked from the mention list; "@Name" typed in the body counts too */
  mentionIds: string[];
};

type ClipRef = { id: string; title: string; teamId: string | null; duration: number | null };

const NOT_FOUND = "That song does not exist, or you cannot see it.";
const COMMENT_GONE = "That comment does not exist any more, or it is not yours to change.";

/**
 * The teams through which the actor reaches a clip: its own team, or the teams a personal clip
 * is shared into that the actor is in. Mentions and audit entries stay inside these.
 */
async function teamsOf(actor: Actor, clip: ClipRef): Promise<string[]> {
  if (clip.teamId) return [clip.teamId];
  const shares = await db.teamClipShare.findMany({
    where: { clipId: clip.id, team: teamsWhere(actor, "team.view") },
    select: { teamId: true },
  });
  return shares.map((s) => s.teamId);
}

/** The people the actor may mention on a clip: the other members of its teams. */
export async function listMentionable({ actor, clipId }: { actor: Actor; clipId: string }) {
  const clip = await db.clip.findFirst({
    where: { id: clipId, ...clipsVisibleTo(actor) },
    select: { id: true, title: true, teamId: true, duration: true },
  });
  if (!clip) return [];
  return mentionableOn(actor, clip);
}

async function mentionableOn(actor: Actor, clip: ClipRef) {
  const teamIds = await teamsOf(actor, clip);
  if (teamIds.length === 0) return [];
  return db.user.findMany({
    where: {
      id: { not: actor.id },
      memberships: { some: { teamId: { in: teamIds }, team: { deletedAt: null } } },
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 200,
    select: { id: true, name: true, email: true },
  });
}

/** Checks the moment against the song, and who is mentioned against who may be. */
async function prepare(actor: Actor, clip: ClipRef, input: CommentInput) {
  let { body, atSeconds } = input;
  body = body.trim();
  const leading = atSeconds === null ? leadingMoment(body) : null;
  if (leading) [atSeconds, body] = [leading.at, leading.rest];
  if (body.length === 0 || body.length > COMMENT_MAX)
    throw new AppError("BAD_REQUEST", "Check the highlighted fields.", {
      fieldErrors: {
        body: [body.length ? `Use at most ${COMMENT_MAX} characters.` : "Write something first."],
      },
    });
  if (atSeconds !== null && clip.duration !== null && atSeconds > clip.duration + 0.5)
    throw new AppError("BAD_REQUEST", "Check the highlighted fields.", {
      fieldErrors: { at: [`This song is only ${formatMoment(clip.duration)} long.`] },
    });
  const people = await mentionableOn(actor, clip);
  const allowed = new Set(people.map((p) => p.id));
  const requested = input.mentionIds.filter((id) => id !== actor.id); // oneself: no one to tell
  const strangers = requested.filter((id) => !allowed.has(id));
  if (strangers.length > 0)
    throw new AppError(
      "BAD_REQUEST",
      clip.teamId || people.length
        ? "You can only mention members of this song's team."
        : "This song is not in a team, so there is no one to mention.",
      { fieldErrors: { mentions: ["Pick people from the list."] } },
    );
  const mentioned = new Set([...requested, ...mentionedIn(body, people).map((p) => p.id)]);
  return { body, atSeconds, mentionIds: [...mentioned], people };
}

async function audit(
  tx: Prisma.TransactionClient,
  teamIds: string[],
  event: {
    actorId: string;
    action: "COMMENT_CREATED" | "COMMENT_EDITED" | "COMMENT_DELETED";
    commentId: string;
    clip: ClipRef;
    body: string;
  },
) {
  for (const teamId of teamIds)
    await recordAudit(tx, {
      teamId,
      actorId: event.actorId,
      action: event.action,
      targetType: "comment",
      targetId: event.commentId,
      data: { title: event.clip.title, clipId: event.clip.id, excerpt: event.body.slice(0, 80) },
    });
}

const clipFields = { id: true, title: true, teamId: true, duration: true } as const;

export async function createComment({
  actor,
  clipId,
  origin,
  ...input
}: CommentInput & { actor: Actor; clipId: string; origin?: string }) {
  const clip = await db.clip.findFirst({
    where: { id: clipId, ...clipsCommentableBy(actor) },
    select: clipFields,
  });
  if (!clip) throw new AppError("NOT_FOUND", NOT_FOUND);
  const ready = await prepare(actor, clip, input);
  const teamIds = await teamsOf(actor, clip);
  const comment = await db.$transaction(async (tx) => {
    const created = await tx.clipComment.create({
      data: {
        clipId: clip.id,
        authorId: actor.id,
        body: ready.body,
        atSeconds: ready.atSeconds,
        mentionIds: ready.mentionIds,
      },
      select: { id: true, body: true, atSeconds: true },
    });
    await audit(tx, teamIds, {
      actorId: actor.id,
      action: "COMMENT_CREATED",
      commentId: created.id,
      clip,
      body: ready.body,
    });
    await tx.notification.createMany({
      data: ready.mentionIds.map((userId) => ({
        userId,
        kind: "MENTION",
        actorId: actor.id,
        clipId: clip.id,
        commentId: created.id,
      })),
    });
    return created;
  });
  await notifyMentioned({
    actor,
    clip,
    comment,
    people: ready.people.filter((p) => ready.mentionIds.includes(p.id)),
    origin,
  });
  return comment;
}

/** The author changes their comment; people newly mentioned are notified, no one twice. */
export async function editComment({
  actor,
  commentId,
  origin,
  ...input
}: CommentInput & { actor: Actor; commentId: string; origin?: string }) {
  const existing = await db.clipComment.findFirst({
    where: { id: commentId, authorId: actor.id, clip: clipsCommentableBy(actor) },
    select: {
      id: true,
      clip: { select: clipFields },
      notifications: { where: { kind: "MENTION" }, select: { userId: true } },
    },
  });
  if (!existing) throw new AppError("NOT_FOUND", COMMENT_GONE);
  const { clip } = existing;
  const ready = await prepare(actor, clip, input);
  const teamIds = await teamsOf(actor, clip);
  const before = new Set(existing.notifications.map((n) => n.userId));
  const fresh = ready.mentionIds.filter((id) => !before.has(id));
  const comment = await db.$transaction(async (tx) => {
    const updated = await tx.clipComment.update({
      where: { id: existing.id },
      data: {
        body: ready.body,
        atSeconds: ready.atSeconds,
        mentionIds: ready.mentionIds,
        editedAt: new Date(),
      },
      select: { id: true, body: true, atSeconds: true },
    });
    await audit(tx, teamIds, {
      actorId: actor.id,
      action: "COMMENT_EDITED",
      commentId: updated.id,
      clip,
      body: ready.body,
    });
    await tx.notification.createMany({
      data: fresh.map((userId) => ({
        userId,
        kind: "MENTION",
        actorId: actor.id,
        clipId: clip.id,
        commentId: updated.id,
      })),
    });
    return updated;
  });
  await notifyMentioned({
    actor,
    clip,
    comment,
    people: ready.people.filter((p) => fresh.includes(p.id)),
    origin,
  });
  return comment;
}

/** Its author (while they still see the song) or an admin of the song's team deletes it. */
export async function deleteComment({ actor, commentId }: { actor: Actor; commentId: string }) {
  const existing = await db.clipComment.findFirst({
    where: {
      id: commentId,
      OR: [{ authorId: actor.id, clip: clipsVisibleTo(actor) }, { clip: clipsModeratedBy(actor) }],
    },
    select: { id: true, body: true, authorId: true, clip: { select: clipFields } },
  });
  if (!existing)
    throw new AppError(
      "NOT_FOUND",
      "That comment does not exist any more, or only its author and the team's admins may delete it.",
    );
  const teamIds = await teamsOf(actor, existing.clip);
  await db.$transaction(async (tx) => {
    await tx.clipComment.delete({ where: { id: existing.id } });
    await audit(tx, teamIds, {
      actorId: actor.id,
      action: "COMMENT_DELETED",
      commentId: existing.id,
      clip: existing.clip,
      body: existing.body,
    });
  });
  return { clipId: existing.clip.id };
}

export type CommentView = {
  id: string;
  body: string;
  atSeconds: number | null;
  author: { id: string; name: string };
  mentions: string[];
  createdAt: Date;
  editedAt: Date | null;
  canEdit: boolean;
  canDelete: boolean;
};

export const THREAD_MAX = 500;

/**
 * A clip's thread as the actor sees it, oldest first. On a personal song shared into teams,
 * the actor reads the comments of people they share one of those teams with (and the owner's,
 * and their own): never a name from a team they are not in.
 */
export async function listComments({
  actor,
  clipId,
}: {
  actor: Actor;
  clipId: string;
}): Promise<CommentView[]> {
  const clip = await db.clip.findFirst({
    where: { id: clipId, ...clipsVisibleTo(actor) },
    select: { ...clipFields, ownerId: true, trashedAt: true },
  });
  if (!clip) return [];
  const teamIds = await teamsOf(actor, clip);
  const audience: Prisma.ClipCommentWhereInput =
    clip.teamId || clip.ownerId === actor.id
      ? {}
      : {
          OR: [
            { authorId: { in: [actor.id, clip.ownerId] } },
            { author: { memberships: { some: { teamId: { in: teamIds } } } } },
          ],
        };
  const [rows, moderates] = await Promise.all([
    db.clipComment.findMany({
      where: { clipId: clip.id, clip: clipsVisibleTo(actor), ...audience },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: THREAD_MAX,
      select: {
        id: true,
        body: true,
        atSeconds: true,
        mentionIds: true,
        createdAt: true,
        editedAt: true,
        author: { select: { id: true, name: true } },
      },
    }),
    db.clip.count({ where: { id: clip.id, ...clipsModeratedBy(actor) } }),
  ]);
  const mentionIds = [...new Set(rows.flatMap((r) => r.mentionIds))];
  const names = new Map(
    (mentionIds.length
      ? await db.user.findMany({
          where: { id: { in: mentionIds } },
          select: { id: true, name: true },
        })
      : []
    ).map((u) => [u.id, u.name ?? "Someone"]),
  );
  return rows.map((row) => ({
    id: row.id,
    body: row.body,
    atSeconds: row.atSeconds,
    author: { id: row.author.id, name: row.author.name ?? "Someone" },
    mentions: row.mentionIds.map((id) => names.get(id)).filter((n): n is string => Boolean(n)),
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    canEdit: row.author.id === actor.id && clip.trashedAt === null,
    canDelete: row.author.id === actor.id || moderates > 0,
  }));
}
