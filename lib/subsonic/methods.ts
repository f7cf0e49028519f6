// The OpenSubsonic methods Chorus answers (docs/subsonic.md lists them), each on the same
// lib/ functions as the web app: the library's search, reactions, playlists, media serving
// (Range) and play counts. A method gets the signed-in user and the parameters; it returns
// the response's body (or, for files, a Response).
import "server-only";

import { z } from "zod";

import { listPlays, recordPlay } from "@/lib/library/plays";
import { getClipLyrics } from "@/lib/library/queries";
import { setReaction } from "@/lib/library/reactions";
import type { LibraryQuery } from "@/lib/library/search";
import { syncedLines } from "@/lib/library/synced-lyrics";
import { serveClipMedia } from "@/lib/media/serve";
import {
  addToPlaylist,
  createPlaylist,
  deletePlaylist,
  getPlaylist,
  listPlaylists,
  removeFromPlaylist,
  updatePlaylist,
  type PlaylistSummary,
} from "@/lib/playlists/playlists";
import type { SubsonicUser } from "@/lib/subsonic/app-passwords";
import {
  ALBUM,
  albumsByStacks,
  artistsIn,
  assertHearable,
  badParameter,
  coverClipId,
  foldersFor,
  foldersOf,
  getAlbum,
  getArtist,
  getSong,
  pageAcross,
  PLAYLIST,
  songsByIds,
} from "@/lib/subsonic/catalog";
import { ERROR, notFound, SubsonicError, type Body, type Params } from "@/lib/subsonic/protocol";

export type MethodArgs = { user: SubsonicUser; params: Params; req: Request };
type Method = (args: MethodArgs) => Promise<Body | Response>;

/** An id as Chorus writes them; anything else cannot exist (error 70, never reaching SQL). */
const idSchema = z.string().regex(/^[\w-]{1,80}$/);
function idOf(params: Params, name = "id"): string {
  const parsed = idSchema.safeParse(params.need(name));
  if (!parsed.success) throw notFound();
  return parsed.data;
}
function idsOf(params: Params, name: string): string[] {
  return params.all(name).map((value) => {
    const parsed = idSchema.safeParse(value);
    if (!parsed.success) throw notFound();
    return parsed.data;
  });
}
const yearSchema = z.coerce.number().int().min(1900).max(9999);
function yearOf(params: Params, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === undefined || raw === "") return undefined;
  const parsed = yearSchema.safeParse(raw);
  if (!parsed.success) throw badParameter(`Parameter ${name} must be a year.`);
  return parsed.data;
}

const shuffle = <T>(list: T[]) => {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
};

// ── lists ──

const ALBUM_LIST_TYPES = [
  "random",
  "newest",
  "highest",
  "frequent",
  "recent",
  "alphabeticalByName",
  "alphabeticalByArtist",
  "starred",
  "byYear",
  "byGenre",
] as const;

