// What the browser and the server both know about the push channel: its address and the
// events it sends. No server-only code here.
import type { TaskStatus } from "@/lib/generated/prisma/enums";

export const EVENTS_URL = "/api/events";

/** `event: task`: this task (or one of its songs) changed; refetch what shows it */
export type TaskEvent = { taskId: string; status: TaskStatus | null };

/** How long a browser waits before reconnecting after the stream ends (the `retry:` hint). */
export const EVENTS_RETRY_MS = 1_000;
