// How the production server starts and refuses to (spawned directly: no browser needed).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

import { expect, test } from "./test";

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

function startProduction(env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, [nextBin, "start", "-p", "3199", "-H", "127.0.0.1"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

test("production without AUTH_SECRET stops at start and says what to set", async () => {
  const server = startProduction({ DATABASE_URL: "postgresql://chorus:x@127.0.0.1:1/chorus" });
  const code = await Promise.race([
    server.exited,
    new Promise<"running">((r) => setTimeout(() => r("running"), 20_000)),
  ]);
  if (code === "running") server.child.kill("SIGKILL");
  expect(code).toBe(1);
  expect(server.output()).toContain(
    "AUTH_SECRET is not set. Generate one with `openssl rand -base64 32`",
  );
  expect(server.output()).toContain(".env.example");
});
