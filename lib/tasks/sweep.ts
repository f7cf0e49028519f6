// The safety net under webhooks and viewers' polls: every pass ends overdue tasks (timed out
// or stuck before the upstream answered) with a refund, then fetches a bounded batch of due
// tasks. Run by the Vercel cron route and, self-hosted, by an interval (instrumentation.ts).
import "server-only";

import { db } from "@/lib/db";
import { getSunoClient, type SunoClient } from "@/lib/suno";
import { finishUnsuccessfully } from "@/lib/tasks/finish";
import { claimDue, fetchAndIngest, PASS_BUDGET_MS } from "@/lib/tasks/refresh";
import { markSweepPass } from "@/lib/tasks/sweep-clock";

export const SWEEP_BATCH = 200;
/** a task still SUBMITTING after this long lost its upstream call (a crash, a deploy) */
export const STUCK_SUBMITTING_SECONDS = 120;

export type SweepReport = {
  timedOut: number;
  abandoned: number;
  fetched: number;
  ingested: number;
};

/** Sweeps again at once while passes come back full (a backlog), up to `maxPasses`. */
export async function sweepUntilCaughtUp(
  options: {
    limit?: number;
    client?: SunoClient | null;
    maxPasses?: number;
    budgetMs?: number;
  } = {},
) {
  const limit = options.limit ?? SWEEP_BATCH;
  let passes = 0;
  let report: SweepReport;
  do {
    report = await sweep({ ...options, limit });
    passes++;
  } while (report.fetched >= limit && passes < (options.maxPasses ?? 10));
  return passes;
}

export async function sweep(
  options: { limit?: number; client?: SunoClient | null; budgetMs?: number } = {},
): Promise<SweepReport> {
  markSweepPass();
  const limit = options.limit ?? SWEEP_BATCH;
  const client = options.client === undefined ? getSunoClient() : options.client;

  const overdue = await db.$queryRaw<{ id: string; status: string }[]>`
    SELECT id, status::text FROM tasks
    WHERE (status IN ('SUBMITTED', 'QUEUED', 'RUNNING') AND deadline_at < now())
       OR (status = 'SUBMITTING'
         AND created_at < now() - make_interval(secs => ${STUCK_SUBMITTING_SECONDS}))
    ORDER BY created_at LIMIT ${limit}`;
  let timedOut = 0;
  let abandoned = 0;
  for (const task of overdue) {
    const stuck = task.status === "SUBMITTING";
    const ended = await db.$transaction((tx) =>
      finishUnsuccessfully(
        tx,
        stuck
          ? {
              taskId: task.id,
              status: "FAILED",
              code: "NOT_CONFIRMED",
              reason:
                "The request was interrupted before the music service confirmed it. Your credits were returned; please try again.",
            }
          : {
              taskId: task.id,
              status: "TIMED_OUT",
              code: "TIMEOUT",
              reason:
                "The music service did not finish this song in time. Your credits were returned.",
            },
      ),
    );
    if (ended && stuck) abandoned++;
    if (ended && !stuck) timedOut++;
  }

  if (!client) return { timedOut, abandoned, fetched: 0, ingested: 0 };
  const due = await claimDue(limit);
  const budgetMs = options.budgetMs ?? PASS_BUDGET_MS;
  const ingested = due.length ? await fetchAndIngest(due, client, "sweep", { budgetMs }) : 0;
  return { timedOut, abandoned, fetched: due.length, ingested };
}
