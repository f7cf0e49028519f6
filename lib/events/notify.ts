// The server side of the push channel's news: `pg_notify('chorus_events', …)` inside the
// transaction that makes the change, so a listener hears it exactly when the change is
// committed (and never for a rolled-back one). The payload is small (ids and a status, far
// under Postgres's 8000-byte limit) and names who may hear it: the owner of a personal task,
// or the team of a team task, whose members the listener checks before sending.
import "server-only";

import { z } from "zod";

import type { Prisma } from "@/lib/generated/prisma/client";
import type { TaskStatus } from "@/lib/generated/prisma/enums";

export const EVENTS_CHANNEL = "chorus_events";

export const changeSchema = z.object({
  kind: z.literal("task"),
  taskId: z.string().min(1).max(64),
  ownerId: z.string().min(1).max(64),
  teamId: z.string().min(1).max(64).nullable(),
  status: z.string().max(20).nullable(),
});
export type Change = z.infer<typeof changeSchema>;

/** The listener's own liveness probe (lib/events/listener.ts). */
export const pingSchema = z.object({ kind: z.literal("ping"), nonce: z.string().max(64) });

type Sql = Pick<Prisma.TransactionClient, "$executeRaw">;

/** Tells every listening process, at commit, that this task changed. */
export async function notifyTaskChange(
  tx: Sql,
  change: { taskId: string; ownerId: string; teamId: string | null; status?: TaskStatus | null },
) {
  const payload: Change = {
    kind: "task",
    taskId: change.taskId,
    ownerId: change.ownerId,
    teamId: change.teamId,
    status: change.status ?? null,
  };
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(payload)})`;
}