async function albumList2({ user, params }: MethodArgs): Promise<Body> {
  const type = z.enum(ALBUM_LIST_TYPES).safeParse(params.need("type"));
  if (!type.success) throw badParameter(`Unknown album list type: ${params.get("type")}`);
  const size = params.int("size", 10, 0, 500);
  const offset = params.int("offset", 0, 0, 100_000);
  const folders = await foldersFor(user, params.get("musicFolderId"));
  let stacks: string[];
  if (type.data === "frequent" || type.data === "recent") {
    const ids = await listPlays({
      actor: user,
      order: type.data === "frequent" ? "count" : "recent",
      take: 2000,
    });
    const songs = await songsByIds(user, ids);
    stacks = [...new Set(songs.map((s) => String(s.albumId).slice(ALBUM.length)))].slice(
      offset,
      offset + size,
    );
  } else {
    const query: LibraryQuery = { sort: "newest" };
    if (type.data === "highest") query.sort = "rated";
    if (type.data === "starred") query.liked = "me";
    if (type.data === "byGenre") query.q = params.need("genre");
    if (type.data === "byYear") {
      const from = yearOf(params, "fromYear") ?? 1900;
      const to = yearOf(params, "toYear") ?? 9999;
      query.from = `${Math.min(from, to)}-01-01`;
      query.to = `${Math.max(from, to)}-12-31`;
      if (from > to) query.sort = "newest";
      else query.sort = "oldest";
    }
    // lists the library cannot sort by are read whole (up to 500 albums) and sorted here
    const whole = ["random", "alphabeticalByName", "alphabeticalByArtist"].includes(type.data);
    const rows = await pageAcross({
      actor: user,
      folders,
      query,
      offset: whole ? 0 : offset,
      size: whole ? 500 : size,
      stacked: true,
      byDate: query.sort === "newest",
    });
    stacks = rows.map((r) => r.stackId);
    if (whole) {
      let albums = await albumsByStacks(user, stacks);
      if (type.data === "random") albums = shuffle(albums);
      else {
        const key = type.data === "alphabeticalByName" ? "name" : "artist";
        albums.sort(
          (a, b) =>
            String(a[key]).localeCompare(String(b[key])) ||
            String(a.name).localeCompare(String(b.name)),
        );
      }
      return { albumList2: { album: albums.slice(offset, offset + size) } };
    }
  }
  return { albumList2: { album: await albumsByStacks(user, stacks) } };
}

async function search3({ user, params }: MethodArgs): Promise<Body> {
  // clients send "" (or two quotes) to list everything
  const raw = (params.get("query") ?? "")
    .trim()
    .replace(/^"(.*)"$/, "$1")
    .trim();
  if (raw.length > 200) throw badParameter("The query is longer than 200 characters.");
  const q = raw || undefined;
  const folders = await foldersFor(user, params.get("musicFolderId"));
  const count = (name: string) => params.int(`${name}Count`, 20, 0, 500);
  const offset = (name: string) => params.int(`${name}Offset`, 0, 0, 100_000);
  const query: LibraryQuery = q ? { q } : { sort: "newest" };
  const [songRows, albumRows, artists] = await Promise.all([
    count("song") === 0
      ? []
      : pageAcross({
          actor: user,
          folders,
          query,
          offset: offset("song"),
          size: count("song"),
          stacked: false,
          byDate: !q,
        }),
    count("album") === 0
      ? []
      : pageAcross({
          actor: user,
          folders,
          query,
          offset: offset("album"),
          size: count("album"),
          stacked: true,
          byDate: !q,
        }),
    count("artist") === 0 ? [] : artistsIn(user, folders, q),
  ]);
  return {
    searchResult3: {
      artist: artists.slice(offset("artist"), offset("artist") + count("artist")),
      album: await albumsByStacks(
        user,
        albumRows.map((r) => r.stackId),
      ),
      song: await songsByIds(
        user,
        songRows.map((r) => r.id),
      ),
    },
  };
}

async function randomSongs({ user, params }: MethodArgs): Promise<Body> {
  const size = params.int("size", 10, 0, 500);
  const folders = await foldersFor(user, params.get("musicFolderId"));
  const rows = await pageAcross({
    actor: user,
    folders,
    query: { sort: "newest" },
    offset: 0,
    size: 500,
    stacked: false,
  });
  const ids = shuffle(rows.map((r) => r.id)).slice(0, size);
  return { randomSongs: { song: await songsByIds(user, ids) } };
}

async function starred2({ user, params }: MethodArgs): Promise<Body> {
  const folders = await foldersFor(user, params.get("musicFolderId"));
  const rows = await pageAcross({
    actor: user,
    folders,
    query: { liked: "me", sort: "newest" },
    offset: 0,
    size: 500,
    stacked: false,
    byDate: true,
  });
  return {
    starred2: {
      artist: [],
      album: [],
      song: await songsByIds(
        user,
        rows.map((r) => r.id),
      ),
    },
  };
}

// ── playlists ──

