// The authorization matrix. Every page, route handler and server action in app/ is found on
// disk and must be listed here (a new one without a row fails the first test). Each row says,
// for each actor, what must happen: allowed, or refused with the right status or redirect and
// nothing changed. Pages and route handlers are exercised over HTTP against a production
// build; server actions are called as the app calls them, with the session, cookies and
// request headers of the actor. On top of the per-row expectations, every response is checked
// for the title of any clip that actor may not see (each title is unique to the run).
import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { SCOPES } from "@/lib/api-tokens/shared";
import { MCP_TOOLS, type ToolName } from "@/lib/api/mcp/tools";
import { OPERATIONS } from "@/lib/api/v1/operations";
import { HTTP_STATUS, type AppErrorCode } from "@/lib/errors";
import { getMediaStorage } from "@/lib/media/config";
import type { SunoClient } from "@/lib/suno";
import { createSunoClient } from "@/lib/suno/client";
import { hostedUploadUrl } from "@/lib/uploads/hosted-link";

import { startSimulator, type Simulator } from "../../simulator/server";
import {
  ACTORS,
  apiTokenOf,
  appPasswordOf,
  createWorldUsers,
  digest,
  EXPORT_FILE,
  IDS,
  inviteTokenOf,
  issueApiTokens,
  issueAppPasswords,
  PASSWORD,
  playlistToken,
  resetWorld,
  shareToken,
  TEAM_T,
  TEAM_U,
  title,
  type ActorName,
  type SignedIn,
  type World,
} from "../support/authz-world";
import { buildAndStart, signInOverHttp, type NextServer } from "../support/next-server";
import { wav } from "../support/wav";

// ── the actor behind in-process server actions ──
const session = vi.hoisted(() => ({
  current: null as null | { id: string; name: string | null; email: string | null; image: null },
  cookies: new Map<string, string>(),
}));
vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: async () => session.current,
  requireUser: async () =>
    session.current ??
    Promise.reject(
      Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/sign-in;307;" }),
    ),
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) =>
      session.cookies.has(name) ? { name, value: session.cookies.get(name)! } : undefined,
    set: (name: string, value: string) => void session.cookies.set(name, value),
    delete: (name: string) => void session.cookies.delete(name),
  }),
  headers: async () => new Headers({ host: "localhost:3000" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
// Auth.js itself (sessions, CSRF, OAuth) is exercised over HTTP in the auth tests; here its
// sign-in and sign-out are the redirects they end with.
vi.mock("@/lib/auth/config", () => {
  const redirectTo = (to: string) =>
    Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${to};303;` });
  return {
    signIn: async (provider: string) => Promise.reject(redirectTo(`/api/auth/signin/${provider}`)),
    signOut: async () => undefined,
    auth: async () => null,
    handlers: {},
    ThrottledSignin: class extends Error {},
  };
});
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
// The provider behind in-process server actions: the matrix's relay, unless a case names
// another world (`provider`), e.g. sunoapi-org for covering and extending one's own audio.
const provider = vi.hoisted(() => ({ client: null as unknown }));
vi.mock("@/lib/suno", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/suno")>();
  return {
    ...real,
    getSunoClient: () => (provider.client as SunoClient | null) ?? real.getSunoClient(),
  };
});

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");

// ─────────────────────────── what exists ───────────────────────────

function files(dir: string = APP): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
}
const routeOf = (file: string) =>
  "/" +
  file
    .split("/")
    .slice(0, -1)
    .filter((segment) => !/^\(.+\)$/.test(segment))
    .join("/");

function discover() {
  const all = files(APP);
  const pages = all.filter((f) => /\/?page\.tsx$/.test(f)).map((f) => `page ${routeOf(f)}`);
  const handlers = all
    .filter((f) => /\/?route\.ts$/.test(f))
    .flatMap((f) => {
      const source = readFileSync(path.join(APP, f), "utf8");
      const methods = [
        ...source.matchAll(
          /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g,
        ),
      ].map((m) => m[1]!);
      for (const m of source.matchAll(/export const \{([^}]+)\}/g))
        methods.push(...m[1]!.split(",").map((s) => s.trim()));
      return methods.map((method) => `${method} ${routeOf(f)}`);
    });
  // Server actions: every "use server" module under app/ or lib/actions/, by repo path.
  const actionFiles = [
    ...all.map((f) => `app/${f}`),
    ...files(path.join(ROOT, "lib/actions")).map((f) => path.posix.join("lib/actions", f)),
  ];
  const actions = actionFiles
    .filter((f) => /\.tsx?$/.test(f))
    .flatMap((f) => {
      const source = readFileSync(path.join(ROOT, f), "utf8");
      if (!/^(\s*\/\/.*\n)*\s*["']use server["']/.test(source)) return [];
      return [...source.matchAll(/export (?:const|async function) (\w+)/g)].map(
        (m) => `action ${f}#${m[1]}`,
      );
    });
  return { pages, handlers, actions };
}

// ─────────────────────────── who may see what ───────────────────────────

const TEAM_T_CLIPS = ["TeamClipByMember", "TeamClipByAdmin", "TeamClipTrashed", "OwnerShared"];
/** The clips (by title key) each actor may see: the oracle for the leak check. */
const VISIBLE: Record<ActorName, string[]> = {
  owner: TEAM_T_CLIPS,
  admin: TEAM_T_CLIPS,
  member: [...TEAM_T_CLIPS, "MemberPersonal"],
  viewer: TEAM_T_CLIPS,
  otherTeam: ["OutsiderPersonal", "OtherTeamClip"],
  unrelated: ["UnrelatedPersonal"],
  anonymous: [],
};
const ALL_CLIPS = [
  "TeamClipByMember",
  "TeamClipByAdmin",
  "TeamClipTrashed",
  "MemberPersonal",
  "OwnerShared",
  "OutsiderPersonal",
  "OtherTeamClip",
  "UnrelatedPersonal",
];

/** `s<code>`: a Subsonic error (answered with HTTP 200 and status "failed") */
type Outcome = "ok" | "notFound" | "signIn" | "redirect" | number | `s${number}`;
type PerActor<T> = Record<ActorName, T>;
const each = <T>(value: T): PerActor<T> =>
  Object.fromEntries(ACTORS.map((a) => [a, value])) as PerActor<T>;
const only = (
  allowed: ActorName[],
  yes: Outcome,
  no: Outcome,
  anonymous: Outcome,
): PerActor<Outcome> =>
  Object.fromEntries(
    ACTORS.map((a) => [a, a === "anonymous" ? anonymous : allowed.includes(a) ? yes : no]),
  ) as PerActor<Outcome>;
const TEAM_T_MEMBERS: ActorName[] = ["owner", "admin", "member", "viewer"];
const SIGNED_IN: ActorName[] = ["owner", "admin", "member", "viewer", "otherTeam", "unrelated"];
const MANAGERS_HTTP: ActorName[] = ["owner", "admin"];
/** who may make songs in team T and change their own there */
const CREATORS_T: ActorName[] = ["owner", "admin", "member"];

type HttpCase = {
  path: (w: World) => string;
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  expect: PerActor<Outcome>;
  /** REST v1: each signed-in actor sends their API token (and no cookie) */
  token?: true;
  /** OpenSubsonic: each signed-in actor signs in with their app password (token and salt;
   *  `f=json`), no cookie; `body` is sent as a form (the formPost extension) */
  subsonic?: true;
  /** the JSON body sent (default "{}" for anything but GET) */
  body?: (w: World) => unknown;
  /** it may change rows: the world is reset around each actor, and an allowed answer
   *  must have changed something, a refused one nothing */
  writes?: true;
  /** text that must appear for these actors (proves the allowed answer is the real one) */
  shows?: Partial<PerActor<(w: World) => string>>;
  /** text that must not appear for anyone */
  hides?: (w: World) => string[];
  /** clips reachable through a share token in this request, for everyone */
  sharedClip?: string;
  /** MCP: the JSON-RPC call sent (a tool, or tools/list without one); a tool error counts as
   *  its REST status (the error's code), the SDK's own argument check as a 400 */
  mcp?: { tool?: ToolName; args?: (w: World) => Record<string, unknown> };
};

/** A recording Chorus keeps (for the relay to fetch), and the links the matrix asks for. */
const hosted = {
  id: "upload-hosted",
  storageKey: "uploads/matrix-hosted",
  link: "",
  vendorLink: "",
};
const relative = (url: string) => {
  const { pathname, search } = new URL(url);
  return pathname + search;
};

async function addHostedUpload(db: pg.Client, w: World) {
  await getMediaStorage().put(hosted.storageKey, Readable.from([Buffer.from(wav())]), {
    maxBytes: 1_000_000,
  });
  const { rows } = await db.query<{ id: string; file_name: string; expires_at: Date }>(
    `INSERT INTO audio_uploads (id, owner_id, provider, key_fingerprint, storage_key, file_name,
       content_type, byte_size, expires_at)
     VALUES ($1, $2, 'primary', '', $3, 'porch.wav', 'audio/wav', $4, now() + interval '1 day')
     RETURNING id, file_name, expires_at`,
    [hosted.id, w.users.member.id, hosted.storageKey, wav().byteLength],
  );
  const vendor = await db.query<{ id: string; file_name: string; expires_at: Date }>(
    `SELECT id, file_name, expires_at FROM audio_uploads WHERE id = $1`,
    [IDS.memberUpload],
  );
  const linkOf = (row: { id: string; file_name: string; expires_at: Date }) =>
    relative(hostedUploadUrl({ id: row.id, fileName: row.file_name, expiresAt: row.expires_at }));
  hosted.link = linkOf(rows[0]!);
  hosted.vendorLink = linkOf(vendor.rows[0]!);
}

/** The sunoapi-org world: the member's upload is on the simulator's file host. */
let orgClient: SunoClient;
let onHost: string | undefined;
async function onTheFileHost(db: pg.Client) {
  onHost ??= (
    await orgClient.uploadFile({ bytes: wav(), fileName: "porch.wav", contentType: "audio/wav" })
  ).downloadUrl;
  await db.query(`UPDATE audio_uploads SET download_url = $1 WHERE id = $2`, [
    onHost,
    IDS.memberUpload,
  ]);
}

