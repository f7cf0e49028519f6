// What a viewer's poll does upstream: nothing it waits for. The answer comes from the
// database at once; due tasks are refreshed in the background, or left to this process's
// sweeper when one is running (it fetches every due task in its next pass anyway, so
// watching a task costs no extra upstream request).
import "server-only";

import { log } from "@/lib/log";
import { getSunoClient, type SunoClient } from "@/lib/suno";
import { refreshAllDue } from "@/lib/tasks/refresh";
import { sweeperIsLive } from "@/lib/tasks/sweep-clock";

export type Later = (task: () => Promise<unknown>) => void;

/** Runs the promise without waiting for it; failures are logged, never thrown. */
const inBackground: Later = (task) => {
  void task().catch((error: unknown) => log.error("background refresh failed", { error }));
};

export type ViewerRefresh = "none" | "left to the sweeper" | "started";

/**
 * For tasks a viewer is looking at that are due: starts their refresh without waiting for it
 * (`later` lets a route hand it to Next's `after`). Returns what it did.
 */
export function refreshForViewer(
  tasks: { id: string; nextPollAt: Date | null }[],
  options: { client?: SunoClient | null; later?: Later; now?: Date } = {},
): ViewerRefresh {
  const now = options.now ?? new Date();
  const due = tasks.filter((t) => t.nextPollAt && t.nextPollAt <= now).map((t) => t.id);
  if (due.length === 0) return "none";
  if (sweeperIsLive(now.getTime())) return "left to the sweeper";
  const client = options.client === undefined ? getSunoClient() : options.client;
  if (!client) return "none";
  (options.later ?? inBackground)(() =>
    refreshAllDue(due, client).catch((error: unknown) =>
      log.error("background refresh failed", { error }),
    ),
  );
  return "started";
}
