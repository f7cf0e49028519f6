// One browser's event stream (`GET /api/events`): server-sent events for the tasks its user
// may see, fed by this process's listener (lib/events/listener.ts). A heartbeat comment
// keeps proxies from closing an idle stream; the stream ends itself before the platform's
// time limit (Vercel: the route's maxDuration) and the browser reconnects after the `retry:`
// hint. While it is open the tab polls nothing, so the stream also does what the tab's poll
// did on the server: when no sweeper runs in this process, it refreshes the user's due tasks
// upstream on the poll's schedule (lib/tasks/viewing.ts decides, as for a poll).
import "server-only";

import { getEnv } from "@/lib/env";
import { subscribe } from "@/lib/events/listener";
import { EVENTS_RETRY_MS, type TaskEvent } from "@/lib/events/shared";
import { log } from "@/lib/log";
import { listPendingTasks } from "@/lib/tasks/queries";
import { FIRST_POLL_SECONDS } from "@/lib/tasks/submit";
import { sweeperIsLive } from "@/lib/tasks/sweep-clock";
import { refreshForViewer, type Later } from "@/lib/tasks/viewing";
import { listMyTeams } from "@/lib/teams/teams";

export const HEARTBEAT_MS = 20_000;

export type EventStreamOptions = {
  user: { id: string };
  /** the request's: the browser went away */
  signal: AbortSignal;
  /** how a viewer's refresh is run (tests run it at once) */
  later?: Later;
};

export async function openEventStream({ user, signal, later }: EventStreamOptions) {
  const env = getEnv();
  const teamIds = new Set((await listMyTeams(user)).map((team) => team.id));
  const encoder = new TextEncoder();
  let stop = () => {};

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      // `ready` once the listener hears news for this stream (the tab stops polling then);
      // any later (re)connect of the listener is a `resync`
      let ready = false;
      const sendReady = () => {
        ready = true;
        write("event: ready\ndata: {}\n\n");
      };
      const { unsubscribe, listening } = subscribe({
        userId: user.id,
        teamIds,
        onTask: (event: TaskEvent) => write(`event: task\ndata: ${JSON.stringify(event)}\n\n`),
        onResync: () => (ready ? write("event: resync\ndata: {}\n\n") : sendReady()),
      });
      const heartbeat = setInterval(() => write(": heartbeat\n\n"), HEARTBEAT_MS);
      const refresher = setInterval(() => void refreshDue(user, later), FIRST_POLL_SECONDS * 1000);
      const lifetime = setTimeout(() => stop(), env.EVENTS_STREAM_SECONDS * 1000);
      stop = () => {
        if (!open) return;
        open = false;
        unsubscribe();
        clearInterval(heartbeat);
        clearInterval(refresher);
        clearTimeout(lifetime);
        signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // already closed by the reader
        }
      };
      signal.addEventListener("abort", stop);
      // the browser's wait before reconnecting
      write(`retry: ${EVENTS_RETRY_MS}\n\n`);
      if (listening) sendReady();
    },
    cancel() {
      stop();
    },
  });

  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // nginx and similar proxies: do not buffer the stream
      "x-accel-buffering": "no",
    },
  });
}

/** What the tab's poll did upstream, without the tab: only when no sweeper runs here. */
async function refreshDue(user: { id: string }, later?: Later) {
  if (sweeperIsLive()) return;
  try {
    const tasks = await listPendingTasks({ viewer: user });
    refreshForViewer(tasks, { later });
  } catch (error) {
    log.warn("push channel: refreshing due tasks failed", { error });
  }
}
