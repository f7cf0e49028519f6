// Bulk actions on songs (issue 18, item 5): a selection is up to BULK_MAX ids, or "all that
// match" one library view (the whole query, not the loaded page). Each action is one scoped
// statement: the where clause that authorizes one song authorizes them all, so a song the
// actor may not change is simply not changed, and the summary says how many that was.
import "server-only";

import { clipsManageableBy, clipsReactableBy, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { libraryConditions, type LibraryQuery } from "@/lib/library/search";

export const BULK_MAX = 1000;

export type Selection = { ids: string[] } | { query: LibraryQuery };
export type BulkResult = {
  /** the songs changed (for an undo) */
  changed: string[];
  /** selected but not the actor's to change (or already so) */
  skipped: number;
};

/** The ids a selection names: as given, or every song of the view (at most BULK_MAX). */
export async function selectionIds(actor: Actor, selection: Selection): Promise<string[]> {
  if ("ids" in selection) {
    const ids = [...new Set(selection.ids)];
    if (ids.length > BULK_MAX)
      throw new AppError("BAD_REQUEST", `Select at most ${BULK_MAX.toLocaleString("en")} songs.`);
    return ids;
  }
  const { where } = await libraryConditions({
    actor,
    query: { ...selection.query, cursor: undefined },
  });
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM clips c WHERE ${Prisma.join(where, " AND ")} LIMIT ${BULK_MAX + 1}`;
  if (rows.length > BULK_MAX)
    throw new AppError(
      "BAD_REQUEST",
      `That is more than ${BULK_MAX.toLocaleString("en")} songs; narrow the search first.`,
    );
  return rows.map((r) => r.id);
}

/** Moves the selected songs the actor may change to the trash, in one statement. */
export async function bulkTrash({
  actor,
  selection,
}: {
  actor: Actor;
  selection: Selection;
}): Promise<BulkResult> {
  const ids = await selectionIds(actor, selection);
  if (ids.length === 0) return { changed: [], skipped: 0 };
  return db.$transaction(
    async (tx) => {
      const trashed = await tx.clip.updateManyAndReturn({
        where: { id: { in: ids }, trashedAt: null, ...clipsManageableBy(actor) },
        data: { trashedAt: new Date() },
        select: { id: true, title: true, teamId: true },
      });
      // each team that had a song logs it, as one trash does (its own, or those it was shared
      // into): one row per song, written in one statement
      const shares = await tx.teamClipShare.findMany({
        where: { clipId: { in: trashed.map((c) => c.id) } },
        select: { clipId: true, teamId: true },
      });
      const title = new Map(trashed.map((c) => [c.id, c.title]));
      const events = [
        ...trashed.filter((c) => c.teamId).map((c) => ({ clipId: c.id, teamId: c.teamId! })),
        ...shares,
      ];
      if (events.length)
        await tx.auditEvent.createMany({
          data: events.map((e) => ({
            teamId: e.teamId,
            actorId: actor.id,
            action: "CLIP_DELETED" as const,
            targetType: "clip",
            targetId: e.clipId,
            data: { title: title.get(e.clipId) ?? "", bulk: true },
          })),
        });
      return { changed: trashed.map((c) => c.id), skipped: ids.length - trashed.length };
    },
    { maxWait: 5000 },
  );
}

/** Takes the given songs the actor may change out of the trash (the undo of a bulk trash). */
export async function bulkRestore({
  actor,
  ids,
}: {
  actor: Actor;
  ids: string[];
}): Promise<BulkResult> {
  const unique = await selectionIds(actor, { ids });
  const restored = await db.clip.updateManyAndReturn({
    where: { id: { in: unique }, trashedAt: { not: null }, ...clipsManageableBy(actor) },
    data: { trashedAt: null },
    select: { id: true },
  });
  return { changed: restored.map((c) => c.id), skipped: unique.length - restored.length };
}

/** The actor's own like on every selected song they may see, in one statement. */
export async function bulkLike({
  actor,
  selection,
  liked,
}: {
  actor: Actor;
  selection: Selection;
  liked: boolean;
}): Promise<BulkResult> {
  const ids = await selectionIds(actor, selection);
  if (ids.length === 0) return { changed: [], skipped: 0 };
  const visible = await db.clip.findMany({
    where: { id: { in: ids }, ...clipsReactableBy(actor) },
    select: { id: true },
  });
  const reactable = visible.map((c) => c.id);
  if (liked) {
    const changed = await db.$queryRaw<{ clip_id: string }[]>`
      INSERT INTO clip_reactions (user_id, clip_id, liked, updated_at)
      SELECT ${actor.id}, id, true, now() FROM unnest(${reactable}::text[]) AS id
      ON CONFLICT (user_id, clip_id) DO UPDATE SET liked = true, updated_at = now()
        WHERE NOT clip_reactions.liked
      RETURNING clip_id`;
    return { changed: changed.map((r) => r.clip_id), skipped: ids.length - changed.length };
  }
  const changed = await db.$transaction([
    db.clipReaction.updateManyAndReturn({
      where: { userId: actor.id, clipId: { in: reactable }, liked: true },
      data: { liked: false },
      select: { clipId: true },
    }),
    db.clipReaction.deleteMany({ where: { userId: actor.id, liked: false, rating: null } }),
  ]);
  return { changed: changed[0].map((r) => r.clipId), skipped: ids.length - changed[0].length };
}
