// Per-member reactions (issue 18): each person's like and 1-5 rating of a clip, theirs alone.
// Anyone who may see a clip (a team's viewers too) may react to it; who sees whose reaction
// is the audience rule below, the same in the library, on the clip page and in the filters.
import "server-only";

import { clipsReactableBy, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

export type ReactionSummary = {
  myLiked: boolean;
  myRating: number | null;
  /** likes by the audience, the actor's own included */
  likes: number;
  /** up to three names of others who liked it (the actor is "you", from `myLiked`) */
  likers: string[];
  /** the audience's mean rating, one decimal, and how many rated */
  rating: number | null;
  ratings: number;
};

/**
 * Whose reactions to clip `c` an actor sees, as SQL on `clip_reactions r`: in a team library,
 * the team's members'; in the personal library (only one's own clips), everyone's. Elsewhere
 * (the clip page) the actor's own, everyone's on their own personal clip, and those of people
 * who share with the actor a team the clip is in or shared into; never a name from a team
 * the actor is not in.
 */
export function reactionAudience(actor: Actor, scope: { teamId?: string | null }): Prisma.Sql {
  if (scope.teamId === null) return Prisma.sql`TRUE`;
  if (scope.teamId)
    return Prisma.sql`r.user_id IN (SELECT m.user_id FROM memberships m
      WHERE m.team_id = ${scope.teamId})`;
  return Prisma.sql`(r.user_id = ${actor.id}
    OR (c.team_id IS NULL AND c.owner_id = ${actor.id})
    OR EXISTS (SELECT 1 FROM memberships ma JOIN memberships mr ON mr.team_id = ma.team_id
      WHERE ma.user_id = ${actor.id} AND mr.user_id = r.user_id
        AND (ma.team_id = c.team_id
          OR ma.team_id IN (SELECT s.team_id FROM team_clip_shares s WHERE s.clip_id = c.id))))`;
}

/** The reaction columns of one clip `c` (a LATERAL over its reactions, through their index). */
export function reactionColumns(actor: Actor, audience: Prisma.Sql, clip: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`LEFT JOIN LATERAL (
    SELECT coalesce(bool_or(r.liked) FILTER (WHERE r.user_id = ${actor.id}), false) AS "myLiked",
      max(r.rating) FILTER (WHERE r.user_id = ${actor.id})::int AS "myRating",
      count(*) FILTER (WHERE r.liked)::int AS likes,
      coalesce((array_agg(coalesce(u.name, 'Someone') ORDER BY r.updated_at, r.user_id)
        FILTER (WHERE r.liked AND r.user_id <> ${actor.id}))[1:3], '{}') AS likers,
      round(avg(r.rating), 1)::float8 AS rating,
      count(r.rating)::int AS ratings
    FROM clip_reactions r JOIN users u ON u.id = r.user_id JOIN clips c ON c.id = r.clip_id
    WHERE r.clip_id = ${clip} AND ${audience}
  ) rx ON true`;
}

/** A clip's reactions as the actor sees them (the clip page; the caller checked they see it). */
export async function getReactionSummary({
  actor,
  clipId,
}: {
  actor: Actor;
  clipId: string;
}): Promise<ReactionSummary> {
  const rows = await db.$queryRaw<ReactionSummary[]>`
    SELECT rx.* FROM (SELECT ${clipId}::text AS id) one
    ${reactionColumns(actor, reactionAudience(actor, {}), Prisma.sql`one.id`)}`;
  return rows[0]!;
}

async function reactable(actor: Actor, clipId: string) {
  const clip = await db.clip.findFirst({
    where: { id: clipId, ...clipsReactableBy(actor) },
    select: { id: true },
  });
  if (!clip) throw new AppError("NOT_FOUND", "That song does not exist, or you cannot see it.");
}

/**
 * Sets the actor's own like or rating (a rating of null clears it) and leaves the other as it
 * was. A reaction left with neither is deleted, so the table holds only real reactions.
 */
export async function setReaction({
  actor,
  clipId,
  ...change
}: {
  actor: Actor;
  clipId: string;
  liked?: boolean;
  rating?: number | null;
}) {
  const { rating } = change;
  if (rating != null && !(Number.isInteger(rating) && rating >= 1 && rating <= 5))
    throw new AppError("BAD_REQUEST", "A rating is 1 to 5 stars.");
  await reactable(actor, clipId);
  const key = { userId_clipId: { userId: actor.id, clipId } };
  await db.$transaction([
    db.clipReaction.upsert({
      where: key,
      create: { userId: actor.id, clipId, liked: change.liked ?? false, rating: change.rating },
      update: change,
    }),
    db.clipReaction.deleteMany({
      where: { userId: actor.id, clipId, liked: false, rating: null },
    }),
  ]);
}