const pageCases: Record<string, HttpCase[]> = {
  "page /": [{ path: () => "/", expect: { ...each<Outcome>("redirect"), anonymous: "signIn" } }],
  "page /sign-in": [
    { path: () => "/sign-in", expect: { ...each<Outcome>("redirect"), anonymous: "ok" } },
  ],
  "page /sign-up": [
    { path: () => "/sign-up", expect: { ...each<Outcome>("redirect"), anonymous: "ok" } },
  ],
  "page /sign-in/check-email": [
    { path: () => "/sign-in/check-email", expect: each<Outcome>("ok") },
  ],
  "page /forgot-password": [{ path: () => "/forgot-password", expect: each<Outcome>("ok") }],
  // a link that leads nowhere says so, to anyone, and names no account
  "page /reset-password/[token]": [
    {
      path: () => `/reset-password/${"A".repeat(43)}`,
      expect: each<Outcome>("ok"),
      hides: (w) => Object.values(w.users).map((u) => u.email),
    },
  ],
  "page /confirm-email/[token]": [
    {
      path: () => `/confirm-email/${"A".repeat(43)}`,
      expect: each<Outcome>("ok"),
      hides: (w) => Object.values(w.users).map((u) => u.email),
    },
  ],
  "page /settings": [
    {
      path: () => "/settings",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: { member: (w) => w.users.member.email, unrelated: (w) => w.users.unrelated.email },
    },
  ],
  "page /settings/tokens": [
    {
      path: () => "/settings/tokens",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: { member: () => "chorus_pat_matr", unrelated: () => "New token" },
    },
  ],
  "page /settings/webhooks": [
    {
      path: () => "/settings/webhooks",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: { member: () => "New webhook", otherTeam: () => "No webhooks yet" },
    },
  ],
  "page /credits": [
    {
      path: () => "/credits",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: { owner: () => "credits left" },
    },
  ],
  // a workspace's usage: personal for everyone signed in (team T is no one's workspace here)
  "page /credits/usage": [
    {
      path: () => "/credits/usage",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: { owner: () => "Credit usage" },
    },
  ],
  "page /library": [
    {
      path: () => "/library",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: {
        member: (w) => title(w, "MemberPersonal"),
        unrelated: (w) => title(w, "UnrelatedPersonal"),
      },
    },
  ],
  "page /create": [{ path: () => "/create", expect: only(SIGNED_IN, "ok", "ok", "signIn") }],
  // operators only (ADMIN_EMAILS names the owner below); to everyone else it does not exist
  "page /admin/providers": [
    {
      path: () => "/admin/providers",
      expect: only(["owner"], "ok", "notFound", "signIn"),
      shows: { owner: () => "Provider status" },
    },
  ],
  "page /history": [{ path: () => "/history", expect: only(SIGNED_IN, "ok", "ok", "signIn") }],
  "page /playlists": [
    {
      path: () => "/playlists",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: { member: () => "Mia mix", viewer: () => "Open jam", otherTeam: () => "U list" },
    },
  ],
  "page /playlists/[id]": [
    {
      path: () => `/playlists/${IDS.teamPlaylist}`,
      expect: only(TEAM_T_MEMBERS, "ok", "notFound", "signIn"),
      shows: { viewer: (w) => title(w, "TeamClipByAdmin") },
    },
    {
      path: () => `/playlists/${IDS.memberPlaylist}`,
      expect: only(["member"], "ok", "notFound", "signIn"),
      shows: { member: (w) => title(w, "MemberPersonal") },
    },
    {
      path: () => `/playlists/${IDS.otherTeamPlaylist}`,
      expect: only(["otherTeam"], "ok", "notFound", "signIn"),
    },
    // a team's smart playlist: the team's songs as each member may see them
    {
      path: () => `/playlists/${IDS.teamSmartPlaylist}`,
      expect: only(TEAM_T_MEMBERS, "ok", "notFound", "signIn"),
      shows: { viewer: (w) => title(w, "TeamClipByAdmin"), admin: () => "Smart playlist" },
    },
  ],
  "page /exports": [
    {
      path: () => "/exports",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: { member: () => "Download", unrelated: () => "No exports being prepared" },
    },
  ],
  // ── Imports (issue 20, item 4) ──
  // the page for everyone signed in; `?job=` one's own import's report only
  "page /import": [
    {
      path: () => "/import",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: { member: () => "mia-songs.zip", unrelated: () => "New import" },
    },
    {
      path: () => `/import?job=${IDS.memberImport}`,
      expect: only(["member"], "ok", "notFound", "signIn"),
      shows: { member: () => "it is not an audio file Chorus can read" },
    },
  ],
  // ── end of Imports ──
  // one's own notifications: the viewer was mentioned by the member
  "page /notifications": [
    {
      path: () => "/notifications",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: { viewer: () => "listen here", member: () => "all caught up" },
    },
  ],
  "page /trash": [
    {
      path: () => "/trash",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: {
        owner: (w) => title(w, "TeamClipTrashed"),
        member: (w) => title(w, "TeamClipTrashed"),
      },
    },
  ],
  "page /teams": [
    {
      path: () => "/teams",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: { owner: () => TEAM_T.name, otherTeam: () => TEAM_U.name },
    },
  ],
  "page /teams/[slug]": [
    {
      path: () => `/teams/${TEAM_T.slug}`,
      expect: only(TEAM_T_MEMBERS, "ok", "notFound", "signIn"),
      shows: { viewer: (w) => title(w, "TeamClipByMember"), owner: (w) => title(w, "OwnerShared") },
    },
    {
      path: () => `/teams/${TEAM_U.slug}`,
      expect: only(["otherTeam"], "ok", "notFound", "signIn"),
      shows: { otherTeam: (w) => title(w, "OtherTeamClip") },
    },
  ],
  "page /teams/[slug]/members": [
    {
      path: () => `/teams/${TEAM_T.slug}/members`,
      expect: only(TEAM_T_MEMBERS, "ok", "notFound", "signIn"),
      shows: {
        owner: () => "Invite people",
        admin: () => "Invite people",
        viewer: () => "Mia Member",
      },
    },
  ],
  "page /settings/backups": [
    {
      path: () => "/settings/backups",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: { member: () => "Destination and schedule", unrelated: () => "No backups yet" },
    },
  ],
  "page /teams/[slug]/backups": [
    {
      path: () => `/teams/${TEAM_T.slug}/backups`,
      expect: only(MANAGERS_HTTP, "ok", "notFound", "signIn"),
      shows: { owner: () => "Team backups", admin: () => "Destination and schedule" },
    },
  ],
  "page /teams/[slug]/audit": [
    {
      path: () => `/teams/${TEAM_T.slug}/audit`,
      expect: only(["owner", "admin"], "ok", "notFound", "signIn"),
      shows: { owner: () => "Audit log" },
    },
  ],
  "page /clips/[id]": [
    {
      path: () => `/clips/${IDS.teamClipByMember}`,
      expect: only(TEAM_T_MEMBERS, "ok", "notFound", "signIn"),
      shows: { viewer: (w) => title(w, "TeamClipByMember") },
    },
    {
      path: () => `/clips/${IDS.memberPersonal}`,
      expect: only(["member"], "ok", "notFound", "signIn"),
      shows: { member: (w) => title(w, "MemberPersonal") },
    },
    {
      path: () => `/clips/${IDS.ownerShared}`,
      expect: only(TEAM_T_MEMBERS, "ok", "notFound", "signIn"),
      shows: { admin: (w) => title(w, "OwnerShared") },
    },
    {
      path: () => `/clips/${IDS.otherTeamClip}`,
      expect: only(["otherTeam"], "ok", "notFound", "signIn"),
    },
    {
      path: () => `/clips/${IDS.unrelatedPersonal}`,
      expect: only(["unrelated"], "ok", "notFound", "signIn"),
    },
  ],
  "page /invite/[token]": [
    {
      path: () => `/invite/${inviteTokenOf(IDS.inviteValid)}`,
      expect: each<Outcome>("ok"),
      shows: {
        unrelated: () => "Join",
        member: () => "already in this team",
        anonymous: () => "Create an account",
      },
    },
    {
      path: () => `/invite/${inviteTokenOf(IDS.inviteExpired)}`,
      expect: each<Outcome>("ok"),
      shows: { unrelated: () => "expired", anonymous: () => "expired" },
    },
    {
      path: () => `/invite/${inviteTokenOf(IDS.inviteUsed)}`,
      expect: each<Outcome>("ok"),
      shows: { unrelated: () => "already been used" },
    },
    {
      path: () => `/invite/${inviteTokenOf(IDS.inviteRevoked)}`,
      expect: each<Outcome>("ok"),
      shows: { otherTeam: () => "withdrawn" },
    },
    {
      path: () => "/invite/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      expect: each<Outcome>("notFound"),
      shows: { unrelated: () => "This page does not exist" },
    },
  ],
  "page /s/[token]": [
    {
      path: () => `/s/${shareToken(IDS.activeLink)}`,
      expect: each<Outcome>("ok"),
      sharedClip: "TeamClipByMember",
      shows: {
        anonymous: (w) => title(w, "TeamClipByMember"),
        unrelated: () => 'property="og:title"',
      },
      // nothing of the owner or the team
      hides: (w) => ["Mia Member", w.users.member.email, TEAM_T.name, TEAM_T.slug],
    },
    { path: () => `/s/${shareToken(IDS.revokedLink)}`, expect: each<Outcome>("notFound") },
    { path: () => "/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", expect: each<Outcome>("notFound") },
  ],
  // a public playlist link: for anyone, only the songs its maker (the member) may share, and
  // nothing of the member or the team
  "page /p/[token]": [
    {
      path: () => `/p/${playlistToken(IDS.playlistLink)}`,
      expect: each<Outcome>("ok"),
      sharedClip: "TeamClipByMember",
      shows: { anonymous: (w) => title(w, "TeamClipByMember"), unrelated: () => "Team picks" },
      hides: (w) => [
        title(w, "TeamClipByAdmin"),
        "Mia Member",
        w.users.member.email,
        TEAM_T.name,
        TEAM_T.slug,
      ],
    },
    { path: () => `/p/${shareToken(IDS.activeLink)}`, expect: each<Outcome>("notFound") },
    { path: () => "/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", expect: each<Outcome>("notFound") },
  ],
  // OpenSubsonic app passwords (issue 19, item 6): one's own, for anyone signed in
  "page /settings/subsonic": [
    {
      path: () => "/settings/subsonic",
      expect: only(SIGNED_IN, "ok", "ok", "signIn"),
      shows: {
        member: (w) => appPasswordOf(w, "member").slice(0, 6),
        unrelated: () => "New app password",
      },
    },
  ],
};

