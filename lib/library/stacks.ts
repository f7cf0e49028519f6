// Takes and the keeper (issue 18, item 2). A stack is one request's takes with the takes of its
// extensions and whole songs (`clips.stack_id`, set on insert by a trigger: see the migration
// 20261201210000_take_stacks and docs/ARCHITECTURE.md). The library lists each stack once, its
// keeper on top: the picked one (`take_keepers`) while it is in the library looked at, else the
// stack's first take there. Who may pick: whoever may manage the request's own songs
// (`clipsKeepableBy`). Every piece here is SQL on one stack (`clips_stack_id_idx`), evaluated
// for the rows a page reads, never for the whole workspace.
import "server-only";

import { clipsKeepableBy, clipsManageableSql, clipsVisibleTo, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

/**
 * The songs of a library on clips `a` (any alias), per row and index-friendly: the personal
 * library's, or one team's and those shared into it (the caller checked the membership).
 */
export function stackScope(actor: Actor, teamId: string | null, a: string): Prisma.Sql {
  const t = Prisma.raw(a);
  const place = teamId
    ? Prisma.sql`(${t}.team_id = ${teamId} OR EXISTS (SELECT 1 FROM team_clip_shares x
        WHERE x.clip_id = ${t}.id AND x.team_id = ${teamId}))`
    : Prisma.sql`${t}.owner_id = ${actor.id} AND ${t}.team_id IS NULL`;
  return Prisma.sql`${place} AND ${t}.trashed_at IS NULL AND ${t}.status = 'COMPLETE'`;
}

/** The id of the keeper of `stack` (SQL) in a library: the picked take, else the first one. */
function keeperOf(actor: Actor, teamId: string | null, stack: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT s.id FROM clips s LEFT JOIN take_keepers k ON k.clip_id = s.id
    WHERE s.stack_id = ${stack} AND ${stackScope(actor, teamId, "s")}
    ORDER BY (k.clip_id IS NULL), s.created_at, s.id LIMIT 1)`;
}

/** "Keepers only": clip `c` is its stack's keeper in this library. */
export function keeperCondition(actor: Actor, teamId: string | null): Prisma.Sql {
  return Prisma.sql`c.id = ${keeperOf(actor, teamId, Prisma.sql`c.stack_id`)}`;
}

/**
 * Clip `c` is the top of its stack among the clips that match `filters` (conditions on `c`):
 * no other match of the stack is the picked keeper or, when `c` is not, an earlier take. The
 * filters are re-read for the stack's other rows by shadowing `c` (the outer row's values come
 * in through `o`), so a search that finds only the second take still shows that take.
 */
export function stackTopCondition(actor: Actor, teamId: string | null, filters: Prisma.Sql[]) {
  return Prisma.sql`NOT EXISTS (SELECT 1 FROM (SELECT c.stack_id AS sid, c.id AS cid,
      c.created_at AS cat, EXISTS (SELECT 1 FROM take_keepers k0 WHERE k0.clip_id = c.id) AS picked
    ) o
    JOIN clips c ON c.stack_id = o.sid AND c.id <> o.cid
    LEFT JOIN take_keepers k ON k.clip_id = c.id
    WHERE ${Prisma.join([stackScope(actor, teamId, "c"), ...filters], " AND ")}
      AND (k.clip_id IS NOT NULL OR (NOT o.picked AND (c.created_at, c.id) < (o.cat, o.cid))))`;
}

export type StackColumns = {
  stackId: string;
  /** the stack's songs in this library (1: no stack to open) */
  stackSize: number;
  isKeeper: boolean;
  /** the actor may pick this stack's keeper (the server checks again) */
  canKeep: boolean;
};

/** The stack columns of one page row (a LATERAL over `page`, one stack each). */
export function stackColumns(actor: Actor, teamId: string | null): Prisma.Sql {
  return Prisma.sql`LEFT JOIN LATERAL (SELECT
      (SELECT count(*)::int FROM clips s WHERE s.stack_id = page."stackId"
        AND ${stackScope(actor, teamId, "s")}) AS "stackSize",
      (page.id = ${keeperOf(actor, teamId, Prisma.sql`page."stackId"`)}) AS "isKeeper",
      EXISTS (SELECT 1 FROM clips r WHERE r.stack_id = page."stackId"
        AND (r.id = page."stackId" OR r.task_id = page."stackId")
        AND ${clipsManageableSql(actor, "r", "take.keep")}) AS "canKeep"
    ) st ON true`;
}

/**
 * Picks `clipId` as the keeper of its stack. The actor must see the song (finished, not in the
 * trash) and may manage the request's own songs; otherwise it does not exist for them, or (a
 * team's viewer, a member on someone else's request) is not theirs to pick.
 */
export async function pickKeeper({ actor, clipId }: { actor: Actor; clipId: string }) {
  const clip = await db.clip.findFirst({
    where: { id: clipId, status: "COMPLETE", trashedAt: null, ...clipsVisibleTo(actor) },
    select: { id: true, stackId: true },
  });
  if (!clip || !clip.stackId) throw new AppError("NOT_FOUND", "That song does not exist.");
  const stackId = clip.stackId;
  const root = await db.clip.count({
    where: {
      stackId,
      AND: [{ OR: [{ id: stackId }, { taskId: stackId }] }, clipsKeepableBy(actor)],
    },
  });
  if (root === 0)
    throw new AppError(
      "FORBIDDEN",
      "Only the people who may change this song can pick its keeper.",
    );
  await db.takeKeeper.upsert({
    where: { stackId },
    create: { stackId, clipId: clip.id, pickedById: actor.id },
    update: { clipId: clip.id, pickedById: actor.id, pickedAt: new Date() },
  });
  return { stackId };
}
