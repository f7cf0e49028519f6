// OpenSubsonic under /rest (issue 19, item 6), driven by a Subsonic client library from npm
// (`subsonic-api`, not written here) over real HTTP: the route handler behind a node:http
// server, a real Postgres, stored media. App passwords (token+salt, p=, apiKey), never the
// account password; folders, search, Range streaming, stars, ratings, lyrics, play counts,
// playlists, XML; and another user's songs never reach the client.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { NextRequest } from "next/server";
import pg from "pg";
import SubsonicAPI from "subsonic-api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// /rest never reads a session (an app password is the only way in); Auth.js is not loaded
vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: async () => null,
  requireUser: async () => Promise.reject(new Error("no session in Subsonic")),
}));

const { registerUser } = await import("@/lib/auth/credentials");
const { createTeam } = await import("@/lib/teams/teams");

const route = await import("@/app/rest/[method]/route");
const { createAppPassword, revokeAppPassword } = await import("@/lib/subsonic/app-passwords");

const PASSWORD = "a long enough password";
const run = randomBytes(3).toString("hex");
const id = (name: string) => `sub-${name}-${run}`;

let server: http.Server;
let base: string;
let ada: { id: string; email: string };
let ben: { id: string; email: string };
let adaSecret: string;
let benSecret: string;
const audio = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251));