function playlistEntity(p: PlaylistSummary): Body {
  return {
    id: PLAYLIST + p.id,
    name: p.name,
    comment: p.description || undefined,
    owner: p.owner ?? "Unknown",
    public: p.team !== null,
    songCount: p.songs,
    duration: Math.round(p.seconds),
    created: p.updatedAt.toISOString(),
    changed: p.updatedAt.toISOString(),
    coverArt: p.covers.length ? PLAYLIST + p.id : undefined,
    readonly: p.smart,
  };
}

const playlistIdOf = (params: Params, name: string) => {
  const id = idOf(params, name);
  if (!id.startsWith(PLAYLIST)) throw notFound("That playlist");
  return id.slice(PLAYLIST.length);
};

async function playlistBody(user: SubsonicUser, playlistId: string): Promise<Body> {
  const [playlist, summaries] = await Promise.all([
    getPlaylist({ actor: user, playlistId }),
    listPlaylists({ actor: user }),
  ]);
  if (!playlist) throw notFound("That playlist");
  const summary = summaries.find((p) => p.id === playlistId);
  const songs = await songsByIds(
    user,
    playlist.items.map((i) => i.clip.id),
  );
  return {
    ...(summary ? playlistEntity(summary) : { id: PLAYLIST + playlist.id }),
    name: playlist.name,
    songCount: songs.length,
    entry: songs,
  };
}

async function playlists({ user }: MethodArgs): Promise<Body> {
  const all = await listPlaylists({ actor: user });
  return { playlists: { playlist: all.map((p) => playlistEntity(p)) } };
}

async function replaceSongs(user: SubsonicUser, playlistId: string, songIds: string[]) {
  const current = await getPlaylist({ actor: user, playlistId });
  if (!current) throw notFound("That playlist");
  for (const item of current.items)
    await removeFromPlaylist({ actor: user, playlistId, itemId: item.id });
  for (const clipId of songIds) await addToPlaylist({ actor: user, playlistId, clipId });
}

async function createPlaylistMethod({ user, params }: MethodArgs): Promise<Body> {
  const songIds = idsOf(params, "songId");
  // every song first, so a refused one makes nothing
  for (const clipId of songIds) await assertHearable(user, clipId);
  if (params.get("playlistId")) {
    const playlistId = playlistIdOf(params, "playlistId");
    await replaceSongs(user, playlistId, songIds);
    return { playlist: await playlistBody(user, playlistId) };
  }
  const name = z.string().trim().min(1).max(120).safeParse(params.need("name"));
  if (!name.success) throw badParameter("A playlist's name is 1 to 120 characters.");
  const { id } = await createPlaylist({ actor: user, name: name.data });
  for (const clipId of songIds) await addToPlaylist({ actor: user, playlistId: id, clipId });
  return { playlist: await playlistBody(user, id) };
}

async function updatePlaylistMethod({ user, params }: MethodArgs): Promise<Body> {
  const playlistId = playlistIdOf(params, "playlistId");
  const current = await getPlaylist({ actor: user, playlistId });
  if (!current) throw notFound("That playlist");
  const name = params.get("name");
  const comment = params.get("comment");
  const rename =
    name !== undefined || comment !== undefined
      ? z
          .object({ name: z.string().trim().min(1).max(120), comment: z.string().max(2000) })
          .safeParse({ name: name ?? current.name, comment: comment ?? current.description })
      : null;
  if (rename && !rename.success) throw badParameter("A playlist's name is 1 to 120 characters.");
  const remove = params.all("songIndexToRemove").map((raw) => {
    const index = z.coerce.number().int().min(0).max(10_000).safeParse(raw);
    if (!index.success || !current.items[index.data])
      throw badParameter(`There is no song at index ${raw}.`);
    return current.items[index.data]!.id;
  });
  // additions first (the playlist's own rule refuses a song it may not take), so a refused
  // song leaves the rest unchanged; indexes name the songs as they were before
  for (const clipId of idsOf(params, "songIdToAdd"))
    await addToPlaylist({ actor: user, playlistId, clipId });
  for (const itemId of new Set(remove))
    await removeFromPlaylist({ actor: user, playlistId, itemId });
  if (rename?.success)
    await updatePlaylist({
      actor: user,
      playlistId,
      name: rename.data.name,
      description: rename.data.comment,
      collaborative: current.collaborative,
    });
  return {};
}

