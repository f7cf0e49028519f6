"use client";

// The tab's one push channel: a shared EventSource on /api/events (push-source.ts), opened
// while anything listens. News about a task revalidates the SWR keys that show it; a (re)connect
// revalidates every task key (news sent while the channel was down is not replayed). While
// it is open the polling hooks poll nothing (use-tasks.ts); on an error they poll again
// until EventSource has reconnected. A 204 (push turned off) closes it for good.
import { useEffect, useSyncExternalStore } from "react";

import type { TaskEvent } from "@/lib/events/shared";

export type TaskListener = (event: TaskEvent | null) => void;

export const channel = {
  source: null as EventSource | null,
  open: false,
  users: 0,
  closeTimer: null as ReturnType<typeof setTimeout> | null,
  stateListeners: new Set<() => void>(),
  taskListeners: new Set<TaskListener>(),
};

/** Tells the hooks whether the channel is up. */
export function setOpen(open: boolean) {
  if (channel.open === open) return;
  channel.open = open;
  for (const listener of channel.stateListeners) listener();
}

function retain() {
  channel.users++;
  if (channel.closeTimer) clearTimeout(channel.closeTimer);
  channel.closeTimer = null;
  // the EventSource code loads with the first hook that has something to watch, not with
  // every page (the library's first-load JavaScript has a budget)
  void import("@/lib/swr/push-source").then(({ connect }) => {
    if (channel.users > 0) connect();
  });
}

function release() {
  channel.users--;
  if (channel.users > 0) return;
  // a page change unmounts and mounts again at once: keep the stream for that moment
  channel.closeTimer = setTimeout(() => {
    channel.source?.close();
    channel.source = null;
    setOpen(false);
  }, 5_000);
}

function subscribeState(listener: () => void) {
  channel.stateListeners.add(listener);
  return () => void channel.stateListeners.delete(listener);
}

/** Keeps the channel open while mounted and `active` (something to watch); true while it
 *  is up (then nothing needs polling). */
export function usePushChannel(active = true): boolean {
  useEffect(() => {
    if (!active) return;
    retain();
    return release;
  }, [active]);
  return useSyncExternalStore(
    subscribeState,
    () => channel.open,
    () => false,
  );
}

/** Calls `listener` with each task's news (null: anything may have changed, after a
 *  reconnect), while mounted. */
export function usePushEvents(listener: TaskListener) {
  usePushChannel();
  useEffect(() => {
    channel.taskListeners.add(listener);
    return () => void channel.taskListeners.delete(listener);
  }, [listener]);
}
