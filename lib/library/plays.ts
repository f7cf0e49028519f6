// Play counts (issue 19, item 6: Subsonic `scrobble`): how often each person played a song,
// and when last. Theirs alone, like reactions; only a song they may hear counts.
import "server-only";

import { clipsVisibleTo, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** Counts one play of a song the actor may hear (finished, not in the trash). */
export async function recordPlay({
  actor,
  clipId,
  at = new Date(),
}: {
  actor: Actor;
  clipId: string;
  at?: Date;
}) {
  const clip = await db.clip.findFirst({
    where: { id: clipId, status: "COMPLETE", trashedAt: null, ...clipsVisibleTo(actor) },
    select: { id: true },
  });
  if (!clip) throw new AppError("NOT_FOUND", "That song does not exist, or you cannot hear it.");
  await db.clipPlay.upsert({
    where: { userId_clipId: { userId: actor.id, clipId } },
    create: { userId: actor.id, clipId, count: 1, lastPlayedAt: at },
    update: { count: { increment: 1 }, lastPlayedAt: at },
  });
}

/** The actor's most played (or most recently played) songs they may still hear. */
export async function listPlays({
  actor,
  order,
  take,
}: {
  actor: Actor;
  order: "count" | "recent";
  take: number;
}) {
  const rows = await db.clipPlay.findMany({
    where: {
      userId: actor.id,
      clip: { status: "COMPLETE", trashedAt: null, ...clipsVisibleTo(actor) },
    },
    orderBy:
      order === "count"
        ? [{ count: "desc" }, { lastPlayedAt: "desc" }]
        : [{ lastPlayedAt: "desc" }, { clipId: "asc" }],
    take,
    select: { clipId: true },
  });
  return rows.map((r) => r.clipId);
}
