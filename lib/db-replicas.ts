// Library reads on read replicas (DATABASE_REPLICA_URLS; Neon, RDS and Supabase offer them).
// The library's reads (search and lists, the clip, playlist and family pages, and through
// them the REST v1 reads) run through `onReplica`, round robin over the replicas; writes,
// sessions, authorization look-ups and everything else stay on `db`, the primary.
//
// Read-your-own-write: a page request that may change something (a server action; proxy.ts)
// carries PRIMARY_COOKIE, which keeps that visitor's reads on the primary for
// DATABASE_REPLICA_STICKY_SECONDS (10 s by default, far longer than a healthy replica lags), in
// that same request (its re-render) and in the ones after it. A write through a route handler
// runs its reads on the primary with `onPrimary` (REST v1 does so for every method but GET).
// A replica that cannot be reached is skipped for REPLICA_DOWN_MS and the read retried on the
// primary; a replica that answers but lags is not detected: others' changes reach a reader when
// the replica has them (docs/ARCHITECTURE.md, "Read replicas").
import "server-only";

import { AsyncLocalStorage } from "node:async_hooks";

import { cookies } from "next/headers";

import { clientOver, getDb, type Db } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { createPool } from "@/lib/db-pool";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { PRIMARY_COOKIE, stillOnPrimary } from "@/lib/replica-cookie";

export const REPLICA_DOWN_MS = 30_000;

type Replica = { label: string; client: Db; downUntil: number };

const globalForReplicas = globalThis as unknown as {
  chorusReplicas?: { urls: string; replicas: Replica[]; next: number };
};
const primaryOnly = new AsyncLocalStorage<true>();

/** host:port/database, never the credentials */
function labelOf(url: string) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "replica";
  }
}

function replicas(): Replica[] {
  const env = getEnv();
  const urls = env.DATABASE_REPLICA_URLS.join(",");
  const known = globalForReplicas.chorusReplicas;
  if (known?.urls === urls) return known.replicas;
  const list = env.DATABASE_REPLICA_URLS.map((url) => ({
    label: labelOf(url),
    client: clientOver(createPool({ ...env, DATABASE_URL: url })),
    downUntil: 0,
  }));
  globalForReplicas.chorusReplicas = { urls, replicas: list, next: 0 };
  return list;
}

/** Whether this request follows the visitor's own recent write (or runs inside `onPrimary`). */
async function mustReadPrimary(): Promise<boolean> {
  if (primaryOnly.getStore()) return true;
  try {
    return stillOnPrimary((await cookies()).get(PRIMARY_COOKIE)?.value);
  } catch {
    return false; // outside a request (a worker, a script): no visitor's write to follow
  }
}

/** The next reachable replica, or null: none configured, or the read must see the primary. */
async function pickReplica(): Promise<Replica | null> {
  const list = replicas();
  if (list.length === 0 || (await mustReadPrimary())) return null;
  const state = globalForReplicas.chorusReplicas!;
  const now = Date.now();
  for (let tried = 0; tried < list.length; tried++) {
    const replica = list[state.next++ % list.length]!;
    if (replica.downUntil <= now) return replica;
  }
  return null;
}

/**
 * Runs a library read on a replica (or the primary, see above). `read` may send several
 * statements; all of them go to the same database.
 */
export async function onReplica<T>(read: (client: Db) => Promise<T>): Promise<T> {
  const replica = await pickReplica();
  if (!replica) return read(getDb());
  try {
    return await read(replica.client);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    replica.downUntil = Date.now() + REPLICA_DOWN_MS;
    log.warn("read replica unreachable: reading from the primary", { replica: replica.label });
    return read(getDb());
  }
}

/** Runs `work` with every library read in it on the primary (a write, then its answer). */
export function onPrimary<T>(work: () => Promise<T>): Promise<T> {
  return primaryOnly.run(true, work);
}

/** Closes the replicas' pools (tests, shutdown). */
export async function disconnectReplicas() {
  const known = globalForReplicas.chorusReplicas;
  globalForReplicas.chorusReplicas = undefined;
  await Promise.all((known?.replicas ?? []).map((r) => r.client.$disconnect()));
}