/** The /rest route, served over HTTP as Next serves it. */
async function startServer() {
  server = http.createServer((req, res) => void serve(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function serve(req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url!, base);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === "string") headers.set(name, value);
  const request = new NextRequest(url, {
    method: req.method,
    headers,
    body: chunks.length ? Buffer.concat(chunks) : undefined,
  });
  const handler = req.method === "POST" ? route.POST : route.GET;
  const method = decodeURIComponent(url.pathname.split("/").at(-1) ?? "");
  const response = await handler(request, { params: Promise.resolve({ method }) });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function store(key: string, bytes: Buffer) {
  await mkdir(path.dirname(path.join(process.env.MEDIA_DIR!, key)), { recursive: true });
  await writeFile(path.join(process.env.MEDIA_DIR!, key), bytes);
  return createHash("sha256").update(bytes).digest("hex");
}

const client = (username: string, password: string, extra: { fetch?: typeof fetch } = {}) =>
  new SubsonicAPI({ url: base, auth: { username, password }, ...extra });

beforeAll(async () => {
  await startServer();
  const register = async (name: string) => {
    const email = `${name.toLowerCase()}-${run}@example.test`;
    const user = await registerUser({ name, email, password: PASSWORD });
    return { id: user.id, email };
  };
  ada = await register("Ada");
  ben = await register("Ben");
  const team = await createTeam(ada, { name: `Band ${run}` });
  adaSecret = (await createAppPassword({ actor: ada, name: "phone" })).secret;
  benSecret = (await createAppPassword({ actor: ben, name: "laptop" })).secret;

  const sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  try {
    await sql.query(
      `INSERT INTO tasks (id, owner_id, operation, status, request, idempotency_key, updated_at)
       VALUES ($1, $2, 'CUSTOM_SONG', 'SUCCEEDED', '{}', $1, now())`,
      [id("task"), ada.id],
    );
    // Ada's request made two takes (one album); Ben has a song of his own; the team one
    await sql.query(
      `INSERT INTO clips (id, task_id, owner_id, team_id, provider, upstream_id, title, tags,
         lyrics, status, archive_status, duration, image_url, created_at, updated_at)
       VALUES ($1, $5, $6, NULL, 'primary', $1, 'Lantern River', 'folk, warm',
                 '[Verse]\nHello river', 'COMPLETE', 'ARCHIVED', 62.4, 'https://img.test/1.png',
                 now() - interval '3 min', now()),
              ($2, $5, $6, NULL, 'primary', $2, 'Lantern River', 'folk, warm',
                 NULL, 'COMPLETE', 'ARCHIVED', 58, NULL, now() - interval '2 min', now()),
              ($3, NULL, $7, NULL, 'primary', $3, 'Lantern Secret of Ben', 'jazz',
                 NULL, 'COMPLETE', 'ARCHIVED', 30, NULL, now() - interval '1 min', now()),
              ($4, NULL, $6, $8, 'primary', $4, 'Band Anthem', 'rock',
                 NULL, 'COMPLETE', 'ARCHIVED', 40, NULL, now(), now())`,
      [id("take1"), id("take2"), id("ben"), id("team"), id("task"), ada.id, ben.id, team.id],
    );
    for (const clip of ["take1", "take2", "ben", "team"]) {
      const key = `clips/${id(clip)}/audio`;
      const sha = await store(key, audio);
      await sql.query(
        `INSERT INTO media_assets (id, clip_id, kind, source_url, storage_key, content_type,
           byte_size, sha256) VALUES ($1, $2, 'AUDIO', 'https://up.test/a.mp3', $3,
           'audio/mpeg', $4, $5)`,
        [`m-${id(clip)}`, id(clip), key, audio.length, sha],
      );
    }
    await sql.query(
      `INSERT INTO clip_assets (id, clip_id, kind, archive_status, data, updated_at)
       VALUES ($1, $2, 'lrc', 'ARCHIVED', $3, now())`,
      [
        `a-${id("take1")}`,
        id("take1"),
        JSON.stringify({
          words: [
            { word: "[Verse]\nHello ", startS: 1.5, endS: 2 },
            { word: "river\n", startS: 2, endS: 2.6 },
            { word: "Goodbye ", startS: 4.25, endS: 4.8 },
          ],
        }),
      ],
    );
  } finally {
    await sql.end();
  }
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("signing in", () => {
  it("an app password signs in by token and salt; the answer is OpenSubsonic", async () => {
    const pong = await client(ada.email, adaSecret).ping();
    expect(pong).toMatchObject({ status: "ok", openSubsonic: true, type: "chorus" });
    expect(pong.version).toBe("1.16.1");
    const extensions = await client(ada.email, adaSecret).getOpenSubsonicExtensions();
    expect(extensions.openSubsonicExtensions.map((e) => e.name)).toEqual(
      expect.arrayContaining(["apiKeyAuthentication", "formPost", "songLyrics"]),
    );
    // the same by a form POST, and with the username in capitals
    const posted = new SubsonicAPI({
      url: base,
      auth: { username: ada.email.toUpperCase(), password: adaSecret },
      post: true,
    });
    expect((await posted.ping()).status).toBe("ok");
  });

  it("a wrong password, the account password and a revoked app password are error 40", async () => {
    const wrong = await client(ada.email, "not-the-password").ping();
    expect(wrong).toMatchObject({ status: "failed", error: { code: 40 } });
    const account = await client(ada.email, PASSWORD).ping();
    expect(account).toMatchObject({ status: "failed", error: { code: 40 } });
    const spare = await createAppPassword({ actor: ada, name: "old tablet" });
    expect((await client(ada.email, spare.secret).ping()).status).toBe("ok");
    await revokeAppPassword({ actor: ada, id: spare.id });
    const revoked = await client(ada.email, spare.secret).ping();
    expect(revoked).toMatchObject({ status: "failed", error: { code: 40 } });
    // someone else's app password does not open Ada's account
    const crossed = await client(ada.email, benSecret).ping();
    expect(crossed).toMatchObject({ status: "failed", error: { code: 40 } });
  });

  it("p= (plain and enc:) and the apiKey extension; conflicting mechanisms are error 43", async () => {
    const hex = Buffer.from(adaSecret).toString("hex");
    for (const p of [adaSecret, `enc:${hex}`]) {
      const res = await fetch(
        `${base}rest/ping.view?u=${encodeURIComponent(ada.email)}&p=${encodeURIComponent(p)}&v=1.16.1&c=test&f=json`,
      );
      expect((await res.json())["subsonic-response"].status).toBe("ok");
    }
    const byKey = new SubsonicAPI({ url: base, auth: { apiKey: benSecret } });
    expect((await byKey.ping()).status).toBe("ok");
    const badKey = new SubsonicAPI({ url: base, auth: { apiKey: "no-such-key" } });
    expect(await badKey.ping()).toMatchObject({ status: "failed", error: { code: 44 } });
    const both = await fetch(
      `${base}rest/ping?apiKey=${benSecret}&u=${encodeURIComponent(ben.email)}&f=json`,
    );
    expect((await both.json())["subsonic-response"].error.code).toBe(43);
    const missing = await fetch(`${base}rest/ping?f=json`);
    expect((await missing.json())["subsonic-response"].error.code).toBe(10);
  });

  it("XML is the default, and answers an error the same way", async () => {
    const ok = await client(ada.email, adaSecret).custom("ping", { f: "xml" });
    const text = await ok.text();
    expect(ok.headers.get("content-type")).toMatch(/xml/);
    expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><subsonic-response /);
    expect(text).toContain('status="ok"');
    expect(text).toContain('openSubsonic="true"');
    const failed = await fetch(`${base}rest/ping.view?u=${encodeURIComponent(ada.email)}&p=x`);
    const xml = await failed.text();
    expect(xml).toContain('status="failed"');
    expect(xml).toMatch(/<error code="40" message="[^"]+"\/>/);
  });

  it("failed sign-ins are throttled per username", async () => {
    const cy = await registerUser({
      name: "Cy",
      email: `cy-${run}@example.test`,
      password: PASSWORD,
    });
    const { secret } = await createAppPassword({ actor: cy, name: "x" });
    for (let i = 0; i < 11; i++) await client(cy.email!, "guess").ping();
    const blocked = await client(cy.email!, secret).ping();
    expect(blocked).toMatchObject({ status: "failed", error: { code: 40 } });
    expect(blocked.status === "failed" && blocked.error.message).toMatch(/Too many/);
  });
});

describe("browsing, as Ada", () => {
  const api = () => client(ada.email, adaSecret);

  it("lists her personal library and her team as folders", async () => {
    const folders = (await api().getMusicFolders()).musicFolders.musicFolder ?? [];
    expect(folders.map((f) => f.name)).toEqual(["Personal", `Band ${run}`]);
    expect(folders.every((f) => Number.isInteger(f.id))).toBe(true);
  });

  it("search3 finds her songs, never Ben's", async () => {
    const found = (await api().search3({ query: "lantern" })).searchResult3;
    const ids = (found.song ?? []).map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining([id("take1"), id("take2")]));
    expect(ids).not.toContain(id("ben"));
    expect((found.album ?? []).map((a) => a.id)).toEqual([`al-${id("task")}`]);
    expect((found.artist ?? []).map((a) => a.name)).toEqual([]);
    const everything = (await api().search3({ query: "" })).searchResult3;
    expect((everything.song ?? []).map((s) => s.id).sort()).toEqual(
      [id("take1"), id("take2"), id("team")].sort(),
    );
    expect((everything.artist ?? []).map((a) => a.name)).toEqual(["Ada"]);
  });

  it("a request's takes are one album; the artist is its creator", async () => {
    const list = (await api().getAlbumList2({ type: "newest", size: 10 })).albumList2.album ?? [];
    expect(list.map((a) => a.id)).toEqual([`al-${id("team")}`, `al-${id("task")}`]);
    const album = (await api().getAlbum({ id: `al-${id("task")}` })).album;
    expect(album).toMatchObject({ name: "Lantern River", songCount: 2, artist: "Ada" });
    expect(album.song?.map((s) => s.id)).toEqual([id("take1"), id("take2")]);
    const artist = (await api().getArtist({ id: `ar-${ada.id}` })).artist;
    expect(artist.album?.length).toBe(2);
    const song = (await api().getSong({ id: id("take1") })).song;
    expect(song).toMatchObject({ albumId: `al-${id("task")}`, artistId: `ar-${ada.id}` });
    expect(song.genre).toBe("folk");
  });

  it("streams a song with Range: 206 and exactly those bytes", async () => {
    const ranged = client(ada.email, adaSecret, {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...init?.headers, range: "bytes=100-199" } }),
    });
    const part = await ranged.stream({ id: id("take1") });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${audio.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(audio.subarray(100, 200))).toBe(true);
    const whole = await api().download({ id: id("take2") });
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-disposition")).toMatch(/attachment/);
  });

  it("stars a song and reads it back as starred; rates it; counts plays", async () => {
    expect((await api().star({ id: id("take1") })).status).toBe("ok");
    const starred = (await api().getStarred2()).starred2;
    expect((starred.song ?? []).map((s) => s.id)).toEqual([id("take1")]);
    expect((await api().getSong({ id: id("take1") })).song.starred).toBeDefined();
    expect((await api().setRating({ id: id("take1"), rating: 4 })).status).toBe("ok");
    expect((await api().getSong({ id: id("take1") })).song.userRating).toBe(4);
    await api().scrobble({ id: id("take1") });
    await api().scrobble({ id: id("take1") });
    await api().scrobble({ id: id("take1"), submission: false });
    expect((await api().getSong({ id: id("take1") })).song.playCount).toBe(2);
    const frequent = (await api().getAlbumList2({ type: "frequent" })).albumList2.album ?? [];
    expect(frequent.map((a) => a.id)).toEqual([`al-${id("task")}`]);
    await api().unstar({ id: id("take1") });
    expect((await api().getStarred2()).starred2.song ?? []).toEqual([]);
    // Ben's view of the same reactions: his own only (he cannot even see the song)
    expect((await client(ben.email, benSecret).getStarred2()).starred2.song ?? []).toEqual([]);
  });

  // the spec's shape is lyricsList.structuredLyrics; the library types it as the array itself
  type LyricsList = { structuredLyrics?: unknown[] };
  it("synced lyrics come as timed lines; plain lyrics as lines", async () => {
    const synced = (await api().getLyricsBySongId({ id: id("take1") }))
      .lyricsList as unknown as LyricsList;
    expect(synced.structuredLyrics?.[0]).toMatchObject({
      synced: true,
      line: [
        { start: 1500, value: "Hello river" },
        { start: 4250, value: "Goodbye" },
      ],
    });
    const none = (await api().getLyricsBySongId({ id: id("take2") }))
      .lyricsList as unknown as LyricsList;
    expect(none.structuredLyrics ?? []).toEqual([]);
  });

  it("playlists: create with songs, rename, add and remove, read back", async () => {
    const made = await api().createPlaylist({ name: "Evening", songId: [id("take1")] });
    const playlistId = made.playlist.id;
    expect(playlistId).toMatch(/^pl-/);
    await api().updatePlaylist({
      playlistId,
      name: "Late evening",
      songIdToAdd: [id("take2")],
    });
    await api().updatePlaylist({ playlistId, songIndexToRemove: [0] });
    const read = (await api().getPlaylist({ id: playlistId })).playlist;
    expect(read.name).toBe("Late evening");
    expect(read.entry?.map((s) => s.id)).toEqual([id("take2")]);
    const all = (await api().getPlaylists()).playlists.playlist ?? [];
    expect(all.map((p) => p.id)).toContain(playlistId);
    // Ben's song cannot be put in it
    const refused = await api().updatePlaylist({ playlistId, songIdToAdd: [id("ben")] });
    expect(refused).toMatchObject({ status: "failed", error: { code: 70 } });
  });
});

