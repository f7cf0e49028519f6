// The MCP server (issue 19, item 5): the official SDK's Client over its Streamable HTTP
// transport, its requests answered by app/api/mcp's handlers as Next calls them (the
// transport's fetch hands each Request to the route), with a real Postgres and the simulator
// behind lib/tasks. Tools listed with their schemas, a song made and followed to the end,
// found, read and added to a playlist; scopes, revocation, reach and the shared rate limit.
import { randomBytes } from "node:crypto";

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";

import { startSimulator } from "../../simulator/server";

// a token is the only way in; Auth.js is not loaded here
vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: async () => null,
  requireUser: async () => Promise.reject(new Error("no session in MCP")),
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

const KEY = "sk-mcp";
const sim = await startSimulator({ port: 0, keys: [KEY], stepMs: 10, clipSeconds: 3 });
Object.assign(process.env, { SUNO_PROVIDER: "relay", SUNO_BASE_URL: sim.url, SUNO_API_KEYS: KEY });
afterAll(() => sim.stop());

const { registerUser } = await import("@/lib/auth/credentials");
const { db } = await import("@/lib/db");
const { createApiToken, revokeApiToken } = await import("@/lib/api-tokens/tokens");
const { archiveClipsOfTask } = await import("@/lib/media/archive");
const { createPlaylist } = await import("@/lib/playlists/playlists");
const { getEnv } = await import("@/lib/env");
const { MCP_TOOLS } = await import("@/lib/api/mcp/tools");
const schemas = await import("@/lib/api/v1/schemas");
const route = await import("@/app/api/mcp/route");

const URL_MCP = "http://chorus.test/api/mcp";

/** What the network would do: each request answered by the route's handler. */
async function routeFetch(url: string | URL, init?: RequestInit): Promise<Response> {
  const req = new NextRequest(url, { ...init, signal: init?.signal ?? undefined });
  const handler = { POST: route.POST, GET: route.GET, DELETE: route.DELETE }[req.method];
  if (!handler) return new Response(null, { status: 405 });
  return handler(req);
}

async function connect(secret: string) {
  const client = new Client({ name: "chorus-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(URL_MCP), {
    fetch: routeFetch,
    requestInit: { headers: { authorization: `Bearer ${secret}` } },
  });
  await client.connect(transport);
  return client;
}

/** One tool call: its structured answer, or its error. */
async function callTool(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
  // the answers are read field by field below; REST v1's response schemas parse them
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { isError: result.isError === true, text, data: result.structuredContent as any };
}

const person = (name: string) =>
  registerUser({
    name,
    email: `${name.toLowerCase()}-${randomBytes(4).toString("hex")}@example.test`,
    password: "a long enough password",
  });
const balance = async (userId: string) =>
  (await db.user.findUniqueOrThrow({ where: { id: userId } })).creditBalance;

async function token(actor: { id: string }, scopes: readonly string[]) {
  return createApiToken({
    actor,
    name: "mcp",
    scopes: scopes as never,
    teamId: null,
    expiresInDays: null,
  });
}
const ALL = ["library:read", "library:write", "generate", "playlists"] as const;
const songOf = (title: string) => ({
  operation: "CUSTOM_SONG",
  title,
  tags: "folk, warm",
  lyrics: "[Verse]\nThe porch light hums a marigold tune",
  model: "chirp-hawk",
});

