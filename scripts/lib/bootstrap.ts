// What `npm run dev` and `npm start` do before Next.js starts: load .env files, start the
// embedded PostgreSQL when DATABASE_URL is not set, apply migrations, and supply a local
// AUTH_SECRET for self-contained installs. Returns the environment for the Next.js process.
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import nextEnv from "@next/env";
import { readOrCreateLocalSecret, DATA_DIR } from "../../lib/local-secret.ts";
import { PortInUseError, startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres.ts";
import { migrate } from "./migrate.ts";

export const DEFAULT_DB_PORT = 54329;

export type Bootstrapped = { env: NodeJS.ProcessEnv; database: EmbeddedDatabase | null };

export function say(message: string) {
  console.log(`\x1b[35m[chorus]\x1b[0m ${message}`);
}

export async function bootstrap({ dev }: { dev: boolean }): Promise<Bootstrapped> {
  nextEnv.loadEnvConfig(process.cwd(), dev, { info: () => {}, error: console.error });
  const env: NodeJS.ProcessEnv = { ...process.env };
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
    say(`embedded PostgreSQL on 127.0.0.1:${port} (data in ${path.relative(process.cwd(), DATA_DIR) || "."}/postgres, log in postgres.log)`);
    // A self-contained install keeps its own secret; a deployment must set AUTH_SECRET.
    env.AUTH_SECRET ||= readOrCreateLocalSecret();
  } else {
    say(`using the database at DATABASE_URL`);
    if (dev) env.AUTH_SECRET ||= readOrCreateLocalSecret();
  }

  const result = await migrate(env.DATABASE_URL!, { log: (line) => say(line) });
  say(result.applied.length ? `applied ${result.applied.length} migration(s)` : `database schema is up to date`);
  return { env, database };
}

/** Runs `next <args>` with the bootstrapped environment; Ctrl-C stops Next.js, then Postgres. */
export async function runNext(args: string[], booted: Bootstrapped, options: { logFile?: string } = {}): Promise<never> {
  const { spawn } = await import("node:child_process");
  const { createRequire } = await import("node:module");
  const { createWriteStream } = await import("node:fs");
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const child = spawn(process.execPath, [nextBin, ...args], { stdio: options.logFile ? ["inherit", "pipe", "pipe"] : "inherit", env: booted.env });
  if (options.logFile) {
    // keep the server's output on the console and in a file (the browser tests read mail from it)
    const file = createWriteStream(options.logFile, { flags: "a" });
    child.stdout?.on("data", (chunk) => (process.stdout.write(chunk), file.write(chunk)));
    child.stderr?.on("data", (chunk) => (process.stderr.write(chunk), file.write(chunk)));
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    say("stopping…");
    if (child.exitCode === null) child.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));

  const code: number = await new Promise((resolve) => child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 0 : 1))));
  if (booted.database) {
    await booted.database.stop();
    say("embedded PostgreSQL stopped");
  }
  process.exit(code);
}
