// Reads of tasks for the people allowed to see them: the owner of a personal task, any
// member of the team of a team task. Scoped in the `where`, never checked afterwards.
import "server-only";

import { tasksVisibleTo } from "@/lib/authz";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { PENDING_TASK_STATUSES } from "@/lib/tasks/status";

export type Viewer = { id: string };

const visibleTo = tasksVisibleTo;

const TASK_VIEW = {
  id: true,
  operation: true,
  /** read for `asked` (below), never answered as it is stored */
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
  arrivedLateAt: true,
  nextPollAt: true,
  clips: {
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      title: true,
      tags: true,
      lyrics: true,
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

type TaskRow = Prisma.TaskGetPayload<{ select: typeof TASK_VIEW }>;

/** The fields of a request a person typed into the Create form, and nothing else. */
const ASKED_FIELDS = [
  "lyrics",
  "tags",
  "title",
  "description",
  "instrumental",
  "url",
  "prompt",
  "model",
  "negativeTags",
  "vocalGender",
  "styleWeight",
  "weirdness",
  "continueAt",
  "clipId",
] as const;
type Asked = Partial<Record<(typeof ASKED_FIELDS)[number], string | number | boolean>>;

/** What the viewer sees of a task: what was asked ("Reuse prompt", "Try again" refill the form
 *  with it), never the stored request as such. */
function toView({ request, ...task }: TaskRow) {
  const stored = (request ?? {}) as Record<string, unknown>;
  const asked: Asked = {};
  for (const key of ASKED_FIELDS) {
    const value = stored[key];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      asked[key] = value;
  }
  return { ...task, asked };
}
export type TaskView = ReturnType<typeof toView>;

export async function getTaskForViewer({ viewer, taskId }: { viewer: Viewer; taskId: string }) {
  const task = await db.task.findFirst({
    where: { id: taskId, ...visibleTo(viewer) },
    select: TASK_VIEW,
  });
  return task ? toView(task) : null;
}

export async function getTasksForViewer({
  viewer,
  taskIds,
}: {
  viewer: Viewer;
  taskIds: string[];
}) {
  const tasks = await db.task.findMany({
    where: { id: { in: taskIds }, ...visibleTo(viewer) },
    select: TASK_VIEW,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return tasks.map(toView);
}

export async function listPendingTasks({ viewer, limit = 50 }: { viewer: Viewer; limit?: number }) {
  const tasks = await db.task.findMany({
    where: { status: { in: PENDING_TASK_STATUSES }, ...visibleTo(viewer) },
    select: TASK_VIEW,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return tasks.map(toView);
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

/**
 * A page of the tasks the viewer may see, newest first, by keyset (createdAt, id): all of
 * them, or one team's (`teamId`), optionally in one status. REST v1's task list.
 */
export async function listTasksPage(options: {
  viewer: Viewer;
  teamId?: string;
  status?: TaskStatus;
  limit: number;
  cursor?: { createdAt: Date; id: string } | null;
}) {
  const { viewer, teamId, status, limit, cursor } = options;
  const tasks = await db.task.findMany({
    where: {
      AND: [
        visibleTo(viewer),
        teamId ? { teamId } : {},
        status ? { status } : {},
        cursor
          ? {
              OR: [
                { createdAt: { lt: cursor.createdAt } },
                { createdAt: cursor.createdAt, id: { lt: cursor.id } },
              ],
            }
          : {},
      ],
    },
    select: TASK_VIEW,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  return { tasks: tasks.slice(0, limit).map(toView), more: tasks.length > limit };
}
