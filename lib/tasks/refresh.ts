// Following tasks upstream. A viewer's poll refreshes a stale task under a lease (one
// compare-and-set UPDATE), so any number of viewers cost one upstream request per interval;
// the sweeper claims due tasks in bounded batches with FOR UPDATE SKIP LOCKED and fetches
// them in one batch per provider and key.
import "server-only";

import { randomUUID } from "node:crypto";

import { db } from "@/lib/db";
import type { TaskOperation } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";
import { archiveSoon } from "@/lib/media/archive";
import { getSunoClient, isUpstreamError, type SunoClient } from "@/lib/suno";
import { redactText } from "@/lib/suno/redact";
import { finishUnsuccessfully } from "@/lib/tasks/finish";
import { ingest, nextPollDelayMs, type IngestSource } from "@/lib/tasks/ingest";

const LEASE_SECONDS = 30;
const INGEST_CONCURRENCY = 6;

async function forEachBounded<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
const INSTANCE = randomUUID().slice(0, 8);

export type ClaimedTask = {
  id: string;
  provider: string;
  key_fingerprint: string;
  upstream_id: string;
  operation: TaskOperation;
  model: string | null;
  poll_count: number;
};

/** Takes the lease on one due task; null when it is not due or someone else holds it. */
async function claimOne(taskId: string): Promise<ClaimedTask | null> {
  const rows = await db.$queryRaw<ClaimedTask[]>`
    UPDATE tasks SET lease_until = now() + make_interval(secs => ${LEASE_SECONDS}),
      lease_owner = ${INSTANCE}
    WHERE id = ${taskId}
      AND status IN ('SUBMITTED', 'QUEUED', 'RUNNING') AND upstream_id IS NOT NULL
      AND (next_poll_at IS NULL OR next_poll_at <= now())
      AND (lease_until IS NULL OR lease_until < now())
    RETURNING id, provider, key_fingerprint, upstream_id, operation::text AS operation, model,
      poll_count`;
  return rows[0] ?? null;
}

/** Claims up to `limit` due tasks for this sweep; concurrent sweepers get disjoint sets. */
export async function claimDue(limit: number): Promise<ClaimedTask[]> {
  return db.$queryRaw<ClaimedTask[]>`
    UPDATE tasks SET lease_until = now() + make_interval(secs => ${LEASE_SECONDS}),
      lease_owner = ${INSTANCE}
    WHERE id IN (
      SELECT id FROM tasks
      WHERE status IN ('SUBMITTED', 'QUEUED', 'RUNNING') AND upstream_id IS NOT NULL
        AND next_poll_at <= now() AND (lease_until IS NULL OR lease_until < now())
      ORDER BY next_poll_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, provider, key_fingerprint, upstream_id, operation::text AS operation, model,
      poll_count`;
}

/** Gives the lease back after a failed fetch, with the next poll pushed out. */
async function release(task: ClaimedTask) {
  const delay = nextPollDelayMs(task.poll_count + 1);
  await db.$executeRaw`
    UPDATE tasks SET lease_until = NULL, lease_owner = NULL, poll_count = poll_count + 1,
      last_polled_at = now(),
      next_poll_at = now() + make_interval(secs => ${delay / 1000})
    WHERE id = ${task.id} AND lease_owner = ${INSTANCE}`;
}

/** For viewers: refresh the task if it is due and nobody else is on it. */
export async function refreshIfDue(
  taskId: string,
  client: SunoClient | null = getSunoClient(),
): Promise<boolean> {
  return (await refreshAllDue([taskId], client)) > 0;
}

/** For a viewer's list: the due ones among these tasks, leased one by one, then fetched
 *  together (one batch per provider and key). Returns how many were claimed. */
export async function refreshAllDue(
  taskIds: string[],
  client: SunoClient | null = getSunoClient(),
): Promise<number> {
  if (!client || taskIds.length === 0) return 0;
  const claimed = (await Promise.all(taskIds.map(claimOne))).filter(
    (task): task is ClaimedTask => task !== null,
  );
  if (claimed.length) await fetchAndIngest(claimed, client, "poll");
  return claimed.length;
}

/** At most this many upstream requests at once per provider, across every caller here. */
export const PROVIDER_CONCURRENCY = 2;
/** A sweep pass waits at most this long for its fetches; slow ones finish in the background. */
export const PASS_BUDGET_MS = 10_000;
/** The provider not knowing a task this often, over at least this long, ends it. */
export const MISSING_ANSWERS = 3;
export const MISSING_SECONDS = 60;

const slots = new Map<string, { active: number; waiting: (() => void)[] }>();

