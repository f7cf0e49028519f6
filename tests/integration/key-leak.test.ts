// Proves that proxy keys stay on the server: the app is built and served with known canary
// keys, then every build file (client and server), every page and response we can reach,
// signed in and out, and every log line is searched for them.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { registerUser } from "@/lib/auth/credentials";
import { createSunoClient } from "@/lib/suno/client";
import { findFreePort } from "../../scripts/lib/embedded-postgres";
import { startSimulator } from "../../simulator/server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIST = ".next-keyscan";
const KEYS = [`sk-canary-${randomBytes(12).toString("hex")}`, `sk-canary-${randomBytes(12).toString("hex")}`];
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let server: ChildProcess | undefined;
let baseUrl = "";
let logs = "";
const seen: { what: string; text: string }[] = [];

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [nextBin, ...args], { cwd: ROOT, env });
  child.stdout?.on("data", (chunk) => (logs += chunk));
  child.stderr?.on("data", (chunk) => (logs += chunk));
  return child;
}

const leaks = (text: string) => KEYS.filter((key) => text.includes(key) || text.includes(Buffer.from(key).toString("base64")));

async function get(url: string, cookie = "") {
  const response = await fetch(new URL(url, baseUrl), { headers: { cookie }, redirect: "manual" });
  const text = await response.text();
  seen.push({ what: `GET ${url} (${response.status})`, text: `${JSON.stringify([...response.headers])}\n${text}` });
  return { response, text };
}

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, keys: KEYS, stepMs: 20 });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    CHORUS_DIST_DIR: DIST,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: inject("databaseUrl"),
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    SUNO_PROVIDER: "relay",
    SUNO_BASE_URL: simulator.url,
    SUNO_API_KEYS: KEYS.join(","),
  };
  const build = run(["build"], env);
  const code = await new Promise((resolve) => build.on("exit", resolve));
  if (code !== 0) throw new Error(`next build failed:\n${logs.slice(-3000)}`);

  const port = await findFreePort();
  baseUrl = `http://127.0.0.1:${port}`;
  server = run(["start", "-p", String(port), "-H", "127.0.0.1"], { ...env, AUTH_URL: baseUrl });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`next start did not come up:\n${logs.slice(-3000)}`);
}, 300_000);

afterAll(async () => {
  server?.kill("SIGTERM");
  await simulator?.stop();
  await rm(path.join(ROOT, DIST), { recursive: true, force: true });
});

describe("proxy keys never leave the server", () => {
  it("appear in no file of the build, client or server", async () => {
    const files = (await readdir(path.join(ROOT, DIST), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
    const staticFiles = files.filter((entry) => path.join(entry.parentPath, entry.name).includes(`${path.sep}static${path.sep}`));
    expect(staticFiles.length).toBeGreaterThan(5); // the scan really covers the client bundle
    const found: string[] = [];
    for (const entry of files) {
      const file = path.join(entry.parentPath, entry.name);
      if (leaks((await readFile(file)).toString("latin1")).length) found.push(path.relative(ROOT, file));
    }
    expect(found).toEqual([]);
  });

  it("appear in no page or response, signed out or signed in", async () => {
    const email = `leak-${randomBytes(4).toString("hex")}@example.test`;
    const password = "a long enough password";
    await registerUser({ name: "Leak Scanner", email, password });

    // sign in through Auth.js over HTTP
    const csrf = await get("/api/auth/csrf");
    const csrfCookie = csrf.response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    const signIn = await fetch(new URL("/api/auth/callback/credentials", baseUrl), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/library" }),
      redirect: "manual",
    });
    const cookie = [csrfCookie, ...signIn.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
    expect(cookie).toContain("authjs.session-token=");

    for (const url of ["/", "/sign-in", "/sign-up", "/sign-in/check-email", "/api/health", "/api/auth/providers", "/no-such-page"]) await get(url);
    for (const url of ["/library", "/create", "/history", "/api/auth/session"]) await get(url, cookie);

    const create = seen.find((s) => s.what.startsWith("GET /create (200)"));
    // the page rendered from the key-holding configuration (the provider's host), not its keys
    expect(create?.text).toContain(new URL(simulator.url).host);
    expect(seen.find((s) => s.what.startsWith("GET /library (200)"))?.text).toContain("Library");

    // every script the pages load
    const scripts = new Set(seen.flatMap((s) => [...s.text.matchAll(/\/_next\/static\/[^"'\s)]+\.js/g)].map((m) => m[0])));
    expect(scripts.size).toBeGreaterThan(0);
    for (const script of scripts) await get(script);

    expect(seen.filter((s) => leaks(s.text).length).map((s) => s.what)).toEqual([]);
  });

  it("appear in no upstream error, even when the upstream refuses them", async () => {
    const client = createSunoClient([{ name: "primary", dialect: "relay", baseUrl: simulator.url, keys: [`${KEYS[0]}-revoked`] }]);
    const error = await client.submit({ operation: "LYRICS", prompt: "a song about harbours" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "BAD_KEY" });
    const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack} ${(error as { userMessage: string }).userMessage}`;
    expect(text).not.toContain(KEYS[0]);
  });

  it("appear in no log line of the build or the server", () => {
    expect(logs.length).toBeGreaterThan(100);
    expect(leaks(logs)).toEqual([]);
  });
});
