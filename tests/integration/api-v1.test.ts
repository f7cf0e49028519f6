// REST API v1 with tokens (issue 19, items 1-2): the route handlers called as Next calls them,
// with a real Postgres and the simulator behind lib/tasks. Scopes, revocation and expiry,
// team tokens spending the team's budget, Idempotency-Key, cursors, errors and rate limits.
import { randomBytes } from "node:crypto";

import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";

import { startSimulator } from "../../simulator/server";

// v1 never reads a session (a token is the only way in); Auth.js is not loaded here
vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: async () => null,
  requireUser: async () => Promise.reject(new Error("no session in the API")),
}));
vi.mock("@/lib/tasks/viewing", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/tasks/viewing")>();
  // outside a request Next's after() throws: here a background refresh simply runs
  return {
    ...real,
    refreshForViewer: (...[tasks, options]: Parameters<typeof real.refreshForViewer>) =>
      real.refreshForViewer(tasks, { ...options, later: (job) => void job() }),
  };
});

const KEY = "sk-api-v1";
const sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 3 });
Object.assign(process.env, { SUNO_PROVIDER: "relay", SUNO_BASE_URL: sim.url, SUNO_API_KEYS: KEY });
afterAll(() => sim.stop());

const { registerUser } = await import("@/lib/auth/credentials");
const { db } = await import("@/lib/db");
const { createApiToken, revokeApiToken } = await import("@/lib/api-tokens/tokens");
const { createSunoClient } = await import("@/lib/suno/client");
const { refreshIfDue } = await import("@/lib/tasks/refresh");
const { archiveClipsOfTask } = await import("@/lib/media/archive");
const { fundTeam } = await import("@/lib/teams/credits");
const { createTeam } = await import("@/lib/teams/teams");
const { getEnv } = await import("@/lib/env");
const schemas = await import("@/lib/api/v1/schemas");
const tasksRoute = await import("@/app/api/v1/tasks/route");
const taskRoute = await import("@/app/api/v1/tasks/[id]/route");
const clipsRoute = await import("@/app/api/v1/clips/route");
const clipRoute = await import("@/app/api/v1/clips/[id]/route");
const restoreRoute = await import("@/app/api/v1/clips/[id]/restore/route");
const mediaRoute = await import("@/app/api/v1/clips/[id]/media/[kind]/route");
const tokenRoute = await import("@/app/api/v1/token/route");
const playlistsRoute = await import("@/app/api/v1/playlists/route");
const playlistRoute = await import("@/app/api/v1/playlists/[id]/route");
const itemsRoute = await import("@/app/api/v1/playlists/[id]/items/route");

const client = createSunoClient(
  [{ name: "primary", dialect: "relay", baseUrl: sim.url, keys: [KEY], timeoutMs: 2000 }],
  { sleep: async () => {} },
);

type Handler = (
  req: NextRequest,
  ctx: { params: Promise<Record<string, string>> },
) => Promise<Response>;
type Call = {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  params?: Record<string, string>;
  query?: string;
};

async function call(handler: Handler, method: string, path: string, options: Call = {}) {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const req = new NextRequest(`http://chorus.test${path}${options.query ?? ""}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await handler(req, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  // the answers are read field by field below; the response schemas parse them where it matters
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let json: Record<string, any> = {};
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (a file)
  }
  return { status: response.status, headers: response.headers, json, text };
}

const person = (name: string) =>
  registerUser({
    name,
    email: `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });
const balance = async (userId: string) =>
  (await db.user.findUniqueOrThrow({ where: { id: userId } })).creditBalance;
const teamBalance = async (teamId: string) =>
  (await db.team.findUniqueOrThrow({ where: { id: teamId } })).creditBalance;
const song = { operation: "INSTRUMENTAL", tags: "folk", title: "Api song", model: "chirp-hawk" };
const ALL = ["library:read", "library:write", "generate", "playlists"] as const;

async function token(
  actor: { id: string },
  scopes: readonly string[],
  teamId: string | null = null,
) {
  const { id, secret } = await createApiToken({
    actor,
    name: "test",
    scopes: scopes as never,
    teamId,
    expiresInDays: null,
  });
  return { id, secret };
}