async function deletePlaylistMethod({ user, params }: MethodArgs): Promise<Body> {
  await deletePlaylist({ actor: user, playlistId: playlistIdOf(params, "id") });
  return {};
}

// ── annotation ──

function songIdsForReaction(params: Params): string[] {
  if (params.all("albumId").length || params.all("artistId").length)
    throw new SubsonicError(
      ERROR.GENERIC,
      "Chorus stars songs only (each member's own like); star the album's songs instead.",
    );
  const ids = idsOf(params, "id");
  if (ids.length === 0) throw new SubsonicError(ERROR.MISSING, "Required parameter is missing: id");
  return ids;
}

const starMethod =
  (liked: boolean): Method =>
  async ({ user, params }) => {
    const ids = songIdsForReaction(params);
    for (const clipId of ids) await assertHearable(user, clipId);
    for (const clipId of ids) await setReaction({ actor: user, clipId, liked });
    return {};
  };

async function setRating({ user, params }: MethodArgs): Promise<Body> {
  const clipId = idOf(params);
  const rating = z.coerce.number().int().min(0).max(5).safeParse(params.need("rating"));
  if (!rating.success) throw badParameter("A rating is 0 (none) to 5.");
  await assertHearable(user, clipId);
  await setReaction({ actor: user, clipId, rating: rating.data === 0 ? null : rating.data });
  return {};
}

async function scrobble({ user, params }: MethodArgs): Promise<Body> {
  const ids = idsOf(params, "id");
  if (ids.length === 0) throw new SubsonicError(ERROR.MISSING, "Required parameter is missing: id");
  const submission = params.get("submission") !== "false";
  const times = params.all("time");
  for (const clipId of ids) await assertHearable(user, clipId);
  // "now playing" (submission=false) is not kept
  if (submission)
    for (const [i, clipId] of ids.entries()) {
      const ms = Number(times[i]);
      const at =
        Number.isFinite(ms) && ms > 0 && ms <= Date.now() + 60_000 ? new Date(ms) : new Date();
      await recordPlay({ actor: user, clipId, at });
    }
  return {};
}

// ── media ──

async function media({ user, params, req }: MethodArgs, download: boolean): Promise<Response> {
  const clipId = idOf(params);
  await assertHearable(user, clipId);
  const response = await serveClipMedia({
    access: { actor: user },
    clipId,
    slug: "audio",
    range: req.headers.get("range"),
    ifNoneMatch: req.headers.get("if-none-match"),
    download,
  });
  if (response.status === 404) throw notFound("That song's audio");
  return response;
}

async function coverArt({ user, params, req }: MethodArgs): Promise<Response> {
  const clipId = await coverClipId(user, idOf(params));
  const size = params.int("size", 0, 0, 10_000);
  // no resizing: the small cover for thumbnails, the large one otherwise (where it exists)
  const slugs = size > 0 && size <= 300 ? ["image", "image-large"] : ["image-large", "image"];
  for (const slug of slugs) {
    const response = await serveClipMedia({
      access: { actor: user },
      clipId,
      slug,
      range: req.headers.get("range"),
      ifNoneMatch: req.headers.get("if-none-match"),
    });
    if (response.status !== 404) return response;
  }
  throw notFound("That cover");
}

