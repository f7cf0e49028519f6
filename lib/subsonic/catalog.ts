// What a Subsonic client browses, mapped onto Chorus (docs/subsonic.md): music folders are
// the personal library and each team; artists are the songs' creators; an album is a
// request's takes (a stack, `clips.stack_id`); a song is a finished clip the user may hear.
// Lists come from the library's own search (lib/library/search.ts) per folder; single rows
// are read through `clipsVisibleTo`. Nothing here decides who may see what.
import "server-only";

import { createHash } from "node:crypto";

import { clipsVisibleTo, playlistsVisibleTo, teamsWhere, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { searchLibrary, type LibraryQuery } from "@/lib/library/search";
import { ERROR, notFound, SubsonicError, type Body } from "@/lib/subsonic/protocol";

export type Folder = { id: number; name: string; teamSlug: string | null; teamId: string | null };

export const PERSONAL_FOLDER = 1;
/** a team's folder number: stable (from its id), an int as older clients require */
export const teamFolderId = (teamId: string) =>
  2 + parseInt(createHash("sha256").update(teamId).digest("hex").slice(0, 7), 16);

export const ALBUM = "al-";
export const ARTIST = "ar-";
export const PLAYLIST = "pl-";
/** how far an offset-paged list is walked (the library pages by keyset) */
export const MAX_WALK = 2000;

export async function foldersOf(actor: Actor): Promise<Folder[]> {
  const teams = await db.team.findMany({
    where: teamsWhere(actor, "team.view"),
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, slug: true, name: true },
  });
  return [
    { id: PERSONAL_FOLDER, name: "Personal", teamSlug: null, teamId: null },
    ...teams.map((t) => ({ id: teamFolderId(t.id), name: t.name, teamSlug: t.slug, teamId: t.id })),
  ];
}

/** The folders a request covers: `musicFolderId` (error 70 when it is not the user's) or all. */
export async function foldersFor(actor: Actor, musicFolderId: string | undefined) {
  const all = await foldersOf(actor);
  if (musicFolderId === undefined || musicFolderId === "") return all;
  const one = all.find((f) => String(f.id) === musicFolderId);
  if (!one) throw notFound("That music folder");
  return [one];
}

/** Songs Subsonic may list and play: finished, not in the trash, visible to the actor. */
const hearable = (actor: Actor): Prisma.ClipWhereInput => ({
  status: "COMPLETE",
  trashedAt: null,
  ...clipsVisibleTo(actor),
});

/** A folder's songs, as a Prisma condition (beside `hearable`). */
function inFolder(actor: Actor, folder: Folder): Prisma.ClipWhereInput {
  return folder.teamId
    ? { OR: [{ teamId: folder.teamId }, { teamShares: { some: { teamId: folder.teamId } } }] }
    : { ownerId: actor.id, teamId: null };
}

const songSelect = (actor: Actor) =>
  ({
    id: true,
    title: true,
    tags: true,
    duration: true,
    createdAt: true,
    model: true,
    ownerId: true,
    stackId: true,
    imageUrl: true,
    owner: { select: { name: true } },
    media: { where: { kind: "AUDIO" }, select: { contentType: true, byteSize: true } },
    reactions: {
      where: { userId: actor.id },
      select: { liked: true, rating: true, updatedAt: true },
    },
    plays: { where: { userId: actor.id }, select: { count: true, lastPlayedAt: true } },
  }) satisfies Prisma.ClipSelect;

type SongRow = Prisma.ClipGetPayload<{ select: ReturnType<typeof songSelect> }>;

const stackOf = (row: { id: string; stackId: string | null }) => row.stackId ?? row.id;
const nameOf = (name: string | null | undefined) => name?.trim() || "Unknown creator";
const genreOf = (tags: string) => tags.split(",")[0]?.trim() || undefined;
const suffixOf = (type: string) =>
  ({ "audio/mpeg": "mp3", "audio/wav": "wav", "audio/x-wav": "wav", "audio/flac": "flac" })[type] ??
  "mp3";

