// The MCP server (issue 19, item 5): Streamable HTTP in stateless mode with JSON answers, one
// McpServer per request, acting as the request's API token. Each tool calls the REST v1
// service function of its twin operation (lib/api/v1/service.ts), after that operation's
// scope check; an AppError comes back as a tool error carrying `{error:{code,message,fields}}`
// (REST v1's error body), anything else as a generic one (logged, never shown).
import "server-only";

import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { after } from "next/server";
import type { z } from "zod";

import { requireScope, type ApiPrincipal } from "@/lib/api-tokens/tokens";
import { toAppError } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/handlers";
import { MCP_TOOLS, toolInputSchemas, type Offer, type ToolName } from "@/lib/api/mcp/tools";
import { API_BODY_MAX_BYTES } from "@/lib/api/v1/handler";
import {
  addPlaylistItemViaApi,
  createTaskViaApi,
  getClipViaApi,
  getTaskViaApi,
  listClipsViaApi,
  listPlaylistsViaApi,
} from "@/lib/api/v1/service";
import { log } from "@/lib/log";
import { getSunoClient } from "@/lib/suno";
import { activeCatalogue } from "@/lib/suno/catalogue";
import { catalogueOfferings } from "@/lib/suno/offerings";
import { refreshForViewer } from "@/lib/tasks/viewing";

export const MCP_SERVER_INFO = { name: "chorus", version: "1.0.0" };

const INSTRUCTIONS =
  "Chorus is a library of AI-made songs. generate_song starts a task: poll check_task until " +
  "it ends, then its clips are songs you can read with get_lyrics, find with search_library " +
  "and add to a playlist (list_playlists gives the ids) with add_to_playlist.";

type Schemas = ReturnType<typeof toolInputSchemas>;
type Handlers = {
  [K in ToolName]: (args: z.output<Schemas[K]>, principal: ApiPrincipal) => Promise<unknown>;
};

const HANDLERS: Handlers = {
  generate_song: async ({ request, teamId, idempotencyKey }, principal) => {
    const { task } = await createTaskViaApi({
      principal,
      body: { ...request, teamId },
      idempotencyKey: idempotencyKey ?? null,
    });
    return { task };
  },
  check_task: async ({ id }, principal) => {
    const task = await getTaskViaApi({ principal, taskId: id });
    // as REST v1's GET /tasks/{id}: a due task is refreshed after the answer
    refreshForViewer([task], { later: after });
    return { task };
  },
  search_library: (query, principal) => listClipsViaApi({ principal, query }),
  get_lyrics: async ({ id }, principal) => {
    const clip = await getClipViaApi({ principal, clipId: id });
    return {
      id: clip.id,
      title: clip.title,
      tags: clip.tags,
      isInstrumental: clip.isInstrumental,
      lyrics: clip.lyrics,
    };
  },
  list_playlists: (query, principal) => listPlaylistsViaApi({ principal, query }),
  add_to_playlist: async ({ playlistId, clipId }, principal) => ({
    playlist: await addPlaylistItemViaApi({ principal, playlistId, clipId }),
  }),
};

/** JSON as the client sees it (dates as strings), both as text and as structured content. */
function toolResult(value: unknown): CallToolResult {
  const text = JSON.stringify(value);
  return { content: [{ type: "text", text }], structuredContent: JSON.parse(text) };
}

/** REST v1's error body, as a tool error; the text says the message and the fields. */
export function toolError(error: unknown): CallToolResult {
  const known = toAppError(error);
  if (!known) log.error("mcp tool failed", { error });
  const body = known
    ? { code: known.code, message: known.message, fields: known.fieldErrors }
    : { code: "INTERNAL", message: "Something went wrong on our side." };
  const fields = Object.entries(body.fields ?? {}).map(([k, v]) => `${k}: ${v.join(" ")}`);
  return {
    isError: true,
    content: [{ type: "text", text: [body.message, ...fields].join("\n") }],
    structuredContent: { error: body },
  };
}

/** The offer lib/tasks checks requests against: the configured providers', or the catalogue. */
function currentOffer(): Offer {
  const client = getSunoClient();
  return client ? client.offerings : () => catalogueOfferings(activeCatalogue());
}

/** A server with every tool, acting as `principal` (each call checks its tool's scopes). */
export function createMcpServer(principal: ApiPrincipal): McpServer {
  const server = new McpServer(MCP_SERVER_INFO, { instructions: INSTRUCTIONS });
  const schemas = toolInputSchemas(currentOffer());
  for (const name of Object.keys(MCP_TOOLS) as ToolName[]) {
    const info = MCP_TOOLS[name];
    const handler = HANDLERS[name] as (args: unknown, p: ApiPrincipal) => Promise<unknown>;
    server.registerTool(
      name,
      {
        title: info.title,
        description: `${info.description} Needs the scope ${info.scopes.join(" or ")}.`,
        inputSchema: schemas[name],
        annotations: { readOnlyHint: info.readOnly, openWorldHint: false },
      },
      async (args: unknown) => {
        try {
          requireScope(principal, ...info.scopes);
          return toolResult(await handler(args, principal));
        } catch (error) {
          return toolError(error);
        }
      },
    );
  }
  return server;
}

/** JSON-RPC's error answer for a request refused before it reaches the server. */
function rpcError(status: number, code: number, message: string): Response {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id: null }, { status });
}

/** Stateless mode: no session to stream to or end, so only POST is served. */
export function mcpMethodNotAllowed(): Response {
  return Response.json(
    {
      jsonrpc: "2.0",
      error: { code: -32000, message: "Method not allowed: this MCP server is stateless; POST." },
      id: null,
    },
    { status: 405, headers: { allow: "POST" } },
  );
}

/**
 * One POST: the body read as REST v1 reads one (at most 100 KB, no NUL characters), then
 * answered by a fresh server and transport (nothing kept between requests: serverless-safe).
 */
export async function handleMcpPost(req: Request, principal: ApiPrincipal): Promise<Response> {
  const text = await readBodyText(req, API_BODY_MAX_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return rpcError(400, -32700, "Parse error: the body is not JSON.");
  }
  if (JSON.stringify(body).includes("\\u0000"))
    return rpcError(400, -32600, "Invalid request: the body contains a NUL character.");
  const server = createMcpServer(principal);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(req, { parsedBody: body });
  } finally {
    await server.close();
  }
}
