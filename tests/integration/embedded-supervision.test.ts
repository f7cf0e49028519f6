// `npm start` / `npm run dev` under a supervisor: a Next.js killed from outside or a dead
// embedded PostgreSQL must end Chorus with a failure code, so "restart on failure" works.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { childExitCode } from "../../scripts/lib/bootstrap";

const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/supervision/supervised.ts");
const running: ChildProcess[] = [];
const grandchildren: number[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  // a failed run must not leave its stand-in Next.js or its Postgres behind
  for (const pid of grandchildren.splice(0)) if (isAlive(pid)) process.kill(pid, "SIGKILL");
});

function startSupervised(mode: "plain" | "postgres") {
  const dir = mkdtempSync(path.join(tmpdir(), "chorus-supervised-"));
  folders.push(dir);
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, mode], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, FORCE_COLOR: "0", SUPERVISED_DIR: dir },
  });
  running.push(child);
  let output = "";
  const seen = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (match?.[1]) grandchildren.push(Number(match[1]));
        if (match) resolve(match);
      };
      child.stdout!.on("data", (chunk) => ((output += chunk), check()));
      child.stderr!.on("data", (chunk) => ((output += chunk), check()));
      child.once("exit", () => reject(new Error(`exited before ${pattern}:\n${output}`)));
      check();
    });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return { child, seen, exited, output: () => output };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("supervision", () => {
  it("maps a child's end to an exit code", () => {
    expect(childExitCode(0, null, false)).toBe(0);
    expect(childExitCode(3, null, false)).toBe(3);
    expect(childExitCode(null, "SIGKILL", false)).toBe(137);
    expect(childExitCode(null, "SIGTERM", false)).toBe(143);
    expect(childExitCode(null, "SIGINT", true)).toBe(0);
  });

  it("exits with 128 + signal when Next.js is killed from outside", async () => {
    const run = startSupervised("plain");
    const [, pid] = await run.seen(/fake-next ready pid=(\d+)/);
    process.kill(Number(pid), "SIGKILL");
    expect(await run.exited).toBe(137);
  });

  it("exits 0 on a requested stop", async () => {
    const run = startSupervised("plain");
    await run.seen(/fake-next ready pid=(\d+)/);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it(
    "stops Chorus with code 1 when the embedded PostgreSQL dies",
    { timeout: 60_000 },
    async () => {
      const run = startSupervised("postgres");
      const [, postmaster] = await run.seen(/postmaster pid=(\d+)/);
      const [, next] = await run.seen(/fake-next ready pid=(\d+)/);
      process.kill(Number(postmaster), "SIGKILL");
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/embedded PostgreSQL was killed by SIGKILL: stopping Chorus/);
      expect(isAlive(Number(next))).toBe(false);
    },
  );

  it("does not report a clean stop as a death", { timeout: 60_000 }, async () => {
    const run = startSupervised("postgres");
    await run.seen(/fake-next ready pid=(\d+)/);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/embedded PostgreSQL stopped/);
    expect(run.output()).not.toMatch(/stopping Chorus \(exit code 1\)/);
  });
});
