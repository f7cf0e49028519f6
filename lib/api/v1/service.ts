// What REST v1's routes do, on the same lib/ functions as the server actions: lib/tasks'
// submitTask, lib/library's search and clip changes, lib/playlists. The one thing added here
// is a team token's reach: it acts as its maker inside its team only, so every read and
// change below is first narrowed to that team (a row outside it is not found).
import "server-only";

import { createHash, randomUUID } from "node:crypto";

import type { z } from "zod";

import type { ApiPrincipal } from "@/lib/api-tokens/tokens";
import type * as s from "@/lib/api/v1/schemas";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getClipPage, renameClip, restoreClip, trashClip } from "@/lib/library/clips";
import { getClipStudio } from "@/lib/library/derivatives";
import { decodeCursor, encodeCursor } from "@/lib/library/query";
import { searchLibrary } from "@/lib/library/search";
import {
  addToPlaylist,
  createPlaylist,
  deletePlaylist,
  getPlaylist,
  listPlaylists,
  updatePlaylist,
} from "@/lib/playlists/playlists";
import { getTaskForViewer, listTasksPage } from "@/lib/tasks/queries";
import { submitTask } from "@/lib/tasks/submit";

const NOT_FOUND = "That does not exist, or this token cannot reach it.";

/** The workspace a request acts in: a team token's team always; a personal token's choice. */
export function workspaceOf(principal: ApiPrincipal, teamId: string | undefined): string | null {
  if (!principal.team) return teamId ?? null;
  if (teamId && teamId !== principal.team.id)
    throw new AppError("FORBIDDEN", "A team token acts only in its own team.", {
      fieldErrors: { teamId: ["A team token acts only in its own team."] },
    });
  return principal.team.id;
}

/** A team token reaches its team's clips (and, to read, the ones shared into it). */
async function assertClipReachable(principal: ApiPrincipal, clipId: string, write = false) {
  const team = principal.team;
  if (!team) return;
  const found = await db.clip.count({
    where: {
      id: clipId,
      OR: write
        ? [{ teamId: team.id }]
        : [{ teamId: team.id }, { teamShares: { some: { teamId: team.id } } }],
    },
  });
  if (!found) throw new AppError("NOT_FOUND", NOT_FOUND);
}

async function assertPlaylistReachable(principal: ApiPrincipal, playlistId: string) {
  const team = principal.team;
  if (!team) return;
  const found = await db.playlist.count({ where: { id: playlistId, teamId: team.id } });
  if (!found) throw new AppError("NOT_FOUND", NOT_FOUND);
}

// ── tasks ──

/**
 * The stored key of an `Idempotency-Key`: per token (two tokens, or a token and the web
 * forms, never share keys), hashed so any printable header fits lib/tasks' key format.
 */
export function storedIdempotencyKey(tokenId: string, key: string | null): string {
  if (!key) return `api-${randomUUID()}`;
  const hash = createHash("sha256").update(`${tokenId}\u0000${key}`).digest("base64url");
  return `api-${hash.slice(0, 43)}`;
}

export async function createTaskViaApi(options: {
  principal: ApiPrincipal;
  body: z.output<typeof s.createTaskEnvelope>;
  idempotencyKey: string | null;
}) {
  const { principal, idempotencyKey } = options;
  const { teamId: requested, ...input } = options.body;
  const teamId = workspaceOf(principal, requested);
  if (typeof input.clipId === "string") await assertClipReachable(principal, input.clipId, true);
  const key = storedIdempotencyKey(principal.tokenId, idempotencyKey);
  const seen = await db.task.count({
    where: { ownerId: principal.user.id, idempotencyKey: key },
  });
  const task = await submitTask({ actor: principal.user, teamId, idempotencyKey: key, input });
  const view = await getTaskForViewer({ viewer: principal.user, taskId: task.id });
  if (!view) throw new AppError("NOT_FOUND", NOT_FOUND);
  return { task: view, replayed: seen > 0 };
}

