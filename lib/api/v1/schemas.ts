// REST API v1's zod schemas: the route handlers parse with them and the OpenAPI document is
// generated from them (lib/api/v1/openapi.ts), so what is documented is what is checked. The
// request bodies of generation are lib/tasks' own schema; the library's filters are
// lib/library's. Responses are described here and checked against real answers in tests.
import { z } from "zod";

import { libraryQuerySchema } from "@/lib/library/query";
import { idParam } from "@/lib/page-input";
import { PLAYLIST_DESCRIPTION_MAX, PLAYLIST_NAME_MAX } from "@/lib/playlists/shared";
import { taskRequestSchema, TITLE_MAX } from "@/lib/tasks/requests";

// ── cursors: one opaque keyset cursor per list ──

export const LIST_LIMIT_MAX = 100;
const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(LIST_LIMIT_MAX)
  .optional()
  .meta({ description: `Items per page (1-${LIST_LIMIT_MAX}).` });
const cursor = z
  .string()
  .max(300)
  .optional()
  .meta({ description: "The `nextCursor` of the previous page." });

// ── params ──

export const idPath = z.object({ id: idParam });
export const mediaPath = z.object({
  id: idParam,
  kind: z.enum(["audio", "image", "image-large", "video"]),
});
export const assetPath = z.object({
  id: idParam,
  asset: z.string().regex(/^[a-z0-9-]{1,80}$/, "is not an attachment"),
});

// ── queries ──

export const TASK_STATUSES = [
  "SUBMITTING",
  "SUBMITTED",
  "QUEUED",
  "RUNNING",
  "SUCCEEDED",
  "FAILED",
  "TIMED_OUT",
] as const;
export const listTasksQuery = z.object({
  status: z.enum(TASK_STATUSES).optional(),
  /** a team id: that team's tasks only; absent: every task the token may see */
  teamId: idParam.optional(),
  limit,
  cursor,
});

/** The library's own filters (lib/library/query.ts), minus the page layout, plus a limit. */
export const listClipsQuery = libraryQuerySchema.omit({ view: true }).extend({ limit });

export const listPlaylistsQuery = z.object({ limit, cursor });
export const mediaQuery = z.object({
  download: z
    .enum(["1"])
    .optional()
    .meta({ description: "Send as a download (a song's file carries its tags)." }),
});

// ── bodies ──

const teamId = idParam
  .optional()
  .meta({ description: "Make it in this team (charged to its budget); a team token's own." });
/** POST /tasks: one of lib/tasks' requests, and where to make it. */
export const createTaskBody = z.intersection(taskRequestSchema, z.object({ teamId }));
/** What the handler reads itself; lib/tasks parses the rest against the providers' offer. */
export const createTaskEnvelope = z.looseObject({ teamId, operation: z.string().max(40) });

export const updateClipBody = z.object({
  title: z.string().trim().min(1).max(TITLE_MAX).optional(),
  tags: z.string().trim().max(1000).optional(),
});

export const createPlaylistBody = z.object({
  name: z.string().trim().min(1).max(PLAYLIST_NAME_MAX),
  description: z.string().trim().max(PLAYLIST_DESCRIPTION_MAX).optional(),
  teamId: idParam.optional(),
  collaborative: z.boolean().optional(),
});
export const updatePlaylistBody = z.object({
  name: z.string().trim().min(1).max(PLAYLIST_NAME_MAX).optional(),
  description: z.string().trim().max(PLAYLIST_DESCRIPTION_MAX).optional(),
  collaborative: z.boolean().optional(),
});
export const addPlaylistItemBody = z.object({ clipId: idParam });

// ── responses ──

const date = z.string().meta({ format: "date-time" });
const nullableDate = date.nullable();

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .meta({ id: "Error" });

export const taskResponse = z
  .looseObject({
    id: z.string(),
    operation: z.string(),
    status: z.enum(TASK_STATUSES),
    progress: z.number().nullable(),
    failReason: z.string().nullable(),
    cost: z.number(),
    teamId: z.string().nullable(),
    sourceClipId: z.string().nullable(),
    createdAt: date,
    finishedAt: nullableDate,
    asked: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    clips: z.array(
      z.looseObject({
        id: z.string(),
        title: z.string(),
        status: z.string(),
        duration: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: "Task" });

export const clipSummary = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    tags: z.string(),
    duration: z.number().nullable(),
    model: z.string().nullable(),
    isInstrumental: z.boolean(),
    archived: z.boolean(),
    createdAt: date,
    creator: z.string().nullable(),
    taskId: z.string().nullable(),
  })
  .meta({ id: "ClipSummary" });

export const clipResponse = z
  .looseObject({
    id: z.string(),
    title: z.string(),
    tags: z.string(),
    lyrics: z.string().nullable(),
    model: z.string().nullable(),
    duration: z.number().nullable(),
    status: z.string(),
    trashedAt: nullableDate,
    createdAt: date,
    team: z.object({ id: z.string(), name: z.string() }).nullable(),
    /** lineage: what it came from and what was made from it */
    parentClip: z.looseObject({ id: z.string(), title: z.string() }).nullable(),
    children: z.array(z.looseObject({ id: z.string(), title: z.string() })),
    wholeSongs: z.array(z.object({ id: z.string(), title: z.string() })),
    /** attachments (WAV, stems, video, covers), each downloadable from /assets/{kind} */
    assets: z.array(
      z.looseObject({ kind: z.string(), contentType: z.string().nullable(), url: z.string() }),
    ),
    media: z.object({ audio: z.string(), image: z.string(), video: z.string() }),
  })
  .meta({ id: "Clip" });

export const playlistSummary = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    collaborative: z.boolean(),
    team: z.object({ id: z.string(), name: z.string(), slug: z.string() }).nullable(),
    songs: z.number(),
    updatedAt: date,
  })
  .meta({ id: "PlaylistSummary" });

export const playlistResponse = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    collaborative: z.boolean(),
    items: z.array(
      z.looseObject({ id: z.string(), clip: z.looseObject({ id: z.string(), title: z.string() }) }),
    ),
  })
  .meta({ id: "Playlist" });

const nextCursor = z.string().nullable();
export const taskPage = z.object({ tasks: z.array(taskResponse), nextCursor });
export const clipPage = z.object({ clips: z.array(clipSummary), nextCursor });
export const playlistPage = z.object({ playlists: z.array(playlistSummary), nextCursor });
export const taskEnvelope = z.object({ task: taskResponse });
export const clipEnvelope = z.object({ clip: clipResponse });
export const playlistEnvelope = z.object({ playlist: playlistResponse });
export const okResponse = z.object({ ok: z.literal(true) });
export const tokenInfo = z.object({
  token: z.object({
    id: z.string(),
    scopes: z.array(z.string()),
    user: z.object({ id: z.string(), name: z.string().nullable() }),
    team: z.object({ id: z.string(), slug: z.string(), name: z.string() }).nullable(),
  }),
});

// ── headers ──

export const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x20-\x7e]+$/, "must be printable ASCII");
export const rangeHeader = z.string().max(200);
