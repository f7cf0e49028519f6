// Bulk actions on songs (issue 18, item 5): a selection is up to BULK_MAX ids, or "all that
// match" one library view (the whole query, not the loaded page). Each action is one scoped
// statement: the where clause that authorizes one song authorizes them all, so a song the
// actor may not change is simply not changed, and the summary says how many that was.
import "server-only";

import {
  clipsManageableBy,
  clipsManageableSql,
  clipsReactableBy,
  findTeamAccess,
  requireTeam,
  rolesWith,
  type Actor,
} from "@/lib/authz";
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

/** How many songs "all that match" is (at most BULK_MAX + 1: "more than that"). */
export async function bulkCount({ actor, query }: { actor: Actor; query: LibraryQuery }) {
  const { where } = await libraryConditions({ actor, query: { ...query, cursor: undefined } });
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM clips c WHERE ${Prisma.join(where, " AND ")}
      LIMIT ${BULK_MAX + 1}) s`;
  return rows[0]?.n ?? 0;
}

/** The actor's own rating (null clears it) on every selected song they may see. */
export async function bulkRate({
  actor,
  selection,
  rating,
}: {
  actor: Actor;
  selection: Selection;
  rating: number | null;
}): Promise<BulkResult> {
  if (rating !== null && !(Number.isInteger(rating) && rating >= 1 && rating <= 5))
    throw new AppError("BAD_REQUEST", "A rating is 1 to 5 stars.");
  const ids = await selectionIds(actor, selection);
  if (ids.length === 0) return { changed: [], skipped: 0 };
  const visible = await db.clip.findMany({
    where: { id: { in: ids }, ...clipsReactableBy(actor) },
    select: { id: true },
  });
  const reactable = visible.map((c) => c.id);
  if (rating !== null) {
    const changed = await db.$queryRaw<{ clip_id: string }[]>`
      INSERT INTO clip_reactions (user_id, clip_id, liked, rating, updated_at)
      SELECT ${actor.id}, id, false, ${rating}, now() FROM unnest(${reactable}::text[]) AS id
      ON CONFLICT (user_id, clip_id) DO UPDATE SET rating = EXCLUDED.rating, updated_at = now()
        WHERE clip_reactions.rating IS DISTINCT FROM EXCLUDED.rating
      RETURNING clip_id`;
    return { changed: changed.map((r) => r.clip_id), skipped: ids.length - changed.length };
  }
  const [cleared] = await db.$transaction([
    db.clipReaction.updateManyAndReturn({
      where: { userId: actor.id, clipId: { in: reactable }, rating: { not: null } },
      data: { rating: null },
      select: { clipId: true },
    }),
    db.clipReaction.deleteMany({ where: { userId: actor.id, liked: false, rating: null } }),
  ]);
  return { changed: cleared.map((r) => r.clipId), skipped: ids.length - cleared.length };
}

export const TAG_MAX = 60;
const TAGS_MAX = 1000;

/**
 * Adds a style tag to, or removes one from, every selected song the actor may change: one
 * UPDATE that both authorizes (clipsManageableSql) and computes each song's new tags. Tags are
 * the comma-separated style list; a tag is matched whole and without regard to case.
 */
export async function bulkTag({
  actor,
  selection,
  tag,
  op,
}: {
  actor: Actor;
  selection: Selection;
  tag: string;
  op: "add" | "remove";
}): Promise<BulkResult> {
  const name = tag.trim();
  if (!name || name.length > TAG_MAX || name.includes(","))
    throw new AppError("BAD_REQUEST", `A tag is 1 to ${TAG_MAX} characters, without commas.`);
  const ids = await selectionIds(actor, selection);
  if (ids.length === 0) return { changed: [], skipped: 0 };
  const has = Prisma.sql`EXISTS (SELECT 1 FROM unnest(string_to_array(c.tags, ',')) AS t(v)
    WHERE lower(btrim(t.v)) = lower(${name}))`;
  const rows =
    op === "add"
      ? await db.$queryRaw<{ id: string }[]>`
        UPDATE clips c SET tags = CASE WHEN btrim(c.tags) = '' THEN ${name}
          ELSE c.tags || ', ' || ${name} END, updated_at = now()
        WHERE c.id = ANY(${ids}::text[]) AND c.trashed_at IS NULL AND NOT ${has}
          AND length(c.tags) + ${name.length + 2} <= ${TAGS_MAX}
          AND ${clipsManageableSql(actor)}
        RETURNING c.id`
      : await db.$queryRaw<{ id: string }[]>`
        UPDATE clips c SET tags = array_to_string(ARRAY(
            SELECT btrim(t.v) FROM unnest(string_to_array(c.tags, ',')) WITH ORDINALITY AS t(v, n)
            WHERE lower(btrim(t.v)) <> lower(${name}) AND btrim(t.v) <> '' ORDER BY t.n), ', '),
          updated_at = now()
        WHERE c.id = ANY(${ids}::text[]) AND c.trashed_at IS NULL AND ${has}
          AND ${clipsManageableSql(actor)}
        RETURNING c.id`;
  return { changed: rows.map((r) => r.id), skipped: ids.length - rows.length };
}

/** Shares the selected personal songs of the actor into one of their teams. */
export async function bulkShare({
  actor,
  selection,
  teamId,
}: {
  actor: Actor;
  selection: Selection;
  teamId: string;
}): Promise<BulkResult> {
  await requireTeam(actor, { id: teamId }, "clip.create");
  const ids = await selectionIds(actor, selection);
  if (ids.length === 0) return { changed: [], skipped: 0 };
  return db.$transaction(
    async (tx) => {
      const shared = await tx.$queryRaw<{ clip_id: string; title: string }[]>`
        INSERT INTO team_clip_shares (clip_id, team_id, shared_by_id)
        SELECT c.id, ${teamId}, ${actor.id} FROM clips c
        WHERE c.id = ANY(${ids}::text[]) AND c.owner_id = ${actor.id} AND c.team_id IS NULL
          AND c.trashed_at IS NULL AND c.status = 'COMPLETE'
        ON CONFLICT DO NOTHING
        RETURNING clip_id, (SELECT title FROM clips WHERE id = clip_id) AS title`;
      if (shared.length)
        await tx.auditEvent.createMany({
          data: shared.map((s) => ({
            teamId,
            actorId: actor.id,
            action: "CLIP_SHARED" as const,
            targetType: "clip",
            targetId: s.clip_id,
            data: { title: s.title, bulk: true },
          })),
        });
      return { changed: shared.map((s) => s.clip_id), skipped: ids.length - shared.length };
    },
    { maxWait: 5000 },
  );
}

/** Takes the selected songs out of a team they were shared into: each by its creator, or any
 *  by the team's admins (one DELETE that authorizes per song). */
export async function bulkUnshare({
  actor,
  selection,
  teamId,
}: {
  actor: Actor;
  selection: Selection;
  teamId: string;
}): Promise<BulkResult> {
  const access = await findTeamAccess(actor, { id: teamId });
  if (!access) throw new AppError("NOT_FOUND", "That team does not exist, or you are not in it.");
  const ids = await selectionIds(actor, selection);
  if (ids.length === 0) return { changed: [], skipped: 0 };
  return db.$transaction(
    async (tx) => {
      const removed = await tx.$queryRaw<{ clip_id: string; title: string }[]>`
        DELETE FROM team_clip_shares s USING clips c
        WHERE s.clip_id = c.id AND s.team_id = ${teamId} AND s.clip_id = ANY(${ids}::text[])
          AND EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = ${teamId}
            AND m.user_id = ${actor.id}
            AND (m.role::text = ANY(${rolesWith("clip.manageAny")}::text[])
              OR (c.owner_id = ${actor.id} AND c.team_id IS NULL)))
        RETURNING s.clip_id, c.title`;
      if (removed.length)
        await tx.auditEvent.createMany({
          data: removed.map((s) => ({
            teamId,
            actorId: actor.id,
            action: "CLIP_UNSHARED" as const,
            targetType: "clip",
            targetId: s.clip_id,
            data: { title: s.title, bulk: true },
          })),
        });
      return { changed: removed.map((s) => s.clip_id), skipped: ids.length - removed.length };
    },
    { maxWait: 5000 },
  );
}
