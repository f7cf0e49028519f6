"use client";

// Live task status: polls only while something is pending, stops when everything has ended.
import useSWR from "swr";

import { fetcher } from "@/lib/swr/fetcher";
import type { LiveTask } from "@/lib/tasks/shared";
import { isPendingStatus } from "@/lib/tasks/status";

export type { LiveClip, LiveTask } from "@/lib/tasks/shared";

const POLL_MS = 2000;

// Module-level on purpose: SWR restarts its polling timer whenever this function's identity
// changes, so an inline arrow in a component that re-renders every second never polls.
const SAVING = new Set(["PENDING", "ARCHIVING"]);
/** still moving: the task itself, or the copy of one of its finished takes */
const isLive = (t: LiveTask) =>
  isPendingStatus(t.status) ||
  t.clips.some((c) => c.status === "COMPLETE" && SAVING.has(c.archiveStatus));
const whileAnyPending = (data?: { tasks: LiveTask[] }) =>
  !data || data.tasks.some(isLive) ? POLL_MS : 0;
const whilePending = (data?: { task: LiveTask }) =>
  !data || isPendingStatus(data.task.status) ? POLL_MS : 0;

/** The given tasks, refreshed every 2 s while any of them is pending. */
export function useTasks(taskIds: string[]) {
  const key = taskIds.length ? `/api/tasks?ids=${taskIds.join(",")}` : null;
  return useSWR<{ tasks: LiveTask[] }>(key, fetcher, {
    refreshInterval: whileAnyPending,
    keepPreviousData: true,
  });
}

export function useTask(taskId: string | null) {
  return useSWR<{ task: LiveTask }>(taskId ? `/api/tasks/${taskId}` : null, fetcher, {
    refreshInterval: whilePending,
  });
}
