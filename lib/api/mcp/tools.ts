// The MCP server's tools (issue 19, item 5), as data: each is one REST v1 operation, so it
// needs that operation's scopes, and its input schema is built from REST v1's own zod schemas
// (and lib/tasks' request schemas for making a song). lib/api/mcp/server.ts runs them; the
// authorization matrix reads the scopes from here. No `server-only`: tests import it.
import { z } from "zod";

import type { Scope } from "@/lib/api-tokens/shared";
import { OPERATIONS } from "@/lib/api/v1/operations";
import * as s from "@/lib/api/v1/schemas";
import { taskRequestSchemaFor } from "@/lib/tasks/requests";

/** The offer a request is checked against (lib/tasks: the configured providers' offer). */
export type Offer = Parameters<typeof taskRequestSchemaFor>[0];

/** The requests that make a song; the other operations are REST v1's (POST /api/v1/tasks). */
export const SONG_OPERATIONS = ["CUSTOM_SONG", "INSTRUMENTAL", "DESCRIPTION_SONG"] as const;

/** lib/tasks' own schemas of the three song requests, against an offer. */
export function songRequestSchema(offer: Offer) {
  const all = taskRequestSchemaFor(offer).options;
  const songs = all.filter((option) =>
    (SONG_OPERATIONS as readonly string[]).includes(option.shape.operation.value),
  ) as unknown as [(typeof all)[0], (typeof all)[1], (typeof all)[2]];
  if (songs.length !== SONG_OPERATIONS.length) throw new Error("a song request is missing");
  return z.discriminatedUnion("operation", songs);
}

const id = s.idPath.shape.id;

/** What each tool takes. Unknown arguments are refused, as REST v1 refuses unknown parameters. */
export function toolInputSchemas(offer: Offer) {
  return {
    generate_song: z
      .object({
        request: songRequestSchema(offer).meta({
          description:
            "One song request, by `operation`: CUSTOM_SONG (your lyrics, style `tags`, " +
            "`title`), INSTRUMENTAL (`tags`, `title`) or DESCRIPTION_SONG (a `description`).",
        }),
        teamId: s.createTaskEnvelope.shape.teamId,
        idempotencyKey: s.idempotencyKeyHeader.optional().meta({
          description: "The same key from the same token returns the first call's task.",
        }),
      })
      .strict(),
    check_task: z.object({ id: id.meta({ description: "The task's id." }) }).strict(),
    search_library: s.listClipsQuery.strict(),
    get_lyrics: z.object({ id: id.meta({ description: "The song's (clip's) id." }) }).strict(),
    list_playlists: s.listPlaylistsQuery.strict(),
    add_to_playlist: s.addPlaylistItemBody
      .extend({ playlistId: id.meta({ description: "The playlist's id." }) })
      .strict(),
  };
}

export type ToolName = keyof ReturnType<typeof toolInputSchemas>;

type ToolInfo = { title: string; description: string; scopes: readonly Scope[]; readOnly: boolean };

/** Each tool's REST v1 twin decides the scopes it needs. */
export const MCP_TOOLS: Record<ToolName, ToolInfo> = {
  generate_song: {
    title: "Generate a song",
    description:
      "Start making a song (spends credits; two songs per request on most models). Answers " +
      "the task at once: follow it with check_task until it is SUCCEEDED (its clips are the " +
      "songs), FAILED (refunded) or TIMED_OUT. In a team with a personal token, pass teamId.",
    scopes: OPERATIONS.createTask.scopes,
    readOnly: false,
  },
  check_task: {
    title: "Check a task",
    description:
      "A task's status (SUBMITTING, SUBMITTED, QUEUED, RUNNING, SUCCEEDED, FAILED, " +
      "TIMED_OUT), progress, failure reason and the songs it made.",
    scopes: OPERATIONS.getTask.scopes,
    readOnly: true,
  },
  search_library: {
    title: "Search the library",
    description:
      "Songs, newest first, with the library's filters: `q` is full-text search " +
      '("phrases", OR, -exclude) with typo tolerance on titles; `team` is a team\'s address. ' +
      "Pass `nextCursor` back as `cursor` for the next page.",
    scopes: OPERATIONS.listClips.scopes,
    readOnly: true,
  },
  get_lyrics: {
    title: "Get a song's lyrics",
    description: "A song's title, style and lyrics (null for an instrumental).",
    scopes: OPERATIONS.getClip.scopes,
    readOnly: true,
  },
  list_playlists: {
    title: "List playlists",
    description: "Playlists, most recently changed first, with their ids and song counts.",
    scopes: OPERATIONS.listPlaylists.scopes,
    readOnly: true,
  },
  add_to_playlist: {
    title: "Add a song to a playlist",
    description: "Adds a song at the end of a playlist and answers the playlist.",
    scopes: OPERATIONS.addPlaylistItem.scopes,
    readOnly: false,
  },
};
