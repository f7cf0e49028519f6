// Ending a task badly: FAILED or TIMED_OUT, with its refund, in one transaction. The
// compare-and-set on a non-terminal status means two finishers can never both refund.
import "server-only";

import { notifyTaskChange } from "@/lib/events/notify";
import type { TaskStatus } from "@/lib/generated/prisma/enums";
import { refundTask, type Tx } from "@/lib/tasks/credits";
import { ENDED_WITH_TASK } from "@/lib/tasks/status";
import { enqueueWebhookEvent } from "@/lib/webhooks/outbox";

export type FinishOptions = {
  taskId: string;
  status: Extract<TaskStatus, "FAILED" | "TIMED_OUT">;
  reason: string;
  code: string;
  raw?: unknown;
};

export async function finishUnsuccessfully(tx: Tx, options: FinishOptions): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { id: string; owner_id: string; team_id: string | null; cost: number }[]
  >`
    UPDATE tasks SET status = ${options.status}::"TaskStatus", fail_reason = ${options.reason},
      fail_code = ${options.code},
      finished_at = now(), next_poll_at = NULL, lease_until = NULL, lease_owner = NULL,
        updated_at = now()
    WHERE id = ${options.taskId} AND status NOT IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT')
    RETURNING id, owner_id, team_id, cost`;
  const task = rows[0];
  if (!task) return false;
  // takes that never finished keep no stale stream link to play; they failed with the task,
  // marked as ended by Chorus, so that real audio arriving later can still finish them
  await tx.$executeRaw`
    UPDATE clips SET stream_audio_url = NULL, status = 'ERROR',
      error_type = ${ENDED_WITH_TASK}, updated_at = now()
    WHERE task_id = ${task.id} AND status NOT IN ('COMPLETE', 'ERROR')`;
  await tx.$executeRaw`
    UPDATE clips SET stream_audio_url = NULL, updated_at = now()
    WHERE task_id = ${task.id} AND status = 'ERROR' AND stream_audio_url IS NOT NULL`;
  await refundTask(
    tx,
    { id: task.id, ownerId: task.owner_id, teamId: task.team_id, cost: task.cost },
    options.reason,
  );
  await enqueueWebhookEvent(tx, {
    scope: { ownerId: task.owner_id, teamId: task.team_id },
    type: "task.failed",
    data: { taskId: task.id, status: options.status, reason: options.reason, code: options.code },
  });
  await notifyTaskChange(tx, {
    taskId: task.id,
    ownerId: task.owner_id,
    teamId: task.team_id,
    status: options.status,
  });
  return true;
}
