// Throwaway databases for tests. With TEST_DATABASE_URL (a local server only), a fresh
// database is created on it; otherwise a whole embedded PostgreSQL is started in a
// temporary folder. Either way the developer's data under .data/ is never touched.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";

import { findFreePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres.ts";
import { migrate } from "../../scripts/lib/migrate.ts";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export class NonLocalDatabaseError extends Error {}

/** Refuses any server that is not on this machine: tests create and drop databases. */
export function assertLocalDatabaseUrl(url: string) {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new NonLocalDatabaseError("TEST_DATABASE_URL is not a valid URL.");
  }
  if (!LOCAL_HOSTS.has(host)) {
    throw new NonLocalDatabaseError(
      `Refusing to run tests against the database host "${host}": tests create and drop databases, so only a server on this machine (localhost) is allowed.`,
    );
  }
}

export type TestCluster = {
  /** a server URL whose database part is replaced per throwaway database */
  serverUrl: string;
  stop: () => Promise<void>;
};

export async function startTestCluster(): Promise<TestCluster> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    assertLocalDatabaseUrl(external);
    return { serverUrl: external, stop: async () => {} };
  }
  const dir = await mkdtemp(path.join(tmpdir(), "chorus-test-"));
  const port = await findFreePort();
  const database = await startEmbeddedPostgres({
    dataDir: path.join(dir, "pg"),
    port,
    database: "postgres",
    persistent: false,
  });
  return {
    serverUrl: database.url,
    stop: async () => {
      await database.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function withDatabase(serverUrl: string, name: string) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates an empty database (no migrations) and returns its URL and a drop function. */
export async function createEmptyDatabase(serverUrl: string, prefix = "chorus_test") {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  await admin.end();
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: async () => {
      const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function createMigratedDatabase(serverUrl: string) {
  const database = await createEmptyDatabase(serverUrl);
  await migrate(database.url);
  return database;
}