const handlerCases: Record<string, HttpCase[]> = {
  "GET /api/health": [{ path: () => "/api/health", expect: each<Outcome>(200) }],
  "GET /api/auth/[...nextauth]": [
    {
      path: () => "/api/auth/session",
      expect: each<Outcome>(200),
      shows: { member: (w) => w.users.member.email, owner: (w) => w.users.owner.email },
    },
  ],
  // no CSRF token: Auth.js refuses and sets no session
  "POST /api/auth/[...nextauth]": [
    {
      path: () => "/api/auth/callback/credentials",
      method: "POST",
      expect: each<Outcome>("signIn"),
    },
  ],
  // ── push channel (issue 21 item 4): a signed-in user's own stream; the build ends each
  // stream after a second (EVENTS_STREAM_SECONDS), so the body is read whole. What reaches
  // whom is tests/integration/events.test.ts's ──
  "GET /api/events": [
    {
      path: () => "/api/events",
      expect: only(SIGNED_IN, 200, 200, 401),
      shows: { member: () => "retry: ", unrelated: () => "retry: " },
    },
  ],
  "GET /api/tasks": [
    {
      path: () => `/api/tasks?ids=${IDS.teamTask},${IDS.memberPersonalTask},${IDS.outsiderTask}`,
      expect: only(SIGNED_IN, 200, 200, 401),
    },
  ],
  "GET /api/tasks/[id]": [
    {
      path: () => `/api/tasks/${IDS.teamTask}`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: () => IDS.teamTask },
    },
    { path: () => `/api/tasks/${IDS.memberPersonalTask}`, expect: only(["member"], 200, 404, 401) },
    { path: () => `/api/tasks/${IDS.outsiderTask}`, expect: only(["otherTeam"], 200, 404, 401) },
  ],
  "GET /api/library": [
    {
      path: () => "/api/library",
      expect: only(SIGNED_IN, 200, 200, 401),
      shows: { member: (w) => title(w, "MemberPersonal") },
    },
    {
      path: () => `/api/library?team=${TEAM_T.slug}`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: (w) => title(w, "TeamClipByMember") },
    },
    {
      path: () => `/api/library?team=${TEAM_T.slug}&creator=${"x"}`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
    },
    {
      // reactions: liked by anyone in the team, most liked first
      path: () => `/api/library?team=${TEAM_T.slug}&liked=any&sort=liked`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: (w) => title(w, "TeamClipByMember") },
    },
    {
      path: () => `/api/library?team=${TEAM_T.slug}&rated=4&rater=any&sort=rated`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { member: (w) => title(w, "TeamClipByAdmin") },
    },
    {
      // takes (issue 18): keepers only, and one opened stack
      path: () => `/api/library?team=${TEAM_T.slug}&keepers=1`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: (w) => title(w, "TeamClipByMember") },
    },
    {
      path: () => `/api/library?team=${TEAM_T.slug}&stack=${IDS.teamClipByMember}`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: (w) => title(w, "TeamClipByMember") },
    },
  ],
  "GET /api/playlists": [
    {
      // the playlists a team song may go into: its team's (for those who may edit them) and
      // one's own personal ones
      path: () => `/api/playlists?clip=${IDS.teamClipByMember}`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { member: () => "Mia mix", viewer: () => "Open jam", admin: () => "Team picks" },
    },
    {
      path: () => `/api/playlists?clip=${IDS.memberPersonal}`,
      expect: only(["member"], 200, 404, 401),
    },
    // the bulk toolbar's: a team view's editable playlists (never its smart ones)
    {
      path: () => `/api/playlists?team=${TEAM_T.slug}`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: () => "Open jam", member: () => "Team picks" },
      hides: () => ["Smart picks"],
    },
  ],
  "GET /api/export": [
    {
      path: () =>
        `/api/export?ids=${Object.values(IDS)
          .filter((id) => id.startsWith("clip-"))
          .join(",")}`,
      expect: only(SIGNED_IN, 200, 200, 401),
      shows: {
        member: (w) => title(w, "MemberPersonal"),
        otherTeam: (w) => title(w, "OtherTeamClip"),
      },
    },
    // a team view's filters (the bulk toolbar's "all that match"): its members only
    {
      path: () => `/api/export?team=${TEAM_T.slug}&kind=vocal`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: (w) => title(w, "TeamClipByAdmin") },
    },
  ],
  "GET /api/media/[clipId]/[kind]": [
    {
      path: () => `/api/media/${IDS.teamClipByMember}/audio`,
      expect: only(TEAM_T_MEMBERS, 302, 404, 401),
    },
    {
      path: () => `/api/media/${IDS.memberPersonal}/image`,
      expect: only(["member"], 302, 404, 401),
    },
    {
      path: () => `/api/media/${IDS.otherTeamClip}/audio`,
      expect: only(["otherTeam"], 302, 404, 401),
    },
    // a share token opens its own clip, for anyone, and nothing else
    {
      path: () => `/api/media/${IDS.teamClipByMember}/audio?share=${shareToken(IDS.activeLink)}`,
      expect: each<Outcome>(302),
    },
    {
      path: () => `/api/media/${IDS.teamClipByAdmin}/audio?share=${shareToken(IDS.activeLink)}`,
      expect: each<Outcome>(404),
    },
    {
      path: () => `/api/media/${IDS.teamClipByAdmin}/audio?share=${shareToken(IDS.revokedLink)}`,
      expect: each<Outcome>(404),
    },
    // a playlist's token: the songs its page shows (the maker's to share), not the others
    {
      path: () =>
        `/api/media/${IDS.teamClipByMember}/audio?share=${playlistToken(IDS.playlistLink)}`,
      expect: each<Outcome>(302),
    },
    {
      path: () =>
        `/api/media/${IDS.teamClipByAdmin}/audio?share=${playlistToken(IDS.playlistLink)}`,
      expect: each<Outcome>(404),
    },
  ],
  "GET /api/clips/[id]/assets/[asset]": [
    {
      path: () => `/api/clips/${IDS.teamClipByMember}/assets/wav`,
      expect: only(TEAM_T_MEMBERS, 302, 404, 401),
    },
    {
      path: () => `/api/clips/${IDS.teamClipByMember}/assets/lrc`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: () => "words" },
    },
    {
      path: () => `/api/clips/${IDS.unrelatedPersonal}/assets/wav`,
      expect: only(["unrelated"], 404, 404, 401),
    },
    // the clip's public link hands out attachments only where its owner allows downloads
    {
      path: () =>
        `/api/clips/${IDS.teamClipByMember}/assets/wav?share=${shareToken(IDS.activeLink)}`,
      expect: each<Outcome>(404),
    },
  ],
  "GET /api/clips/[id]/lyrics": [
    {
      path: () => `/api/clips/${IDS.teamClipByMember}/lyrics`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: (w) => title(w, "TeamClipByMember") },
    },
    {
      path: () => `/api/clips/${IDS.unrelatedPersonal}/lyrics`,
      expect: only(["unrelated"], 200, 404, 401),
    },
    // what the now-playing view reads: the same people, the same answers
    {
      path: () => `/api/clips/${IDS.teamClipByMember}/lyrics?format=json`,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: (w) => title(w, "TeamClipByMember") },
    },
  ],
  "GET /api/cron/sweep": [{ path: () => "/api/cron/sweep", expect: each<Outcome>(401) }],
  "GET /api/cron/exports": [{ path: () => "/api/cron/exports", expect: each<Outcome>(401) }],
  // a background export's ZIP: its owner's alone
  "GET /api/export/jobs/[id]": [
    {
      path: () => `/api/export/jobs/${IDS.memberExport}`,
      expect: only(["member"], 200, 404, 401),
      shows: { member: () => "PK" },
    },
  ],
  "GET /api/cron/backups": [{ path: () => "/api/cron/backups", expect: each<Outcome>(401) }],
  // ── Imports (issue 20, item 4) ──
  // the upload: signed in, "{}" is not a ZIP; into team T only for those who may add songs
  // there (the viewer is refused, outsiders do not see the team), before the body is read
  "POST /api/imports": [
    {
      path: () => "/api/imports?name=songs.zip",
      method: "POST",
      expect: only(SIGNED_IN, 400, 400, 401),
      shows: { member: () => "not a ZIP file" },
    },
    {
      path: () => `/api/imports?team=${TEAM_T.slug}&name=songs.zip`,
      method: "POST",
      expect: { ...only(CREATORS_T, 400, 404, 401), viewer: 403 },
      shows: { admin: () => "not a ZIP file" },
    },
  ],
  // an import's report: its owner's alone
  "GET /api/imports/[id]": [
    {
      path: () => `/api/imports/${IDS.memberImport}`,
      expect: only(["member"], 200, 404, 401),
      shows: { member: () => "notes.mp3" },
    },
  ],
  "GET /api/cron/imports": [{ path: () => "/api/cron/imports", expect: each<Outcome>(401) }],
  // ── end of Imports ──
  // the matrix's provider (relay) takes a file Chorus keeps: signed in, "{}" is not audio
  "POST /api/uploads": [
    {
      path: () => "/api/uploads?name=porch.wav",
      method: "POST",
      expect: only(SIGNED_IN, 400, 400, 401),
      shows: { member: () => "not an audio file Chorus can read" },
    },
  ],
  // the link a relay fetches a recording Chorus keeps from: no session, the token decides
  "GET /api/uploads/[id]/[name]": [
    {
      path: () => hosted.link,
      expect: each<Outcome>(200),
      shows: Object.fromEntries(ACTORS.map((a) => [a, () => "RIFF"])),
    },
    { path: () => hosted.link.replace(/token=[^&]+/, "token=forged"), expect: each<Outcome>(404) },
    // a recording on a vendor's file host is never served by Chorus, whatever the token
    { path: () => hosted.vendorLink, expect: each<Outcome>(404) },
  ],
  "POST /api/webhooks/suno": [
    {
      path: () => `/api/webhooks/suno?task=${IDS.teamTask}&token=forged`,
      method: "POST",
      expect: each<Outcome>(401),
    },
  ],

  // ── REST v1 (issue 19): every signed-in actor with their own token (all scopes) ──
  "GET /api/v1/token": [
    {
      path: () => "/api/v1/token",
      token: true,
      expect: only(SIGNED_IN, 200, 200, 401),
      shows: { member: (w) => w.users.member.id, viewer: (w) => w.users.viewer.id },
    },
  ],
  "GET /api/v1/openapi.json": [
    {
      path: () => "/api/v1/openapi.json",
      expect: each<Outcome>(200),
      shows: { anonymous: () => "3.1.0" },
    },
  ],
  "GET /api/v1/reference": [
    {
      path: () => "/api/v1/reference",
      expect: each<Outcome>(200),
      shows: { anonymous: () => "GET /api/v1/clips" },
    },
  ],
  "GET /api/v1/tasks": [
    {
      path: () => "/api/v1/tasks",
      token: true,
      expect: only(SIGNED_IN, 200, 200, 401),
      shows: { member: () => IDS.memberPersonalTask, viewer: () => IDS.teamTask },
    },
    {
      path: () => `/api/v1/tasks?teamId=${TEAM_T.id}`,
      token: true,
      expect: only(SIGNED_IN, 200, 200, 401),
      shows: { viewer: () => IDS.teamTask },
    },
  ],
  // no valid request, so nothing is made: a generating token reaches lib/tasks, which refuses
  "POST /api/v1/tasks": [
    {
      path: () => "/api/v1/tasks",
      method: "POST",
      token: true,
      body: () => ({ operation: "INSTRUMENTAL", teamId: TEAM_T.id }),
      expect: only(SIGNED_IN, 400, 400, 401),
    },
  ],
  "GET /api/v1/tasks/[id]": [
    {
      path: () => `/api/v1/tasks/${IDS.teamTask}`,
      token: true,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
    },
    {
      path: () => `/api/v1/tasks/${IDS.memberPersonalTask}`,
      token: true,
      expect: only(["member"], 200, 404, 401),
    },
  ],
  "GET /api/v1/clips": [
    {
      path: () => "/api/v1/clips",
      token: true,
      expect: only(SIGNED_IN, 200, 200, 401),
      shows: {
        member: (w) => title(w, "MemberPersonal"),
        unrelated: (w) => title(w, "UnrelatedPersonal"),
      },
    },
    {
      path: () => `/api/v1/clips?team=${TEAM_T.slug}&sort=newest`,
      token: true,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: (w) => title(w, "TeamClipByMember") },
    },
  ],
  "GET /api/v1/clips/[id]": [
    {
      path: () => `/api/v1/clips/${IDS.teamClipByMember}`,
      token: true,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: (w) => title(w, "TeamClipByMember") },
    },
    {
      path: () => `/api/v1/clips/${IDS.memberPersonal}`,
      token: true,
      expect: only(["member"], 200, 404, 401),
    },
    {
      path: () => `/api/v1/clips/${IDS.ownerShared}`,
      token: true,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
    },
  ],
  "PATCH /api/v1/clips/[id]": [
    {
      path: () => `/api/v1/clips/${IDS.teamClipByMember}`,
      method: "PATCH",
      token: true,
      writes: true,
      body: () => ({ title: "Renamed by token" }),
      expect: only(CREATORS_T, 200, 404, 401),
    },
    {
      path: () => `/api/v1/clips/${IDS.teamClipByAdmin}`,
      method: "PATCH",
      token: true,
      writes: true,
      body: () => ({ tags: "retagged" }),
      expect: only(["owner", "admin"], 200, 404, 401),
    },
  ],
  "DELETE /api/v1/clips/[id]": [
    {
      path: () => `/api/v1/clips/${IDS.teamClipByMember}`,
      method: "DELETE",
      token: true,
      writes: true,
      expect: only(CREATORS_T, 200, 404, 401),
    },
    {
      path: () => `/api/v1/clips/${IDS.memberPersonal}`,
      method: "DELETE",
      token: true,
      writes: true,
      expect: only(["member"], 200, 404, 401),
    },
  ],
  "POST /api/v1/clips/[id]/restore": [
    {
      path: () => `/api/v1/clips/${IDS.teamClipTrashed}/restore`,
      method: "POST",
      token: true,
      writes: true,
      expect: only(CREATORS_T, 200, 404, 401),
    },
  ],
  "GET /api/v1/clips/[id]/media/[kind]": [
    {
      path: () => `/api/v1/clips/${IDS.teamClipByMember}/media/audio`,
      token: true,
      expect: only(TEAM_T_MEMBERS, 302, 404, 401),
    },
    {
      path: () => `/api/v1/clips/${IDS.memberPersonal}/media/image`,
      token: true,
      expect: only(["member"], 302, 404, 401),
    },
  ],
  "GET /api/v1/clips/[id]/assets/[asset]": [
    {
      path: () => `/api/v1/clips/${IDS.teamClipByMember}/assets/lrc`,
      token: true,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: () => "words" },
    },
    {
      path: () => `/api/v1/clips/${IDS.unrelatedPersonal}/assets/wav`,
      token: true,
      expect: only(["unrelated"], 404, 404, 401),
    },
  ],
  "GET /api/v1/playlists": [
    {
      path: () => "/api/v1/playlists",
      token: true,
      expect: only(SIGNED_IN, 200, 200, 401),
      shows: { member: () => "Mia mix", viewer: () => "Open jam", otherTeam: () => "U list" },
    },
  ],
  "POST /api/v1/playlists": [
    {
      path: () => "/api/v1/playlists",
      method: "POST",
      token: true,
      writes: true,
      body: () => ({ name: "Token list", teamId: TEAM_T.id }),
      expect: { ...only(CREATORS_T, 201, 404, 401), viewer: 403 },
    },
    {
      path: () => "/api/v1/playlists",
      method: "POST",
      token: true,
      writes: true,
      body: () => ({ name: "My token list" }),
      expect: only(SIGNED_IN, 201, 201, 401),
    },
  ],
  "GET /api/v1/playlists/[id]": [
    {
      path: () => `/api/v1/playlists/${IDS.teamPlaylist}`,
      token: true,
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: (w) => title(w, "TeamClipByAdmin") },
    },
    {
      path: () => `/api/v1/playlists/${IDS.memberPlaylist}`,
      token: true,
      expect: only(["member"], 200, 404, 401),
    },
  ],
  "PATCH /api/v1/playlists/[id]": [
    {
      path: () => `/api/v1/playlists/${IDS.teamPlaylist}`,
      method: "PATCH",
      token: true,
      writes: true,
      body: () => ({ name: "Renamed picks" }),
      expect: { ...only(CREATORS_T, 200, 404, 401), viewer: 403 },
    },
  ],
  "DELETE /api/v1/playlists/[id]": [
    {
      path: () => `/api/v1/playlists/${IDS.teamPlaylist}`,
      method: "DELETE",
      token: true,
      writes: true,
      expect: { ...only(CREATORS_T, 200, 404, 401), viewer: 403 },
    },
  ],
  "POST /api/v1/playlists/[id]/items": [
    {
      // the collaborative one: every member of the team may add to it
      path: () => `/api/v1/playlists/${IDS.teamPlaylistCollab}/items`,
      method: "POST",
      token: true,
      writes: true,
      body: () => ({ clipId: IDS.teamClipByAdmin }),
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
    },
  ],

  // ── MCP (issue 19, item 5): every signed-in actor with their own token; each tool answers
  //    as its REST v1 twin does (a tool error counts as its status) ──
  "POST /api/mcp": [
    {
      path: () => "/api/mcp",
      method: "POST",
      token: true,
      mcp: {},
      expect: only(SIGNED_IN, 200, 200, 401),
      shows: { member: () => "generate_song", viewer: () => "add_to_playlist" },
    },
    {
      // refused by lib/tasks' schema (no style) before anything else: nothing is made
      path: () => "/api/mcp",
      method: "POST",
      token: true,
      writes: true,
      mcp: {
        tool: "generate_song",
        args: () => ({ request: { operation: "INSTRUMENTAL", title: "No style" } }),
      },
      expect: only(SIGNED_IN, 400, 400, 401),
    },
    {
      // a valid song in a team nobody is in: lib/tasks refuses it, nothing is made
      path: () => "/api/mcp",
      method: "POST",
      token: true,
      writes: true,
      mcp: {
        tool: "generate_song",
        args: () => ({
          request: { operation: "INSTRUMENTAL", title: "Nowhere", tags: "folk" },
          teamId: "no-such-team",
        }),
      },
      expect: only(SIGNED_IN, 404, 404, 401),
    },
    {
      path: () => "/api/mcp",
      method: "POST",
      token: true,
      mcp: { tool: "check_task", args: () => ({ id: IDS.teamTask }) },
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: () => IDS.teamTask },
    },
    {
      path: () => "/api/mcp",
      method: "POST",
      token: true,
      mcp: { tool: "check_task", args: () => ({ id: IDS.memberPersonalTask }) },
      expect: only(["member"], 200, 404, 401),
    },
    {
      path: () => "/api/mcp",
      method: "POST",
      token: true,
      mcp: { tool: "search_library", args: () => ({}) },
      expect: only(SIGNED_IN, 200, 200, 401),
      shows: {
        member: (w) => title(w, "MemberPersonal"),
        unrelated: (w) => title(w, "UnrelatedPersonal"),
      },
    },
    {
      path: () => "/api/mcp",
      method: "POST",
      token: true,
      mcp: { tool: "search_library", args: () => ({ team: TEAM_T.slug, sort: "newest" }) },
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: (w) => title(w, "TeamClipByMember") },
    },
    {
      path: () => "/api/mcp",
      method: "POST",
      token: true,
      mcp: { tool: "get_lyrics", args: () => ({ id: IDS.teamClipByMember }) },
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
      shows: { viewer: (w) => title(w, "TeamClipByMember") },
    },
    {
      path: () => "/api/mcp",
      method: "POST",
      token: true,
      mcp: { tool: "get_lyrics", args: () => ({ id: IDS.memberPersonal }) },
      expect: only(["member"], 200, 404, 401),
    },
    {
      path: () => "/api/mcp",
      method: "POST",
      token: true,
      mcp: { tool: "list_playlists", args: () => ({}) },
      expect: only(SIGNED_IN, 200, 200, 401),
      shows: { member: () => "Mia mix", viewer: () => "Open jam", otherTeam: () => "U list" },
    },
    {
      // the collaborative one: every member of the team may add to it
      path: () => "/api/mcp",
      method: "POST",
      token: true,
      writes: true,
      mcp: {
        tool: "add_to_playlist",
        args: () => ({ playlistId: IDS.teamPlaylistCollab, clipId: IDS.teamClipByAdmin }),
      },
      expect: only(TEAM_T_MEMBERS, 200, 404, 401),
    },
  ],
  // stateless: no stream to open and no session to end, for anyone with a token
  "GET /api/mcp": [{ path: () => "/api/mcp", token: true, expect: only(SIGNED_IN, 405, 405, 401) }],
  "DELETE /api/mcp": [
    {
      path: () => "/api/mcp",
      method: "DELETE",
      token: true,
      expect: only(SIGNED_IN, 405, 405, 401),
    },
  ],

  // ── OpenSubsonic (issue 19, item 6): every signed-in actor with their own app password;
  // a refusal is Subsonic's (HTTP 200, "s<code>": 10 no credentials, 50 forbidden, 70 not found)
  "GET /rest/[method]": [
    { path: () => "/rest/ping.view", subsonic: true, expect: only(SIGNED_IN, 200, 200, "s10") },
    {
      path: () => "/rest/getOpenSubsonicExtensions",
      subsonic: true,
      expect: each<Outcome>(200),
      shows: { anonymous: () => "apiKeyAuthentication" },
    },
    { path: () => "/rest/getLicense", subsonic: true, expect: only(SIGNED_IN, 200, 200, "s10") },
    {
      path: () => "/rest/getUser",
      subsonic: true,
      expect: only(SIGNED_IN, 200, 200, "s10"),
      shows: { member: (w) => w.users.member.email },
    },
    { path: () => "/rest/getScanStatus", subsonic: true, expect: only(SIGNED_IN, 200, 200, "s10") },
    {
      path: () => "/rest/getMusicFolders",
      subsonic: true,
      expect: only(SIGNED_IN, 200, 200, "s10"),
      shows: { viewer: () => TEAM_T.name, otherTeam: () => TEAM_U.name },
      hides: () => [],
    },
    {
      path: () => "/rest/getArtists",
      subsonic: true,
      expect: only(SIGNED_IN, 200, 200, "s10"),
      shows: { viewer: (w) => w.users.member.name, unrelated: (w) => w.users.unrelated.name },
    },
    {
      path: (w) => `/rest/getArtist?id=ar-${w.users.member.id}`,
      subsonic: true,
      expect: only(TEAM_T_MEMBERS, 200, "s70", "s10"),
    },
    {
      // the world sets task ids after inserting its clips, so each clip is a stack of its own
      path: () => `/rest/getAlbum?id=al-${IDS.teamClipByMember}`,
      subsonic: true,
      expect: only(TEAM_T_MEMBERS, 200, "s70", "s10"),
      shows: { viewer: (w) => title(w, "TeamClipByMember") },
    },
    {
      path: () => `/rest/getSong.view?id=${IDS.teamClipByMember}`,
      subsonic: true,
      expect: only(TEAM_T_MEMBERS, 200, "s70", "s10"),
      shows: { owner: (w) => title(w, "TeamClipByMember") },
    },
    {
      path: () => `/rest/getSong?id=${IDS.memberPersonal}`,
      subsonic: true,
      expect: only(["member"], 200, "s70", "s10"),
    },
    // a song in the trash is not a song here, for anyone
    {
      path: () => `/rest/getSong?id=${IDS.teamClipTrashed}`,
      subsonic: true,
      expect: only([], 200, "s70", "s10"),
    },
    {
      path: () => "/rest/getAlbumList2?type=newest&size=50",
      subsonic: true,
      expect: only(SIGNED_IN, 200, 200, "s10"),
      shows: {
        viewer: (w) => title(w, "TeamClipByAdmin"),
        otherTeam: (w) => title(w, "OtherTeamClip"),
      },
    },
    {
      path: () => "/rest/getAlbumList2?type=newest&musicFolderId=1",
      subsonic: true,
      expect: only(SIGNED_IN, 200, 200, "s10"),
      shows: { member: (w) => title(w, "MemberPersonal") },
    },
    {
      path: () => "/rest/search3?query=",
      subsonic: true,
      expect: only(SIGNED_IN, 200, 200, "s10"),
      shows: {
        member: (w) => title(w, "MemberPersonal"),
        unrelated: (w) => title(w, "UnrelatedPersonal"),
      },
    },
    {
      path: () => "/rest/getStarred2",
      subsonic: true,
      expect: only(SIGNED_IN, 200, 200, "s10"),
      shows: { member: (w) => title(w, "TeamClipByMember") },
    },
    {
      path: () => "/rest/getPlaylists",
      subsonic: true,
      expect: only(SIGNED_IN, 200, 200, "s10"),
      shows: { viewer: () => "Team picks", member: () => "Mia mix", otherTeam: () => "U list" },
      hides: () => [],
    },
    {
      path: () => `/rest/getPlaylist?id=pl-${IDS.teamPlaylist}`,
      subsonic: true,
      expect: only(TEAM_T_MEMBERS, 200, "s70", "s10"),
    },
    {
      path: () => `/rest/getLyricsBySongId?id=${IDS.teamClipByMember}`,
      subsonic: true,
      expect: only(TEAM_T_MEMBERS, 200, "s70", "s10"),
      shows: { viewer: () => "words" },
    },
    // files: not archived in the world, so the upstream link (302) for whoever may hear it
    {
      path: () => `/rest/stream?id=${IDS.teamClipByMember}`,
      subsonic: true,
      expect: only(TEAM_T_MEMBERS, 302, "s70", "s10"),
    },
    {
      path: () => `/rest/download.view?id=${IDS.memberPersonal}`,
      subsonic: true,
      expect: only(["member"], 302, "s70", "s10"),
    },
    {
      path: () => `/rest/getCoverArt?id=al-${IDS.teamClipByMember}&size=200`,
      subsonic: true,
      expect: only(TEAM_T_MEMBERS, 302, "s70", "s10"),
    },
    // reactions and plays are each member's own; viewers may react too
    {
      path: () => `/rest/star?id=${IDS.teamClipByAdmin}`,
      subsonic: true,
      writes: true,
      expect: only(TEAM_T_MEMBERS, 200, "s70", "s10"),
    },
    {
      path: () => `/rest/unstar?id=${IDS.ownerShared}`,
      subsonic: true,
      expect: only(TEAM_T_MEMBERS, 200, "s70", "s10"),
    },
    {
      path: () => `/rest/setRating?id=${IDS.teamClipByAdmin}&rating=3`,
      subsonic: true,
      writes: true,
      expect: only(TEAM_T_MEMBERS, 200, "s70", "s10"),
    },
    {
      path: () => `/rest/scrobble?id=${IDS.teamClipByMember}`,
      subsonic: true,
      writes: true,
      expect: only(TEAM_T_MEMBERS, 200, "s70", "s10"),
    },
    {
      path: () => "/rest/createPlaylist?name=On%20the%20road",
      subsonic: true,
      writes: true,
      expect: only(SIGNED_IN, 200, 200, "s10"),
    },
    // someone else's song never goes into one's playlist
    {
      path: () => `/rest/createPlaylist?name=Mine&songId=${IDS.memberPersonal}`,
      subsonic: true,
      writes: true,
      expect: { ...only(SIGNED_IN, "s70", "s70", "s10"), member: 200 },
    },
    {
      path: () => `/rest/updatePlaylist?playlistId=pl-${IDS.teamPlaylist}&name=Renamed`,
      subsonic: true,
      writes: true,
      expect: { ...only(["owner", "admin", "member"], 200, "s70", "s10"), viewer: "s50" },
    },
    {
      path: () => `/rest/deletePlaylist?id=pl-${IDS.memberPlaylist}`,
      subsonic: true,
      writes: true,
      expect: only(["member"], 200, "s70", "s10"),
    },
  ],
  // the formPost extension: the same methods with their parameters in a form body
  "POST /rest/[method]": [
    {
      path: () => "/rest/ping",
      method: "POST",
      subsonic: true,
      expect: only(SIGNED_IN, 200, 200, "s10"),
    },
    {
      path: () => "/rest/star.view",
      method: "POST",
      subsonic: true,
      writes: true,
      body: () => ({ id: IDS.teamClipByAdmin }),
      expect: only(TEAM_T_MEMBERS, 200, "s70", "s10"),
    },
    {
      path: () => "/rest/getSong",
      method: "POST",
      subsonic: true,
      body: () => ({ id: IDS.memberPersonal }),
      expect: only(["member"], 200, "s70", "s10"),
    },
  ],
};

