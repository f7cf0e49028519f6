// A production build of the app in its own dist folder, served by `next start` on a free
// loopback port: what the HTTP tests run against.
import { spawn, type ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import { findFreePort } from "../../scripts/lib/embedded-postgres";
import { withPeerAddress } from "../../scripts/lib/node-options";

const ROOT = path.resolve(import.meta.dirname, "../..");
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

export { signInOverHttp } from "../../scripts/lib/http-actions";

export type NextServer = { baseUrl: string; logs: () => string; stop: () => Promise<void> };

type Env = Record<string, string | undefined>;

export async function buildAndStart(options: {
  distDir: string;
  env: Env;
  /** settings of the running server, given its address (they override AUTH_URL) */
  startEnv?: (baseUrl: string) => Env;
}): Promise<NextServer> {
  let logs = "";
  const env: Env = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    CHORUS_DIST_DIR: options.distDir,
    SWEEP_INTERVAL_SECONDS: "0",
    ...options.env,
  };
  const run = (args: string[], extra: Env = {}): ChildProcess => {
    const child = spawn(process.execPath, [nextBin, ...args], {
      cwd: ROOT,
      env: { ...env, ...extra } as NodeJS.ProcessEnv,
    });
    child.stdout?.on("data", (chunk) => (logs += chunk));
    child.stderr?.on("data", (chunk) => (logs += chunk));
    return child;
  };
  const build = run(["build"]);
  const code = await new Promise((resolve) => build.on("exit", resolve));
  if (code !== 0) throw new Error(`next build failed:\n${logs.slice(-3000)}`);
  const server = await startBuilt({ ...options, logsBefore: logs });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      await rm(path.join(ROOT, options.distDir), { recursive: true, force: true });
    },
  };
}

/** `next start` on an existing build with its own settings (the build is left in place). */
export async function startBuilt(options: {
  distDir: string;
  env: Env;
  startEnv?: (baseUrl: string) => Env;
  logsBefore?: string;
}): Promise<NextServer> {
  let logs = options.logsBefore ?? "";
  const env: Env = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    CHORUS_DIST_DIR: options.distDir,
    SWEEP_INTERVAL_SECONDS: "0",
    ...options.env,
  };
  const run = (args: string[], extra: Env = {}): ChildProcess => {
    const child = spawn(process.execPath, [nextBin, ...args], {
      cwd: ROOT,
      env: { ...env, ...extra } as NodeJS.ProcessEnv,
    });
    child.stdout?.on("data", (chunk) => (logs += chunk));
    child.stderr?.on("data", (chunk) => (logs += chunk));
    return child;
  };
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = run(["start", "-p", String(port), "-H", "127.0.0.1"], {
    AUTH_URL: baseUrl,
    NODE_OPTIONS: withPeerAddress(process.env.NODE_OPTIONS),
    ...options.startEnv?.(baseUrl),
  });
  const stop = async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  for (let i = 0; i < 150; i++) {
    if (
      await fetch(`${baseUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { baseUrl, logs: () => logs, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`next start did not come up:\n${logs.slice(-3000)}`);
}

/** Signs in over HTTP (Auth.js credentials) and returns the cookies to send. */
/** Starts `next start` on an existing build and waits for it to exit (it should refuse). */
export async function startExpectingExit(options: {
  distDir: string;
  env: Env;
  timeoutMs?: number;
}): Promise<{ code: number | null; logs: string }> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      CHORUS_DIST_DIR: options.distDir,
      ...options.env,
    } as NodeJS.ProcessEnv,
  });
  let logs = "";
  child.stdout?.on("data", (chunk) => (logs += chunk));
  child.stderr?.on("data", (chunk) => (logs += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  return { code, logs };
}
