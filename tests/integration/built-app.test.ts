// The production build, served over HTTP with canary proxy keys and the simulator:
// 1. keys stay on the server: every build file (client and server), every page and response
//    we can reach, signed in and out, and every log line is searched for them;
// 2. the routes that must work without a session (webhooks, cron) do, and over real HTTP,
//    not by calling handlers: a proxy or middleware redirecting them would fail here;
// 3. the task API answers only the people who may see a task.
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { registerUser } from "@/lib/auth/credentials";
import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { submitTask } from "@/lib/tasks/submit";
import { webhookToken } from "@/lib/tasks/webhook-token";

import { startSimulator } from "../../simulator/server";
import {
  buildAndStart,
  signInOverHttp,
  startExpectingExit,
  type NextServer,
} from "../support/next-server";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIST = ".next-keyscan";
const KEYS = [
  `sk-canary-${randomBytes(12).toString("hex")}`,
  `sk-canary-${randomBytes(12).toString("hex")}`,
];
const CRON_SECRET = `cron-${randomBytes(16).toString("hex")}`;

let simulator: Awaited<ReturnType<typeof startSimulator>>;
let server: NextServer | undefined;
let baseUrl = "";
const seen: { what: string; text: string }[] = [];

const leaks = (text: string) =>
  KEYS.filter((key) => text.includes(key) || text.includes(Buffer.from(key).toString("base64")));

async function signedInCookie(): Promise<{ cookie: string; userId: string }> {
  const email = `http-${randomBytes(4).toString("hex")}@example.test`;
  const password = "a long enough password";
  const user = await registerUser({ name: "HTTP Tester", email, password });
  await get("/api/auth/csrf"); // scanned like every other response
  return { cookie: await signInOverHttp(baseUrl, email, password), userId: user.id };
}

async function get(url: string, cookie = "") {
  const response = await fetch(new URL(url, baseUrl), { headers: { cookie }, redirect: "manual" });
  const text = await response.text();
  seen.push({
    what: `GET ${url} (${response.status})`,
    text: `${JSON.stringify([...response.headers])}\n${text}`,
  });
  return { response, text };
}

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, keys: KEYS, stepMs: 20 });
  server = await buildAndStart({
    distDir: DIST,
    env: {
      DATABASE_URL: process.env.DATABASE_URL!,
      // the test process signs webhook URLs with the same secret as the server
      AUTH_SECRET: process.env.AUTH_SECRET,
      CRON_SECRET,
      SUNO_PROVIDER: "relay",
      SUNO_BASE_URL: simulator.url,
      SUNO_API_KEYS: KEYS.join(","),
    },
  });
  baseUrl = server.baseUrl;
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await simulator?.stop();
});

describe("started in Vercel production mode with unsafe settings", () => {
  it("refuses to start, naming CRON_SECRET and MEDIA_STORAGE", async () => {
    const { code, logs } = await startExpectingExit({
      distDir: DIST,
      env: {
        DATABASE_URL: process.env.DATABASE_URL!,
        AUTH_SECRET: process.env.AUTH_SECRET,
        AUTH_URL: "https://chorus.example.com",
        CHORUS_PUBLIC_URL: "https://chorus.example.com",
        VERCEL: "1",
        CRON_SECRET: "",
        MEDIA_STORAGE: "local",
      },
    });
    expect(code).toBe(1);
    expect(logs).toContain("CRON_SECRET is required on Vercel");
    expect(logs).toContain('MEDIA_STORAGE is "local" on Vercel, whose disk is not kept');
  }, 90_000);
});

