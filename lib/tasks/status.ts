// Statuses only move forward. Webhooks and polls arrive late, twice, or out of order; the
// rank decides, and a finished task or clip never changes status again.
import type { ClipStatus, TaskStatus } from "@/lib/generated/prisma/enums";

const TASK_RANK: Record<TaskStatus, number> = {
  SUBMITTING: 0,
  SUBMITTED: 1,
  QUEUED: 2,
  RUNNING: 3,
  SUCCEEDED: 4,
  FAILED: 4,
  TIMED_OUT: 4,
};
const CLIP_RANK: Record<ClipStatus, number> = {
  SUBMITTED: 0,
  QUEUED: 1,
  STREAMING: 2,
  COMPLETE: 3,
  ERROR: 3,
};

/** `clips.error_type` of a take Chorus ended with its task (timed out, failed), not one the
 *  provider failed: such a take may still finish when its audio arrives late. */
export const ENDED_WITH_TASK = "chorus:ended-with-task";

export const TERMINAL_TASK_STATUSES: TaskStatus[] = ["SUCCEEDED", "FAILED", "TIMED_OUT"];
export const PENDING_TASK_STATUSES: TaskStatus[] = ["SUBMITTING", "SUBMITTED", "QUEUED", "RUNNING"];

export const isTerminal = (status: TaskStatus) => TASK_RANK[status] === 4;
/** For the browser, where statuses arrive as JSON strings. */
export const isPendingStatus = (status: string) =>
  (PENDING_TASK_STATUSES as string[]).includes(status);

export function nextTaskStatus(current: TaskStatus, incoming: TaskStatus): TaskStatus {
  if (isTerminal(current)) return current;
  return TASK_RANK[incoming] > TASK_RANK[current] ? incoming : current;
}

export function nextClipStatus(current: ClipStatus, incoming: ClipStatus): ClipStatus {
  if (CLIP_RANK[current] === 3) return current;
  return CLIP_RANK[incoming] > CLIP_RANK[current] ? incoming : current;
}