// ─────────────────────────── server actions ───────────────────────────

/** ok: allowed and it did something; noop: allowed, nothing to do; refused: an error and nothing changed;
 *  public: anyone may call it (an invalid form comes back with field errors, nothing changed). */
type ActionOutcome = "ok" | "noop" | "refused" | "public";
type ActionCase = {
  fields: (w: World) => Record<string, string>;
  expect: PerActor<ActionOutcome>;
  setup?: (sql: pg.Client, w: World) => Promise<void>;
  /** the world's provider, when not the matrix's relay */
  provider?: "sunoapi-org";
};

const allowOnly = (allowed: ActorName[], outcome: ActionOutcome = "ok"): PerActor<ActionOutcome> =>
  Object.fromEntries(
    ACTORS.map((a) => [a, allowed.includes(a) ? outcome : "refused"]),
  ) as PerActor<ActionOutcome>;
/** allowed: a change; the other signed-in: allowed, with nothing of theirs to change */
const bulkOutcome = (allowed: ActorName[]): PerActor<ActionOutcome> =>
  Object.fromEntries(
    ACTORS.map((a) => [a, allowed.includes(a) ? "ok" : a === "anonymous" ? "refused" : "noop"]),
  ) as PerActor<ActionOutcome>;
const key = () => `matrix-${Math.random().toString(36).slice(2, 12)}`;
const inTeam = { teamId: TEAM_T.id };
const CREATORS: ActorName[] = ["owner", "admin", "member"];
const MANAGERS: ActorName[] = ["owner", "admin"];

