// What `npm run dev` and `npm start` do before Next.js starts: load .env files, start the
// embedded PostgreSQL when DATABASE_URL is not set, apply migrations, and supply a local
// AUTH_SECRET for self-contained installs. Returns the environment for the Next.js process.
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdirSync } from "node:fs";
import { constants as osConstants } from "node:os";
import path from "node:path";

import nextEnv from "@next/env";

import { DATA_DIR, readOrCreateLocalSecret } from "../../lib/local-secret.ts";
import { startSimulator } from "../../simulator/server.ts";
import {
  isPortFree,
  PortInUseError,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from "./embedded-postgres.ts";
import { migrate, migrationDatabaseUrl } from "./migrate.ts";

export const DEFAULT_DB_PORT = 54329;

export type Service = {
  name: string;
  stop: () => Promise<void>;
  /** resolves, with what happened, if the service dies on its own */
  died?: Promise<string>;
};
export type Bootstrapped = { env: NodeJS.ProcessEnv; services: Service[] };

export const DEFAULT_SIMULATOR_PORT = 8787;

export function say(message: string) {
  console.log(`\x1b[35m[chorus]\x1b[0m ${message}`);
}

export async function bootstrap({
  dev,
  simulator = true,
}: {
  dev: boolean;
  simulator?: boolean;
}): Promise<Bootstrapped> {
  nextEnv.loadEnvConfig(process.cwd(), dev, { info: () => {}, error: console.error });
  const env: NodeJS.ProcessEnv = { ...process.env };
  const services: Service[] = [];
  let database: EmbeddedDatabase | null = null;

  if (!env.DATABASE_URL) {
    const port = Number(env.CHORUS_DB_PORT ?? DEFAULT_DB_PORT);
    mkdirSync(DATA_DIR, { recursive: true });
    const logFile = path.join(DATA_DIR, "postgres.log");
    try {
      database = await startEmbeddedPostgres({
        dataDir: path.join(DATA_DIR, "postgres"),
        port,
        database: "chorus",
        log: (line) => appendFileSync(logFile, line.endsWith("\n") ? line : `${line}\n`),
      });
    } catch (error) {
      if (error instanceof PortInUseError) {
        console.error(`\n\x1b[31m[chorus]\x1b[0m ${error.message}\n`);
        process.exit(1);
      }
      throw error;
    }
    env.DATABASE_URL = database.url;
    services.push({ name: "embedded PostgreSQL", stop: database.stop, died: database.died });
    say(
      `embedded PostgreSQL on 127.0.0.1:${port} (data in ${path.relative(process.cwd(), DATA_DIR) || "."}/postgres, log in postgres.log)`,
    );
    // A self-contained install keeps its own secret; a deployment must set AUTH_SECRET.
    env.AUTH_SECRET ||= readOrCreateLocalSecret();
  } else {
    say(`using the database at DATABASE_URL`);
    if (dev) env.AUTH_SECRET ||= readOrCreateLocalSecret();
  }

  // the embedded database has no pooler in front; a configured one may (DIRECT_DATABASE_URL)
  const migrationUrl = database ? database.url : migrationDatabaseUrl(env)!;
  if (!database && env.DIRECT_DATABASE_URL) say("migrating through DIRECT_DATABASE_URL");
  const result = await migrate(migrationUrl, { log: (line) => say(line) });
  say(
    result.applied.length
      ? `applied ${result.applied.length} migration(s)`
      : `database schema is up to date`,
  );

  if (simulator && !env.SUNO_API_KEYS?.trim()) services.push(await startLocalSimulator(env));
  return { env, services };
}

/** No proxy key: the local simulator stands in, with a fresh key that only this run knows. */
export async function startLocalSimulator(env: NodeJS.ProcessEnv): Promise<Service> {
  const wanted = Number(env.SIMULATOR_PORT ?? DEFAULT_SIMULATOR_PORT);
  const port = (await isPortFree(wanted)) ? wanted : 0;
  const key = `sim-${randomBytes(16).toString("hex")}`;
  const simulator = await startSimulator({
    port,
    keys: [key],
    stepMs: env.SIMULATOR_STEP_MS ? Number(env.SIMULATOR_STEP_MS) : undefined,
  });
  const dialect = env.SIMULATOR_DIALECT ?? "relay";
  Object.assign(env, {
    SUNO_PROVIDER: dialect,
    // sunoapi-org is served under its own prefix, as if on its own host
    SUNO_BASE_URL: dialect === "sunoapi-org" ? `${simulator.url}/org` : simulator.url,
    SUNO_API_KEYS: key,
    SUNO_SIMULATED: "1",
  });
  // the simulator is on this machine, so its callbacks can reach the app on loopback
  env.CHORUS_PUBLIC_URL ||= env.AUTH_URL || `http://127.0.0.1:${env.PORT || 3000}`;
  say(
    `no SUNO_API_KEYS: using the local Suno simulator at ${simulator.url} (${env.SUNO_PROVIDER} dialect)`,
  );
  return { name: "Suno simulator", stop: simulator.stop };
}

/** The exit code for a child that ended: its own, or 128 + signal when killed from outside. */
export function childExitCode(
  code: number | null,
  signal: NodeJS.Signals | null,
  stopping: boolean,
) {
  if (code !== null) return code;
  if (stopping) return 0; // we asked it to stop (Ctrl-C, SIGTERM)
  return 128 + (signal ? (osConstants.signals[signal] ?? 0) : 0);
}

/**
 * Runs `next <args>` with the bootstrapped environment; Ctrl-C stops Next.js, then Postgres.
 * Supervised: if Next.js dies from outside, Chorus exits with 128 + the signal; if a service
 * (the embedded PostgreSQL) dies, Chorus stops Next.js and exits with 1. Either way a
 * supervisor that restarts on failure brings the whole thing back. (`bin` replaces the Next.js
 * CLI in tests.)
 */
export async function runNext(
  args: string[],
  booted: Bootstrapped,
  options: { logFile?: string; bin?: string } = {},
): Promise<never> {
  const { spawn } = await import("node:child_process");
  const { createRequire } = await import("node:module");
  const { createWriteStream } = await import("node:fs");
  const { withPeerAddress } = await import("./node-options.ts");
  const nextBin = options.bin ?? createRequire(import.meta.url).resolve("next/dist/bin/next");
  const child = spawn(process.execPath, [nextBin, ...args], {
    stdio: options.logFile ? ["inherit", "pipe", "pipe"] : "inherit",
    env: { ...booted.env, NODE_OPTIONS: withPeerAddress(booted.env.NODE_OPTIONS) },
  });
  if (options.logFile) {
    // keep the server's output on the console and in a file (the browser tests read mail from it)
    const file = createWriteStream(options.logFile, { flags: "a" });
    child.stdout?.on("data", (chunk) => (process.stdout.write(chunk), file.write(chunk)));
    child.stderr?.on("data", (chunk) => (process.stderr.write(chunk), file.write(chunk)));
  }

  // We own the shutdown order: Next.js first, then the database it uses. (embedded-postgres
  // installs its own signal hooks, which would stop Postgres while Next.js still runs.)
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    say("stopping…");
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  const childExit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const deaths = booted.services.flatMap((service) =>
    service.died ? [service.died.then((what) => ({ service, what }))] : [],
  );
  const first = await Promise.race([childExit, ...deaths]);
  let code: number;
  if ("service" in first) {
    if (stopping) {
      // Ctrl-C reaches the whole process group: Postgres may end before Next.js does
      code = childExitCode((await childExit).code, null, true);
    } else {
      console.error(
        `\n\x1b[31m[chorus]\x1b[0m ${first.service.name} ${first.what}: stopping Chorus ` +
          `(exit code 1) so that a supervisor can restart it.\n`,
      );
      stop("SIGTERM");
      await childExit;
      code = 1;
    }
  } else {
    code = childExitCode(first.code, first.signal, stopping);
    if (!stopping && first.signal) say(`Next.js was killed by ${first.signal}`);
  }
  for (const service of [...booted.services].reverse()) {
    await service.stop();
    say(`${service.name} stopped`);
  }
  process.exit(code);
}
