// Reads of the personal library and task history, always scoped to the actor in `where`.
import "server-only";
import { db } from "@/lib/db";
import { clipVisibleTo } from "@/lib/library/scope";

export type Actor = { id: string };

export async function listTaskHistory({ actor, limit = 50 }: { actor: Actor; limit?: number }) {
  return db.task.findMany({
    where: { ownerId: actor.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, operation: true, status: true, failReason: true, createdAt: true, finishedAt: true, _count: { select: { clips: true } } },
  });
}

export async function getCreditBalance({ actor }: { actor: Actor }): Promise<number> {
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { creditBalance: true } });
  return user?.creditBalance ?? 0;
}

export async function getClipLyrics({ actor, clipId }: { actor: Actor; clipId: string }) {
  return db.clip.findFirst({ where: { id: clipId, ...clipVisibleTo(actor.id) }, select: { title: true, lyrics: true, tags: true } });
}