async function lyricsBySongId({ user, params }: MethodArgs): Promise<Body> {
  const clipId = idOf(params);
  const song = await getSong(user, clipId);
  const lyrics = await getClipLyrics({ actor: user, clipId });
  if (!lyrics) throw notFound("That song");
  const base = {
    displayArtist: song.artist,
    displayTitle: song.title,
    lang: "xxx",
    offset: 0,
  };
  if (lyrics.words)
    return {
      lyricsList: {
        structuredLyrics: [
          {
            ...base,
            synced: true,
            line: syncedLines(lyrics.words).map((line) => ({
              start: Math.round(line.startS * 1000),
              value: line.words.map((w) => w.word).join(" "),
            })),
          },
        ],
      },
    };
  const lines = (lyrics.lyrics ?? "")
    .split("\n")
    .map((l) => l.replace(/\[[^\]]*\]/g, "").trim())
    .filter(Boolean);
  return {
    lyricsList: {
      structuredLyrics: lines.length
        ? [{ ...base, synced: false, line: lines.map((value) => ({ value })) }]
        : [],
    },
  };
}

// ── the table ──

export const EXTENSIONS = [
  { name: "apiKeyAuthentication", versions: [1] },
  { name: "formPost", versions: [1] },
  { name: "songLyrics", versions: [1] },
];

/** Methods that answer without signing in (the spec requires it of this one). */
export const PUBLIC_METHODS = new Set(["getOpenSubsonicExtensions"]);

export const METHODS: Record<string, Method> = {
  ping: async () => ({}),
  getLicense: async () => ({ license: { valid: true } }),
  getOpenSubsonicExtensions: async () => ({ openSubsonicExtensions: EXTENSIONS }),
  getUser: async ({ user, params }) => {
    const asked = params.get("username");
    if (asked && asked.toLowerCase() !== user.email?.toLowerCase())
      throw new SubsonicError(ERROR.NOT_AUTHORIZED, "You may read only your own user.");
    const folders = await foldersOf(user);
    return {
      user: {
        username: user.email ?? user.id,
        email: user.email ?? undefined,
        scrobblingEnabled: true,
        adminRole: false,
        settingsRole: false,
        downloadRole: true,
        uploadRole: false,
        playlistRole: true,
        coverArtRole: true,
        commentRole: false,
        podcastRole: false,
        streamRole: true,
        jukeboxRole: false,
        shareRole: false,
        folder: folders.map((f) => f.id),
      },
    };
  },
  getScanStatus: async () => ({ scanStatus: { scanning: false } }),
  getMusicFolders: async ({ user }) => ({
    musicFolders: { musicFolder: (await foldersOf(user)).map((f) => ({ id: f.id, name: f.name })) },
  }),
  getArtists: async ({ user, params }) => {
    const artists = await artistsIn(user, await foldersFor(user, params.get("musicFolderId")));
    const index = new Map<string, Body[]>();
    for (const artist of artists) {
      const letter = /^[a-z]/i.test(artist.name) ? artist.name[0]!.toUpperCase() : "#";
      index.set(letter, [...(index.get(letter) ?? []), artist]);
    }
    return {
      artists: {
        ignoredArticles: "",
        index: [...index].map(([name, artist]) => ({ name, artist })),
      },
    };
  },
  getArtist: async ({ user, params }) => ({ artist: await getArtist(user, idOf(params)) }),
  getAlbum: async ({ user, params }) => ({ album: await getAlbum(user, idOf(params)) }),
  getSong: async ({ user, params }) => ({ song: await getSong(user, idOf(params)) }),
  getAlbumList2: albumList2,
  getRandomSongs: randomSongs,
  getStarred2: starred2,
  search3,
  getPlaylists: playlists,
  getPlaylist: async ({ user, params }) => ({
    playlist: await playlistBody(user, playlistIdOf(params, "id")),
  }),
  createPlaylist: createPlaylistMethod,
  updatePlaylist: updatePlaylistMethod,
  deletePlaylist: deletePlaylistMethod,
  star: starMethod(true),
  unstar: starMethod(false),
  setRating,
  scrobble,
  stream: (args) => media(args, false),
  download: (args) => media(args, true),
  getCoverArt: coverArt,
  getLyricsBySongId: lyricsBySongId,
};
