"use client";

// The tab's one push channel: a shared EventSource on /api/events, opened while anything
// listens. News about a task revalidates the SWR keys that show it; a (re)connect
// revalidates every task key (news sent while the channel was down is not replayed). While
// it is open the polling hooks poll nothing (use-tasks.ts); on an error they poll again
// until EventSource has reconnected. A 204 (push turned off) closes it for good.
import { useEffect, useSyncExternalStore } from "react";
import { mutate } from "swr";

import { EVENTS_URL, type TaskEvent } from "@/lib/events/shared";

type TaskListener = (event: TaskEvent | null) => void;

const channel = {
  source: null as EventSource | null,
  open: false,
  users: 0,
  closeTimer: null as ReturnType<typeof setTimeout> | null,
  stateListeners: new Set<() => void>(),
  taskListeners: new Set<TaskListener>(),
};

const isTaskKey = (key: unknown): key is string =>
  typeof key === "string" && key.startsWith("/api/tasks");

function setOpen(open: boolean) {
  if (channel.open === open) return;
  channel.open = open;
  for (const listener of channel.stateListeners) listener();
}

function resync() {
  void mutate(isTaskKey);
  for (const listener of channel.taskListeners) listener(null);
}

function connect() {
  if (channel.source || typeof EventSource === "undefined") return;
  const source = new EventSource(EVENTS_URL);
  channel.source = source;
  let reconnected = false;
  source.addEventListener("ready", () => {
    setOpen(true);
    // the first time, what the page shows was fetched just now; after a reconnect, news
    // may have been missed
    if (reconnected) resync();
    reconnected = true;
  });
  source.addEventListener("resync", resync);
  source.addEventListener("task", (message) => {
    let event: TaskEvent;
    try {
      event = JSON.parse((message as MessageEvent<string>).data) as TaskEvent;
    } catch {
      return;
    }
    void mutate((key) => isTaskKey(key) && key.includes(event.taskId));
    for (const listener of channel.taskListeners) listener(event);
  });
  source.addEventListener("error", () => {
    // EventSource reconnects by itself after the retry hint; CLOSED means it gave up
    setOpen(false);
    if (source.readyState === EventSource.CLOSED && channel.source === source)
      channel.source = null;
  });
}

function retain() {
  channel.users++;
  if (channel.closeTimer) clearTimeout(channel.closeTimer);
  channel.closeTimer = null;
  connect();
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