/** Polls check_task (as an agent does) until the task ends. */
async function followTask(client: Client, taskId: string) {
  for (let i = 0; i < 100; i++) {
    // the next provider poll is due now: each check refreshes the task, as the web's does
    await db.task.update({ where: { id: taskId }, data: { nextPollAt: new Date(0) } });
    const checked = await callTool(client, "check_task", { id: taskId });
    expect(checked.isError, checked.text).toBe(false);
    const task = schemas.taskResponse.parse(checked.data.task);
    if (["SUCCEEDED", "FAILED", "TIMED_OUT"].includes(task.status)) return task;
    // the check's refresh runs after it answers (as after() does): seen by the next check
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("task never ended");
}

describe("MCP over Streamable HTTP", () => {
  it("lists the tools with input schemas from REST v1's and lib/tasks' zod schemas", async () => {
    const user = await person("Lister");
    const client = await connect((await token(user, ["library:read"])).secret);
    expect(client.getServerVersion()?.name).toBe("chorus");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(MCP_TOOLS).sort());
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.description).toMatch(/Needs the scope/);
    }
    // generate_song takes lib/tasks' three song requests, with their required fields
    const request = byName.generate_song!.inputSchema.properties!.request as {
      oneOf: { properties: { operation: { const: string } }; required: string[] }[];
    };
    expect(request.oneOf.map((o) => o.properties.operation.const)).toEqual([
      "CUSTOM_SONG",
      "INSTRUMENTAL",
      "DESCRIPTION_SONG",
    ]);
    expect(request.oneOf[0]!.required).toEqual(
      expect.arrayContaining(["operation", "lyrics", "tags", "title"]),
    );
    expect(byName.generate_song!.inputSchema.required).toEqual(["request"]);
    // search_library takes the library's filters (REST v1's listClips query)
    expect(Object.keys(byName.search_library!.inputSchema.properties!).sort()).toEqual(
      Object.keys(schemas.listClipsQuery.shape).sort(),
    );
    expect(byName.check_task!.inputSchema.required).toEqual(["id"]);
    expect(byName.add_to_playlist!.inputSchema.required?.sort()).toEqual(["clipId", "playlistId"]);
    expect(byName.get_lyrics!.annotations?.readOnlyHint).toBe(true);
    expect(byName.generate_song!.annotations?.readOnlyHint).toBe(false);
    await client.close();
  });

  it("generates a song, follows its task, finds it, reads its lyrics, adds it to a playlist", async () => {
    const user = await person("Agent");
    const client = await connect((await token(user, ALL)).secret);
    const before = await balance(user.id);

    const made = await callTool(client, "generate_song", {
      request: songOf("Marigold porch"),
      idempotencyKey: "agent-1",
    });
    expect(made.isError, made.text).toBe(false);
    const task = schemas.taskResponse.parse(made.data.task);
    expect(task.operation).toBe("CUSTOM_SONG");
    expect(await balance(user.id)).toBe(before - task.cost);
    // the same key again: the same task, charged once
    const again = await callTool(client, "generate_song", {
      request: songOf("Marigold porch"),
      idempotencyKey: "agent-1",
    });
    expect(again.data.task.id).toBe(task.id);
    expect(await balance(user.id)).toBe(before - task.cost);

    const done = await followTask(client, task.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.clips.length).toBeGreaterThan(0);
    await archiveClipsOfTask(task.id);

    const found = await callTool(client, "search_library", { q: "marigold", sort: "newest" });
    expect(found.isError, found.text).toBe(false);
    const page = schemas.clipPage.parse(found.data);
    expect(page.clips.map((c) => c.id).sort()).toEqual(done.clips.map((c) => c.id).sort());

    const clipId = done.clips[0]!.id;
    const lyrics = await callTool(client, "get_lyrics", { id: clipId });
    expect(lyrics.isError, lyrics.text).toBe(false);
    expect(lyrics.data).toMatchObject({ id: clipId, title: "Marigold porch" });
    expect(lyrics.data.lyrics).toContain("marigold tune");
    // the text content is the same JSON, for clients that read only text
    expect(JSON.parse(lyrics.text)).toEqual(lyrics.data);

    const { id: playlistId } = await createPlaylist({ actor: user, name: "Agent picks" });
    const listed = await callTool(client, "list_playlists", {});
    expect(listed.data.playlists.map((p: { id: string }) => p.id)).toContain(playlistId);
    const added = await callTool(client, "add_to_playlist", { playlistId, clipId });
    expect(added.isError, added.text).toBe(false);
    expect(schemas.playlistResponse.parse(added.data.playlist).items.map((i) => i.clip.id)).toEqual(
      [clipId],
    );
    expect(await db.playlistItem.count({ where: { playlistId, clipId } })).toBe(1);
    await client.close();
  });

  it("a library:read token cannot generate: a tool error naming the scope, nothing written", async () => {
    const user = await person("Reader");
    const client = await connect((await token(user, ["library:read"])).secret);
    const before = await balance(user.id);
    const refused = await callTool(client, "generate_song", { request: songOf("Not made") });
    expect(refused.isError).toBe(true);
    expect(refused.data.error.code).toBe("FORBIDDEN");
    expect(refused.text).toContain('"generate"');
    expect(await db.task.count({ where: { ownerId: user.id } })).toBe(0);
    expect(await balance(user.id)).toBe(before);
    // nor add to a playlist without `playlists`
    const { id: playlistId } = await createPlaylist({ actor: user, name: "Read only" });
    const add = await callTool(client, "add_to_playlist", { playlistId, clipId: "nope" });
    expect(add.data.error.code).toBe("FORBIDDEN");
    await client.close();
  });

  it("bad arguments are a tool error with lib/tasks' message, and nothing is made", async () => {
    const user = await person("Sloppy");
    const client = await connect((await token(user, ALL)).secret);
    const missing = await callTool(client, "generate_song", {
      request: { operation: "INSTRUMENTAL", title: "No style" },
    });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/tags/);
    const unknown = await callTool(client, "search_library", { colour: "red" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/colour/);
    const model = await callTool(client, "generate_song", {
      request: { ...songOf("Wrong model"), model: "no-such-model" },
    });
    expect(model.isError).toBe(true);
    expect(model.text).toMatch(/Choose one of the listed models/);
    const nowhere = await callTool(client, "check_task", { id: "no-such-task" });
    expect(nowhere.data.error.code).toBe("NOT_FOUND");
    expect(await db.task.count({ where: { ownerId: user.id } })).toBe(0);
    await client.close();
  });

  it("a token never sees another user's songs", async () => {
    const [mine, theirs] = await Promise.all([person("Mine"), person("Theirs")]);
    const client = await connect((await token(mine, ALL)).secret);
    const other = await connect((await token(theirs, ALL)).secret);
    const ownTask = (await callTool(client, "generate_song", { request: songOf("Juniper mine") }))
      .data.task.id as string;
    const theirTask = (
      await callTool(other, "generate_song", { request: songOf("Juniper theirs") })
    ).data.task.id as string;
    const [own, their] = [await followTask(client, ownTask), await followTask(other, theirTask)];
    await Promise.all([archiveClipsOfTask(ownTask), archiveClipsOfTask(theirTask)]);

    const found = await callTool(client, "search_library", { q: "juniper" });
    const ids = (found.data.clips as { id: string }[]).map((c) => c.id).sort();
    expect(ids).toEqual(own.clips.map((c) => c.id).sort());
    for (const clip of their.clips) expect(ids).not.toContain(clip.id);
    // nor reads their lyrics or their task
    const lyrics = await callTool(client, "get_lyrics", { id: their.clips[0]!.id });
    expect(lyrics.data.error.code).toBe("NOT_FOUND");
    expect(lyrics.text).not.toContain("marigold");
    const task = await callTool(client, "check_task", { id: theirTask });
    expect(task.data.error.code).toBe("NOT_FOUND");
    await Promise.all([client.close(), other.close()]);
  });
});

