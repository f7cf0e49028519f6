// Following tasks upstream. A viewer's poll refreshes a stale task under a lease (one
// compare-and-set UPDATE), so any number of viewers cost one upstream request per interval;
// the sweeper claims due tasks in bounded batches with FOR UPDATE SKIP LOCKED and fetches
// them in one batch per provider and key.
import "server-only";

import { randomUUID } from "node:crypto";

import { db } from "@/lib/db";
import type { TaskOperation } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";
import { getSunoClient, isUpstreamError, type SunoClient } from "@/lib/suno";
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
    UPDATE tasks SET lease_until = now() + make_interval(secs => ${LEASE_SECONDS}), lease_owner = ${INSTANCE}
    WHERE id = ${taskId}
      AND status IN ('SUBMITTED', 'QUEUED', 'RUNNING') AND upstream_id IS NOT NULL
      AND (next_poll_at IS NULL OR next_poll_at <= now())
      AND (lease_until IS NULL OR lease_until < now())
    RETURNING id, provider, key_fingerprint, upstream_id, operation::text AS operation, model, poll_count`;
  return rows[0] ?? null;
}

/** Claims up to `limit` due tasks for this sweep; concurrent sweepers get disjoint sets. */
export async function claimDue(limit: number): Promise<ClaimedTask[]> {
  return db.$queryRaw<ClaimedTask[]>`
    UPDATE tasks SET lease_until = now() + make_interval(secs => ${LEASE_SECONDS}), lease_owner = ${INSTANCE}
    WHERE id IN (
      SELECT id FROM tasks
      WHERE status IN ('SUBMITTED', 'QUEUED', 'RUNNING') AND upstream_id IS NOT NULL
        AND next_poll_at <= now() AND (lease_until IS NULL OR lease_until < now())
      ORDER BY next_poll_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, provider, key_fingerprint, upstream_id, operation::text AS operation, model, poll_count`;
}

/** Gives the lease back after a failed fetch, with the next poll pushed out. */
async function release(task: ClaimedTask) {
  const delay = nextPollDelayMs(task.poll_count + 1);
  await db.$executeRaw`
    UPDATE tasks SET lease_until = NULL, lease_owner = NULL, poll_count = poll_count + 1, last_polled_at = now(),
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

/** Fetches claimed tasks, one request per provider and key where the dialect allows. */
export async function fetchAndIngest(
  tasks: ClaimedTask[],
  client: SunoClient,
  source: IngestSource,
) {
  const groups = new Map<string, ClaimedTask[]>();
  for (const task of tasks) {
    const key = `${task.provider}\u0000${task.key_fingerprint}`;
    groups.set(key, [...(groups.get(key) ?? []), task]);
  }
  let ingested = 0;
  for (const group of groups.values()) {
    const first = group[0]!;
    try {
      const results = await client.fetchTasks({
        provider: first.provider,
        keyFingerprint: first.key_fingerprint,
        targets: group.map((t) => ({
          upstreamId: t.upstream_id,
          operation: t.operation,
          model: t.model,
        })),
      });
      const byUpstreamId = new Map(results.map((r) => [r.id, r]));
      // a few ingests at once (each is its own transaction), leaving pool room for requests
      await forEachBounded(group, INGEST_CONCURRENCY, async (task) => {
        const news = byUpstreamId.get(task.upstream_id);
        if (news && (await ingest(task.id, news, source))) ingested++;
        else await release(task); // not visible upstream yet: try again later; the deadline ends it
      });
    } catch (error) {
      if (!isUpstreamError(error)) throw error;
      log.warn("task refresh failed", {
        kind: error.kind,
        provider: first.provider,
        tasks: group.length,
      });
      await Promise.all(group.map(release));
    }
  }
  return ingested;
}