describe("never another user's songs", () => {
  it("Ben's song is not found for Ada anywhere, and Ada's not for Ben", async () => {
    const ada_ = client(ada.email, adaSecret);
    expect(await ada_.getSong({ id: id("ben") })).toMatchObject({ error: { code: 70 } });
    expect(await ada_.star({ id: id("ben") })).toMatchObject({ error: { code: 70 } });
    expect(await ada_.scrobble({ id: id("ben") })).toMatchObject({ error: { code: 70 } });
    expect(await ada_.getLyricsBySongId({ id: id("ben") })).toMatchObject({ error: { code: 70 } });
    const stream = await ada_.stream({ id: id("ben") });
    // the client asks for JSON (f=json): the error comes so, never the audio
    expect(stream.headers.get("content-type")).toMatch(/json/);
    expect((await stream.json())["subsonic-response"].error.code).toBe(70);
    const ben_ = client(ben.email, benSecret);
    const list = (await ben_.getAlbumList2({ type: "newest", size: 50 })).albumList2.album ?? [];
    expect(list.map((a) => a.id)).toEqual([`al-${id("ben")}`]);
    const found = (await ben_.search3({ query: "lantern" })).searchResult3;
    expect((found.song ?? []).map((s) => s.id)).toEqual([id("ben")]);
    expect(await ben_.getAlbum({ id: `al-${id("task")}` })).toMatchObject({ error: { code: 70 } });
    expect(await ben_.getArtist({ id: `ar-${ada.id}` })).toMatchObject({ error: { code: 70 } });
    const folders = (await ben_.getMusicFolders()).musicFolders.musicFolder ?? [];
    expect(folders.map((f) => f.name)).toEqual(["Personal"]);
    // a team folder of someone else's is not a folder of his
    const adaFolders = (await ada_.getMusicFolders()).musicFolders.musicFolder ?? [];
    const teamFolder = adaFolders.find((f) => f.name !== "Personal")!;
    expect(
      await ben_.getAlbumList2({ type: "newest", musicFolderId: String(teamFolder.id) }),
    ).toMatchObject({ error: { code: 70 } });
    const cover = await ben_.getCoverArt({ id: `al-${id("task")}` });
    expect((await cover.json())["subsonic-response"].error.code).toBe(70);
  });

  it("an unknown method is a 404 with a Subsonic error", async () => {
    const res = await fetch(`${base}rest/getPodcasts.view?f=json`);
    expect(res.status).toBe(404);
    expect((await res.json())["subsonic-response"].error.code).toBe(70);
  });
});
