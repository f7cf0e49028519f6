// Reads of the personal library and task history, always scoped to the actor in `where`.
import "server-only";

import { clipsVisibleTo, teamsWhere } from "@/lib/authz";
import { db } from "@/lib/db";
import { syncedWordsOf } from "@/lib/library/derivatives";
import {
  HISTORY_STATUS_GROUPS,
  type HistoryStatusGroup,
  type TaskOperation,
} from "@/lib/tasks/shared";

export type Actor = { id: string };

export const HISTORY_PAGE = 50;
export type HistoryFilter = {
  status?: HistoryStatusGroup;
  operation?: TaskOperation;
  before?: string;
};

/** The actor's tasks, newest first, keyset-paged by (created_at, id) through `before`. */
/** The tasks of one workspace: the actor's personal ones, or a team's (while they are in it). */
export async function listTaskHistory({
  actor,
  teamId = null,
  filter = {},
}: {
  actor: Actor;
  teamId?: string | null;
  filter?: HistoryFilter;
}) {
  const [createdAt, id] = filter.before?.split("_") ?? [];
  const before =
    createdAt && id && !Number.isNaN(Date.parse(createdAt))
      ? { createdAt: new Date(createdAt), id }
      : null;
  const rows = await db.task.findMany({
    where: {
      ...(teamId
        ? { teamId, team: teamsWhere(actor, "team.view") }
        : { ownerId: actor.id, teamId: null }),
      ...(filter.status ? { status: { in: [...HISTORY_STATUS_GROUPS[filter.status]] } } : {}),
      ...(filter.operation ? { operation: filter.operation } : {}),
      ...(before
        ? {
            OR: [
              { createdAt: { lt: before.createdAt } },
              { createdAt: before.createdAt, id: { lt: before.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: HISTORY_PAGE + 1,
    select: {
      id: true,
      operation: true,
      status: true,
      failReason: true,
      cost: true,
      createdAt: true,
      finishedAt: true,
      arrivedLateAt: true,
      owner: { select: { name: true } },
      clips: { select: { id: true, title: true }, orderBy: { createdAt: "asc" } },
      ledgerEntries: { where: { kind: "REFUND" }, select: { amount: true } },
    },
  });
  const page = rows.slice(0, HISTORY_PAGE);
  const last = page.at(-1);
  return {
    tasks: page,
    nextBefore:
      rows.length > HISTORY_PAGE && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
  };
}

export async function getCreditBalance({ actor }: { actor: Actor }): Promise<number> {
  const user = await db.user.findUnique({
    where: { id: actor.id },
    select: { creditBalance: true },
  });
  return user?.creditBalance ?? 0;
}

export async function getClipLyrics({ actor, clipId }: { actor: Actor; clipId: string }) {
  const clip = await db.clip.findFirst({
    where: { id: clipId, ...clipsVisibleTo(actor) },
    select: {
      title: true,
      lyrics: true,
      tags: true,
      assets: { where: { kind: "lrc" }, select: { data: true }, take: 1 },
    },
  });
  if (!clip) return null;
  const { assets, ...rest } = clip;
  const words = assets[0] ? syncedWordsOf(assets[0].data) : [];
  // the timing of each word, where synced lyrics were made (the `lrc` asset)
  return { ...rest, words: words.length > 0 ? words : null };
}
