// A real PgBouncer (Debian's package) in transaction mode in front of a test server: the
// kind of pooled URL Neon and Supabase hand out. Its config, log and socket live in a
// temporary folder that is removed on stop.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";

import { findFreePort } from "../../scripts/lib/embedded-postgres.ts";

const CANDIDATES = [process.env.PGBOUNCER_PATH, "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"];

/** The pgbouncer binary, or null when this machine has none. */
export function findPgBouncer(): string | null {
  return CANDIDATES.find((candidate) => candidate && existsSync(candidate)) ?? null;
}

export type PgBouncer = { url: (database: string) => string; stop: () => Promise<void> };

function waitForPort(port: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  return new Promise<void>((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve()));
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`PgBouncer did not listen on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts PgBouncer in transaction mode for the server behind `serverUrl`. */
export async function startPgBouncer(
  binary: string,
  serverUrl: string,
  options: { poolSize?: number } = {},
): Promise<PgBouncer> {
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  const dir = await mkdtemp(path.join(tmpdir(), "chorus-pgbouncer-"));
  const port = await findFreePort();
  await writeFile(path.join(dir, "userlist.txt"), `"${user}" "${password}"\n`);
  await writeFile(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${server.hostname} port=${server.port}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      "auth_type = plain",
      `auth_file = ${path.join(dir, "userlist.txt")}`,
      "pool_mode = transaction",
      `default_pool_size = ${options.poolSize ?? 4}`,
      "max_client_conn = 200",
      "ignore_startup_parameters = extra_float_digits,options",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
      "",
    ].join("\n"),
  );
  // PgBouncer refuses to run as root: it then assumes the identity of an ordinary user,
  // who must be able to read its config and write its log and socket
  const asUser = userInfo().uid === 0 ? ["-u", "nobody"] : [];
  if (asUser.length) await chmod(dir, 0o777);
  const child = spawn(binary, [...asUser, path.join(dir, "pgbouncer.ini")], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitForPort(port, 10_000);
  return {
    url: (database) =>
      `postgresql://${server.username}:${server.password}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