describe("proxy keys never leave the server", () => {
  it("appear in no file of the build, client or server", async () => {
    const files = (
      await readdir(path.join(ROOT, DIST), { recursive: true, withFileTypes: true })
    ).filter((entry) => entry.isFile());
    const staticFiles = files.filter((entry) =>
      path.join(entry.parentPath, entry.name).includes(`${path.sep}static${path.sep}`),
    );
    expect(staticFiles.length).toBeGreaterThan(5); // the scan really covers the client bundle
    const found: string[] = [];
    for (const entry of files) {
      const file = path.join(entry.parentPath, entry.name);
      if (leaks((await readFile(file)).toString("latin1")).length)
        found.push(path.relative(ROOT, file));
    }
    expect(found).toEqual([]);
  });

  it("appear in no page or response, signed out or signed in", async () => {
    const { cookie } = await signedInCookie();
    expect(cookie).toContain("authjs.session-token=");

    for (const url of [
      "/",
      "/sign-in",
      "/sign-up",
      "/sign-in/check-email",
      "/api/health",
      "/api/auth/providers",
      "/no-such-page",
    ])
      await get(url);
    for (const url of ["/library", "/create", "/history", "/api/auth/session"])
      await get(url, cookie);

    const create = seen.find((s) => s.what.startsWith("GET /create (200)"));
    // the studio rendered, which it does only with the key-holding client configured
    expect(create?.text).toContain("Write lyrics for me");
    expect(seen.find((s) => s.what.startsWith("GET /library (200)"))?.text).toContain("Library");

    // every script the pages load
    const scripts = new Set(
      seen.flatMap((s) => [...s.text.matchAll(/\/_next\/static\/[^"'\s)]+\.js/g)].map((m) => m[0])),
    );
    expect(scripts.size).toBeGreaterThan(0);
    for (const script of scripts) await get(script);

    expect(seen.filter((s) => leaks(s.text).length).map((s) => s.what)).toEqual([]);
  });

  it("appear in no upstream error, even when the upstream refuses them", async () => {
    const client = createSunoClient([
      { name: "primary", dialect: "relay", baseUrl: simulator.url, keys: [`${KEYS[0]}-revoked`] },
    ]);
    const error = await client
      .submit({ operation: "LYRICS", prompt: "a song about harbours" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "BAD_KEY" });
    const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack} ${(error as { userMessage: string }).userMessage}`;
    expect(text).not.toContain(KEYS[0]);
  });
});

describe("routes over HTTP", () => {
  const headers = (cookie = "") => ({ cookie, "content-type": "application/json" });
  const client = () =>
    createSunoClient([{ name: "primary", dialect: "relay", baseUrl: simulator.url, keys: KEYS }]);

  it("webhooks reach the app without a session: a bad token gets 401 (not a sign-in redirect) and changes nothing", async () => {
    const { userId } = await signedInCookie();
    const task = await submitTask({
      actor: { id: userId },
      teamId: null,
      input: {
        operation: "INSTRUMENTAL",
        tags: "ambient",
        title: "Over HTTP",
        model: "chirp-v3-5",
      },
      idempotencyKey: `http-${randomBytes(6).toString("hex")}`,
      client: client(),
    });
    simulator.admin.complete(task.upstreamId!);
    const body = JSON.stringify(
      simulator.admin.state().tasks.find((t) => t.id === task.upstreamId)!.relay,
    );

    const forged = await fetch(
      `${baseUrl}/api/webhooks/suno?task=${task.id}&token=${webhookToken("someone-else")}`,
      { method: "POST", headers: headers(), body, redirect: "manual" },
    );
    expect(forged.status).toBe(401);
    expect(await db.clip.count({ where: { taskId: task.id } })).toBe(0);

    const delivered = await fetch(
      `${baseUrl}/api/webhooks/suno?task=${task.id}&token=${webhookToken(task.id)}`,
      { method: "POST", headers: headers(), body, redirect: "manual" },
    );
    expect(delivered.status).toBe(200);
    expect(await delivered.json()).toMatchObject({ ok: true, applied: true, status: "SUCCEEDED" });
    expect(await db.clip.count({ where: { taskId: task.id } })).toBe(2);
  });

  it("every signed-in API refuses anonymous callers with 401 JSON, never a redirect", async () => {
    for (const path of [
      "/api/tasks",
      "/api/tasks/any",
      "/api/library",
      "/api/export",
      "/api/media/any/audio",
      "/api/clips/any/lyrics",
    ]) {
      const response = await fetch(`${baseUrl}${path}`, { redirect: "manual" });
      expect(response.status, path).toBe(401);
      expect(await response.json(), path).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    }
  });

  it("the library API and the export answer only with the caller's own songs", async () => {
    const owner = await signedInCookie();
    const other = await signedInCookie();
    await db.clip.create({
      data: {
        ownerId: owner.userId,
        provider: "p",
        upstreamId: `http-${randomBytes(4).toString("hex")}`,
        title: "Only Mine",
        status: "COMPLETE",
      },
    });
    const mine = await (
      await fetch(`${baseUrl}/api/library?q=only`, { headers: headers(owner.cookie) })
    ).json();
    expect(mine.clips.map((c: { title: string }) => c.title)).toEqual(["Only Mine"]);
    const theirs = await (
      await fetch(`${baseUrl}/api/library?q=only`, { headers: headers(other.cookie) })
    ).json();
    expect(theirs.clips).toEqual([]);
    expect((await fetch(`${baseUrl}/api/export`, { headers: headers(other.cookie) })).status).toBe(
      404,
    );
    const zip = await fetch(`${baseUrl}/api/export`, { headers: headers(owner.cookie) });
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    // the size computed up front is exactly what streams through
    expect(Number(zip.headers.get("x-export-size"))).toBe((await zip.arrayBuffer()).byteLength);
  });

  it("the cron sweep needs its secret", async () => {
    expect((await fetch(`${baseUrl}/api/cron/sweep`, { redirect: "manual" })).status).toBe(401);
    expect(
      (
        await fetch(`${baseUrl}/api/cron/sweep`, {
          headers: { authorization: "Bearer wrong-secret-of-some-length" },
          redirect: "manual",
        })
      ).status,
    ).toBe(401);
    const swept = await fetch(`${baseUrl}/api/cron/sweep`, {
      headers: { authorization: `Bearer ${CRON_SECRET}` },
    });
    expect(swept.status).toBe(200);
    expect(await swept.json()).toMatchObject({
      timedOut: expect.any(Number),
      fetched: expect.any(Number),
    });
  });

  it("the task API answers only who may see the task, and refreshes it through the server's own client", async () => {
    const owner = await signedInCookie();
    const stranger = await signedInCookie();
    const task = await submitTask({
      actor: { id: owner.userId },
      teamId: null,
      input: { operation: "LYRICS", prompt: "streetlights" },
      idempotencyKey: `http-${randomBytes(6).toString("hex")}`,
      client: client(),
    });
    simulator.admin.complete(task.upstreamId!);
    await db.task.update({
      where: { id: task.id },
      data: { nextPollAt: new Date(Date.now() - 1000) },
    });

    const anonymous = await fetch(`${baseUrl}/api/tasks/${task.id}`, { redirect: "manual" });
    expect(anonymous.status).toBe(401);
    expect(
      (await fetch(`${baseUrl}/api/tasks/${task.id}`, { headers: headers(stranger.cookie) }))
        .status,
    ).toBe(404);
    expect(
      await (
        await fetch(`${baseUrl}/api/tasks?ids=${task.id}`, { headers: headers(stranger.cookie) })
      ).json(),
    ).toEqual({ tasks: [] });

    const mine = await fetch(`${baseUrl}/api/tasks/${task.id}`, { headers: headers(owner.cookie) });
    expect(mine.status).toBe(200);
    const { task: view } = (await mine.json()) as {
      task: { status: string; lyrics: { text: string } | null };
    };
    expect(view.status).toBe("SUCCEEDED"); // refreshed from upstream on read
    expect(view.lyrics?.text).toMatch(/\[Verse\]/);
    expect(JSON.stringify(view)).not.toMatch(/keyFingerprint|upstreamId|request/);
  });
});

// last, so that it covers every request above
describe("logs", () => {
  it("appear in no log line of the build or the server", async () => {
    await new Promise((r) => setTimeout(r, 300)); // let the last requests reach the log
    const logs = server!.logs();
    expect(logs.length).toBeGreaterThan(100);
    expect(leaks(logs)).toEqual([]);
  });
});
