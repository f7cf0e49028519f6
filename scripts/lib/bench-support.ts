// Shared by the benchmarks: a throwaway database with lib/ pointed at it, the simulator in
// its own process (as a real upstream is another machine), and writing a section of
// docs/BENCHMARKS.md between its markers.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { createMigratedDatabase, startTestCluster } from "../../tests/support/test-database.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

export async function benchDatabase(extraEnv: Record<string, string> = {}) {
  const cluster = await startTestCluster();
  const database = await createMigratedDatabase(cluster.serverUrl);
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    SUBMIT_LIMIT_PER_MINUTE: "1000000",
    NODE_ENV: "production",
    MEDIA_DIR: mkdtempSync(path.join(tmpdir(), "chorus-bench-media-")),
    ...extraEnv,
  });
  return { url: database.url, stop: async () => (await database.drop(), await cluster.stop()) };
}

export async function startSimulatorProcess(options: {
  keys: string[];
  stepMs: number;
  clipSeconds: number;
}) {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "simulator/main.ts")],
    {
      env: {
        ...process.env,
        SIMULATOR_PORT: "0",
        SIMULATOR_KEYS: options.keys.join(","),
        SIMULATOR_STEP_MS: String(options.stepMs),
        SIMULATOR_CLIP_SECONDS: String(options.clipSeconds),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(chunk.toString());
      if (found) resolve(found[0]);
    });
    child.on("exit", () => reject(new Error("the simulator exited")));
  });
  return {
    url,
    state: async () =>
      (await (await fetch(`${url}/__admin/state`)).json()) as {
        tasks: { id: string; createdAt: string }[];
      },
    complete: async (id: string) =>
      void (await fetch(`${url}/__admin/tasks/${id}/complete`, { method: "POST" })),
    stop: () =>
      new Promise<void>((resolve) => {
        child.on("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export async function writeBenchmarkSection(name: string, section: string) {
  const file = path.join(ROOT, "docs/BENCHMARKS.md");
  const marked = `<!-- bench:${name} -->\n${section.trim()}\n<!-- /bench:${name} -->`;
  const current = await readFile(file, "utf8").catch(
    () =>
      "# Benchmarks\n\nEach section is written by the command in its title; rerun it to refresh the figures.\n",
  );
  const pattern = new RegExp(`<!-- bench:${name} -->[\\s\\S]*<!-- /bench:${name} -->`);
  await writeFile(
    file,
    pattern.test(current)
      ? current.replace(pattern, marked)
      : `${current.trimEnd()}\n\n${marked}\n`,
  );
  console.log(`written to docs/BENCHMARKS.md (${name})`);
}