function songEntity(row: SongRow, albumName: string): Body {
  const audio = row.media[0];
  const contentType = audio?.contentType ?? "audio/mpeg";
  const reaction = row.reactions[0];
  const play = row.plays[0];
  const genre = genreOf(row.tags);
  return {
    id: row.id,
    parent: ALBUM + stackOf(row),
    isDir: false,
    title: row.title || "Untitled",
    album: albumName,
    artist: nameOf(row.owner.name),
    year: row.createdAt.getUTCFullYear(),
    genre,
    genres: genre ? [{ name: genre }] : [],
    coverArt: row.imageUrl ? row.id : undefined,
    size: audio ? Number(audio.byteSize) : undefined,
    contentType,
    suffix: suffixOf(contentType),
    duration: row.duration ? Math.round(row.duration) : 0,
    path: `${nameOf(row.owner.name)}/${albumName}/${row.title || row.id}.${suffixOf(contentType)}`,
    playCount: play?.count ?? 0,
    played: play?.lastPlayedAt.toISOString(),
    created: row.createdAt.toISOString(),
    starred: reaction?.liked ? reaction.updatedAt.toISOString() : undefined,
    userRating: reaction?.rating ?? undefined,
    albumId: ALBUM + stackOf(row),
    artistId: ARTIST + row.ownerId,
    type: "music",
    mediaType: "song",
    isVideo: false,
  };
}

/** The first hearable take of each stack: the album's name, creator and cover. */
async function albumHeads(actor: Actor, stackIds: string[]) {
  const heads = await db.clip.findMany({
    where: { AND: [hearable(actor), { stackId: { in: stackIds } }] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    distinct: ["stackId"],
    select: {
      id: true,
      stackId: true,
      title: true,
      tags: true,
      ownerId: true,
      imageUrl: true,
      createdAt: true,
      owner: { select: { name: true } },
    },
  });
  return new Map(heads.map((h) => [h.stackId!, h]));
}

/** Songs by id, in the order given, leaving out any the actor may not hear. */
export async function songsByIds(actor: Actor, ids: string[]): Promise<Body[]> {
  if (ids.length === 0) return [];
  const rows = await db.clip.findMany({
    where: { AND: [hearable(actor), { id: { in: ids } }] },
    select: songSelect(actor),
  });
  const heads = await albumHeads(actor, [...new Set(rows.map(stackOf))]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    return [songEntity(row, heads.get(stackOf(row))?.title || row.title || "Untitled")];
  });
}

export async function getSong(actor: Actor, id: string): Promise<Body> {
  const [song] = await songsByIds(actor, [id]);
  if (!song) throw notFound("That song");
  return song;
}

/** Albums (stacks) by id, in the order given, with their hearable songs counted. */
export async function albumsByStacks(actor: Actor, stackIds: string[]): Promise<Body[]> {
  if (stackIds.length === 0) return [];
  const [heads, totals] = await Promise.all([
    albumHeads(actor, stackIds),
    db.clip.groupBy({
      by: ["stackId"],
      where: { AND: [hearable(actor), { stackId: { in: stackIds } }] },
      _count: { _all: true },
      _sum: { duration: true },
    }),
  ]);
  const total = new Map(totals.map((t) => [t.stackId!, t]));
  return stackIds.flatMap((stackId) => {
    const head = heads.get(stackId);
    if (!head) return [];
    const genre = genreOf(head.tags);
    return [
      {
        id: ALBUM + stackId,
        name: head.title || "Untitled",
        artist: nameOf(head.owner.name),
        artistId: ARTIST + head.ownerId,
        coverArt: head.imageUrl ? ALBUM + stackId : undefined,
        songCount: total.get(stackId)?._count._all ?? 0,
        duration: Math.round(total.get(stackId)?._sum.duration ?? 0),
        created: head.createdAt.toISOString(),
        year: head.createdAt.getUTCFullYear(),
        genre,
        genres: genre ? [{ name: genre }] : [],
      },
    ];
  });
}