const SMART =
  '{"match":"all","rules":[{"kind":"type","value":"vocal"}],"sort":"newest","limit":50}';
/** The member's personal webhook and team T's (made by its admin). */
async function addWebhooks(db: pg.Client, w: World) {
  await db.query(
    `INSERT INTO webhook_endpoints (id, user_id, team_id, url, secret, events) VALUES
      ('wh-member', $1, NULL, 'https://hooks.invalid/m', 'whsec_bWF0cml4', '{task.failed}'),
      ('wh-team', $2, $3, 'https://hooks.invalid/t', 'whsec_bWF0cml4', '{task.failed}')`,
    [w.users.member.id, w.users.admin.id, TEAM_T.id],
  );
}

const submit = (fields: Record<string, string>): ActionCase[] => [
  { fields: () => ({ ...inTeam, idempotencyKey: key(), ...fields }), expect: allowOnly(CREATORS) },
];

const S3_KEYS = { accessKeyId: "AKIAMATRIX", secretAccessKey: "matrix-secret-key" };
/** a destination for team T and one for the member's personal library */
const backupDestinations = async (sql: pg.Client, w: World) => {
  await sql.query(
    `INSERT INTO backup_destinations (id, team_id, owner_id, kind, bucket, schedule, updated_at)
     VALUES ('bd-team', $1, NULL, 's3', 'team-b', 'daily', now()),
            ('bd-member', NULL, $2, 's3', 'member-b', 'daily', now())`,
    [TEAM_T.id, w.users.member.id],
  );
};

