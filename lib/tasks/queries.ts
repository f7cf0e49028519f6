// Reads of tasks for the people allowed to see them: the owner of a personal task, any
// member of the team of a team task. Scoped in the `where`, never checked afterwards.
import "server-only";

import { tasksVisibleTo } from "@/lib/authz";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { PENDING_TASK_STATUSES } from "@/lib/tasks/status";

export type Viewer = { id: string };

const visibleTo = tasksVisibleTo;

const TASK_VIEW = {
  id: true,
  operation: true,
  /** what was asked for: "Reuse prompt" and "Try again" fill the form with it */
  request: true,
  sourceClipId: true,
  status: true,
  progress: true,
  failReason: true,
  failCode: true,
  cost: true,
  teamId: true,
  createdAt: true,
  submittedAt: true,
  finishedAt: true,
  nextPollAt: true,
  clips: {
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      title: true,
      tags: true,
      status: true,
      duration: true,
      audioUrl: true,
      streamAudioUrl: true,
      imageUrl: true,
      errorMessage: true,
      model: true,
      archiveStatus: true,
      archiveError: true,
      ownerId: true,
    },
  },
  lyrics: { select: { id: true, title: true, text: true, status: true } },
  ledgerEntries: { where: { kind: "REFUND" }, select: { amount: true } },
} satisfies Prisma.TaskSelect;

export type TaskView = Prisma.TaskGetPayload<{ select: typeof TASK_VIEW }>;

export function getTaskForViewer({ viewer, taskId }: { viewer: Viewer; taskId: string }) {
  return db.task.findFirst({ where: { id: taskId, ...visibleTo(viewer) }, select: TASK_VIEW });
}

export function getTasksForViewer({ viewer, taskIds }: { viewer: Viewer; taskIds: string[] }) {
  return db.task.findMany({
    where: { id: { in: taskIds }, ...visibleTo(viewer) },
    select: TASK_VIEW,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
}

export function listPendingTasks({ viewer, limit = 50 }: { viewer: Viewer; limit?: number }) {
  return db.task.findMany({
    where: { status: { in: PENDING_TASK_STATUSES }, ...visibleTo(viewer) },
    select: TASK_VIEW,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}

/**
 * The latest requests of one workspace (a team, or the viewer's personal one when teamId is
 * null), newest first: what the Create page shows after a reload. Lyrics-only requests are
 * the lyrics writer's, not songs.
 */
export function listWorkspaceTasks(options: {
  viewer: Viewer;
  teamId: string | null;
  limit?: number;
  pendingOnly?: boolean;
}) {
  const { viewer, teamId, limit = 8, pendingOnly = false } = options;
  return db.task.findMany({
    where: {
      AND: [visibleTo(viewer), { teamId }],
      operation: { not: "LYRICS" },
      ...(pendingOnly ? { status: { in: PENDING_TASK_STATUSES } } : {}),
    },
    select: { id: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}
