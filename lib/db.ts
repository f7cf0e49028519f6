// The one Prisma client (Prisma 7, driver adapter over node-postgres). Created on first use
// so that importing lib/ at build time needs no database; cached on globalThis so that dev
// hot reloads do not open a new pool each time. Password hashes (and backup
// credentials) are omitted by default.
// The pg.Pool is ours (lib/db-pool.ts: sized by settings, attached on Vercel).
import "server-only";

import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";

import { createPool } from "@/lib/db-pool";
import { getEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { timeStatements } from "@/lib/server-timing";

function createClient() {
  const pool = createPool(getEnv());
  globalForDb.chorusPool = pool;
  return clientOver(pool);
}

/** A Prisma client over a pool, with the app's settings (read replicas use one each). */
export function clientOver(pool: pg.Pool) {
  timeStatements(pool); // Server-Timing's db figure (lib/server-timing.ts)
  // $disconnect ends the pool too
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({
    adapter,
    // and so are backup destinations' (encrypted) credentials: read only to run a backup
    omit: {
      user: { passwordHash: true },
      backupDestination: { credentials: true },
      subsonicAppPassword: { secretSealed: true },
    },
    // under bursts (a sweep batch, a flood of callbacks) a transaction may wait for a pooled
    // connection longer than Prisma's default 2 s; waiting is better than failing the work
    transactionOptions: { maxWait: 10_000, timeout: 20_000 },
  });
}

export type Db = ReturnType<typeof createClient>;

const globalForDb = globalThis as unknown as { chorusDb?: Db; chorusPool?: pg.Pool };

/** The pool under the client (created with it). */
export function getPool(): pg.Pool {
  getDb();
  return globalForDb.chorusPool!;
}

export function getDb(): Db {
  globalForDb.chorusDb ??= createClient();
  return globalForDb.chorusDb;
}

/** `db.user.findMany(...)`: a lazy view of getDb(). */
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = getDb();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export async function disconnectDb() {
  await globalForDb.chorusDb?.$disconnect();
  globalForDb.chorusDb = undefined;
  globalForDb.chorusPool = undefined;
}