const actionCases: Record<string, ActionCase[]> = {
  "action lib/actions/auth.ts#signUpAction": [
    { fields: () => ({ email: "not an email" }), expect: each<ActionOutcome>("public") },
  ],
  "action lib/actions/auth.ts#signInAction": [
    { fields: () => ({ email: "" }), expect: each<ActionOutcome>("public") },
  ],
  "action lib/actions/auth.ts#sendMagicLinkAction": [
    { fields: () => ({ email: "nope" }), expect: each<ActionOutcome>("public") },
  ],
  "action lib/actions/auth.ts#signInWithGitHubAction": [
    { fields: () => ({ callbackUrl: "/library" }), expect: each<ActionOutcome>("public") },
  ],
  "action lib/actions/auth.ts#signOutAction": [
    { fields: () => ({}), expect: each<ActionOutcome>("public") },
  ],
  "action lib/actions/auth.ts#signOutEverywhereAction": [
    { fields: () => ({}), expect: { ...allowOnly(SIGNED_IN), anonymous: "noop" } },
  ],

  "action lib/actions/account.ts#requestPasswordResetAction": [
    { fields: () => ({ email: "nope" }), expect: each<ActionOutcome>("public") },
  ],
  "action lib/actions/account.ts#resetPasswordAction": [
    {
      fields: () => ({ token: "A".repeat(43), password: "a brand new password" }),
      expect: each<ActionOutcome>("refused"),
    },
  ],
  "action lib/actions/account.ts#confirmEmailChangeAction": [
    { fields: () => ({ token: "A".repeat(43) }), expect: each<ActionOutcome>("refused") },
  ],
  "action lib/actions/account.ts#updateProfileAction": [
    { fields: () => ({ name: "Renamed Person" }), expect: allowOnly(SIGNED_IN) },
  ],
  "action lib/actions/account.ts#changePasswordAction": [
    {
      fields: () => ({ currentPassword: PASSWORD, newPassword: "a brand new password" }),
      expect: allowOnly(SIGNED_IN),
    },
    {
      fields: () => ({ currentPassword: "not the password", newPassword: "a brand new password" }),
      expect: each<ActionOutcome>("refused"),
    },
  ],
  "action lib/actions/account.ts#requestEmailChangeAction": [
    {
      fields: () => ({ email: `moved-${key()}@example.test`, currentPassword: PASSWORD }),
      expect: allowOnly(SIGNED_IN),
    },
  ],
  // a cookie of this browser only: nothing in the database
  "action lib/actions/account.ts#setThemeAction": [
    { fields: () => ({ theme: "dark" }), expect: { ...allowOnly(SIGNED_IN, "noop") } },
  ],
  // deleting for real is tested in tests/integration/account.test.ts (it would end the world)
  "action lib/actions/account.ts#deleteAccountAction": [
    {
      fields: (w) => ({ confirmEmail: w.users.member.email, currentPassword: "wrong password" }),
      expect: each<ActionOutcome>("refused"),
    },
  ],

  "action lib/actions/create.ts#createSongAction": submit({
    lyrics: "[Verse]\nla la",
    tags: "pop",
    title: "Matrix",
    model: "chirp-hawk",
  }),
  "action lib/actions/create.ts#createInstrumentalAction": submit({
    tags: "ambient",
    title: "Matrix",
    model: "chirp-hawk",
  }),
  "action lib/actions/create.ts#createFromDescriptionAction": submit({
    description: "a calm song about tests",
    model: "chirp-hawk",
  }),
  "action lib/actions/create.ts#writeLyricsAction": submit({ prompt: "harbours" }),
  "action lib/actions/create.ts#extendClipAction": submit({
    clipId: IDS.teamClipByMember,
    continueAt: "10",
    model: "chirp-hawk",
    tags: "synth pop",
  }),
  "action lib/actions/create.ts#makeWholeSongAction": submit({ clipId: IDS.teamClipByMember }),
  "action lib/actions/create.ts#uploadAudioAction": [
    ...submit({ url: "https://example.com/a.mp3" }),
    // a relay makes a clip of an upload Chorus keeps: only its owner may name it
    {
      setup: async (db) => {
        await db.query(
          `UPDATE audio_uploads SET download_url = NULL, storage_key = $1 WHERE id = $2`,
          [hosted.storageKey, IDS.memberUpload],
        );
      },
      fields: () => ({ ...inTeam, idempotencyKey: key(), uploadId: IDS.memberUpload }),
      expect: allowOnly(["member"]),
    },
  ],

  // derivatives are paid where their clip lives; the team's creators may make them
  ...Object.fromEntries(
    [
      "makeWavAction",
      "makeStemsAction",
      "makeVideoAction",
      "makeCoverArtAction",
      "syncLyricsAction",
    ].map((name) => [
      `action lib/actions/studio.ts#${name}`,
      [
        {
          fields: () => ({ clipId: IDS.teamClipByAdmin, idempotencyKey: key(), mode: "two" }),
          expect: allowOnly(CREATORS),
        },
        {
          fields: () => ({ clipId: IDS.otherTeamClip, idempotencyKey: key(), mode: "two" }),
          expect: allowOnly(["otherTeam"]),
        },
      ],
    ]),
  ),
  // a voice is paid where its song lives, like the derivatives
  "action lib/actions/studio.ts#makeVoiceAction": [
    {
      fields: () => ({
        clipId: IDS.teamClipByAdmin,
        idempotencyKey: key(),
        name: "Matrix voice",
        startS: "0",
        endS: "12",
      }),
      expect: allowOnly(CREATORS),
    },
    {
      fields: () => ({
        clipId: IDS.otherTeamClip,
        idempotencyKey: key(),
        name: "Matrix voice",
        startS: "0",
        endS: "12",
      }),
      expect: allowOnly(["otherTeam"]),
    },
  ],
  "action lib/actions/studio.ts#pickCoverArtAction": [
    {
      fields: () => ({ clipId: IDS.teamClipByMember, asset: "cover-ct1-1" }),
      expect: allowOnly(CREATORS),
    },
  ],
  "action lib/actions/studio.ts#setShareDownloadsAction": [
    {
      fields: () => ({ clipId: IDS.teamClipByMember, allow: "true" }),
      expect: allowOnly(CREATORS),
    },
  ],
  // New takes of a song (issue 16): the matrix's provider (relay) makes none, so everyone is
  // refused before anything is written; who may make them where they are offered (the team's
  // creators, not a stranger) is tests/integration/takes.test.ts's, on sunoapi-org.
  ...Object.fromEntries(
    [
      ["coverClipAction", { model: "chirp-hawk" }],
      ["replaceSectionAction", { startS: "2", endS: "10", lyrics: "new words" }],
      ["addVocalsAction", { lyrics: "la la" }],
      ["addInstrumentalAction", { tags: "strings" }],
      ["bringForwardAction", { via: "cover" }],
    ].map(([name, extra]) => [
      `action lib/actions/takes.ts#${name as string}`,
      [
        {
          fields: () => ({
            clipId: IDS.teamClipByMember,
            idempotencyKey: key(),
            ...(extra as Record<string, string>),
          }),
          expect: allowOnly([]),
        },
        {
          fields: () => ({
            clipId: IDS.otherTeamClip,
            idempotencyKey: key(),
            ...(extra as Record<string, string>),
          }),
          expect: allowOnly([]),
        },
      ],
    ]),
  ),
  // Covering and extending one's own audio, in a sunoapi-org world (the relay cannot): the
  // member's upload is on the simulator's file host; only the member may name it, everyone
  // else is refused before anything is written.
  "action lib/actions/create.ts#coverUploadAction": [
    {
      provider: "sunoapi-org",
      setup: onTheFileHost,
      fields: () => ({
        ...inTeam,
        idempotencyKey: key(),
        uploadId: IDS.memberUpload,
        tags: "bossa nova",
        title: "Matrix cover",
        instrumental: "on",
        model: "chirp-hawk",
      }),
      expect: allowOnly(["member"]),
    },
  ],
  "action lib/actions/create.ts#extendUploadAction": [
    {
      provider: "sunoapi-org",
      setup: onTheFileHost,
      fields: () => ({
        ...inTeam,
        idempotencyKey: key(),
        uploadId: IDS.memberUpload,
        continueAt: "5",
        model: "chirp-hawk",
      }),
      expect: allowOnly(["member"]),
    },
  ],

  "action lib/actions/clips.ts#retryArchiveAction": [
    { fields: () => ({ clipId: IDS.teamClipByMember }), expect: allowOnly(CREATORS, "noop") },
  ],
  // a like and a rating are each person's own: whoever may see a song may react (viewers too),
  // but not to a song in the trash
  ...Object.fromEntries(
    (
      [
        ["toggleLikeAction", { liked: "true" }],
        ["rateClipAction", { rating: "4" }],
      ] as const
    ).map(([name, change]) => [
      `action lib/actions/clips.ts#${name}`,
      [
        {
          fields: () => ({ clipId: IDS.teamClipByMember, ...change }),
          expect: allowOnly(TEAM_T_MEMBERS),
        },
        {
          fields: () => ({ clipId: IDS.teamClipByAdmin, ...change }),
          expect: allowOnly(TEAM_T_MEMBERS),
        },
        // a personal song shared into the team: its owner and the team's members
        {
          fields: () => ({ clipId: IDS.ownerShared, ...change }),
          expect: allowOnly(TEAM_T_MEMBERS),
        },
        {
          fields: () => ({ clipId: IDS.memberPersonal, ...change }),
          expect: allowOnly(["member"]),
        },
        {
          fields: () => ({ clipId: IDS.otherTeamClip, ...change }),
          expect: allowOnly(["otherTeam"]),
        },
        { fields: () => ({ clipId: IDS.teamClipTrashed, ...change }), expect: allowOnly([]) },
      ],
    ]),
  ),
  // the keeper of a song's takes (issue 18): whoever may manage the request's songs; a viewer
  // never, a member only on their own request
  "action lib/actions/keepers.ts#pickKeeperAction": [
    { fields: () => ({ clipId: IDS.teamClipByMember }), expect: allowOnly(CREATORS) },
    { fields: () => ({ clipId: IDS.teamClipByAdmin }), expect: allowOnly(MANAGERS) },
    { fields: () => ({ clipId: IDS.ownerShared }), expect: allowOnly(["owner"]) },
  ],
  // comments (issue 18): whoever may see a song may comment (viewers too), not in the trash;
  // mentions only of the song's team's members
  "action lib/actions/comments.ts#addCommentAction": [
    {
      fields: () => ({ clipId: IDS.teamClipByMember, body: "0:05 nice", at: "" }),
      expect: allowOnly(TEAM_T_MEMBERS),
    },
    {
      fields: () => ({ clipId: IDS.ownerShared, body: "shared, nice" }),
      expect: allowOnly(TEAM_T_MEMBERS),
    },
    { fields: () => ({ clipId: IDS.memberPersonal, body: "mine" }), expect: allowOnly(["member"]) },
    {
      fields: () => ({ clipId: IDS.otherTeamClip, body: "theirs" }),
      expect: allowOnly(["otherTeam"]),
    },
    { fields: () => ({ clipId: IDS.teamClipTrashed, body: "binned" }), expect: allowOnly([]) },
    {
      fields: (w) => ({ clipId: IDS.teamClipByAdmin, body: "hey", mentions: w.users.member.id }),
      expect: allowOnly(["owner", "admin", "viewer", "member"]),
    },
    // someone outside the song's team is never mentioned
    {
      fields: (w) => ({ clipId: IDS.teamClipByAdmin, body: "hey", mentions: w.users.otherTeam.id }),
      expect: allowOnly([]),
    },
  ],
  "action lib/actions/comments.ts#editCommentAction": [
    {
      fields: () => ({ commentId: IDS.memberComment, body: "changed" }),
      expect: allowOnly(["member"]),
    },
    {
      fields: () => ({ commentId: IDS.viewerComment, body: "changed", at: "0:10" }),
      expect: allowOnly(["viewer"]),
    },
  ],
  "action lib/actions/comments.ts#deleteCommentAction": [
    { fields: () => ({ commentId: IDS.memberComment }), expect: allowOnly(CREATORS) },
    {
      fields: () => ({ commentId: IDS.viewerComment }),
      expect: allowOnly(["owner", "admin", "viewer"]),
    },
  ],
  // one's own notifications only: the viewer has one; for the rest there is nothing to mark
  "action lib/actions/comments.ts#markNotificationsReadAction": [
    { fields: () => ({ id: "all" }), expect: { ...bulkOutcome(["viewer"]) } },
    { fields: () => ({ id: IDS.viewerNotification }), expect: { ...bulkOutcome(["viewer"]) } },
  ],
  "action lib/actions/clips.ts#renameClipAction": [
    {
      fields: () => ({ clipId: IDS.teamClipByMember, title: "Renamed", tags: "x" }),
      expect: allowOnly(CREATORS),
    },
  ],
  "action lib/actions/clips.ts#trashClipAction": [
    { fields: () => ({ clipId: IDS.teamClipByMember }), expect: allowOnly(CREATORS) },
    { fields: () => ({ clipId: IDS.ownerShared }), expect: allowOnly(["owner"]) },
  ],
  "action lib/actions/clips.ts#restoreClipAction": [
    { fields: () => ({ clipId: IDS.teamClipTrashed }), expect: allowOnly(CREATORS) },
  ],
  "action lib/actions/clips.ts#shareToTeamAction": [
    {
      fields: () => ({ clipId: IDS.memberPersonal, teamId: TEAM_T.id }),
      expect: allowOnly(["member"]),
    },
    // one's own song, but into a team one is not in
    { fields: () => ({ clipId: IDS.unrelatedPersonal, teamId: TEAM_T.id }), expect: allowOnly([]) },
  ],
  "action lib/actions/clips.ts#unshareFromTeamAction": [
    {
      fields: () => ({ clipId: IDS.ownerShared, teamId: TEAM_T.id }),
      expect: allowOnly(["owner", "admin"]),
    },
  ],
  "action lib/actions/clips.ts#enablePublicLinkAction": [
    { fields: () => ({ clipId: IDS.teamClipByAdmin }), expect: allowOnly(MANAGERS) },
  ],
  "action lib/actions/clips.ts#revokePublicLinkAction": [
    { fields: () => ({ clipId: IDS.teamClipByMember }), expect: allowOnly(CREATORS) },
  ],

  // playlists: anyone makes personal ones; a team's members (not viewers) make the team's
  "action lib/actions/playlists.ts#createPlaylistAction": [
    { fields: () => ({ name: "Mine" }), expect: allowOnly(SIGNED_IN) },
    { fields: () => ({ name: "Ours", teamId: TEAM_T.id }), expect: allowOnly(CREATORS) },
  ],
  // rename and delete: the creator (the member) and the team's admins
  "action lib/actions/playlists.ts#updatePlaylistAction": [
    {
      fields: () => ({ playlistId: IDS.teamPlaylist, name: "Renamed", collaborative: "on" }),
      expect: allowOnly(["owner", "admin", "member"]),
    },
    {
      fields: () => ({ playlistId: IDS.teamPlaylistCollab, name: "Renamed" }),
      expect: allowOnly(MANAGERS),
    },
    {
      fields: () => ({ playlistId: IDS.memberPlaylist, name: "Renamed" }),
      expect: allowOnly(["member"]),
    },
  ],
  // a background export of what the actor may see (a team's library: anyone in it)
  "action lib/actions/exports.ts#startExportAction": [
    { fields: () => ({ query: `team=${TEAM_T.slug}` }), expect: allowOnly(TEAM_T_MEMBERS) },
    { fields: () => ({ query: `ids=${IDS.memberPersonal}` }), expect: allowOnly(["member"]) },
  ],
  "action lib/actions/exports.ts#deleteExportAction": [
    { fields: () => ({ jobId: IDS.memberExport }), expect: allowOnly(["member"]) },
  ],
  "action lib/actions/playlists.ts#deletePlaylistAction": [
    { fields: () => ({ playlistId: IDS.teamPlaylist }), expect: allowOnly(CREATORS) },
    { fields: () => ({ playlistId: IDS.teamPlaylistCollab }), expect: allowOnly(MANAGERS) },
    { fields: () => ({ playlistId: IDS.otherTeamPlaylist }), expect: allowOnly(["otherTeam"]) },
  ],
  // songs: a collaborative team playlist is every member's, viewers too
  "action lib/actions/playlists.ts#addToPlaylistAction": [
    {
      fields: () => ({ playlistId: IDS.teamPlaylist, clipId: IDS.ownerShared }),
      expect: allowOnly(CREATORS),
    },
    {
      fields: () => ({ playlistId: IDS.teamPlaylistCollab, clipId: IDS.teamClipByMember }),
      expect: allowOnly(TEAM_T_MEMBERS),
    },
    // a personal song not shared into the team never goes into a team playlist
    {
      fields: () => ({ playlistId: IDS.teamPlaylistCollab, clipId: IDS.memberPersonal }),
      expect: allowOnly([]),
    },
    // nor a trashed one
    {
      fields: () => ({ playlistId: IDS.teamPlaylistCollab, clipId: IDS.teamClipTrashed }),
      expect: allowOnly([]),
    },
    {
      fields: () => ({ playlistId: IDS.memberPlaylist, clipId: IDS.teamClipByAdmin }),
      expect: allowOnly(["member"]),
    },
  ],
  "action lib/actions/playlists.ts#removeFromPlaylistAction": [
    {
      fields: () => ({ playlistId: IDS.teamPlaylist, itemId: IDS.teamPlaylistItem }),
      expect: allowOnly(CREATORS),
    },
    {
      fields: () => ({ playlistId: IDS.memberPlaylist, itemId: IDS.memberPlaylistItem }),
      expect: allowOnly(["member"]),
    },
    // an item of another playlist, named with one the actor may edit
    {
      fields: () => ({ playlistId: IDS.teamPlaylistCollab, itemId: IDS.teamPlaylistItem }),
      expect: allowOnly([]),
    },
  ],
  "action lib/actions/playlists.ts#movePlaylistItemAction": [
    {
      fields: () => ({ playlistId: IDS.teamPlaylist, itemId: IDS.teamPlaylistItem, toIndex: "1" }),
      expect: allowOnly(CREATORS),
    },
  ],

  // smart playlists: anyone makes personal ones; a team's members (not viewers) the team's;
  // its rules change like a playlist's songs (creator and admins, or all when collaborative)
  "action lib/actions/playlists.ts#createSmartPlaylistAction": [
    { fields: () => ({ name: "Smart", rules: SMART }), expect: allowOnly(SIGNED_IN) },
    { fields: () => ({ name: "Smart", rules: SMART, ...inTeam }), expect: allowOnly(CREATORS) },
  ],
  "action lib/actions/playlists.ts#updateSmartRulesAction": [
    {
      fields: () => ({ playlistId: IDS.teamSmartPlaylist, rules: SMART }),
      expect: allowOnly(CREATORS),
    },
    // a plain playlist has no rules to change
    {
      fields: () => ({ playlistId: IDS.teamPlaylistCollab, rules: SMART }),
      expect: each<ActionOutcome>("refused"),
    },
  ],
  // public playlist links: by whoever may manage the playlist
  "action lib/actions/playlists.ts#enablePlaylistLinkAction": [
    { fields: () => ({ playlistId: IDS.teamPlaylistCollab }), expect: allowOnly(MANAGERS) },
    { fields: () => ({ playlistId: IDS.memberPlaylist }), expect: allowOnly(["member"]) },
    { fields: () => ({ playlistId: IDS.teamSmartPlaylist }), expect: allowOnly([]) },
  ],
  "action lib/actions/playlists.ts#revokePlaylistLinkAction": [
    { fields: () => ({ playlistId: IDS.teamPlaylist }), expect: allowOnly(CREATORS) },
  ],

  // bulk actions: each changes only what the actor may change, in one scoped statement; for
  // the rest of the signed-in it is a summary of nothing changed
  "action lib/actions/bulk.ts#bulkTrashAction": [
    {
      fields: () => ({
        ids: `${IDS.teamClipByMember},${IDS.teamClipByAdmin},${IDS.otherTeamClip}`,
      }),
      // team T's songs for its creators; team U's own owner trashes team U's song
      expect: { ...bulkOutcome(CREATORS), otherTeam: "ok" },
    },
    // "all that match" a team's view: a team one is not in is refused outright
    {
      fields: () => ({ query: `team=${TEAM_T.slug}` }),
      expect: { ...bulkOutcome(CREATORS), otherTeam: "refused", unrelated: "refused" },
    },
  ],
  "action lib/actions/bulk.ts#bulkRestoreAction": [
    { fields: () => ({ ids: IDS.teamClipTrashed }), expect: bulkOutcome(CREATORS) },
  ],
  "action lib/actions/bulk.ts#bulkLikeAction": [
    {
      fields: () => ({ ids: `${IDS.teamClipByAdmin},${IDS.memberPersonal}`, liked: "true" }),
      expect: bulkOutcome(TEAM_T_MEMBERS),
    },
  ],

  // a team's backups: its admins and owners; a personal library's: its own person only
  "action lib/actions/backups.ts#saveBackupDestinationAction": [
    {
      fields: () => ({
        ...inTeam,
        kind: "s3",
        bucket: "team-backups",
        ...S3_KEYS,
        schedule: "daily",
      }),
      expect: allowOnly(MANAGERS),
    },
    {
      fields: () => ({
        teamId: "",
        kind: "s3",
        bucket: "my-backups",
        ...S3_KEYS,
        schedule: "weekly",
      }),
      expect: allowOnly(SIGNED_IN),
    },
  ],
  "action lib/actions/backups.ts#runBackupNowAction": [
    { fields: () => inTeam, expect: allowOnly(MANAGERS), setup: backupDestinations },
    { fields: () => ({ teamId: "" }), expect: allowOnly(["member"]), setup: backupDestinations },
  ],
  "action lib/actions/backups.ts#removeBackupDestinationAction": [
    { fields: () => inTeam, expect: allowOnly(MANAGERS), setup: backupDestinations },
    { fields: () => ({ teamId: "" }), expect: allowOnly(["member"]), setup: backupDestinations },
  ],
  "action lib/actions/bulk.ts#bulkCountAction": [
    {
      fields: () => ({ query: `team=${TEAM_T.slug}` }),
      expect: { ...allowOnly(TEAM_T_MEMBERS, "noop") },
    },
    { fields: () => ({ query: "q=anything" }), expect: allowOnly(SIGNED_IN, "noop") },
  ],
  "action lib/actions/bulk.ts#bulkRateAction": [
    {
      fields: () => ({ ids: `${IDS.teamClipByAdmin},${IDS.memberPersonal}`, rating: "5" }),
      expect: bulkOutcome(TEAM_T_MEMBERS),
    },
  ],
  "action lib/actions/bulk.ts#bulkTagAction": [
    {
      fields: () => ({
        ids: `${IDS.teamClipByMember},${IDS.teamClipByAdmin},${IDS.otherTeamClip}`,
        tag: "matrix",
        op: "add",
      }),
      expect: { ...bulkOutcome(CREATORS), otherTeam: "ok" },
    },
  ],
  // a viewer adds team songs to their personal playlists and to collaborative team ones
  "action lib/actions/bulk.ts#bulkAddToPlaylistAction": [
    {
      fields: () => ({ ids: IDS.teamClipByMember, playlistId: IDS.teamPlaylistCollab }),
      expect: allowOnly(TEAM_T_MEMBERS),
    },
    {
      fields: () => ({ ids: IDS.teamClipByAdmin, playlistId: IDS.memberPlaylist }),
      expect: allowOnly(["member"]),
    },
    {
      fields: () => ({ ids: IDS.teamClipByAdmin, playlistId: IDS.teamPlaylist }),
      expect: allowOnly(CREATORS, "noop"),
    },
  ],
  "action lib/actions/bulk.ts#bulkRemoveFromPlaylistAction": [
    {
      fields: () => ({ playlistId: IDS.teamPlaylist, ids: IDS.teamClipByMember }),
      expect: allowOnly(CREATORS),
    },
  ],
  "action lib/actions/bulk.ts#bulkShareAction": [
    {
      fields: () => ({ ids: IDS.memberPersonal, ...inTeam }),
      expect: { ...allowOnly(["member"]), owner: "noop", admin: "noop" },
    },
  ],
  "action lib/actions/bulk.ts#bulkUnshareAction": [
    {
      fields: () => ({ ids: IDS.ownerShared, ...inTeam }),
      expect: { ...allowOnly(MANAGERS), member: "noop", viewer: "noop" },
    },
  ],

  "action lib/actions/teams.ts#createTeamAction": [
    { fields: () => ({ name: "Brand New", slug: "brand-new" }), expect: allowOnly(SIGNED_IN) },
  ],
  "action lib/actions/teams.ts#switchWorkspaceAction": [
    { fields: () => ({ slug: TEAM_T.slug }), expect: allowOnly(TEAM_T_MEMBERS, "noop") },
    { fields: () => ({ slug: "" }), expect: allowOnly(SIGNED_IN, "noop") },
  ],
  "action lib/actions/teams.ts#renameTeamAction": [
    { fields: () => ({ ...inTeam, name: "Renamed Band" }), expect: allowOnly(MANAGERS) },
  ],
  "action lib/actions/teams.ts#deleteTeamAction": [
    { fields: () => ({ ...inTeam, confirm: TEAM_T.slug }), expect: allowOnly(["owner"]) },
  ],
  // a member's monthly quota: the team's admins and owners
  "action lib/actions/teams.ts#setMemberQuotaAction": [
    {
      fields: (w) => ({ ...inTeam, userId: w.users.member.id, quota: "100" }),
      expect: allowOnly(MANAGERS),
    },
    {
      fields: (w) => ({ teamId: TEAM_U.id, userId: w.users.otherTeam.id, quota: "5" }),
      expect: allowOnly(["otherTeam"]),
    },
  ],
  "action lib/actions/teams.ts#fundTeamAction": [
    { fields: () => ({ ...inTeam, amount: "5" }), expect: allowOnly(CREATORS) },
  ],
  "action lib/actions/teams.ts#createInviteAction": [
    { fields: () => ({ ...inTeam, role: "MEMBER", days: "7" }), expect: allowOnly(MANAGERS) },
    // admins hand out roles up to admin; only owners make owners
    { fields: () => ({ ...inTeam, role: "OWNER", days: "7" }), expect: allowOnly(["owner"]) },
  ],
  "action lib/actions/teams.ts#revokeInviteAction": [
    { fields: () => ({ inviteId: IDS.inviteValid }), expect: allowOnly(MANAGERS) },
    { fields: () => ({ inviteId: IDS.inviteOtherTeam }), expect: allowOnly(["otherTeam"]) },
  ],
  "action lib/actions/teams.ts#changeRoleAction": [
    {
      fields: (w) => ({ ...inTeam, userId: w.users.member.id, role: "VIEWER" }),
      expect: allowOnly(MANAGERS),
    },
    {
      fields: (w) => ({ ...inTeam, userId: w.users.owner.id, role: "ADMIN" }),
      expect: allowOnly([]),
    }, // the last owner
  ],
  "action lib/actions/teams.ts#removeMemberAction": [
    {
      fields: (w) => ({ ...inTeam, userId: w.users.viewer.id }),
      expect: { ...allowOnly(MANAGERS), viewer: "ok" },
    }, // removing oneself is leaving
    { fields: (w) => ({ ...inTeam, userId: w.users.owner.id }), expect: allowOnly([]) }, // admins cannot remove owners; the owner cannot leave last
  ],
  "action lib/actions/teams.ts#transferOwnershipAction": [
    { fields: (w) => ({ ...inTeam, userId: w.users.admin.id }), expect: allowOnly(["owner"]) },
  ],
  "action lib/actions/teams.ts#leaveTeamAction": [
    { fields: () => inTeam, expect: allowOnly(["admin", "member", "viewer"]) },
  ],

  // API tokens (issue 19): anyone signed in makes personal ones; a team's, its admins
  "action lib/actions/tokens.ts#createApiTokenAction": [
    {
      fields: () => ({ name: "n8n", expiresInDays: "30", "scope:generate": "on" }),
      expect: allowOnly(SIGNED_IN),
    },
    {
      fields: () => ({ ...inTeam, name: "band bot", expiresInDays: "0", "scope:playlists": "on" }),
      expect: allowOnly(MANAGERS),
    },
    { fields: () => ({ name: "no scopes", expiresInDays: "30" }), expect: allowOnly([]) },
  ],
  "action lib/actions/tokens.ts#revokeApiTokenAction": [
    {
      setup: (db, w) => issueApiTokens(db, w, []),
      fields: () => ({ tokenId: "tok-member-all" }),
      expect: allowOnly(["member"]),
    },
    {
      setup: async (db, w) => {
        await db.query(
          `INSERT INTO api_tokens (id, user_id, team_id, name, token_hash, prefix, scopes)
           VALUES ('tok-team-t', $1, $2, 'band bot', 'matrix-team-hash', 'chorus_pat_abcd',
             '{generate}')`,
          [w.users.admin.id, TEAM_T.id],
        );
      },
      fields: () => ({ tokenId: "tok-team-t" }),
      expect: allowOnly(MANAGERS),
    },
  ],

  // outgoing webhooks (issue 19): personal ones for anyone, a team's for its admins
  "action lib/actions/webhooks.ts#createWebhookAction": [
    {
      fields: () => ({ url: "https://hooks.invalid/chorus", "event:task.succeeded": "on" }),
      expect: allowOnly(SIGNED_IN),
    },
    {
      fields: () => ({ ...inTeam, url: "https://hooks.invalid/t", "event:clip.archived": "on" }),
      expect: allowOnly(MANAGERS),
    },
    // the SSRF guard: a private address is refused to everyone
    {
      fields: () => ({ url: "http://169.254.169.254/latest", "event:task.failed": "on" }),
      expect: allowOnly([]),
    },
  ],
  "action lib/actions/webhooks.ts#deleteWebhookAction": [
    {
      setup: addWebhooks,
      fields: () => ({ endpointId: "wh-member" }),
      expect: allowOnly(["member"]),
    },
    { setup: addWebhooks, fields: () => ({ endpointId: "wh-team" }), expect: allowOnly(MANAGERS) },
  ],
  // a test to a receiver that cannot be reached is still logged: a change for those allowed
  "action lib/actions/webhooks.ts#sendTestWebhookAction": [
    {
      setup: addWebhooks,
      fields: () => ({ endpointId: "wh-member" }),
      expect: allowOnly(["member"]),
    },
    { setup: addWebhooks, fields: () => ({ endpointId: "wh-team" }), expect: allowOnly(MANAGERS) },
  ],

  "action lib/actions/invites.ts#acceptInviteAction": [
    {
      fields: () => ({ token: inviteTokenOf(IDS.inviteValid) }),
      expect: {
        ...allowOnly(["otherTeam", "unrelated"]),
        owner: "noop",
        admin: "noop",
        member: "noop",
        viewer: "noop",
      },
    },
    {
      fields: () => ({ token: inviteTokenOf(IDS.inviteReusable) }),
      expect: {
        ...allowOnly(["otherTeam", "unrelated"]),
        owner: "noop",
        admin: "noop",
        member: "noop",
        viewer: "noop",
      },
    },
    {
      fields: () => ({ token: inviteTokenOf(IDS.inviteExpired) }),
      expect: { ...allowOnly([]), owner: "noop", admin: "noop", member: "noop", viewer: "noop" },
    },
    {
      fields: () => ({ token: inviteTokenOf(IDS.inviteUsed) }),
      expect: { ...allowOnly([]), owner: "noop", admin: "noop", member: "noop", viewer: "noop" },
    },
    {
      fields: () => ({ token: inviteTokenOf(IDS.inviteRevoked) }),
      expect: { ...allowOnly([]), owner: "noop", admin: "noop", member: "noop", viewer: "noop" },
    },
    { fields: () => ({ token: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }), expect: allowOnly([]) },
  ],

  // ── OpenSubsonic app passwords (issue 19, item 6): each person's own ──
  "action lib/actions/subsonic.ts#createAppPasswordAction": [
    { fields: () => ({ name: "phone" }), expect: allowOnly(SIGNED_IN) },
    { fields: () => ({ name: "" }), expect: allowOnly([]) },
  ],
  "action lib/actions/subsonic.ts#revokeAppPasswordAction": [
    {
      setup: (db, w) => issueAppPasswords(db, w),
      fields: () => ({ id: "sap-member" }),
      expect: allowOnly(["member"]),
    },
  ],
};

