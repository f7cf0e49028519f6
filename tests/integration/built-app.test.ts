// The production build, served over HTTP with canary proxy keys and the simulator:
// 1. keys stay on the server: every build file (client and server), every page and response
//    we can reach, signed in and out, and every log line is searched for them;
// 2. the routes that must work without a session (webhooks, cron) do, and over real HTTP,
//    not by calling handlers: a proxy or middleware redirecting them would fail here;
// 3. the task API answers only the people who may see a task;
// 4. the official MCP client, over real HTTP, makes a song with an API token.
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createApiToken } from "@/lib/api-tokens/tokens";
import { registerUser } from "@/lib/auth/credentials";
import { endAllSessions } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { createSunoClient } from "@/lib/suno/client";
import { submitTask } from "@/lib/tasks/submit";
import { webhookToken } from "@/lib/tasks/webhook-token";

import { startSimulator } from "../../simulator/server";
import {
  buildAndStart,
  signInOverHttp,
  startBuilt,
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
      AUTH_EMAIL_LINKS: "1",
    },
    // the attack needs AUTH_URL unset: Auth.js then builds links from the request's headers
    startEnv: (url) => ({ AUTH_URL: undefined, CHORUS_PUBLIC_URL: url }),
  });
  baseUrl = server.baseUrl;
}, 600_000);

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

/** The Create form's model choices, as the page renders them: [value, label]. */
const modelOptions = (html: string) => {
  const select = /<select[^>]*name="model"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? "";
  return [...select.matchAll(/<option[^>]*value="([^"]+)"[^>]*>([^<]*)<\/option>/g)].map((m) => [
    m[1],
    m[2]!.split(" · ")[0],
  ]);
};

describe("an operator's catalogue override", () => {
  it("adding a model and retiring another changes the Create form, with no code change", async () => {
    const { cookie } = await signedInCookie();
    const shipped = await get("/create", cookie);
    expect(modelOptions(shipped.text)).toEqual([
      ["chirp-hawk", "v6"],
      ["chirp-hawk-wild", "v6 wild"],
      ["chirp-goose", "v6 mini"],
    ]);
    // the same build, started by an operator with SUNO_MODELS, on a sunoapi-org provider
    const operated = await startBuilt({
      distDir: DIST,
      env: {
        DATABASE_URL: process.env.DATABASE_URL!,
        AUTH_SECRET: process.env.AUTH_SECRET,
        SUNO_PROVIDER: "sunoapi-org",
        SUNO_BASE_URL: `${simulator.url}/org`,
        SUNO_API_KEYS: KEYS.join(","),
        SUNO_MODELS: JSON.stringify({
          primary: [
            { id: "chirp-hawk-studio", label: "v6 studio", wire: { "sunoapi-org": "V6" } },
            { id: "chirp-hawk-wild", retired: true },
          ],
        }),
      },
    });
    try {
      const email = `operated-${randomBytes(4).toString("hex")}@example.test`;
      await registerUser({ name: "Operated", email, password: "a long enough password" });
      const opCookie = await signInOverHttp(operated.baseUrl, email, "a long enough password");
      const page = await fetch(new URL("/create", operated.baseUrl), {
        headers: { cookie: opCookie },
      });
      expect(page.status).toBe(200);
      const html = await page.text();
      seen.push({ what: "GET /create (operated server)", text: html });
      expect(modelOptions(html)).toEqual([
        ["chirp-hawk-studio", "v6 studio"],
        ["chirp-hawk", "v6"],
        ["chirp-goose", "v6 mini"],
      ]);
      // this dialect takes no audio by link, but covers and extends one's own recording: the
      // Upload tab stays offered (own audio), never disabled
      expect(html).toMatch(/<button[^>]*>Upload audio<\/button>/);
      expect(html).not.toMatch(/<button[^>]*disabled=""[^>]*>Upload audio<\/button>/);
    } finally {
      await operated.stop();
    }
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
        model: "chirp-hawk",
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

  it("the task API answers only who may see the task, and refreshes it through the server's own client without holding the read", async () => {
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

    // a read answers from the database at once; the refresh it starts (or the server's sweeper)
    // brings the news, which a later poll shows
    type View = { status: string; lyrics: { text: string } | null };
    let view: View | null = null;
    for (let poll = 0; poll < 50 && view?.status !== "SUCCEEDED"; poll++) {
      if (poll) await new Promise((r) => setTimeout(r, 200));
      const mine = await fetch(`${baseUrl}/api/tasks/${task.id}`, {
        headers: headers(owner.cookie),
      });
      expect(mine.status).toBe(200);
      view = ((await mine.json()) as { task: View }).task;
    }
    expect(view!.status).toBe("SUCCEEDED"); // refreshed from upstream through the server's client
    expect(view!.lyrics?.text).toMatch(/\[Verse\]/);
    expect(JSON.stringify(view)).not.toMatch(/keyFingerprint|upstreamId|request/);
  });

  it("the official MCP client lists the tools and makes a song against the simulator", async () => {
    const { userId } = await signedInCookie();
    const { secret } = await createApiToken({
      actor: { id: userId },
      name: "agent",
      scopes: ["generate", "library:read"],
      teamId: null,
      expiresInDays: null,
    });
    const mcp = new Client({ name: "built-app", version: "1.0.0" });
    await mcp.connect(
      new StreamableHTTPClientTransport(new URL("/api/mcp", baseUrl), {
        requestInit: { headers: { authorization: `Bearer ${secret}` } },
      }),
    );
    const call = async (name: string, args: Record<string, unknown>) => {
      const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult;
      expect(leaks(JSON.stringify(result))).toEqual([]);
      expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      return result.structuredContent as { task: { id: string; status: string; clips: [] } };
    };
    const { tools } = await mcp.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["generate_song"]));
    const { task } = await call("generate_song", {
      request: { operation: "INSTRUMENTAL", title: "Over the wire", tags: "folk" },
    });
    let status = task.status;
    for (let poll = 0; poll < 50 && status !== "SUCCEEDED"; poll++) {
      await new Promise((r) => setTimeout(r, 200));
      await db.task.update({ where: { id: task.id }, data: { nextPollAt: new Date(0) } });
      status = (await call("check_task", { id: task.id })).task.status;
    }
    expect(status).toBe("SUCCEEDED"); // refreshed by check_task through the server's client
    await mcp.close();
  });
});

