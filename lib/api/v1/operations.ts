// Every REST v1 operation, once: its method and path, the scope it needs and the zod schemas
// of its input and answers. A route handler is built from its entry (lib/api/v1/handler.ts)
// and the OpenAPI document lists the same entries (lib/api/v1/openapi.ts), so a route cannot
// check one thing and document another. Pure data: the OpenAPI test imports it.
import type { z } from "zod";

import type { Scope } from "@/lib/api-tokens/shared";
import * as s from "@/lib/api/v1/schemas";

export type ApiOperation = {
  id: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** OpenAPI template, e.g. /api/v1/clips/{id} */
  path: string;
  summary: string;
  description?: string;
  tag: "Tokens" | "Tasks" | "Clips" | "Playlists" | "Reference";
  /** any one of these scopes; null: no token needed */
  scopes: Scope[] | null;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** what the handler parses the body with, when not `body` itself */
  bodyParser?: z.ZodType;
  /** request headers it reads */
  headers?: { name: string; description: string; schema: z.ZodType }[];
  /** the success answer: JSON described by `schema`, or another content type */
  ok: { status: 200 | 201 | 206; description: string; schema?: z.ZodType; contentType?: string };
};

const READ: Scope[] = ["library:read"];

export const OPERATIONS = {
  getToken: {
    id: "getToken",
    method: "GET",
    path: "/api/v1/token",
    summary: "The token in use: its scopes and whom it acts as",
    tag: "Tokens",
    scopes: [],
    ok: { status: 200, description: "The token", schema: s.tokenInfo },
  },
  createTask: {
    id: "createTask",
    method: "POST",
    path: "/api/v1/tasks",
    summary: "Make a song, lyrics, an extension, a take or an export (a task)",
    description:
      "The same requests as the Create form and the clip page, checked against the models " +
      "and operations the configured providers offer. Spends credits of the workspace. An " +
      "`Idempotency-Key` makes a retried request return the first request's task.",
    tag: "Tasks",
    scopes: ["generate"],
    body: s.createTaskBody,
    bodyParser: s.createTaskEnvelope,
    headers: [
      {
        name: "Idempotency-Key",
        description:
          "Any string of 1-200 printable characters; the same key from the same token " +
          "returns the same task and charges once.",
        schema: s.idempotencyKeyHeader,
      },
    ],
    ok: {
      status: 201,
      description: "The task (200 when the key was seen)",
      schema: s.taskEnvelope,
    },
  },
  listTasks: {
    id: "listTasks",
    method: "GET",
    path: "/api/v1/tasks",
    summary: "Tasks, newest first",
    tag: "Tasks",
    scopes: ["library:read", "generate"],
    query: s.listTasksQuery,
    ok: { status: 200, description: "A page of tasks", schema: s.taskPage },
  },
  getTask: {
    id: "getTask",
    method: "GET",
    path: "/api/v1/tasks/{id}",
    summary: "One task and its clips",
    tag: "Tasks",
    scopes: ["library:read", "generate"],
    params: s.idPath,
    ok: { status: 200, description: "The task", schema: s.taskEnvelope },
  },
  listClips: {
    id: "listClips",
    method: "GET",
    path: "/api/v1/clips",
    summary: "Search and list songs with the library's filters",
    description:
      "The personal library, or a team's with `team` (its address). `q` is full-text search " +
      '("phrases", OR, -exclude) with typo tolerance on titles.',
    tag: "Clips",
    scopes: READ,
    query: s.listClipsQuery,
    ok: { status: 200, description: "A page of songs", schema: s.clipPage },
  },
  getClip: {
    id: "getClip",
    method: "GET",
    path: "/api/v1/clips/{id}",
    summary: "One song with its attachments and lineage",
    tag: "Clips",
    scopes: READ,
    params: s.idPath,
    ok: { status: 200, description: "The song", schema: s.clipEnvelope },
  },
  updateClip: {
    id: "updateClip",
    method: "PATCH",
    path: "/api/v1/clips/{id}",
    summary: "Rename or retag a song",
    tag: "Clips",
    scopes: ["library:write"],
    params: s.idPath,
    body: s.updateClipBody,
    ok: { status: 200, description: "The song", schema: s.clipEnvelope },
  },
  trashClip: {
    id: "trashClip",
    method: "DELETE",
    path: "/api/v1/clips/{id}",
    summary: "Move a song to the trash (deleted for good after 30 days)",
    tag: "Clips",
    scopes: ["library:write"],
    params: s.idPath,
    ok: { status: 200, description: "Trashed", schema: s.okResponse },
  },
  restoreClip: {
    id: "restoreClip",
    method: "POST",
    path: "/api/v1/clips/{id}/restore",
    summary: "Take a song out of the trash",
    tag: "Clips",
    scopes: ["library:write"],
    params: s.idPath,
    ok: { status: 200, description: "Restored", schema: s.okResponse },
  },
  getClipMedia: {
    id: "getClipMedia",
    method: "GET",
    path: "/api/v1/clips/{id}/media/{kind}",
    summary: "A song's audio, cover or video (Range requests answered with 206)",
    description: "Before the song is archived, a 302 to the provider's link.",
    tag: "Clips",
    scopes: READ,
    params: s.mediaPath,
    query: s.mediaQuery,
    headers: [{ name: "Range", description: "bytes=start-end", schema: s.rangeHeader }],
    ok: { status: 200, description: "The file", contentType: "application/octet-stream" },
  },
  getClipAsset: {
    id: "getClipAsset",
    method: "GET",
    path: "/api/v1/clips/{id}/assets/{asset}",
    summary: "An attachment: wav, video, lrc, stem-<name>, cover-<task>-<n> (Range)",
    tag: "Clips",
    scopes: READ,
    params: s.assetPath,
    query: s.mediaQuery,
    headers: [{ name: "Range", description: "bytes=start-end", schema: s.rangeHeader }],
    ok: { status: 200, description: "The file", contentType: "application/octet-stream" },
  },
  listPlaylists: {
    id: "listPlaylists",
    method: "GET",
    path: "/api/v1/playlists",
    summary: "Playlists, most recently changed first",
    tag: "Playlists",
    scopes: ["playlists"],
    query: s.listPlaylistsQuery,
    ok: { status: 200, description: "A page of playlists", schema: s.playlistPage },
  },
  createPlaylist: {
    id: "createPlaylist",
    method: "POST",
    path: "/api/v1/playlists",
    summary: "Make a playlist (personal, or a team's with teamId)",
    tag: "Playlists",
    scopes: ["playlists"],
    body: s.createPlaylistBody,
    ok: { status: 201, description: "The playlist", schema: s.playlistEnvelope },
  },
  getPlaylist: {
    id: "getPlaylist",
    method: "GET",
    path: "/api/v1/playlists/{id}",
    summary: "One playlist and its songs, in order",
    tag: "Playlists",
    scopes: ["playlists"],
    params: s.idPath,
    ok: { status: 200, description: "The playlist", schema: s.playlistEnvelope },
  },
  updatePlaylist: {
    id: "updatePlaylist",
    method: "PATCH",
    path: "/api/v1/playlists/{id}",
    summary: "Rename a playlist, change its description or make it collaborative",
    tag: "Playlists",
    scopes: ["playlists"],
    params: s.idPath,
    body: s.updatePlaylistBody,
    ok: { status: 200, description: "The playlist", schema: s.playlistEnvelope },
  },
  deletePlaylist: {
    id: "deletePlaylist",
    method: "DELETE",
    path: "/api/v1/playlists/{id}",
    summary: "Delete a playlist (its songs stay)",
    tag: "Playlists",
    scopes: ["playlists"],
    params: s.idPath,
    ok: { status: 200, description: "Deleted", schema: s.okResponse },
  },
  addPlaylistItem: {
    id: "addPlaylistItem",
    method: "POST",
    path: "/api/v1/playlists/{id}/items",
    summary: "Add a song at the end of a playlist",
    tag: "Playlists",
    scopes: ["playlists"],
    params: s.idPath,
    body: s.addPlaylistItemBody,
    ok: { status: 200, description: "The playlist", schema: s.playlistEnvelope },
  },
  openApi: {
    id: "openApi",
    method: "GET",
    path: "/api/v1/openapi.json",
    summary: "This document (OpenAPI 3.1)",
    tag: "Reference",
    scopes: null,
    ok: { status: 200, description: "The document", contentType: "application/json" },
  },
  reference: {
    id: "reference",
    method: "GET",
    path: "/api/v1/reference",
    summary: "This document as a readable page",
    tag: "Reference",
    scopes: null,
    ok: { status: 200, description: "An HTML page", contentType: "text/html" },
  },
} as const satisfies Record<string, ApiOperation>;

export type OperationId = keyof typeof OPERATIONS;