export async function listTasksViaApi(options: {
  principal: ApiPrincipal;
  query: z.output<typeof s.listTasksQuery>;
}) {
  const { principal, query } = options;
  const cursor = decodeCursor(query.cursor);
  if (query.cursor && (!cursor || typeof cursor.v !== "string"))
    throw new AppError("BAD_REQUEST", "That cursor is not a page of this list.", {
      fieldErrors: { cursor: ["is not a page of this list"] },
    });
  const teamId = principal.team ? workspaceOf(principal, query.teamId)! : query.teamId;
  const limit = query.limit ?? 25;
  const { tasks, more } = await listTasksPage({
    viewer: principal.user,
    teamId,
    status: query.status,
    limit,
    cursor: cursor ? { createdAt: new Date(String(cursor.v)), id: cursor.id } : null,
  });
  const last = tasks.at(-1);
  return {
    tasks,
    nextCursor:
      more && last ? encodeCursor({ v: last.createdAt.toISOString(), id: last.id }) : null,
  };
}

export async function getTaskViaApi({
  principal,
  taskId,
}: {
  principal: ApiPrincipal;
  taskId: string;
}) {
  const task = await getTaskForViewer({ viewer: principal.user, taskId });
  if (!task || (principal.team && task.teamId !== principal.team.id))
    throw new AppError("NOT_FOUND", NOT_FOUND);
  return task;
}

// ── clips ──

export async function listClipsViaApi(options: {
  principal: ApiPrincipal;
  query: z.output<typeof s.listClipsQuery>;
}) {
  const { principal } = options;
  const { limit, ...query } = options.query;
  if (principal.team && query.team && query.team !== principal.team.slug)
    throw new AppError("NOT_FOUND", NOT_FOUND);
  const team = principal.team ? principal.team.slug : query.team;
  const page = await searchLibrary({
    actor: principal.user,
    query: { ...query, team },
    limit,
    // an API lists every song; the library's stacks of takes are a view
    stacked: false,
  });
  return { clips: page.clips, nextCursor: page.nextCursor };
}

export async function getClipViaApi({
  principal,
  clipId,
}: {
  principal: ApiPrincipal;
  clipId: string;
}) {
  await assertClipReachable(principal, clipId);
  const [clip, studio] = await Promise.all([
    getClipPage({ actor: principal.user, clipId }),
    getClipStudio({ actor: principal.user, clipId }),
  ]);
  if (!clip) throw new AppError("NOT_FOUND", NOT_FOUND);
  const base = `/api/v1/clips/${clip.id}`;
  return {
    id: clip.id,
    title: clip.title,
    tags: clip.tags,
    negativeTags: clip.negativeTags,
    lyrics: clip.lyrics,
    description: clip.description,
    model: clip.model,
    duration: clip.duration,
    status: clip.status,
    isInstrumental: clip.isInstrumental,
    archived: clip.archiveStatus === "ARCHIVED",
    trashedAt: clip.trashedAt,
    createdAt: clip.createdAt,
    completedAt: clip.completedAt,
    creator: clip.owner.name,
    team: clip.team,
    taskId: clip.task?.id ?? null,
    operation: clip.task?.operation ?? null,
    continueAt: clip.continueAt,
    parentClip: clip.parentClip
      ? { id: clip.parentClip.id, title: clip.parentClip.title, model: clip.parentClip.model }
      : null,
    children: clip.children.map((c) => ({
      id: c.id,
      title: c.title,
      continueAt: c.continueAt,
      status: c.status,
      operation: c.task?.operation ?? null,
    })),
    wholeSongs: clip.wholeSongs,
    reactions: clip.reactions,
    canManage: clip.canManage,
    assets: (studio?.assets ?? []).map((a) => ({
      kind: a.kind,
      contentType: a.contentType,
      byteSize: a.byteSize,
      archiveStatus: a.archiveStatus,
      url: `${base}/assets/${a.kind}`,
    })),
    media: {
      audio: `${base}/media/audio`,
      image: `${base}/media/image`,
      video: `${base}/media/video`,
    },
  };
}

export async function updateClipViaApi(options: {
  principal: ApiPrincipal;
  clipId: string;
  change: z.output<typeof s.updateClipBody>;
}) {
  const { principal, clipId, change } = options;
  await assertClipReachable(principal, clipId, true);
  const current = await getClipPage({ actor: principal.user, clipId });
  if (!current) throw new AppError("NOT_FOUND", NOT_FOUND);
  await renameClip({
    actor: principal.user,
    clipId,
    title: change.title ?? current.title,
    tags: change.tags ?? current.tags,
  });
  return getClipViaApi({ principal, clipId });
}