async function withProviderSlot<T>(provider: string, fn: () => Promise<T>): Promise<T> {
  let slot = slots.get(provider);
  if (!slot) slots.set(provider, (slot = { active: 0, waiting: [] }));
  while (slot.active >= PROVIDER_CONCURRENCY)
    await new Promise<void>((resolve) => slot!.waiting.push(resolve));
  slot.active++;
  try {
    return await fn();
  } finally {
    slot.active--;
    slot.waiting.shift()?.();
  }
}

/** The provider answered without this task: count it, and end the task once it is clearly
 *  lost (a few answers in a row, spread over a minute), with a refund. */
async function markMissing(task: ClaimedTask) {
  const delay = nextPollDelayMs(task.poll_count + 1);
  const rows = await db.$queryRaw<{ missing_count: number; lost: boolean }[]>`
    UPDATE tasks SET lease_until = NULL, lease_owner = NULL, poll_count = poll_count + 1,
      last_polled_at = now(),
      next_poll_at = now() + make_interval(secs => ${delay / 1000}),
      missing_count = missing_count + 1, missing_since = coalesce(missing_since, now())
    WHERE id = ${task.id} AND lease_owner = ${INSTANCE}
    RETURNING missing_count,
      (missing_count >= ${MISSING_ANSWERS}
        AND missing_since <= now() - make_interval(secs => ${MISSING_SECONDS})) AS lost`;
  if (!rows[0]?.lost) return;
  await db.$transaction((tx) =>
    finishUnsuccessfully(tx, {
      taskId: task.id,
      status: "FAILED",
      code: "LOST",
      reason: "The music service lost this request. Your credits were returned; please try again.",
    }),
  );
}

/** News that could not be stored stays with its own task: recorded, lease given back, the
 *  next poll pushed out. The rest of the batch (and the viewer's request) go on. */
async function recordFailure(task: ClaimedTask, error: unknown) {
  const message = redactText(error instanceof Error ? error.message : String(error)).slice(0, 500);
  log.error("storing upstream news failed", { taskId: task.id, error: message });
  const delay = nextPollDelayMs(task.poll_count + 1);
  await db.$executeRaw`
    UPDATE tasks SET lease_until = NULL, lease_owner = NULL, poll_count = poll_count + 1,
      last_polled_at = now(),
      next_poll_at = now() + make_interval(secs => ${delay / 1000}), last_error = ${message}
    WHERE id = ${task.id} AND lease_owner = ${INSTANCE}`;
}

/** Fetches claimed tasks, one request per provider and key where the dialect allows; the
 *  providers side by side, each at most PROVIDER_CONCURRENCY requests at a time. With a
 *  budget, returns when it is spent; fetches still running finish on their own. */
export async function fetchAndIngest(
  tasks: ClaimedTask[],
  client: SunoClient,
  source: IngestSource,
  options: { budgetMs?: number } = {},
) {
  const groups = new Map<string, ClaimedTask[]>();
  for (const task of tasks) {
    const key = `${task.provider}\u0000${task.key_fingerprint}`;
    groups.set(key, [...(groups.get(key) ?? []), task]);
  }
  let ingested = 0;
  const runGroup = async (group: ClaimedTask[]) => {
    const first = group[0]!;
    let results;
    try {
      results = await withProviderSlot(first.provider, () =>
        client.fetchTasks({
          provider: first.provider,
          keyFingerprint: first.key_fingerprint,
          targets: group.map((t) => ({
            upstreamId: t.upstream_id,
            operation: t.operation,
            model: t.model,
          })),
        }),
      );
    } catch (error) {
      log.warn("task refresh failed", {
        kind: isUpstreamError(error) ? error.kind : "UNEXPECTED",
        provider: first.provider,
        tasks: group.length,
      });
      await Promise.all(group.map(release));
      return;
    }
    const byUpstreamId = new Map(results.map((r) => [r.id, r]));
    // a few ingests at once (each is its own transaction), leaving pool room for requests
    await forEachBounded(group, INGEST_CONCURRENCY, async (task) => {
      const news = byUpstreamId.get(task.upstream_id);
      try {
        if (!news) await markMissing(task);
        else {
          const result = await ingest(task.id, news, source);
          if (!result) await release(task);
          else {
            ingested++;
            // a viewer's poll copies what just finished once its answer has gone out (the
            // sweeper's passes, and scripts, archive due clips themselves, bounded)
            if (source === "poll" && result.clipsFinished)
              archiveSoon(task.id, { onlyInRequest: true });
          }
        }
      } catch (error) {
        await recordFailure(task, error).catch((inner: unknown) =>
          log.error("recording a refresh failure failed", { taskId: task.id, error: inner }),
        );
      }
    });
  };
  const all = Promise.all([...groups.values()].map(runGroup));
  if (options.budgetMs === undefined) {
    await all;
    return ingested;
  }
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, options.budgetMs);
  });
  await Promise.race([all, budget]);
  clearTimeout(timer);
  return ingested;
}