/** Auth.js's CSRF token and cookie, asked for with these headers. */
async function csrf(extra: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}/api/auth/csrf`, { headers: extra });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { cookie, token: ((await response.json()) as { csrfToken: string }).csrfToken };
}

describe("attacks from outside", () => {
  it("a forged X-Forwarded-Host cannot make Chorus mail a sign-in link to another host", async () => {
    const victim = `victim-${randomBytes(4).toString("hex")}@example.test`;
    const forged = {
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
      origin: "https://evil.example",
    };
    const { cookie, token } = await csrf(forged);
    const response = await fetch(`${baseUrl}/api/auth/signin/email`, {
      method: "POST",
      headers: { ...forged, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: token, email: victim, callbackUrl: "/library" }),
      redirect: "manual",
    });
    expect(response.status).toBeLessThan(400);
    let mail = "";
    for (let i = 0; i < 50 && !mail; i++) {
      await new Promise((r) => setTimeout(r, 100));
      mail =
        server!
          .logs()
          .split("email not sent")
          .find((m) => m.includes(`To: ${victim}`)) ?? "";
    }
    const link = /(https?:\/\/\S+\/api\/auth\/callback\/email\S+)/.exec(mail)?.[1];
    expect(link, mail).toBeDefined();
    expect(new URL(link!).origin).toBe(new URL(baseUrl).origin);
    expect(mail).not.toContain("evil.example");
  });

  it("signing out ends every copy of the session cookie, and only that session", async () => {
    const { cookie: first, userId } = await signedInCookie();
    const email = (await db.user.findUniqueOrThrow({ where: { id: userId } })).email!;
    const second = await signInOverHttp(baseUrl, email, "a long enough password");
    const copy = first; // what an attacker copied out of the browser
    const out = await fetch(`${baseUrl}/api/auth/signout`, {
      method: "POST",
      headers: {
        cookie: first,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ csrfToken: csrfToken(first) }),
      redirect: "manual",
    });
    expect(out.status).toBeLessThan(400);
    expect((await get("/api/tasks", copy)).response.status).toBe(401);
    expect((await get("/api/tasks", second)).response.status).toBe(200);
  });

  it("signing out everywhere ends every session of the user", async () => {
    const { cookie: first, userId } = await signedInCookie();
    const email = (await db.user.findUniqueOrThrow({ where: { id: userId } })).email!;
    const second = await signInOverHttp(baseUrl, email, "a long enough password");
    expect((await get("/api/tasks", second)).response.status).toBe(200);
    await endAllSessions(userId);
    expect((await get("/api/tasks", first)).response.status).toBe(401);
    expect((await get("/api/tasks", second)).response.status).toBe(401);
    // a new sign-in works again
    const third = await signInOverHttp(baseUrl, email, "a long enough password");
    expect((await get("/api/tasks", third)).response.status).toBe(200);
  });

  it("a client cannot dodge the per-address sign-in limit by writing X-Forwarded-For", async () => {
    let throttled = 0;
    try {
      for (let i = 0; i < 40; i++) {
        const { cookie, token } = await csrf();
        const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
          method: "POST",
          headers: {
            cookie,
            "content-type": "application/x-www-form-urlencoded",
            "x-forwarded-for": `198.51.100.${i + 1}`,
            "x-real-ip": `198.51.100.${i + 1}`,
          },
          body: new URLSearchParams({
            csrfToken: token,
            email: `nobody-${i}-${randomBytes(3).toString("hex")}@example.test`,
            password: "a wrong password",
          }),
          redirect: "manual",
        });
        if ((response.headers.get("location") ?? "").includes("code=throttled")) throttled++;
      }
    } finally {
      await db.rateLimit.deleteMany({ where: { key: { startsWith: "signin:" } } });
    }
    expect(throttled).toBeGreaterThan(0);
  });
});

describe("security headers and early refusals", () => {
  it("pages carry a CSP whose fresh nonce is on every script, and cannot be framed", async () => {
    const { cookie } = await signedInCookie();
    const nonces = new Set<string>();
    for (const path of ["/sign-in", "/library", "/sign-in"]) {
      const { response, text } = await get(path, cookie);
      const csp = response.headers.get("content-security-policy") ?? "";
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp)?.[1];
      expect(nonce, `${path}: ${csp}`).toBeDefined();
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-eval");
      nonces.add(nonce!);
      const scripts = [...text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("strict-transport-security")).toBeNull(); // plain http here
    }
    expect(nonces.size).toBe(3);
    const api = await fetch(`${baseUrl}/api/health`);
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("a page's bad search parameters are a 400 before anything renders", async () => {
    const { cookie } = await signedInCookie();
    for (const path of [
      `/library?q=${"a".repeat(201)}`,
      "/library?from=2026-02-30",
      "/library?cursor=garbage",
      "/history?before=a&before=b",
      "/library?q=%00",
      "/teams/some-team/audit?before=not-a-cursor",
    ]) {
      const { response, text } = await get(path, cookie);
      expect(response.status, path).toBe(400);
      expect(text, path).toMatch(/This address is not valid/);
    }
    expect((await get("/library?q=harbour&from=2026-02-28", cookie)).response.status).toBe(200);
  });

  it("a server-action body over 1 MB is a 413, and so is a webhook body over its cap", async () => {
    const action = await fetch(`${baseUrl}/sign-in`, {
      method: "POST",
      headers: { "next-action": "0".repeat(40), "content-type": "text/plain" },
      body: "x".repeat(1_100_000),
      redirect: "manual",
    });
    expect(action.status).toBe(413);
    const hook = await fetch(`${baseUrl}/api/webhooks/suno?task=x&token=y`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "x".repeat(1_100_000),
    });
    expect(hook.status).toBe(413);
  });
});

const csrfToken = (cookie: string) =>
  decodeURIComponent(/authjs\.csrf-token=([^;]+)/.exec(cookie)![1]!).split("|")[0]!;

// last, so that it covers every request above
describe("logs", () => {
  it("appear in no log line of the build or the server", async () => {
    await new Promise((r) => setTimeout(r, 300)); // let the last requests reach the log
    const logs = server!.logs();
    expect(logs.length).toBeGreaterThan(100);
    expect(leaks(logs)).toEqual([]);
  });
});