export async function trashClipViaApi(options: {
  principal: ApiPrincipal;
  clipId: string;
  restore?: boolean;
}) {
  const { principal, clipId } = options;
  await assertClipReachable(principal, clipId, true);
  if (options.restore) await restoreClip({ actor: principal.user, clipId });
  else await trashClip({ actor: principal.user, clipId });
}

/** Before a file is served: the team token's reach (the file route checks the rest). */
export const assertClipFileReachable = (principal: ApiPrincipal, clipId: string) =>
  assertClipReachable(principal, clipId);

// ── playlists ──

export async function listPlaylistsViaApi(options: {
  principal: ApiPrincipal;
  query: z.output<typeof s.listPlaylistsQuery>;
}) {
  const { principal, query } = options;
  const cursor = decodeCursor(query.cursor);
  if (query.cursor && (!cursor || typeof cursor.v !== "string"))
    throw new AppError("BAD_REQUEST", "That cursor is not a page of this list.", {
      fieldErrors: { cursor: ["is not a page of this list"] },
    });
  const limit = query.limit ?? 25;
  // listPlaylists answers in (updatedAt desc, id desc) order: the keyset continues from there
  const all = (await listPlaylists({ actor: principal.user })).filter(
    (p) => !principal.team || p.team?.id === principal.team.id,
  );
  const after = cursor
    ? all.filter((p) => {
        const at = p.updatedAt.toISOString();
        return at < String(cursor.v) || (at === String(cursor.v) && p.id < cursor.id);
      })
    : all;
  const playlists = after.slice(0, limit);
  const last = playlists.at(-1);
  return {
    playlists,
    nextCursor:
      after.length > limit && last
        ? encodeCursor({ v: last.updatedAt.toISOString(), id: last.id })
        : null,
  };
}

export async function getPlaylistViaApi(options: { principal: ApiPrincipal; playlistId: string }) {
  const { principal, playlistId } = options;
  await assertPlaylistReachable(principal, playlistId);
  const playlist = await getPlaylist({ actor: principal.user, playlistId });
  if (!playlist) throw new AppError("NOT_FOUND", NOT_FOUND);
  const { ownerId: _owner, ...rest } = playlist;
  return rest;
}

export async function createPlaylistViaApi(options: {
  principal: ApiPrincipal;
  body: z.output<typeof s.createPlaylistBody>;
}) {
  const { principal, body } = options;
  const teamId = workspaceOf(principal, body.teamId);
  const { id } = await createPlaylist({
    actor: principal.user,
    name: body.name,
    description: body.description,
    collaborative: body.collaborative,
    teamId: teamId ?? undefined,
  });
  return getPlaylistViaApi({ principal, playlistId: id });
}

export async function updatePlaylistViaApi(options: {
  principal: ApiPrincipal;
  playlistId: string;
  change: z.output<typeof s.updatePlaylistBody>;
}) {
  const { principal, playlistId, change } = options;
  const current = await getPlaylistViaApi({ principal, playlistId });
  await updatePlaylist({
    actor: principal.user,
    playlistId,
    name: change.name ?? current.name,
    description: change.description ?? current.description,
    collaborative: change.collaborative ?? current.collaborative,
  });
  return getPlaylistViaApi({ principal, playlistId });
}

export async function deletePlaylistViaApi(options: {
  principal: ApiPrincipal;
  playlistId: string;
}) {
  await assertPlaylistReachable(options.principal, options.playlistId);
  await deletePlaylist({ actor: options.principal.user, playlistId: options.playlistId });
}

export async function addPlaylistItemViaApi(options: {
  principal: ApiPrincipal;
  playlistId: string;
  clipId: string;
}) {
  const { principal, playlistId, clipId } = options;
  await assertPlaylistReachable(principal, playlistId);
  await addToPlaylist({ actor: principal.user, playlistId, clipId });
  return getPlaylistViaApi({ principal, playlistId });
}