describe("MCP's door", () => {
  it("no token or a revoked one is a 401 with WWW-Authenticate; the SDK client fails", async () => {
    const user = await person("Revoked");
    const made = await token(user, ALL);
    const client = await connect(made.secret);
    await revokeApiToken({ actor: user, tokenId: made.id });
    await expect(client.listTools()).rejects.toMatchObject({ code: 401 });
    await expect(connect(made.secret)).rejects.toMatchObject({ code: 401 });

    const init = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "curl", version: "1" },
      },
    };
    const headers = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    for (const authorization of [undefined, `Bearer ${made.secret}`, "Bearer chorus_pat_nope"]) {
      const response = await routeFetch(URL_MCP, {
        method: "POST",
        headers: authorization ? { ...headers, authorization } : headers,
        body: JSON.stringify(init),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain(made.secret);
    }
  });

  it("answers a plain JSON initialize; GET and DELETE are 405 (stateless)", async () => {
    const user = await person("Curl");
    const { secret } = await token(user, ["library:read"]);
    const headers = {
      authorization: `Bearer ${secret}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    const response = await routeFetch(URL_MCP, {
      method: "POST",
      headers,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "curl", version: "1" },
        },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
    expect(response.headers.get("mcp-session-id")).toBeNull();
    expect(response.headers.get("ratelimit-limit")).toBe(
      String(getEnv().API_RATE_LIMIT_PER_MINUTE),
    );
    const json = await response.json();
    expect(json.result.serverInfo.name).toBe("chorus");
    expect(json.result.capabilities.tools).toBeDefined();
    for (const method of ["GET", "DELETE"]) {
      const other = await routeFetch(URL_MCP, { method, headers });
      expect(other.status).toBe(405);
      expect(other.headers.get("allow")).toBe("POST");
    }
    // bad bodies: not JSON, a NUL character, too large
    const bad = async (body: string) =>
      routeFetch(URL_MCP, { method: "POST", headers, body }).then((r) => r.status);
    expect(await bad("{nope")).toBe(400);
    expect(
      await bad('{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"x":"a\\u0000"}}'),
    ).toBe(400);
    expect(await bad("x".repeat(100_001))).toBe(413);
  });

  it("shares REST v1's per-token rate limit", async () => {
    const user = await person("Busy");
    const made = await token(user, ["library:read"]);
    const client = await connect(made.secret);
    const limit = getEnv().API_RATE_LIMIT_PER_MINUTE;
    await db.$executeRaw`UPDATE rate_limits SET hits = ${limit} WHERE key = ${`api:token:${made.id}`}`;
    await expect(client.listTools()).rejects.toMatchObject({
      code: 429,
      message: expect.stringContaining("RATE_LIMITED"),
    });
  });
});
