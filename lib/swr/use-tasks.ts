"use client";

// Live task status: pushed (lib/swr/push-channel.ts) while the tab's push channel is up, then
// nothing polls; otherwise polled while something is pending, stopping when all has ended.
import useSWR from "swr";

import { fetcher } from "@/lib/swr/fetcher";
import { usePushChannel } from "@/lib/swr/push-channel";
import type { LiveTask } from "@/lib/tasks/shared";
import { isPendingStatus } from "@/lib/tasks/status";

export type { LiveClip, LiveTask } from "@/lib/tasks/shared";

const POLL_MS = 2000;

// Module-level on purpose: SWR restarts its polling timer whenever this function's identity
// changes, so an inline arrow in a component that re-renders every second never polls. The
// push channel switching on or off swaps one for the other, which restarts (or ends) polling.
const SAVING = new Set(["PENDING", "ARCHIVING"]);
/** still moving: the task itself, or the copy of one of its finished takes */
const isLive = (t: LiveTask) =>
  isPendingStatus(t.status) ||
  t.clips.some((c) => c.status === "COMPLETE" && SAVING.has(c.archiveStatus));
const whileAnyPending = (data?: { tasks: LiveTask[] }) =>
  !data || data.tasks.some(isLive) ? POLL_MS : 0;
const whilePending = (data?: { task: LiveTask }) =>
  !data || isPendingStatus(data.task.status) ? POLL_MS : 0;
/** the push channel is up: its news revalidates, nothing polls */
const NEVER = 0;

/** The given tasks, refreshed on their news (or every 2 s while any is pending, unpushed). */
export function useTasks(taskIds: string[]) {
  const pushed = usePushChannel(taskIds.length > 0);
  const key = taskIds.length ? `/api/tasks?ids=${taskIds.join(",")}` : null;
  return useSWR<{ tasks: LiveTask[] }>(key, fetcher, {
    refreshInterval: pushed ? NEVER : whileAnyPending,
    revalidateOnFocus: !pushed,
    keepPreviousData: true,
  });
}

export function useTask(taskId: string | null) {
  const pushed = usePushChannel(taskId !== null);
  return useSWR<{ task: LiveTask }>(taskId ? `/api/tasks/${taskId}` : null, fetcher, {
    refreshInterval: pushed ? NEVER : whilePending,
    revalidateOnFocus: !pushed,
  });
}