async function runToEnd(taskId: string) {
  for (let i = 0; i < 200; i++) {
    await db.task.update({ where: { id: taskId }, data: { nextPollAt: new Date(0) } });
    await refreshIfDue(taskId, client);
    const task = await db.task.findUniqueOrThrow({ where: { id: taskId } });
    if (["SUCCEEDED", "FAILED", "TIMED_OUT"].includes(task.status)) return task;
    await new Promise((r) => setTimeout(r, 15));
  }
  throw new Error("task never ended");
}

describe("tokens", () => {
  it("a token with library:read cannot generate, and nothing is written or charged", async () => {
    const user = await person("Reader");
    const reader = await token(user, ["library:read"]);
    const before = await balance(user.id);
    const refused = await call(tasksRoute.POST, "POST", "/api/v1/tasks", {
      token: reader.secret,
      body: song,
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("FORBIDDEN");
    expect(refused.json.error.message).toContain('"generate"');
    expect(await db.task.count({ where: { ownerId: user.id } })).toBe(0);
    expect(await balance(user.id)).toBe(before);
    // what it may do, it does
    const listed = await call(clipsRoute.GET, "GET", "/api/v1/clips", { token: reader.secret });
    expect(listed.status).toBe(200);
    expect(schemas.clipPage.parse(listed.json).clips).toEqual([]);
    // and a generate-only token cannot read the library
    const maker = await token(user, ["generate"]);
    const unread = await call(clipsRoute.GET, "GET", "/api/v1/clips", { token: maker.secret });
    expect(unread.status).toBe(403);
  });

  it("a revoked, expired, unknown or missing token gets 401", async () => {
    const user = await person("Revoker");
    const live = await token(user, ["library:read"]);
    const ok = await call(tokenRoute.GET, "GET", "/api/v1/token", { token: live.secret });
    expect(ok.status).toBe(200);
    expect(schemas.tokenInfo.parse(ok.json).token).toMatchObject({
      id: live.id,
      scopes: ["library:read"],
      team: null,
    });
    // last use is recorded with the time
    const used = await db.apiToken.findUniqueOrThrow({ where: { id: live.id } });
    expect(used.lastUsedAt).not.toBeNull();
    // only the hash is stored
    expect(used.tokenHash).not.toContain(live.secret.slice(11));
    expect(used.prefix).toBe(live.secret.slice(0, 15));

    await revokeApiToken({ actor: user, tokenId: live.id });
    const revoked = await call(tokenRoute.GET, "GET", "/api/v1/token", { token: live.secret });
    expect(revoked.status).toBe(401);
    expect(revoked.json.error.code).toBe("UNAUTHENTICATED");
    expect(revoked.headers.get("www-authenticate")).toContain("Bearer");

    const soon = await token(user, ["library:read"]);
    await db.apiToken.update({
      where: { id: soon.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(
      (await call(tokenRoute.GET, "GET", "/api/v1/token", { token: soon.secret })).status,
    ).toBe(401);
    const forged = `chorus_pat_${randomBytes(32).toString("base64url")}`;
    expect((await call(tokenRoute.GET, "GET", "/api/v1/token", { token: forged })).status).toBe(
      401,
    );
    expect((await call(tokenRoute.GET, "GET", "/api/v1/token")).status).toBe(401);
    // another user cannot revoke it
    const other = await person("Stranger");
    const mine = await token(user, ["library:read"]);
    await expect(revokeApiToken({ actor: other, tokenId: mine.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("a team token spends the team's budget, acts only in its team, and needs an admin", async () => {
    const owner = await person("Owner");
    const member = await person("Member");
    const team = await createTeam(owner, { name: `Api ${randomBytes(3).toString("hex")}` });
    await db.membership.create({ data: { teamId: team.id, userId: member.id, role: "MEMBER" } });
    await fundTeam(owner, { teamId: team.id, amount: 100 });
    // a member may not make one
    await expect(
      createApiToken({
        actor: member,
        name: "nope",
        scopes: ["generate"],
        teamId: team.id,
        expiresInDays: 30,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    const teamToken = await token(owner, ["generate", "library:read"], team.id);
    const ownerBefore = await balance(owner.id);
    const made = await call(tasksRoute.POST, "POST", "/api/v1/tasks", {
      token: teamToken.secret,
      body: song,
    });
    expect(made.status).toBe(201);
    const task = schemas.taskEnvelope.parse(made.json).task;
    expect(task.teamId).toBe(team.id);
    const cost = getEnv().CREDIT_COSTS.music;
    expect(await teamBalance(team.id)).toBe(100 - cost);
    expect(await balance(owner.id)).toBe(ownerBefore);

    // it cannot make songs elsewhere
    const personal = await createTeam(owner, { name: `Other ${randomBytes(3).toString("hex")}` });
    const elsewhere = await call(tasksRoute.POST, "POST", "/api/v1/tasks", {
      token: teamToken.secret,
      body: { ...song, teamId: personal.id },
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.json.error.fields.teamId).toBeDefined();

    // nor see its maker's personal tasks
    const ownToken = await token(owner, ALL);
    const own = await call(tasksRoute.POST, "POST", "/api/v1/tasks", {
      token: ownToken.secret,
      body: song,
    });
    expect(own.status).toBe(201);
    expect(own.json.task.teamId).toBeNull();
    const hidden = await call(taskRoute.GET, "GET", `/api/v1/tasks/${own.json.task.id}`, {
      token: teamToken.secret,
      params: { id: own.json.task.id },
    });
    expect(hidden.status).toBe(404);
    const teamList = await call(tasksRoute.GET, "GET", "/api/v1/tasks", {
      token: teamToken.secret,
    });
    expect(teamList.json.tasks.map((t: { id: string }) => t.id)).toEqual([task.id]);
    const ownList = await call(tasksRoute.GET, "GET", "/api/v1/tasks", { token: ownToken.secret });
    expect(ownList.json.tasks.map((t: { id: string }) => t.id).sort()).toEqual(
      [task.id, own.json.task.id].sort(),
    );

    // when its maker stops administering the team, it stops working
    await db.membership.updateMany({
      where: { teamId: team.id, userId: owner.id },
      data: { role: "MEMBER" },
    });
    const demoted = await call(tokenRoute.GET, "GET", "/api/v1/token", { token: teamToken.secret });
    expect(demoted.status).toBe(401);
  });

  it("the same Idempotency-Key twice gives one task and one charge; another key or token, another", async () => {
    const user = await person("Retrier");
    const maker = await token(user, ["generate"]);
    const before = await balance(user.id);
    const headers = { "idempotency-key": "order 42/retry" };
    const first = await call(tasksRoute.POST, "POST", "/api/v1/tasks", {
      token: maker.secret,
      body: song,
      headers,
    });
    const second = await call(tasksRoute.POST, "POST", "/api/v1/tasks", {
      token: maker.secret,
      body: song,
      headers,
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.json.task.id).toBe(first.json.task.id);
    const cost = getEnv().CREDIT_COSTS.music;
    expect(await balance(user.id)).toBe(before - cost);
    expect(await db.task.count({ where: { ownerId: user.id } })).toBe(1);

    const other = await call(tasksRoute.POST, "POST", "/api/v1/tasks", {
      token: maker.secret,
      body: song,
      headers: { "idempotency-key": "order 43" },
    });
    expect(other.json.task.id).not.toBe(first.json.task.id);
    const secondToken = await token(user, ["generate"]);
    const elsewhere = await call(tasksRoute.POST, "POST", "/api/v1/tasks", {
      token: secondToken.secret,
      body: song,
      headers,
    });
    expect(elsewhere.json.task.id).not.toBe(first.json.task.id);
    expect(await db.task.count({ where: { ownerId: user.id } })).toBe(3);

    const badKey = await call(tasksRoute.POST, "POST", "/api/v1/tasks", {
      token: maker.secret,
      body: song,
      headers: { "idempotency-key": "x".repeat(201) },
    });
    expect(badKey.status).toBe(400);
  });
});

describe("REST v1", () => {
  it("bad input is a 400 naming the field, and writes nothing", async () => {
    const user = await person("Typo");
    const all = await token(user, ALL);
    const bad = await call(tasksRoute.POST, "POST", "/api/v1/tasks", {
      token: all.secret,
      body: { operation: "INSTRUMENTAL", tags: "", title: "x", model: "chirp-hawk" },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("BAD_REQUEST");
    expect(Object.keys(bad.json.error.fields)).toContain("tags");
    schemas.errorResponse.parse(bad.json);
    const retired = await call(tasksRoute.POST, "POST", "/api/v1/tasks", {
      token: all.secret,
      body: { ...song, model: "chirp-v3-5" },
    });
    expect(retired.status).toBe(400);
    expect(await db.task.count({ where: { ownerId: user.id } })).toBe(0);
    const notJson = await tasksRoute.POST(
      new NextRequest("http://chorus.test/api/v1/tasks", {
        method: "POST",
        headers: { authorization: `Bearer ${all.secret}` },
        body: "{nope",
      }),
      { params: Promise.resolve({}) },
    );
    expect(notJson.status).toBe(400);
    const unknownFilter = await call(clipsRoute.GET, "GET", "/api/v1/clips", {
      token: all.secret,
      query: "?colour=red",
    });
    expect(unknownFilter.status).toBe(400);
    expect(unknownFilter.json.error.fields.colour).toBeDefined();
    const badCursor = await call(tasksRoute.GET, "GET", "/api/v1/tasks", {
      token: all.secret,
      query: "?cursor=garbage",
    });
    expect(badCursor.status).toBe(400);
    const badId = await call(clipRoute.GET, "GET", "/api/v1/clips/x", {
      token: all.secret,
      params: { id: "not/an id" },
    });
    expect(badId.status).toBe(404);
  });

  it("a song from generation to library, file with Range, rename, trash, restore", async () => {
    const user = await person("Maker");
    const all = await token(user, ALL);
    const made = await call(tasksRoute.POST, "POST", "/api/v1/tasks", {
      token: all.secret,
      body: song,
    });
    const done = await runToEnd(made.json.task.id);
    expect(done.status).toBe("SUCCEEDED");
    await archiveClipsOfTask(done.id);

    const got = await call(taskRoute.GET, "GET", `/api/v1/tasks/${done.id}`, {
      token: all.secret,
      params: { id: done.id },
    });
    expect(schemas.taskEnvelope.parse(got.json).task.status).toBe("SUCCEEDED");
    expect(got.json.task.clips.length).toBeGreaterThan(0);

    // the library, one clip a page, by cursor
    const first = await call(clipsRoute.GET, "GET", "/api/v1/clips", {
      token: all.secret,
      query: "?limit=1&sort=newest",
    });
    const page1 = schemas.clipPage.parse(first.json);
    expect(page1.clips).toHaveLength(1);
    expect(page1.nextCursor).not.toBeNull();
    const second = await call(clipsRoute.GET, "GET", "/api/v1/clips", {
      token: all.secret,
      query: `?limit=1&sort=newest&cursor=${page1.nextCursor}`,
    });
    expect(second.json.clips).toHaveLength(1);
    expect(second.json.clips[0].id).not.toBe(page1.clips[0]!.id);
    const searched = await call(clipsRoute.GET, "GET", "/api/v1/clips", {
      token: all.secret,
      query: "?q=api%20song&kind=instrumental",
    });
    expect(searched.json.clips.length).toBe(got.json.task.clips.length);

    const clipId = page1.clips[0]!.id;
    const clip = await call(clipRoute.GET, "GET", `/api/v1/clips/${clipId}`, {
      token: all.secret,
      params: { id: clipId },
    });
    const parsed = schemas.clipEnvelope.parse(clip.json).clip;
    expect(parsed.media.audio).toBe(`/api/v1/clips/${clipId}/media/audio`);
    expect(parsed).toHaveProperty("parentClip", null);

    const ranged = await call(mediaRoute.GET, "GET", `/api/v1/clips/${clipId}/media/audio`, {
      token: all.secret,
      params: { id: clipId, kind: "audio" },
      headers: { range: "bytes=0-9" },
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get("content-range")).toMatch(/^bytes 0-9\//);
    expect(ranged.headers.get("ratelimit-limit")).toBe("120");

    const renamed = await call(clipRoute.PATCH, "PATCH", `/api/v1/clips/${clipId}`, {
      token: all.secret,
      params: { id: clipId },
      body: { title: "Renamed by API" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json.clip).toMatchObject({ title: "Renamed by API", tags: "folk" });

    const trashed = await call(clipRoute.DELETE, "DELETE", `/api/v1/clips/${clipId}`, {
      token: all.secret,
      params: { id: clipId },
    });
    expect(trashed.json).toEqual({ ok: true });
    expect((await db.clip.findUniqueOrThrow({ where: { id: clipId } })).trashedAt).not.toBeNull();
    await call(restoreRoute.POST, "POST", `/api/v1/clips/${clipId}/restore`, {
      token: all.secret,
      params: { id: clipId },
    });
    expect((await db.clip.findUniqueOrThrow({ where: { id: clipId } })).trashedAt).toBeNull();

    // a read-only token cannot change it; a stranger's token cannot see it
    const reader = await token(user, ["library:read"]);
    const refused = await call(clipRoute.PATCH, "PATCH", `/api/v1/clips/${clipId}`, {
      token: reader.secret,
      params: { id: clipId },
      body: { title: "No" },
    });
    expect(refused.status).toBe(403);
    const stranger = await token(await person("Nosy"), ALL);
    const unseen = await call(clipRoute.GET, "GET", `/api/v1/clips/${clipId}`, {
      token: stranger.secret,
      params: { id: clipId },
    });
    expect(unseen.status).toBe(404);
    const unheard = await call(mediaRoute.GET, "GET", `/api/v1/clips/${clipId}/media/audio`, {
      token: stranger.secret,
      params: { id: clipId, kind: "audio" },
    });
    expect(unheard.status).toBe(404);

    // playlists: make, add, page through, rename, delete
    const list = await call(playlistsRoute.POST, "POST", "/api/v1/playlists", {
      token: all.secret,
      body: { name: "Api list" },
    });
    expect(list.status).toBe(201);
    const playlistId = schemas.playlistEnvelope.parse(list.json).playlist.id;
    await call(playlistsRoute.POST, "POST", "/api/v1/playlists", {
      token: all.secret,
      body: { name: "Second list" },
    });
    const added = await call(itemsRoute.POST, "POST", `/api/v1/playlists/${playlistId}/items`, {
      token: all.secret,
      params: { id: playlistId },
      body: { clipId },
    });
    expect(added.json.playlist.items.map((i: { clip: { id: string } }) => i.clip.id)).toEqual([
      clipId,
    ]);
    const p1 = await call(playlistsRoute.GET, "GET", "/api/v1/playlists", {
      token: all.secret,
      query: "?limit=1",
    });
    expect(schemas.playlistPage.parse(p1.json).playlists).toHaveLength(1);
    const p2 = await call(playlistsRoute.GET, "GET", "/api/v1/playlists", {
      token: all.secret,
      query: `?limit=1&cursor=${p1.json.nextCursor}`,
    });
    expect(p2.json.playlists).toHaveLength(1);
    expect(p2.json.nextCursor).toBeNull();
    expect(p2.json.playlists[0].id).not.toBe(p1.json.playlists[0].id);
    const patched = await call(playlistRoute.PATCH, "PATCH", `/api/v1/playlists/${playlistId}`, {
      token: all.secret,
      params: { id: playlistId },
      body: { name: "Renamed list" },
    });
    expect(patched.json.playlist.name).toBe("Renamed list");
    const noPlaylists = await call(playlistsRoute.GET, "GET", "/api/v1/playlists", {
      token: reader.secret,
    });
    expect(noPlaylists.status).toBe(403);
    await call(playlistRoute.DELETE, "DELETE", `/api/v1/playlists/${playlistId}`, {
      token: all.secret,
      params: { id: playlistId },
    });
    expect(await db.playlist.count({ where: { id: playlistId } })).toBe(0);
  });

  it("rate limits per token, with RateLimit-* headers and Retry-After", async () => {
    const user = await person("Busy");
    const busy = await token(user, ["library:read"]);
    const calm = await token(user, ["library:read"]);
    const first = await call(tokenRoute.GET, "GET", "/api/v1/token", { token: busy.secret });
    const limit = getEnv().API_RATE_LIMIT_PER_MINUTE;
    expect(first.headers.get("ratelimit-limit")).toBe(String(limit));
    expect(first.headers.get("ratelimit-remaining")).toBe(String(limit - 1));
    expect(Number(first.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    await db.$executeRaw`UPDATE rate_limits SET hits = ${limit} WHERE key = ${`api:token:${busy.id}`}`;
    const limited = await call(tokenRoute.GET, "GET", "/api/v1/token", { token: busy.secret });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe("RATE_LIMITED");
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // another token of the same person has its own budget
    expect(
      (await call(tokenRoute.GET, "GET", "/api/v1/token", { token: calm.secret })).status,
    ).toBe(200);
  });
});