export async function getAlbum(actor: Actor, albumId: string): Promise<Body> {
  if (!albumId.startsWith(ALBUM)) throw notFound("That album");
  const stackId = albumId.slice(ALBUM.length);
  const [album] = await albumsByStacks(actor, [stackId]);
  if (!album) throw notFound("That album");
  const ids = await db.clip.findMany({
    where: { AND: [hearable(actor), { stackId }] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
    select: { id: true },
  });
  const songs = await songsByIds(
    actor,
    ids.map((r) => r.id),
  );
  return { ...album, song: songs.map((s, i) => ({ ...s, track: i + 1 })) };
}

/**
 * One folder's library list (the library's own search and sort), walked by its keyset cursor
 * until `want` rows: Subsonic pages by offset. `stacked`: each request's takes once (albums).
 */
export async function walkLibrary(
  actor: Actor,
  folder: Folder,
  query: LibraryQuery,
  want: number,
  stacked: boolean,
) {
  const rows: { id: string; stackId: string; createdAt: Date }[] = [];
  let cursor: string | undefined;
  const limit = Math.min(100, Math.max(1, want));
  while (rows.length < Math.min(want, MAX_WALK)) {
    const page = await searchLibrary({
      actor,
      query: { ...query, team: folder.teamSlug ?? undefined, cursor },
      limit,
      stacked,
    });
    rows.push(...page.clips.map((c) => ({ id: c.id, stackId: c.stackId, createdAt: c.createdAt })));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return rows.slice(0, want);
}

/** Every folder's list walked and merged (newest first when `byDate`), then one page of it. */
export async function pageAcross(options: {
  actor: Actor;
  folders: Folder[];
  query: LibraryQuery;
  offset: number;
  size: number;
  stacked: boolean;
  byDate?: boolean;
}) {
  const { actor, folders, query, offset, size, stacked } = options;
  const want = offset + size;
  if (want > MAX_WALK) return [];
  const lists = await Promise.all(folders.map((f) => walkLibrary(actor, f, query, want, stacked)));
  const merged = lists.flat();
  if (options.byDate)
    merged.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
  // a song shared into a team is listed once
  const seen = new Set<string>();
  const unique = merged.filter((r) => {
    const key = stacked ? r.stackId : r.id;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.slice(offset, offset + size);
}

/** Creators with hearable songs in these folders, with how many albums of theirs. */
export async function artistsIn(actor: Actor, folders: Folder[], nameLike?: string) {
  const where: Prisma.ClipWhereInput = {
    AND: [hearable(actor), { OR: folders.map((f) => inFolder(actor, f)) }],
  };
  const stacks = await db.clip.groupBy({ by: ["ownerId", "stackId"], where });
  const albums = new Map<string, number>();
  for (const s of stacks) albums.set(s.ownerId, (albums.get(s.ownerId) ?? 0) + 1);
  const users = await db.user.findMany({
    where: {
      id: { in: [...albums.keys()] },
      ...(nameLike ? { name: { contains: nameLike, mode: "insensitive" } } : {}),
    },
    select: { id: true, name: true },
  });
  return users
    .map((u) => ({ id: ARTIST + u.id, name: nameOf(u.name), albumCount: albums.get(u.id) ?? 0 }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function getArtist(actor: Actor, artistId: string): Promise<Body> {
  if (!artistId.startsWith(ARTIST)) throw notFound("That artist");
  const userId = artistId.slice(ARTIST.length);
  const folders = await foldersOf(actor);
  const stacks = await db.clip.groupBy({
    by: ["stackId"],
    where: {
      AND: [hearable(actor), { ownerId: userId }, { OR: folders.map((f) => inFolder(actor, f)) }],
    },
    orderBy: { stackId: "asc" },
    take: 500,
  });
  if (stacks.length === 0) throw notFound("That artist");
  const user = await db.user.findUnique({ where: { id: userId }, select: { name: true } });
  const albums = await albumsByStacks(
    actor,
    stacks.map((s) => s.stackId!),
  );
  albums.sort((a, b) => String(b.created).localeCompare(String(a.created)));
  return { id: artistId, name: nameOf(user?.name), albumCount: albums.length, album: albums };
}

/** The cover of a song, an album (its first take's) or a playlist (its first song's). */
export async function coverClipId(actor: Actor, id: string): Promise<string> {
  let clipId: string | undefined = id;
  if (id.startsWith(ALBUM)) {
    const head = (await albumHeads(actor, [id.slice(ALBUM.length)])).values().next().value;
    clipId = head?.id;
  } else if (id.startsWith(PLAYLIST)) {
    clipId = undefined;
    const item = await db.playlistItem.findFirst({
      where: {
        playlist: { id: id.slice(PLAYLIST.length), ...playlistsVisibleTo(actor) },
        clip: { ...hearable(actor), imageUrl: { not: null } },
      },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { clipId: true },
    });
    clipId = item?.clipId;
  }
  if (!clipId) throw notFound("That cover");
  return clipId;
}

export const assertHearable = async (actor: Actor, clipId: string) => {
  const found = await db.clip.count({ where: { AND: [hearable(actor), { id: clipId }] } });
  if (!found) throw notFound("That song");
};

export const badParameter = (message: string) => new SubsonicError(ERROR.GENERIC, message);