// ─────────────────────────── running it ───────────────────────────

let world: World;
let sql: pg.Client;
let server: NextServer;
let simulator: Simulator;
const cookies = {} as Record<SignedIn, string>;
const counts = { routes: 0, actions: 0, cases: 0 };

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, keys: ["sk-matrix"], stepMs: 50 });
  Object.assign(process.env, {
    SUNO_PROVIDER: "relay",
    SUNO_BASE_URL: simulator.url,
    SUNO_API_KEYS: "sk-matrix",
  });
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  world = await createWorldUsers();
  await resetWorld(sql, world);
  await addHostedUpload(sql, world); // for the route handlers; actions reset the world
  await getMediaStorage().put(EXPORT_FILE.key, Readable.from([EXPORT_FILE.bytes]), {
    maxBytes: 1_000,
  });
  await issueApiTokens(sql, world, SCOPES); // REST v1's cases
  await issueAppPasswords(sql, world); // OpenSubsonic's
  orgClient = createSunoClient([
    {
      name: "primary",
      dialect: "sunoapi-org",
      baseUrl: `${simulator.url}/org`,
      keys: ["sk-matrix"],
    },
  ]);
  server = await buildAndStart({
    distDir: ".next-authz",
    env: {
      DATABASE_URL: process.env.DATABASE_URL!,
      AUTH_SECRET: process.env.AUTH_SECRET,
      ADMIN_EMAILS: world.users.owner.email,
      EVENTS_STREAM_SECONDS: "1",
    },
  });
  for (const actor of SIGNED_IN as SignedIn[])
    cookies[actor] = await signInOverHttp(server.baseUrl, world.users[actor].email, PASSWORD);
}, 400_000);

afterAll(async () => {
  await server?.stop();
  await simulator?.stop();
  await sql?.end();
  console.log(
    `authorization matrix: ${counts.routes} pages and route handlers, ${counts.actions} server actions, ${counts.cases} actor-cases`,
  );
});

describe("the matrix lists everything there is", () => {
  it("every page, route handler and server action in app/ has a row, and every row exists", () => {
    const found = discover();
    expect(found.pages.length).toBeGreaterThan(10);
    expect(found.actions.length).toBeGreaterThan(20);
    expect([...found.pages, ...found.handlers].sort()).toEqual(
      Object.keys({ ...pageCases, ...handlerCases }).sort(),
    );
    expect(found.actions.sort()).toEqual(Object.keys(actionCases).sort());
    counts.routes = found.pages.length + found.handlers.length;
    counts.actions = found.actions.length;
  });
});

