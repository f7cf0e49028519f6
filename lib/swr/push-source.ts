"use client";

// The push channel's EventSource (loaded on first use by push-channel.ts): an event
// revalidates the SWR keys naming its task, a reconnect every task key.
import { mutate } from "swr";

import { EVENTS_URL, type TaskEvent } from "@/lib/events/shared";
import { channel, setOpen } from "@/lib/swr/push-channel";

const isTaskKey = (key: unknown): key is string =>
  typeof key === "string" && key.startsWith("/api/tasks");

function resync() {
  void mutate(isTaskKey);
  for (const listener of channel.taskListeners) listener(null);
}

export function connect() {
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
