"use client";

// Live task status: polls only while something is pending, stops when everything has ended.
import useSWR from "swr";

import { fetcher } from "@/lib/swr/fetcher";

export type LiveClip = {
  id: string;
  title: string;
  tags: string;
  status: string;
  duration: number | null;
  audioUrl: string | null;
  streamAudioUrl: string | null;
  imageUrl: string | null;
  errorMessage: string | null;
  model: string | null;
  archiveStatus: "PENDING" | "ARCHIVING" | "ARCHIVED" | "FAILED";
  archiveError: string | null;
  ownerId: string;
};
export type LiveTask = {
  id: string;
  operation: string;
  status: string;
  progress: number;
  failReason: string | null;
  cost: number;
  createdAt: string;
  finishedAt: string | null;
  clips: LiveClip[];
  lyrics: { id: string; title: string | null; text: string | null; status: string } | null;
  ledgerEntries: { amount: number }[];
};

export const PENDING = new Set(["SUBMITTING", "SUBMITTED", "QUEUED", "RUNNING"]);
const POLL_MS = 2000;

// Module-level on purpose: SWR restarts its polling timer whenever this function's identity
// changes, so an inline arrow in a component that re-renders every second never polls.
const SAVING = new Set(["PENDING", "ARCHIVING"]);
/** still moving: the task itself, or the copy of one of its finished takes */
const isLive = (t: LiveTask) =>
  PENDING.has(t.status) ||
  t.clips.some((c) => c.status === "COMPLETE" && SAVING.has(c.archiveStatus));
const whileAnyPending = (data?: { tasks: LiveTask[] }) =>
  !data || data.tasks.some(isLive) ? POLL_MS : 0;
const whilePending = (data?: { task: LiveTask }) =>
  !data || PENDING.has(data.task.status) ? POLL_MS : 0;

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