function leaksFor(actor: ActorName, body: string, sharedClip?: string) {
  return ALL_CLIPS.filter((key) => !VISIBLE[actor].includes(key) && key !== sharedClip).filter(
    (key) => body.includes(title(world, key)),
  );
}

/** An OpenSubsonic request: the actor's app password as token and salt, JSON answers. */
function subsonicRequest(actor: ActorName, c: HttpCase) {
  const url = new URL(c.path(world), server.baseUrl);
  const params = new URLSearchParams({ v: "1.16.1", c: "matrix", f: "json" });
  if (actor !== "anonymous") {
    const salt = randomBytes(6).toString("hex");
    params.set("u", world.users[actor].email);
    params.set("s", salt);
    params.set(
      "t",
      createHash("md5")
        .update(appPasswordOf(world, actor) + salt)
        .digest("hex"),
    );
  }
  const form = new URLSearchParams(c.body?.(world) as Record<string, string> | undefined);
  for (const [name, value] of params)
    (c.method === "POST" ? form : url.searchParams).set(name, value);
  return fetch(url, {
    method: c.method ?? "GET",
    redirect: "manual",
    ...(c.method === "POST"
      ? { body: form, headers: { "content-type": "application/x-www-form-urlencoded" } }
      : {}),
  });
}

/** What a Subsonic answer was: its HTTP status, or for a failed 200 `s<error code>`. */
function subsonicOutcome(response: Response, body: string): Outcome {
  if (response.status !== 200) return response.status;
  try {
    const answer = JSON.parse(body)["subsonic-response"];
    return answer.status === "ok" ? 200 : `s${Number(answer.error?.code)}`;
  } catch {
    return 200; // a file
  }
}

async function request(actor: ActorName, c: HttpCase, scope?: string) {
  if (c.subsonic) {
    const response = await subsonicRequest(actor, c);
    const body = Buffer.from(await response.arrayBuffer()).toString("latin1");
    return { response, body, status: response.status };
  }
  const headers: Record<string, string> = {};
  if (actor !== "anonymous") {
    if (c.token) headers.authorization = `Bearer ${apiTokenOf(world, actor, scope)}`;
    else headers.cookie = cookies[actor];
  }
  const method = c.method ?? "GET";
  if (method !== "GET" && c.token) headers["content-type"] = "application/json";
  if (c.mcp) headers.accept = "application/json, text/event-stream";
  const response = await fetch(new URL(c.path(world), server.baseUrl), {
    method,
    headers,
    redirect: "manual",
    body:
      method === "GET"
        ? undefined
        : JSON.stringify(c.mcp ? mcpCall(c.mcp) : (c.body?.(world) ?? {})),
  });
  const body = Buffer.from(await response.arrayBuffer()).toString("latin1");
  const status = c.mcp && response.status === 200 ? mcpStatus(body) : response.status;
  return { response, body, status };
}

/** MCP's JSON-RPC request of a case: a tool call, or the list of tools. */
function mcpCall(mcp: NonNullable<HttpCase["mcp"]>) {
  return mcp.tool
    ? {
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: mcp.tool, arguments: mcp.args?.(world) ?? {} },
      }
    : { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
}

/** A tool error as the HTTP status of its code; a JSON-RPC error or the SDK's check a 400. */
function mcpStatus(body: string): number {
  const answer = JSON.parse(body) as {
    error?: unknown;
    result?: { isError?: boolean; structuredContent?: { error?: { code?: string } } };
  };
  if (answer.error) return 400;
  if (!answer.result?.isError) return 200;
  const code = answer.result.structuredContent?.error?.code as AppErrorCode | undefined;
  return code ? HTTP_STATUS[code] : 400;
}

/** The world as the matrix starts it: rows, the hosted recording, every actor's API tokens. */
async function freshWorld() {
  await resetWorld(sql, world);
  await addHostedUpload(sql, world);
  await issueApiTokens(sql, world, SCOPES);
  await issueAppPasswords(sql, world);
}

/** One request of a case by one actor (with one scope's token, if given): what went wrong. */
async function exercise(actor: ActorName, c: HttpCase, expected: Outcome, scope?: string) {
  counts.cases++;
  const problems: string[] = [];
  const where = `${actor}${scope ? ` (${scope})` : ""} ${c.method ?? "GET"} ${c.path(world)}`;
  if (c.writes) await freshWorld();
  const before = c.writes ? await digest(sql) : null;
  const { response, body, status } = await request(actor, c, scope);
  const got = c.subsonic
    ? subsonicOutcome(response, body)
    : typeof expected === "number"
      ? status
      : classify(response, body);
  if (got !== expected)
    problems.push(`${where}: expected ${expected}, got ${got} (${status}) ${body.slice(0, 200)}`);
  if (before !== null) {
    const changed = (await digest(sql)) !== before;
    const allowed = typeof expected === "number" && expected < 300;
    if (allowed && !changed) problems.push(`${where}: allowed but nothing changed`);
    if (!allowed && changed) problems.push(`${where}: refused but something changed`);
  }
  const leaked = leaksFor(actor, body, c.sharedClip);
  if (leaked.length) problems.push(`${where}: leaked ${leaked.join(", ")}`);
  for (const text of c.hides?.(world) ?? [])
    if (body.includes(text)) problems.push(`${where}: shows ${text}`);
  const shown = scope ? undefined : c.shows?.[actor]?.(world);
  if (shown && !body.includes(shown)) problems.push(`${where}: does not show ${shown}`);
  return problems;
}

function classify(response: Response, body: string): Outcome {
  if (response.status >= 300 && response.status < 400)
    return new URL(response.headers.get("location") ?? "/", "http://x").pathname === "/sign-in"
      ? "signIn"
      : "redirect";
  if (response.status === 404) return "notFound";
  // a render error after the stream began still answers 200: React marks it in the HTML
  if (response.status >= 500 || body.includes("data-dgst="))
    return `error (${/data-dgst="([^"]*)"/.exec(body)?.[1] ?? response.status})` as Outcome;
  return "ok";
}

describe.each(["pages", "route handlers"] as const)("%s over HTTP", (kind) => {
  const cases = kind === "pages" ? pageCases : handlerCases;
  it.each(Object.keys(cases))(
    "%s",
    async (name) => {
      const writes = cases[name]!.some((c) => c.writes);
      const before = await digest(sql);
      const problems: string[] = [];
      for (const c of cases[name]!)
        for (const actor of ACTORS) problems.push(...(await exercise(actor, c, c.expect[actor])));
      expect(problems).toEqual([]);
      if (writes) await freshWorld();
      else expect(await digest(sql)).toBe(before); // reading never changes anything
      // a row of many writing cases resets the world around each actor (/rest has dozens)
    },
    240_000,
  );
});

/** The v1 operation a matrix key names ("GET /api/v1/clips/[id]"). */
function operationOf(name: string) {
  return Object.values(OPERATIONS).find(
    (op) => `${op.method} ${op.path}` === name.replace(/\[(\w+)\]/g, "{$1}"),
  );
}

describe("REST v1 with a token of each scope", () => {
  const scoped = Object.keys(handlerCases).filter((name) => operationOf(name)?.scopes?.length);
  it("covers every scoped v1 route", () => {
    expect(scoped.length).toBeGreaterThan(10);
  });
  // the member with one scope at a time: the route's own scope answers as the member's full
  // token does, any other scope is a 403 that changes nothing
  it.each(scoped)("%s", async (name) => {
    const scopes: readonly string[] = operationOf(name)!.scopes!;
    const problems: string[] = [];
    for (const c of handlerCases[name]!)
      for (const scope of SCOPES) {
        const expected = scopes.includes(scope) ? c.expect.member : 403;
        const writes = c.writes ?? (c.method && c.method !== "GET" ? true : undefined);
        problems.push(...(await exercise("member", { ...c, writes }, expected, scope)));
      }
    expect(problems).toEqual([]);
    await freshWorld();
  });
});

describe("MCP with a token of each scope", () => {
  const cases = handlerCases["POST /api/mcp"]!;
  // the member with one scope at a time: a tool needs its REST twin's scopes and answers as
  // the member's full token does; any other scope is a 403 that changes nothing. The list of
  // tools needs no scope; an argument lib/tasks refuses is a 400 whatever the scope.
  it.each(cases.map((c) => [c.mcp?.tool ?? "tools/list", c] as const))("%s", async (_, c) => {
    const before = await digest(sql);
    const problems: string[] = [];
    const needs: readonly string[] = c.mcp?.tool ? MCP_TOOLS[c.mcp.tool].scopes : SCOPES;
    for (const scope of SCOPES) {
      const expected = needs.includes(scope) || c.expect.member === 400 ? c.expect.member : 403;
      problems.push(...(await exercise("member", c, expected, scope)));
    }
    expect(problems).toEqual([]);
    if (c.writes) await freshWorld();
    else expect(await digest(sql)).toBe(before);
  });
});

describe("the task list answers only the tasks each actor may see", () => {
  it("filters ids it is asked for", async () => {
    const expected: Record<SignedIn, string[]> = {
      owner: [IDS.teamTask],
      admin: [IDS.teamTask],
      viewer: [IDS.teamTask],
      member: [IDS.teamTask, IDS.memberPersonalTask].sort(),
      otherTeam: [IDS.outsiderTask],
      unrelated: [],
    };
    for (const actor of SIGNED_IN as SignedIn[]) {
      const { body } = await request(actor, handlerCases["GET /api/tasks"]![0]!);
      expect(
        (JSON.parse(body) as { tasks: { id: string }[] }).tasks.map((t) => t.id).sort(),
        actor,
      ).toEqual(expected[actor]);
    }
  });
});

type Action =
  | ((
      state: object,
      formData: FormData,
    ) => Promise<{ ok?: boolean; error?: string; fieldErrors?: object }>)
  | ((formData: FormData) => Promise<unknown>)
  | (() => Promise<unknown>);

async function loadAction(name: string): Promise<Action> {
  const [file, exported] = name.replace(/^action /, "").split("#") as [string, string];
  const exports = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<
    string,
    Action
  >;
  return exports[exported]!;
}

async function callAction(action: Action, fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  try {
    const result = (
      action.length >= 2
        ? await (action as (s: object, f: FormData) => Promise<unknown>)({}, form)
        : await (action as (f: FormData) => Promise<unknown>)(form)
    ) as { ok?: boolean; error?: string; fieldErrors?: object } | undefined;
    return { kind: result?.error ? ("error" as const) : ("ok" as const), result };
  } catch (error) {
    const digestText = (error as { digest?: string }).digest ?? "";
    if (digestText.startsWith("NEXT_REDIRECT"))
      return { kind: "redirect" as const, location: digestText.split(";")[2] };
    throw error;
  }
}

describe("server actions, called as each actor", () => {
  it.each(Object.keys(actionCases))(
    "%s",
    async (name) => {
      const action = await loadAction(name);
      const problems: string[] = [];
      for (const [index, c] of actionCases[name]!.entries()) {
        for (const actor of ACTORS) {
          counts.cases++;
          await resetWorld(sql, world);
          await c.setup?.(sql, world);
          provider.client = c.provider === "sunoapi-org" ? orgClient : null;
          session.cookies.clear();
          session.current =
            actor === "anonymous"
              ? null
              : {
                  id: world.users[actor].id,
                  name: world.users[actor].name,
                  email: world.users[actor].email,
                  image: null,
                };
          const before = await digest(sql);
          const outcome = await callAction(action, c.fields(world));
          const changed = (await digest(sql)) !== before;
          const expected = c.expect[actor];
          const where = `${actor} #${index}`;
          const said = JSON.stringify(outcome.result ?? outcome.location ?? null);
          if (expected === "refused" && (outcome.kind !== "error" || changed))
            problems.push(
              `${where}: expected refused with nothing changed, got ${outcome.kind}${changed ? " and a change" : ""} ${said}`,
            );
          if (expected === "ok" && outcome.kind === "error" && !changed)
            problems.push(`${where}: expected allowed, got ${said}`);
          if (expected === "ok" && !changed)
            problems.push(`${where}: allowed but nothing changed ${said}`);
          if (expected === "noop" && (outcome.kind === "error" || changed))
            problems.push(
              `${where}: expected allowed with nothing to change, got ${outcome.kind}${changed ? " and a change" : ""} ${said}`,
            );
          if (
            expected === "public" &&
            (changed ||
              (outcome.kind === "error" &&
                !outcome.result?.fieldErrors &&
                /session/i.test(outcome.result?.error ?? "")))
          )
            problems.push(`${where}: expected a public action, got ${said}`);
        }
      }
      expect(problems).toEqual([]);
    },
    120_000,
  );
});
