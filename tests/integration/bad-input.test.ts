// Bad input gets a clear 4xx (or the form's error) and changes nothing (issue 12, item 9).
// Table-driven over every server action, route handler and page found in app/ (the first
// test fails when one has no row): NUL bytes in every field, repeated fields and parameters,
// impossible dates, garbage cursors, over-long values, unknown enum words such as
// `constructor`, out-of-range numbers, over-large bodies. Each case asserts the status or the
// form's error, its message, and that the database is unchanged.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { NextRequest } from "next/server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { appPasswordColumns } from "@/lib/subsonic/app-passwords";

import {
  createWorldUsers,
  digest,
  IDS,
  inviteTokenOf,
  resetWorld,
  shareToken,
  TEAM_T,
  type World,
} from "../support/authz-world";

const session = vi.hoisted(() => ({
  current: null as null | { id: string; name: string | null; email: string | null; image: null },
}));
vi.mock("@/lib/auth/session", () => ({
  getCurrentUser: async () => session.current,
  requireUser: async () => session.current,
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }),
  headers: async () => new Headers({ host: "localhost:3000" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("@/lib/auth/config", () => ({
  signIn: async () =>
    Promise.reject(
      Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/x;303;" }),
    ),
  signOut: async () => undefined,
  auth: async () => null,
  handlers: {},
  ThrottledSignin: class extends Error {},
}));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));

const ROOT = path.resolve(import.meta.dirname, "../..");
const APP = path.join(ROOT, "app");
const NUL = "\u0000";

// ─────────────── what exists (the same discovery as the authorization matrix) ───────────────

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
          /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g,
        ),
      ].map((m) => m[1]!);
      for (const m of source.matchAll(/export const \{([^}]+)\}/g))
        methods.push(...m[1]!.split(",").map((s) => s.trim()));
      return methods.map((method) => `${method} ${routeOf(f)}`);
    });
  // server actions: every "use server" module under app/ or lib/actions/, by repo path
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

// ─────────────────────────── server actions ───────────────────────────

type Fields = Record<string, string>;
type ActionRow = {
  /** a valid request; every field of it is also sent with a NUL byte, and repeated */
  base?: (w: World) => Fields;
  /** further bad requests and the error they must get */
  bad?: { fields: (w: World) => Fields; message: RegExp; field?: string }[];
  /** takes no input from the form: why, and that it does not break on junk */
  noInput?: string;
};
const inTeam = { teamId: TEAM_T.id };
const SMART_RULES = JSON.stringify({ match: "all", rules: [], sort: "newest", limit: 50 });
const key = () => `bad-${Math.random().toString(36).slice(2, 12)}`;
const CHECK = /Check the highlighted fields/;
const songBase = (extra: Fields) => () => ({ ...inTeam, idempotencyKey: key(), ...extra });

const actionRows: Record<string, ActionRow> = {
  "action lib/actions/auth.ts#signUpAction": {
    base: () => ({ name: "Nu", email: "nu@example.test", password: "a long enough password" }),
    bad: [
      {
        fields: () => ({ name: "x", email: "not an email", password: "p" }),
        message: CHECK,
        field: "email",
      },
    ],
  },
  "action lib/actions/auth.ts#signInAction": {
    base: () => ({ email: "nu@example.test", password: "whatever it is" }),
    bad: [{ fields: () => ({ email: "", password: "" }), message: CHECK, field: "email" }],
  },
  "action lib/actions/auth.ts#sendMagicLinkAction": {
    base: () => ({ email: "nu@example.test" }),
    bad: [{ fields: () => ({ email: "x".repeat(400) }), message: CHECK, field: "email" }],
  },
  "action lib/actions/auth.ts#signInWithGitHubAction": {
    noInput: "reads only callbackUrl, through safeCallbackPath, which falls back to /library",
  },
  "action lib/actions/auth.ts#signOutAction": { noInput: "takes no arguments" },
  "action lib/actions/auth.ts#signOutEverywhereAction": { noInput: "takes no arguments" },

  "action lib/actions/account.ts#requestPasswordResetAction": {
    base: () => ({ email: "nu@example.test" }),
    bad: [{ fields: () => ({ email: "not an email" }), message: CHECK, field: "email" }],
  },
  "action lib/actions/account.ts#resetPasswordAction": {
    base: () => ({ token: "A".repeat(43), password: "a long enough password" }),
    bad: [
      {
        fields: () => ({ token: "short", password: "a long enough password" }),
        message: CHECK,
        field: "token",
      },
      {
        fields: () => ({ token: "A".repeat(43), password: "short" }),
        message: CHECK,
        field: "password",
      },
    ],
  },
  "action lib/actions/account.ts#confirmEmailChangeAction": {
    base: () => ({ token: "A".repeat(43) }),
    bad: [{ fields: () => ({ token: "A".repeat(44) }), message: CHECK, field: "token" }],
  },
  "action lib/actions/account.ts#updateProfileAction": {
    base: () => ({ name: "Nu" }),
    bad: [
      { fields: () => ({ name: "  " }), message: CHECK, field: "name" },
      { fields: () => ({ name: "x".repeat(81) }), message: CHECK, field: "name" },
    ],
  },
  "action lib/actions/account.ts#changePasswordAction": {
    base: () => ({ currentPassword: "a long enough password", newPassword: "another password" }),
    bad: [
      {
        fields: () => ({ currentPassword: "a long enough password", newPassword: "short" }),
        message: CHECK,
        field: "newPassword",
      },
    ],
  },
  "action lib/actions/account.ts#requestEmailChangeAction": {
    base: () => ({ email: "nu@example.test", currentPassword: "a long enough password" }),
    bad: [{ fields: () => ({ email: "x".repeat(300) }), message: CHECK, field: "email" }],
  },
  "action lib/actions/account.ts#setThemeAction": {
    base: () => ({ theme: "dark" }),
    bad: [{ fields: () => ({ theme: "constructor" }), message: CHECK, field: "theme" }],
  },
  "action lib/actions/account.ts#deleteAccountAction": {
    base: () => ({ confirmEmail: "nu@example.test", currentPassword: "a long enough password" }),
    bad: [{ fields: () => ({ confirmEmail: "" }), message: CHECK, field: "confirmEmail" }],
  },

  "action lib/actions/create.ts#createSongAction": {
    base: songBase({ lyrics: "[Verse]\nla", tags: "pop", title: "T", model: "chirp-hawk" }),
    bad: [
      {
        fields: songBase({
          lyrics: "x".repeat(10_000),
          tags: "pop",
          title: "T",
          model: "chirp-hawk",
        }),
        message: CHECK,
        field: "lyrics",
      },
      {
        fields: songBase({ lyrics: "la", tags: "pop", title: "T", model: "constructor" }),
        message: CHECK,
        field: "model",
      },
      {
        // a voice is named by its id: anything longer is no voice
        fields: songBase({
          lyrics: "la",
          tags: "pop",
          title: "T",
          model: "chirp-hawk",
          voiceId: "v".repeat(65),
        }),
        message: CHECK,
        field: "voiceId",
      },
      {
        // a model the providers retired: refused for a new song, in words, nothing written
        fields: songBase({ lyrics: "la", tags: "pop", title: "T", model: "chirp-v3-5" }),
        message: CHECK,
        field: "model",
      },
      {
        fields: () => ({ ...inTeam, idempotencyKey: "short", lyrics: "la", tags: "p", title: "T" }),
        message: CHECK,
        field: "idempotencyKey",
      },
    ],
  },
  "action lib/actions/create.ts#createInstrumentalAction": {
    base: songBase({ tags: "ambient", title: "T", model: "chirp-hawk" }),
    bad: [
      {
        fields: songBase({ tags: "", title: "T", model: "chirp-hawk" }),
        message: CHECK,
        field: "tags",
      },
    ],
  },
  "action lib/actions/create.ts#createFromDescriptionAction": {
    base: songBase({ description: "a calm song", model: "chirp-hawk" }),
    bad: [
      {
        fields: songBase({ description: "x".repeat(5000), model: "chirp-hawk" }),
        message: CHECK,
        field: "description",
      },
    ],
  },
  "action lib/actions/create.ts#writeLyricsAction": {
    base: songBase({ prompt: "harbours" }),
    bad: [{ fields: songBase({ prompt: "" }), message: CHECK, field: "prompt" }],
  },
  "action lib/actions/create.ts#extendClipAction": {
    base: songBase({
      clipId: IDS.teamClipByMember,
      continueAt: "10",
      model: "chirp-hawk",
      tags: "t",
    }),
    bad: [
      {
        fields: songBase({ clipId: IDS.teamClipByMember, continueAt: "-1", model: "chirp-hawk" }),
        message: CHECK,
        field: "continueAt",
      },
      {
        fields: songBase({ clipId: IDS.teamClipByMember, continueAt: "NaN", model: "chirp-hawk" }),
        message: CHECK,
        field: "continueAt",
      },
    ],
  },
  "action lib/actions/create.ts#makeWholeSongAction": {
    base: songBase({ clipId: IDS.teamClipByMember }),
    bad: [{ fields: songBase({ clipId: "" }), message: CHECK, field: "clipId" }],
  },
  "action lib/actions/create.ts#uploadAudioAction": {
    base: songBase({ url: "https://example.com/a.mp3" }),
    bad: [
      { fields: songBase({ url: "javascript:alert(1)" }), message: CHECK, field: "url" },
      // a link or an upload, never both and never neither
      {
        fields: songBase({ url: "https://example.com/a.mp3", uploadId: "upload-m" }),
        message: CHECK,
        field: "url",
      },
      { fields: songBase({}), message: CHECK, field: "url" },
    ],
  },

  ...Object.fromEntries(
    [
      "makeWavAction",
      "makeStemsAction",
      "makeVideoAction",
      "makeCoverArtAction",
      "syncLyricsAction",
    ].map((name) => [
      `action lib/actions/studio.ts#${name}`,
      {
        base: () => ({ clipId: IDS.teamClipByAdmin, idempotencyKey: key(), mode: "two" }),
        bad: [
          {
            fields: () => ({ clipId: IDS.teamClipByAdmin, idempotencyKey: key(), mode: "all" }),
            message: CHECK,
            field: "mode",
          },
          {
            fields: () => ({ clipId: "x".repeat(65), idempotencyKey: key() }),
            message: CHECK,
            field: "clipId",
          },
        ],
      } satisfies ActionRow,
    ]),
  ),
  "action lib/actions/studio.ts#makeVoiceAction": {
    base: () => ({
      clipId: IDS.teamClipByAdmin,
      idempotencyKey: key(),
      name: "Voice",
      startS: "0",
      endS: "12",
    }),
    bad: [
      {
        fields: () => ({
          clipId: IDS.teamClipByAdmin,
          idempotencyKey: key(),
          name: "Voice",
          startS: "0",
          endS: "5",
        }),
        message: CHECK,
        field: "endS",
      },
      {
        fields: () => ({
          clipId: IDS.teamClipByAdmin,
          idempotencyKey: key(),
          name: "x".repeat(61),
          startS: "0",
          endS: "12",
        }),
        message: CHECK,
        field: "name",
      },
    ],
  },
  "action lib/actions/studio.ts#pickCoverArtAction": {
    base: () => ({ clipId: IDS.teamClipByMember, asset: "cover-ct1-1" }),
    bad: [
      {
        fields: () => ({ clipId: IDS.teamClipByMember, asset: "wav" }),
        message: CHECK,
        field: "asset",
      },
    ],
  },
  "action lib/actions/studio.ts#setShareDownloadsAction": {
    base: () => ({ clipId: IDS.teamClipByMember, allow: "true" }),
    bad: [
      {
        fields: () => ({ clipId: IDS.teamClipByMember, allow: "constructor" }),
        message: CHECK,
        field: "allow",
      },
    ],
  },
  // new takes of a song (issue 16): the form's own checks, before anything is written
  "action lib/actions/takes.ts#coverClipAction": {
    base: () => ({ clipId: IDS.teamClipByMember, idempotencyKey: key(), model: "chirp-hawk" }),
    bad: [
      {
        fields: () => ({
          clipId: IDS.teamClipByMember,
          idempotencyKey: key(),
          model: "chirp-v3-5",
        }),
        message: CHECK,
        field: "model",
      },
      {
        fields: () => ({ clipId: "x".repeat(65), idempotencyKey: key() }),
        message: CHECK,
        field: "clipId",
      },
    ],
  },
  "action lib/actions/takes.ts#replaceSectionAction": {
    base: () => ({
      clipId: IDS.teamClipByMember,
      idempotencyKey: key(),
      startS: "2",
      endS: "10",
      lyrics: "new words",
    }),
    bad: [
      {
        fields: () => ({
          clipId: IDS.teamClipByMember,
          idempotencyKey: key(),
          startS: "2",
          endS: "5",
          lyrics: "too short a section",
        }),
        message: CHECK,
        field: "endS",
      },
      {
        fields: () => ({
          clipId: IDS.teamClipByMember,
          idempotencyKey: key(),
          startS: "0",
          endS: "61",
          lyrics: "too long a section",
        }),
        message: CHECK,
        field: "endS",
      },
      {
        fields: () => ({
          clipId: IDS.teamClipByMember,
          idempotencyKey: key(),
          startS: "NaN",
          endS: "10",
          lyrics: "x",
        }),
        message: CHECK,
        field: "startS",
      },
      {
        fields: () => ({
          clipId: IDS.teamClipByMember,
          idempotencyKey: key(),
          startS: "2",
          endS: "10",
          lyrics: "  ",
        }),
        message: CHECK,
        field: "lyrics",
      },
    ],
  },
  "action lib/actions/takes.ts#addVocalsAction": {
    base: () => ({ clipId: IDS.teamClipByMember, idempotencyKey: key(), lyrics: "la la" }),
    bad: [
      {
        fields: () => ({ clipId: IDS.teamClipByMember, idempotencyKey: key(), lyrics: "" }),
        message: CHECK,
        field: "lyrics",
      },
      {
        fields: () => ({
          clipId: IDS.teamClipByMember,
          idempotencyKey: key(),
          lyrics: "la",
          vocalGender: "constructor",
        }),
        message: CHECK,
        field: "vocalGender",
      },
    ],
  },
  "action lib/actions/takes.ts#addInstrumentalAction": {
    base: () => ({ clipId: IDS.teamClipByMember, idempotencyKey: key(), tags: "strings" }),
    bad: [
      {
        fields: () => ({
          clipId: IDS.teamClipByMember,
          idempotencyKey: key(),
          negativeTags: "x".repeat(201),
        }),
        message: CHECK,
        field: "negativeTags",
      },
    ],
  },
  "action lib/actions/takes.ts#bringForwardAction": {
    base: () => ({ clipId: IDS.teamClipByMember, idempotencyKey: key(), via: "cover" }),
    bad: [
      {
        fields: () => ({ clipId: IDS.teamClipByMember, idempotencyKey: key(), via: "constructor" }),
        message: CHECK,
        field: "via",
      },
    ],
  },
  "action lib/actions/create.ts#coverUploadAction": {
    base: songBase({
      uploadId: IDS.memberUpload,
      tags: "bossa nova",
      title: "Cover",
      instrumental: "on",
      model: "chirp-hawk",
    }),
    bad: [
      {
        fields: songBase({ uploadId: IDS.memberUpload, tags: "pop", title: "No words" }),
        message: CHECK,
        field: "lyrics",
      },
      {
        fields: songBase({ uploadId: "", tags: "pop", title: "T", instrumental: "on" }),
        message: CHECK,
        field: "uploadId",
      },
      {
        fields: songBase({
          uploadId: IDS.memberUpload,
          tags: "pop",
          title: "T",
          instrumental: "on",
          model: "chirp-v3-5",
        }),
        message: CHECK,
        field: "model",
      },
    ],
  },
  "action lib/actions/create.ts#extendUploadAction": {
    base: songBase({ uploadId: IDS.memberUpload, continueAt: "5", model: "chirp-hawk" }),
    bad: [
      {
        fields: songBase({ uploadId: IDS.memberUpload, continueAt: "0" }),
        message: CHECK,
        field: "continueAt",
      },
      {
        fields: songBase({ uploadId: IDS.memberUpload, continueAt: "5", tags: "pop" }),
        message: CHECK,
        field: "title",
      },
    ],
  },

  "action lib/actions/clips.ts#retryArchiveAction": {
    base: () => ({ clipId: IDS.teamClipByMember }),
  },
  "action lib/actions/clips.ts#toggleLikeAction": {
    base: () => ({ clipId: IDS.teamClipByMember, liked: "true" }),
    bad: [
      {
        fields: () => ({ clipId: IDS.teamClipByMember, liked: "constructor" }),
        message: CHECK,
        field: "liked",
      },
    ],
  },
  "action lib/actions/clips.ts#rateClipAction": {
    base: () => ({ clipId: IDS.teamClipByMember, rating: "4" }),
    bad: [
      {
        fields: () => ({ clipId: IDS.teamClipByMember, rating: "6" }),
        message: CHECK,
        field: "rating",
      },
      {
        fields: () => ({ clipId: IDS.teamClipByMember, rating: "4.5" }),
        message: CHECK,
        field: "rating",
      },
    ],
  },
  "action lib/actions/exports.ts#startExportAction": {
    base: () => ({ query: `team=${TEAM_T.slug}` }),
    bad: [
      { fields: () => ({ query: "team=NOT A SLUG" }), message: CHECK, field: "query" },
      { fields: () => ({ query: "x".repeat(200_001) }), message: CHECK, field: "query" },
    ],
  },
  "action lib/actions/exports.ts#deleteExportAction": {
    base: () => ({ jobId: IDS.memberExport }),
    bad: [{ fields: () => ({ jobId: "" }), message: CHECK, field: "jobId" }],
  },
  "action lib/actions/comments.ts#addCommentAction": {
    base: () => ({ clipId: IDS.teamClipByMember, body: "0:05 nice" }),
    bad: [
      {
        fields: () => ({ clipId: IDS.teamClipByMember, body: "  " }),
        message: CHECK,
        field: "body",
      },
      {
        fields: () => ({ clipId: IDS.teamClipByMember, body: "x".repeat(2001) }),
        message: CHECK,
        field: "body",
      },
      {
        fields: () => ({ clipId: IDS.teamClipByMember, body: "ok", at: "1:75" }),
        message: CHECK,
        field: "at",
      },
      {
        fields: () => ({ clipId: IDS.teamClipByMember, body: "ok", at: "9:00" }),
        message: CHECK,
        field: "at",
      },
      {
        fields: () => ({ clipId: IDS.teamClipByMember, body: "ok", mentions: "a b" }),
        message: CHECK,
        field: "mentions",
      },
    ],
  },
  "action lib/actions/comments.ts#editCommentAction": {
    base: () => ({ commentId: IDS.memberComment, body: "changed" }),
    bad: [
      { fields: () => ({ commentId: IDS.memberComment, body: "" }), message: CHECK, field: "body" },
    ],
  },
  "action lib/actions/comments.ts#deleteCommentAction": {
    base: () => ({ commentId: IDS.memberComment }),
    bad: [{ fields: () => ({ commentId: "" }), message: CHECK, field: "commentId" }],
  },
  "action lib/actions/comments.ts#markNotificationsReadAction": {
    base: () => ({ id: "all" }),
    bad: [{ fields: () => ({ id: "x".repeat(65) }), message: CHECK, field: "id" }],
  },
  "action lib/actions/tokens.ts#createApiTokenAction": {
    base: () => ({ name: "n8n", expiresInDays: "30", "scope:generate": "on" }),
    bad: [
      {
        fields: () => ({ name: " ", expiresInDays: "30", "scope:generate": "on" }),
        message: CHECK,
        field: "name",
      },
      { fields: () => ({ name: "n8n", expiresInDays: "30" }), message: CHECK, field: "scopes" },
      {
        fields: () => ({ name: "n8n", expiresInDays: "12", "scope:generate": "on" }),
        message: CHECK,
        field: "expiresInDays",
      },
    ],
  },
  "action lib/actions/tokens.ts#revokeApiTokenAction": {
    base: () => ({ tokenId: "tok-none" }),
    bad: [{ fields: () => ({ tokenId: "" }), message: CHECK, field: "tokenId" }],
  },
  "action lib/actions/webhooks.ts#createWebhookAction": {
    base: () => ({ url: "https://hooks.invalid/x", "event:task.failed": "on" }),
    bad: [
      { fields: () => ({ url: "https://hooks.invalid/x" }), message: CHECK, field: "events" },
      { fields: () => ({ url: "", "event:task.failed": "on" }), message: CHECK, field: "url" },
    ],
  },
  "action lib/actions/webhooks.ts#deleteWebhookAction": {
    base: () => ({ endpointId: "wh-none" }),
    bad: [{ fields: () => ({ endpointId: "" }), message: CHECK, field: "endpointId" }],
  },
  "action lib/actions/webhooks.ts#sendTestWebhookAction": {
    base: () => ({ endpointId: "wh-none" }),
    bad: [{ fields: () => ({ endpointId: "" }), message: CHECK, field: "endpointId" }],
  },
  "action lib/actions/playlists.ts#createPlaylistAction": {
    base: () => ({ name: "Road trip" }),
    bad: [
      { fields: () => ({ name: "   " }), message: CHECK, field: "name" },
      { fields: () => ({ name: "x".repeat(101) }), message: CHECK, field: "name" },
      {
        fields: () => ({ name: "Ok", collaborative: "yes" }),
        message: CHECK,
        field: "collaborative",
      },
    ],
  },
  "action lib/actions/playlists.ts#updatePlaylistAction": {
    base: () => ({ playlistId: IDS.teamPlaylist, name: "Renamed" }),
    bad: [
      {
        fields: () => ({ playlistId: IDS.teamPlaylist, name: "Ok", description: "x".repeat(1001) }),
        message: CHECK,
        field: "description",
      },
    ],
  },
  "action lib/actions/playlists.ts#deletePlaylistAction": {
    base: () => ({ playlistId: IDS.teamPlaylist }),
    bad: [{ fields: () => ({ playlistId: "" }), message: CHECK, field: "playlistId" }],
  },
  "action lib/actions/playlists.ts#addToPlaylistAction": {
    base: () => ({ playlistId: IDS.teamPlaylist, clipId: IDS.ownerShared }),
    bad: [
      {
        fields: () => ({ playlistId: IDS.teamPlaylist, clipId: "x".repeat(65) }),
        message: CHECK,
        field: "clipId",
      },
    ],
  },
  "action lib/actions/playlists.ts#removeFromPlaylistAction": {
    base: () => ({ playlistId: IDS.teamPlaylist, itemId: IDS.teamPlaylistItem }),
    bad: [{ fields: () => ({ playlistId: IDS.teamPlaylist }), message: CHECK, field: "itemId" }],
  },
  "action lib/actions/playlists.ts#movePlaylistItemAction": {
    base: () => ({ playlistId: IDS.teamPlaylist, itemId: IDS.teamPlaylistItem, toIndex: "1" }),
    bad: [
      {
        fields: () => ({
          playlistId: IDS.teamPlaylist,
          itemId: IDS.teamPlaylistItem,
          toIndex: "-1",
        }),
        message: CHECK,
        field: "toIndex",
      },
      {
        fields: () => ({
          playlistId: IDS.teamPlaylist,
          itemId: IDS.teamPlaylistItem,
          toIndex: "1.5",
        }),
        message: CHECK,
        field: "toIndex",
      },
    ],
  },
  "action lib/actions/bulk.ts#bulkTrashAction": {
    base: () => ({ ids: IDS.teamClipByMember }),
    bad: [
      { fields: () => ({ ids: "a;DROP" }), message: CHECK, field: "ids" },
      { fields: () => ({ query: "from=2026-02-30" }), message: CHECK, field: "query" },
      {
        fields: () => ({ ids: Array.from({ length: 1001 }, (_, i) => `c${i}`).join(",") }),
        message: CHECK,
        field: "ids",
      },
    ],
  },
  "action lib/actions/bulk.ts#bulkRestoreAction": {
    base: () => ({ ids: IDS.teamClipTrashed }),
    bad: [{ fields: () => ({ ids: "" }), message: CHECK, field: "ids" }],
  },
  "action lib/actions/bulk.ts#bulkLikeAction": {
    base: () => ({ ids: IDS.teamClipByMember, liked: "true" }),
    bad: [
      {
        fields: () => ({ ids: IDS.teamClipByMember, liked: "yes" }),
        message: CHECK,
        field: "liked",
      },
    ],
  },
  "action lib/actions/bulk.ts#bulkCountAction": {
    base: () => ({ query: `team=${TEAM_T.slug}` }),
    bad: [{ fields: () => ({ query: "from=2026-02-30" }), message: CHECK, field: "query" }],
  },
  "action lib/actions/bulk.ts#bulkRateAction": {
    base: () => ({ ids: IDS.teamClipByMember, rating: "4" }),
    bad: [
      {
        fields: () => ({ ids: IDS.teamClipByMember, rating: "6" }),
        message: CHECK,
        field: "rating",
      },
      { fields: () => ({ rating: "4" }), message: CHECK, field: "ids" },
    ],
  },
  "action lib/actions/bulk.ts#bulkTagAction": {
    base: () => ({ ids: IDS.teamClipByMember, tag: "rough", op: "add" }),
    bad: [
      {
        fields: () => ({ ids: IDS.teamClipByMember, tag: "a,b", op: "add" }),
        message: CHECK,
        field: "tag",
      },
      {
        fields: () => ({ ids: IDS.teamClipByMember, tag: "ok", op: "swap" }),
        message: CHECK,
        field: "op",
      },
    ],
  },
  "action lib/actions/bulk.ts#bulkAddToPlaylistAction": {
    base: () => ({ ids: IDS.teamClipByMember, playlistId: IDS.teamPlaylistCollab }),
    bad: [
      {
        fields: () => ({ ids: IDS.teamClipByMember, playlistId: "a b" }),
        message: CHECK,
        field: "playlistId",
      },
    ],
  },
  "action lib/actions/bulk.ts#bulkRemoveFromPlaylistAction": {
    base: () => ({ playlistId: IDS.teamPlaylist, ids: IDS.teamClipByMember }),
    bad: [
      { fields: () => ({ playlistId: IDS.teamPlaylist, ids: "" }), message: CHECK, field: "ids" },
    ],
  },
  "action lib/actions/bulk.ts#bulkShareAction": {
    base: () => ({ ids: IDS.memberPersonal, teamId: TEAM_T.id }),
    bad: [
      {
        fields: () => ({ ids: IDS.memberPersonal, teamId: "a b" }),
        message: CHECK,
        field: "teamId",
      },
    ],
  },
  "action lib/actions/bulk.ts#bulkUnshareAction": {
    base: () => ({ ids: IDS.ownerShared, teamId: TEAM_T.id }),
    bad: [{ fields: () => ({ ids: "a;DROP", teamId: TEAM_T.id }), message: CHECK, field: "ids" }],
  },
  "action lib/actions/keepers.ts#pickKeeperAction": {
    base: () => ({ clipId: IDS.teamClipByMember }),
    bad: [
      { fields: () => ({ clipId: "  " }), message: CHECK, field: "clipId" },
      { fields: () => ({ clipId: "x".repeat(65) }), message: CHECK, field: "clipId" },
    ],
  },
  "action lib/actions/playlists.ts#createSmartPlaylistAction": {
    base: () => ({ name: "Smart", rules: SMART_RULES }),
    bad: [
      { fields: () => ({ name: "Smart", rules: "{not json" }), message: CHECK, field: "rules" },
      { fields: () => ({ name: " ", rules: SMART_RULES }), message: CHECK, field: "name" },
    ],
  },
  "action lib/actions/playlists.ts#updateSmartRulesAction": {
    base: () => ({ playlistId: IDS.teamSmartPlaylist, rules: SMART_RULES }),
    bad: [
      {
        fields: () => ({ playlistId: IDS.teamSmartPlaylist, rules: '{"match":"some"}' }),
        message: CHECK,
        field: "rules",
      },
    ],
  },
  "action lib/actions/playlists.ts#enablePlaylistLinkAction": {
    base: () => ({ playlistId: IDS.teamPlaylist }),
    bad: [{ fields: () => ({ playlistId: "" }), message: CHECK, field: "playlistId" }],
  },
  "action lib/actions/playlists.ts#revokePlaylistLinkAction": {
    base: () => ({ playlistId: IDS.teamPlaylist }),
    bad: [{ fields: () => ({ playlistId: "x".repeat(65) }), message: CHECK, field: "playlistId" }],
  },
  "action lib/actions/clips.ts#renameClipAction": {
    base: () => ({ clipId: IDS.teamClipByMember, title: "Renamed", tags: "x" }),
    bad: [
      {
        fields: () => ({ clipId: IDS.teamClipByMember, title: "x".repeat(1000), tags: "" }),
        message: CHECK,
        field: "title",
      },
      {
        fields: () => ({ clipId: IDS.teamClipByMember, title: "   ", tags: "" }),
        message: CHECK,
        field: "title",
      },
    ],
  },
  "action lib/actions/clips.ts#trashClipAction": {
    base: () => ({ clipId: IDS.teamClipByMember }),
  },
  "action lib/actions/clips.ts#restoreClipAction": {
    base: () => ({ clipId: IDS.teamClipTrashed }),
  },
  "action lib/actions/clips.ts#shareToTeamAction": {
    base: () => ({ clipId: IDS.memberPersonal, teamId: TEAM_T.id }),
  },
  "action lib/actions/clips.ts#unshareFromTeamAction": {
    base: () => ({ clipId: IDS.ownerShared, teamId: TEAM_T.id }),
  },
  "action lib/actions/clips.ts#enablePublicLinkAction": {
    base: () => ({ clipId: IDS.teamClipByMember }),
  },
  "action lib/actions/clips.ts#revokePublicLinkAction": {
    base: () => ({ clipId: IDS.teamClipByMember }),
  },

  "action lib/actions/teams.ts#createTeamAction": {
    base: () => ({ name: "Brand New", slug: "brand-new" }),
    bad: [
      { fields: () => ({ name: "x".repeat(61), slug: "" }), message: CHECK, field: "name" },
      { fields: () => ({ name: "Fine Name", slug: "Not A Slug!" }), message: CHECK, field: "slug" },
    ],
  },
  "action lib/actions/teams.ts#switchWorkspaceAction": {
    base: () => ({ slug: TEAM_T.slug }),
    bad: [{ fields: () => ({ slug: "x".repeat(41) }), message: CHECK, field: "slug" }],
  },
  "action lib/actions/backups.ts#saveBackupDestinationAction": {
    base: () => ({
      ...inTeam,
      kind: "s3",
      bucket: "my-backups",
      accessKeyId: "AKIAEXAMPLE",
      secretAccessKey: "example-secret",
      schedule: "daily",
    }),
    bad: [
      {
        fields: () => ({ ...inTeam, kind: "constructor", schedule: "daily" }),
        message: CHECK,
        field: "kind",
      },
      {
        fields: () => ({ ...inTeam, kind: "local", folder: "../etc", schedule: "daily" }),
        message: CHECK,
        field: "folder",
      },
      {
        fields: () => ({
          ...inTeam,
          kind: "s3",
          bucket: "b-1",
          endpoint: "ftp://x",
          schedule: "daily",
        }),
        message: CHECK,
        field: "endpoint",
      },
      {
        fields: () => ({ ...inTeam, kind: "s3", bucket: "b-1", schedule: "daily", hourUtc: "24" }),
        message: CHECK,
        field: "hourUtc",
      },
      {
        fields: () => ({
          ...inTeam,
          kind: "s3",
          bucket: "b-1",
          schedule: "daily",
          accessKeyId: "a",
        }),
        message: CHECK,
        field: "secretAccessKey",
      },
    ],
  },
  "action lib/actions/backups.ts#runBackupNowAction": {
    base: () => inTeam,
    bad: [{ fields: () => ({ teamId: "x".repeat(65) }), message: CHECK, field: "teamId" }],
  },
  "action lib/actions/backups.ts#removeBackupDestinationAction": {
    base: () => inTeam,
    bad: [{ fields: () => ({ teamId: "x".repeat(65) }), message: CHECK, field: "teamId" }],
  },
  "action lib/actions/teams.ts#renameTeamAction": {
    base: () => ({ ...inTeam, name: "Renamed Band" }),
    bad: [{ fields: () => ({ ...inTeam, name: "x" }), message: CHECK, field: "name" }],
  },
  "action lib/actions/teams.ts#deleteTeamAction": {
    base: () => ({ ...inTeam, confirm: TEAM_T.slug }),
    bad: [
      { fields: () => ({ ...inTeam, confirm: "x".repeat(61) }), message: CHECK, field: "confirm" },
    ],
  },
  "action lib/actions/teams.ts#setMemberQuotaAction": {
    base: (w) => ({ ...inTeam, userId: w.users.admin.id, quota: "100" }),
    bad: [
      {
        fields: (w) => ({ ...inTeam, userId: w.users.admin.id, quota: "-1" }),
        message: CHECK,
        field: "quota",
      },
      {
        fields: (w) => ({ ...inTeam, userId: w.users.admin.id, quota: "1.5" }),
        message: CHECK,
        field: "quota",
      },
      {
        fields: (w) => ({ ...inTeam, userId: w.users.admin.id, quota: "99999999" }),
        message: CHECK,
        field: "quota",
      },
    ],
  },
  "action lib/actions/teams.ts#fundTeamAction": {
    base: () => ({ ...inTeam, amount: "5" }),
    bad: [
      { fields: () => ({ ...inTeam, amount: "-1" }), message: CHECK, field: "amount" },
      { fields: () => ({ ...inTeam, amount: "1.5" }), message: CHECK, field: "amount" },
      { fields: () => ({ ...inTeam, amount: "1e12" }), message: CHECK, field: "amount" },
      { fields: () => ({ ...inTeam, amount: "abc" }), message: CHECK, field: "amount" },
    ],
  },
  "action lib/actions/teams.ts#createInviteAction": {
    base: () => ({ ...inTeam, role: "MEMBER", days: "7" }),
    bad: [
      { fields: () => ({ ...inTeam, role: "MEMBER", days: "-1" }), message: CHECK, field: "days" },
      { fields: () => ({ ...inTeam, role: "MEMBER", days: "8" }), message: CHECK, field: "days" },
      {
        fields: () => ({ ...inTeam, role: "constructor", days: "7" }),
        message: CHECK,
        field: "role",
      },
      {
        fields: () => ({ ...inTeam, role: "MEMBER", email: "not an email" }),
        message: CHECK,
        field: "email",
      },
    ],
  },
  "action lib/actions/teams.ts#revokeInviteAction": {
    base: () => ({ inviteId: IDS.inviteValid }),
  },
  "action lib/actions/teams.ts#changeRoleAction": {
    base: (w) => ({ ...inTeam, userId: w.users.viewer.id, role: "MEMBER" }),
    bad: [
      {
        fields: (w) => ({ ...inTeam, userId: w.users.viewer.id, role: "__proto__" }),
        message: CHECK,
        field: "role",
      },
    ],
  },
  "action lib/actions/teams.ts#removeMemberAction": {
    base: (w) => ({ ...inTeam, userId: w.users.viewer.id }),
  },
  "action lib/actions/teams.ts#transferOwnershipAction": {
    base: (w) => ({ ...inTeam, userId: w.users.admin.id }),
  },
  "action lib/actions/teams.ts#leaveTeamAction": { base: () => inTeam },
  "action lib/actions/invites.ts#acceptInviteAction": {
    base: () => ({ token: inviteTokenOf(IDS.inviteValid) }),
    bad: [{ fields: () => ({ token: "x".repeat(101) }), message: CHECK, field: "token" }],
  },
  // OpenSubsonic app passwords (issue 19, item 6)
  "action lib/actions/subsonic.ts#createAppPasswordAction": {
    base: () => ({ name: "phone" }),
    bad: [
      { fields: () => ({ name: " " }), message: CHECK, field: "name" },
      { fields: () => ({ name: "x".repeat(81) }), message: CHECK, field: "name" },
    ],
  },
  "action lib/actions/subsonic.ts#revokeAppPasswordAction": {
    base: () => ({ id: "sap-none" }),
    bad: [{ fields: () => ({ id: "" }), message: CHECK, field: "id" }],
  },
};

// ─────────────────────────── route handlers ───────────────────────────

type HandlerCase = {
  url: string;
  params?: Record<string, string>;
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  body?: string | ReadableStream;
  headers?: Record<string, string>;
  status: number;
  message: RegExp;
  /** OpenSubsonic: the error code in the `subsonic-response` (the status is then 200) */
  subsonicCode?: number;
};
/** OpenSubsonic's cases sign in as the member with an app password (made below). */
const SUBSONIC_PASSWORD = "bad-input-app-password";
const form = { "content-type": "application/x-www-form-urlencoded" };
const sub = (method: string, query: string, code: number, message: RegExp): HandlerCase => ({
  url: `/rest/${method}?f=json&u=MEMBER&p=${SUBSONIC_PASSWORD}${query ? `&${query}` : ""}`,
  params: { method },
  status: 200,
  subsonicCode: code,
  message,
});
/** REST v1's cases send the member's API token (made in callHandler). */
const V1_TOKEN = `chorus_pat_badinput${"x".repeat(35)}`;
const v1 = { authorization: `Bearer ${V1_TOKEN}`, "content-type": "application/json" };
const v1Id = (id: string, extra: Partial<HandlerCase> = {}): HandlerCase => ({
  url: "/api/v1/x",
  params: { id },
  headers: v1,
  status: 404,
  message: /does not exist/,
  ...extra,
});
const v1Body = (url: string, method: HandlerCase["method"], body: string, message: RegExp) => ({
  url,
  method,
  headers: v1,
  body,
  status: 400,
  message,
});

const mcpBody = (body: string): HandlerCase => ({
  url: "/api/mcp",
  method: "POST",
  headers: { ...v1, accept: "application/json, text/event-stream" },
  body,
  status: 400,
  message: /./,
});

const handlerRows: Record<string, { file: string; cases: HandlerCase[]; noInput?: string }> = {
  "GET /api/v1/token": {
    file: "api/v1/token/route.ts",
    cases: [],
    noInput: "reads only its token",
  },
  "GET /api/v1/openapi.json": {
    file: "api/v1/openapi.json/route.ts",
    cases: [],
    noInput: "reads nothing",
  },
  "GET /api/v1/reference": {
    file: "api/v1/reference/route.ts",
    cases: [],
    noInput: "reads nothing",
  },
  "GET /api/v1/tasks": {
    file: "api/v1/tasks/route.ts",
    cases: [
      { url: "/api/v1/tasks?status=NOPE", headers: v1, status: 400, message: /status/ },
      { url: "/api/v1/tasks?cursor=garbage", headers: v1, status: 400, message: /cursor/ },
      { url: "/api/v1/tasks?limit=0", headers: v1, status: 400, message: /limit/ },
      { url: "/api/v1/tasks?limit=1&limit=2", headers: v1, status: 400, message: /more than once/ },
      { url: "/api/v1/tasks?colour=red", headers: v1, status: 400, message: /colour/ },
    ],
  },
  "POST /api/v1/tasks": {
    file: "api/v1/tasks/route.ts",
    cases: [
      v1Body("/api/v1/tasks", "POST", "{nope", /not JSON/),
      v1Body("/api/v1/tasks", "POST", '{"operation":"INSTRUMENTAL"}', /Check the highlighted/),
      v1Body("/api/v1/tasks", "POST", '{"operation":"INSTRUMENTAL","tags":"a\\u0000"}', /NUL/),
      v1Body("/api/v1/tasks", "POST", "[]", /JSON object/),
      { ...v1Body("/api/v1/tasks", "POST", "x".repeat(100_001), /larger than/), status: 413 },
    ],
  },
  "GET /api/v1/tasks/[id]": { file: "api/v1/tasks/[id]/route.ts", cases: [v1Id("x".repeat(65))] },
  "GET /api/v1/clips": {
    file: "api/v1/clips/route.ts",
    cases: [
      { url: "/api/v1/clips?from=2026-02-30", headers: v1, status: 400, message: /from/ },
      { url: "/api/v1/clips?sort=constructor", headers: v1, status: 400, message: /sort/ },
      { url: "/api/v1/clips?view=grid", headers: v1, status: 400, message: /view/ },
      { url: "/api/v1/clips?q=%00", headers: v1, status: 400, message: /NUL/ },
    ],
  },
  "GET /api/v1/clips/[id]": { file: "api/v1/clips/[id]/route.ts", cases: [v1Id(`a\u0000`)] },
  "PATCH /api/v1/clips/[id]": {
    file: "api/v1/clips/[id]/route.ts",
    cases: [
      v1Id("x".repeat(65), { method: "PATCH", body: "{}" }),
      {
        ...v1Body("/api/v1/x", "PATCH", '{"title":""}', /title/),
        params: { id: IDS.teamClipByMember },
      },
    ],
  },
  "DELETE /api/v1/clips/[id]": {
    file: "api/v1/clips/[id]/route.ts",
    cases: [v1Id("../x", { method: "DELETE" })],
  },
  "POST /api/v1/clips/[id]/restore": {
    file: "api/v1/clips/[id]/restore/route.ts",
    cases: [v1Id("x".repeat(65), { method: "POST" })],
  },
  "GET /api/v1/clips/[id]/media/[kind]": {
    file: "api/v1/clips/[id]/media/[kind]/route.ts",
    cases: [
      v1Id(IDS.teamClipByMember, { params: { id: IDS.teamClipByMember, kind: "flac" } }),
      {
        url: "/api/v1/x?download=yes",
        params: { id: IDS.teamClipByMember, kind: "audio" },
        headers: v1,
        status: 400,
        message: /download/,
      },
    ],
  },
  "GET /api/v1/clips/[id]/assets/[asset]": {
    file: "api/v1/clips/[id]/assets/[asset]/route.ts",
    cases: [v1Id(IDS.teamClipByMember, { params: { id: IDS.teamClipByMember, asset: "../x" } })],
  },
  "GET /api/v1/playlists": {
    file: "api/v1/playlists/route.ts",
    cases: [
      { url: "/api/v1/playlists?limit=1000", headers: v1, status: 400, message: /limit/ },
      { url: "/api/v1/playlists?cursor=garbage", headers: v1, status: 400, message: /cursor/ },
    ],
  },
  "POST /api/v1/playlists": {
    file: "api/v1/playlists/route.ts",
    cases: [
      v1Body("/api/v1/playlists", "POST", '{"name":"  "}', /name/),
      v1Body("/api/v1/playlists", "POST", '{"name":"ok","collaborative":"yes"}', /collaborative/),
    ],
  },
  "GET /api/v1/playlists/[id]": {
    file: "api/v1/playlists/[id]/route.ts",
    cases: [v1Id("x".repeat(65))],
  },
  "PATCH /api/v1/playlists/[id]": {
    file: "api/v1/playlists/[id]/route.ts",
    cases: [
      {
        ...v1Body("/api/v1/x", "PATCH", '{"description":1}', /description/),
        params: { id: IDS.teamPlaylist },
      },
    ],
  },
  "DELETE /api/v1/playlists/[id]": {
    file: "api/v1/playlists/[id]/route.ts",
    cases: [v1Id("x".repeat(65), { method: "DELETE" })],
  },
  "POST /api/v1/playlists/[id]/items": {
    file: "api/v1/playlists/[id]/items/route.ts",
    cases: [
      {
        ...v1Body("/api/v1/x", "POST", '{"clipId":""}', /clipId/),
        params: { id: IDS.teamPlaylist },
      },
    ],
  },
  // MCP (issue 19, item 5): refused before the server reads it, as JSON-RPC errors; a tool's
  // bad arguments are tool errors (tests/integration/mcp.test.ts)
  "POST /api/mcp": {
    file: "api/mcp/route.ts",
    cases: [
      { ...mcpBody("{nope"), message: /not JSON/ },
      {
        ...mcpBody('{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"q":"a\\u0000"}}'),
        message: /NUL/,
      },
      { ...mcpBody('{"hello":"world"}'), message: /JSON-RPC/ },
      { ...mcpBody("x".repeat(100_001)), status: 413, message: /larger than/ },
      {
        ...mcpBody('{"jsonrpc":"2.0","id":1,"method":"tools/list"}'),
        headers: v1,
        status: 406,
        message: /Not Acceptable/,
      },
    ],
  },
  "GET /api/mcp": { file: "api/mcp/route.ts", cases: [], noInput: "answers 405 (stateless)" },
  "DELETE /api/mcp": { file: "api/mcp/route.ts", cases: [], noInput: "answers 405 (stateless)" },
  // ── push channel (issue 21 item 4) ──
  "GET /api/events": {
    file: "api/events/route.ts",
    cases: [],
    noInput: "reads only the session (its stream is the signed-in user's)",
  },
  "GET /api/tasks": {
    file: "api/tasks/route.ts",
    cases: [
      {
        url: `/api/tasks?ids=${Array.from({ length: 51 }, (_, i) => `t${i}`).join(",")}`,
        status: 400,
        message: /at most 50/,
      },
      { url: "/api/tasks?ids=a%00b", status: 400, message: /NUL/ },
      { url: "/api/tasks?ids=a&ids=b", status: 400, message: /more than once/ },
      { url: "/api/tasks?ids=%27%3B--", status: 400, message: /not an id/ },
    ],
  },
  "GET /api/tasks/[id]": {
    file: "api/tasks/[id]/route.ts",
    cases: [
      { url: "/api/tasks/x", params: { id: `a${NUL}` }, status: 404, message: /does not exist/ },
      {
        url: "/api/tasks/x",
        params: { id: "x".repeat(65) },
        status: 404,
        message: /does not exist/,
      },
    ],
  },
  "GET /api/library": {
    file: "api/library/route.ts",
    cases: [
      { url: "/api/library?from=2026-02-30", status: 400, message: /from/ },
      { url: "/api/library?to=2026-13-01", status: 400, message: /to/ },
      { url: "/api/library?cursor=garbage", status: 400, message: /cursor/ },
      {
        url: `/api/library?cursor=${Buffer.from('{"v":"not a date","id":"x"}').toString("base64url")}`,
        status: 400,
        message: /cursor/,
      },
      { url: `/api/library?q=${"a".repeat(201)}`, status: 400, message: /q/ },
      { url: "/api/library?q=%00", status: 400, message: /NUL/ },
      { url: "/api/library?sort=constructor", status: 400, message: /sort/ },
      { url: "/api/library?min=-1", status: 400, message: /min/ },
      { url: "/api/library?q=a&q=b", status: 400, message: /more than once/ },
    ],
  },
  "GET /api/playlists": {
    file: "api/playlists/route.ts",
    cases: [
      { url: "/api/playlists?team=NOT%20A%20SLUG", status: 400, message: /team/ },
      { url: `/api/playlists?clip=${"x".repeat(65)}`, status: 400, message: /clip/ },
      { url: "/api/playlists?clip=a&clip=b", status: 400, message: /more than once/ },
    ],
  },
  "GET /api/export": {
    file: "api/export/route.ts",
    cases: [
      { url: "/api/export?team=NOT%20A%20SLUG", status: 400, message: /team/ },
      { url: "/api/export?ids=a%00", status: 400, message: /NUL/ },
    ],
  },
  "GET /api/media/[clipId]/[kind]": {
    file: "api/media/[clipId]/[kind]/route.ts",
    cases: [
      {
        url: "/api/media/x/constructor",
        params: { clipId: IDS.teamClipByMember, kind: "constructor" },
        status: 404,
        message: /does not exist/,
      },
      {
        url: "/api/media/x/audio",
        params: { clipId: `x${NUL}`, kind: "audio" },
        status: 404,
        message: /does not exist/,
      },
      {
        url: "/api/media/x/audio?share=short",
        params: { clipId: IDS.teamClipByMember, kind: "audio" },
        status: 400,
        message: /share/,
      },
      {
        url: "/api/media/x/audio?download=yes",
        params: { clipId: IDS.teamClipByMember, kind: "audio" },
        status: 400,
        message: /download/,
      },
    ],
  },
  "GET /api/clips/[id]/assets/[asset]": {
    file: "api/clips/[id]/assets/[asset]/route.ts",
    cases: [
      {
        url: "/api/clips/x/assets/constructor",
        params: { id: IDS.teamClipByMember, asset: "constructor" },
        status: 404,
        message: /Unknown attachment/,
      },
      {
        url: "/api/clips/x/assets/wav",
        params: { id: IDS.teamClipByMember, asset: "../etc" },
        status: 404,
        message: /does not exist/,
      },
      {
        url: "/api/clips/x/assets/wav?share=short",
        params: { id: IDS.teamClipByMember, asset: "wav" },
        status: 400,
        message: /share/,
      },
    ],
  },
  "GET /api/clips/[id]/lyrics": {
    file: "api/clips/[id]/lyrics/route.ts",
    cases: [
      {
        url: "/api/clips/x/lyrics",
        params: { id: "../../etc" },
        status: 404,
        message: /does not exist/,
      },
    ],
  },
  "POST /api/uploads": {
    file: "api/uploads/route.ts",
    cases: [
      {
        url: "/api/uploads?name=a.wav",
        method: "POST",
        headers: { "content-length": String(100_000_000) },
        body: new ReadableStream({
          pull: () => {
            throw new Error("the body was read");
          },
        }),
        status: 413,
        message: /larger than/,
      },
      { url: "/api/uploads?name=a%00b", method: "POST", status: 400, message: /NUL/ },
      { url: "/api/uploads?name=a&name=b", method: "POST", status: 400, message: /more than once/ },
      {
        url: "/api/uploads",
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: "javascript:alert(1)" }),
        status: 400,
        message: /Paste a link/,
      },
      {
        url: "/api/uploads",
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{not json",
        status: 400,
        message: /Paste a link/,
      },
    ],
  },
  // every refusal of the link a relay fetches is the same 404, so nothing is told apart
  "GET /api/uploads/[id]/[name]": {
    file: "api/uploads/[id]/[name]/route.ts",
    cases: [
      {
        url: "/api/uploads/x/a.wav?token=t",
        params: { id: "../../etc", name: "a.wav" },
        status: 404,
        message: /does not exist/,
      },
      {
        url: "/api/uploads/x/a.wav",
        params: { id: "x", name: "a.wav" },
        status: 404,
        message: /does not exist/,
      },
      {
        url: `/api/uploads/x/a.wav?token=${"t".repeat(300)}`,
        params: { id: "x", name: "a.wav" },
        status: 400,
        message: /token/,
      },
    ],
  },
  "POST /api/webhooks/suno": {
    file: "api/webhooks/suno/route.ts",
    cases: [
      {
        url: "/api/webhooks/suno?task=x&token=y",
        method: "POST",
        body: "x".repeat(1_000_001),
        status: 413,
        message: /larger than/,
      },
      // a declared 100 MB body is refused before a byte of it is read
      {
        url: "/api/webhooks/suno?task=x&token=y",
        method: "POST",
        headers: { "content-length": String(100_000_000) },
        body: new ReadableStream({
          pull: () => {
            throw new Error("the body was read");
          },
        }),
        status: 413,
        message: /larger than/,
      },
      {
        url: `/api/webhooks/suno?task=${"x".repeat(65)}&token=y`,
        method: "POST",
        body: "{}",
        status: 400,
        message: /task/,
      },
      {
        url: "/api/webhooks/suno?task=a&task=b",
        method: "POST",
        body: "{}",
        status: 400,
        message: /more than once/,
      },
    ],
  },
  "GET /api/cron/backups": {
    file: "api/cron/backups/route.ts",
    cases: [],
    noInput: "reads only its secret (401 without it)",
  },
  "GET /api/cron/sweep": {
    file: "api/cron/sweep/route.ts",
    cases: [],
    noInput: "reads only its secret (401 without it)",
  },
  "GET /api/cron/exports": {
    file: "api/cron/exports/route.ts",
    cases: [],
    noInput: "reads only its secret (401 without it)",
  },
  "GET /api/export/jobs/[id]": {
    file: "api/export/jobs/[id]/route.ts",
    cases: [
      {
        url: "/api/export/jobs/x",
        params: { id: `x${NUL}` },
        status: 404,
        message: /does not exist/,
      },
    ],
  },
  // ── Imports (issue 20, item 4) ──
  "POST /api/imports": {
    file: "api/imports/route.ts",
    cases: [
      // a declared size past the limit is refused before the body is read
      {
        url: "/api/imports?name=a.zip",
        method: "POST",
        headers: { "content-length": String(10_000_000_000) },
        body: new ReadableStream({
          pull: () => {
            throw new Error("the body was read");
          },
        }),
        status: 413,
        message: /at most/,
      },
      { url: "/api/imports?name=a%00b", method: "POST", status: 400, message: /NUL/ },
      { url: "/api/imports?team=a&team=b", method: "POST", status: 400, message: /more than once/ },
      { url: "/api/imports?team=Not%20A%20Slug", method: "POST", status: 400, message: /team/ },
      {
        url: "/api/imports?name=a.zip",
        method: "POST",
        body: "plain text",
        status: 400,
        message: /not a ZIP/,
      },
    ],
  },
  "GET /api/imports/[id]": {
    file: "api/imports/[id]/route.ts",
    cases: [
      { url: "/api/imports/x", params: { id: `x${NUL}` }, status: 404, message: /does not exist/ },
      { url: "/api/imports/x", params: { id: "nobody's" }, status: 404, message: /does not exist/ },
    ],
  },
  "GET /api/cron/imports": {
    file: "api/cron/imports/route.ts",
    cases: [],
    noInput: "reads only its secret (401 without it)",
  },
  // ── end of Imports ──
  "GET /api/health": { file: "api/health/route.ts", cases: [], noInput: "reads nothing" },
  "GET /api/auth/[...nextauth]": {
    file: "",
    cases: [],
    noInput: "Auth.js parses its own requests",
  },
  "POST /api/auth/[...nextauth]": {
    file: "",
    cases: [],
    noInput: "Auth.js parses its own requests",
  },
  // OpenSubsonic (issue 19, item 6): refusals are Subsonic's own, HTTP 200 with
  // status "failed" and the error code (the protocol's clients read no other), unknown
  // methods a 404; the member signs in with an app password
  "GET /rest/[method]": {
    file: "rest/[method]/route.ts",
    cases: [
      sub("getSong", "id=%00", 0, /NUL/),
      sub("getSong", "", 10, /Required parameter is missing: id/),
      sub("getSong", "id=..%2Fx", 70, /does not exist/),
      sub("getAlbum", `id=al-${"x".repeat(81)}`, 70, /does not exist/),
      sub("getAlbumList2", "type=constructor", 0, /Unknown album list type/),
      sub("getAlbumList2", "type=newest&size=ten", 10, /whole number/),
      sub("getAlbumList2", "type=byYear&fromYear=nope", 0, /year/),
      sub("getAlbumList2", "type=newest&musicFolderId=999", 70, /music folder/),
      sub("search3", `query=${"a".repeat(201)}`, 0, /longer than 200/),
      sub("setRating", `id=${IDS.teamClipByMember}&rating=9`, 0, /rating/),
      sub("star", `albumId=al-${IDS.teamTask}`, 0, /songs only/),
      sub("scrobble", "", 10, /Required parameter is missing: id/),
      sub("createPlaylist", `name=${"x".repeat(121)}`, 0, /name/),
      sub("updatePlaylist", `playlistId=pl-${IDS.memberPlaylist}&songIndexToRemove=99`, 0, /index/),
      sub("ping", "apiKey=x", 43, /conflicting/),
      { ...sub("getNothing", "", 70, /does not offer/), status: 404 },
    ],
  },
  "POST /rest/[method]": {
    file: "rest/[method]/route.ts",
    cases: [
      { ...sub("star", "", 0, /NUL/), method: "POST", body: `id=a%00`, headers: form },
      {
        ...sub("ping", "", 0, /larger than/),
        method: "POST",
        body: "x".repeat(100_001),
        headers: form,
      },
    ],
  },
};

// ─────────────────────────── pages ───────────────────────────

type PageCase =
  | { kind: "query"; url: string; message: RegExp }
  | { kind: "params"; file: string; params: Record<string, string> };
const longQ = "a".repeat(201);
const pageRows: Record<string, PageCase[]> = {
  "page /": [{ kind: "query", url: "/?x=%00", message: /NUL/ }],
  "page /sign-in": [
    { kind: "query", url: "/sign-in?signedOut=constructor", message: /signedOut/ },
    { kind: "query", url: "/sign-in?callbackUrl=a&callbackUrl=b", message: /more than once/ },
  ],
  "page /sign-up": [
    { kind: "query", url: `/sign-up?callbackUrl=${"x".repeat(1001)}`, message: /too long/ },
  ],
  "page /sign-in/check-email": [
    { kind: "query", url: "/sign-in/check-email?for=x", message: /for/ },
  ],
  "page /forgot-password": [{ kind: "query", url: "/forgot-password?email=a%00", message: /NUL/ }],
  "page /reset-password/[token]": [
    { kind: "params", file: "(auth)/reset-password/[token]/page.tsx", params: { token: "short" } },
    {
      kind: "params",
      file: "(auth)/reset-password/[token]/page.tsx",
      params: { token: `${"A".repeat(42)}${NUL}` },
    },
  ],
  "page /confirm-email/[token]": [
    { kind: "params", file: "(auth)/confirm-email/[token]/page.tsx", params: { token: "x" } },
  ],
  "page /settings": [
    { kind: "query", url: "/settings?saved=constructor", message: /saved/ },
    { kind: "query", url: "/settings?saved=name&saved=name", message: /more than once/ },
  ],
  "page /settings/tokens": [
    { kind: "query", url: "/settings/tokens?x=1&x=2", message: /more than once/ },
  ],
  "page /settings/webhooks": [{ kind: "query", url: "/settings/webhooks?x=%00", message: /NUL/ }],
  "page /credits": [{ kind: "query", url: "/credits?before=not-a-cursor", message: /before/ }],
  "page /credits/usage": [
    { kind: "query", url: "/credits/usage?month=2026-13", message: /month/ },
    { kind: "query", url: "/credits/usage?month=constructor", message: /month/ },
  ],
  "page /library": [
    { kind: "query", url: `/library?q=${longQ}`, message: /q/ },
    { kind: "query", url: "/library?from=2026-02-30", message: /from/ },
    { kind: "query", url: "/library?cursor=%%%", message: /cursor|address/ },
  ],
  "page /create": [{ kind: "query", url: "/create?x=1&x=2", message: /more than once/ }],
  "page /admin/providers": [
    { kind: "query", url: "/admin/providers?x=1&x=2", message: /more than once/ },
  ],
  "page /history": [
    { kind: "query", url: "/history?before=a&before=b", message: /more than once/ },
    { kind: "query", url: "/history?before=yesterday", message: /before/ },
    { kind: "query", url: "/history?operation=constructor", message: /operation/ },
  ],
  "page /trash": [{ kind: "query", url: "/trash?q=a%00b", message: /NUL/ }],
  "page /exports": [{ kind: "query", url: "/exports?q=a%00b", message: /NUL/ }],
  "page /import": [{ kind: "query", url: "/import?job=a%00b", message: /NUL/ }],
  "page /playlists": [{ kind: "query", url: "/playlists?x=1&x=2", message: /more than once/ }],
  "page /notifications": [
    { kind: "query", url: "/notifications?x=1&x=2", message: /more than once/ },
  ],
  "page /playlists/[id]": [
    { kind: "params", file: "(app)/playlists/[id]/page.tsx", params: { id: `x${NUL}` } },
    { kind: "params", file: "(app)/playlists/[id]/page.tsx", params: { id: "not an id" } },
  ],
  "page /teams": [{ kind: "query", url: "/teams?deleted=yes", message: /deleted/ }],
  "page /teams/[slug]": [
    { kind: "query", url: `/teams/${TEAM_T.slug}?q=${longQ}`, message: /q/ },
    { kind: "params", file: "(app)/teams/[slug]/page.tsx", params: { slug: `t${NUL}` } },
  ],
  "page /settings/backups": [
    { kind: "query", url: "/settings/backups?x=1&x=2", message: /more than once/ },
  ],
  "page /teams/[slug]/backups": [
    { kind: "params", file: "(app)/teams/[slug]/backups/page.tsx", params: { slug: "NOT A SLUG" } },
  ],
  "page /teams/[slug]/members": [
    { kind: "params", file: "(app)/teams/[slug]/members/page.tsx", params: { slug: "NOT A SLUG" } },
  ],
  "page /teams/[slug]/audit": [
    {
      kind: "query",
      url: `/teams/${TEAM_T.slug}/audit?before=a&before=b`,
      message: /more than once/,
    },
    { kind: "query", url: `/teams/${TEAM_T.slug}/audit?before=not-a-cursor`, message: /before/ },
  ],
  "page /clips/[id]": [
    { kind: "params", file: "(app)/clips/[id]/page.tsx", params: { id: `x${NUL}` } },
  ],
  "page /invite/[token]": [
    { kind: "params", file: "(auth)/invite/[token]/page.tsx", params: { token: "short" } },
    { kind: "params", file: "(auth)/invite/[token]/page.tsx", params: { token: "A".repeat(32) } },
  ],
  "page /s/[token]": [
    {
      kind: "params",
      file: "s/[token]/page.tsx",
      params: { token: `${shareToken(IDS.activeLink)}${NUL}` },
    },
  ],
  "page /p/[token]": [
    { kind: "params", file: "p/[token]/page.tsx", params: { token: `${"A".repeat(43)}${NUL}` } },
    { kind: "params", file: "p/[token]/page.tsx", params: { token: "short" } },
  ],
  // OpenSubsonic app passwords (issue 19, item 6)
  "page /settings/subsonic": [
    { kind: "query", url: "/settings/subsonic?x=1&x=2", message: /more than once/ },
  ],
};

// ─────────────────────────── running it ───────────────────────────

let world: World;
let sql: pg.Client;

beforeAll(async () => {
  sql = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await sql.connect();
  world = await createWorldUsers();
  await resetWorld(sql, world);
  const member = world.users.member;
  session.current = { id: member.id, name: member.name, email: member.email, image: null };
});
afterAll(() => sql?.end());

describe("the table lists everything there is", () => {
  it("every server action, route handler and page has its bad-input row", () => {
    const found = discover();
    expect(found.actions.sort()).toEqual(Object.keys(actionRows).sort());
    expect(found.handlers.sort()).toEqual(Object.keys(handlerRows).sort());
    expect(found.pages.sort()).toEqual(Object.keys(pageRows).sort());
  });
});

type ActionResult = { ok?: boolean; error?: string; fieldErrors?: Record<string, string[]> };
async function callAction(name: string, fields: Fields, repeat?: string): Promise<unknown> {
  const [file, exported] = name.replace(/^action /, "").split("#") as [string, string];
  const mod = (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<
    string,
    (...args: unknown[]) => Promise<unknown>
  >;
  const action = mod[exported]!;
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (repeat) form.append(repeat, fields[repeat] ?? "again");
  try {
    return action.length >= 2 ? await action({}, form) : await action(form);
  } catch (error) {
    const digestText = (error as { digest?: string }).digest ?? "";
    if (digestText.startsWith("NEXT_REDIRECT")) return { redirect: digestText };
    throw error;
  }
}

describe("server actions refuse bad input with the form's error and change nothing", () => {
  it.each(Object.keys(actionRows))("%s", async (name) => {
    const row = actionRows[name]!;
    const problems: string[] = [];
    const expectRefused = async (
      what: string,
      fields: Fields,
      message: RegExp,
      field?: string,
      repeat?: string,
    ) => {
      const before = await digest(sql);
      const result = (await callAction(name, fields, repeat)) as ActionResult;
      if (!result?.error || !message.test(result.error))
        problems.push(`${what}: expected an error like ${message}, got ${JSON.stringify(result)}`);
      if (field && !result?.fieldErrors?.[field]?.length)
        problems.push(
          `${what}: expected a message on ${field}, got ${JSON.stringify(result?.fieldErrors)}`,
        );
      if ((await digest(sql)) !== before) problems.push(`${what}: the database changed`);
    };
    if (row.noInput) {
      expect(row.base).toBeUndefined();
      const before = await digest(sql);
      await callAction(name, { callbackUrl: `/x${NUL}`, junk: NUL }).catch((e: unknown) => {
        problems.push(`junk input threw ${String(e)}`);
      });
      if (name.endsWith("#signInWithGitHubAction") && (await digest(sql)) !== before)
        problems.push("junk input changed the database");
      expect(problems).toEqual([]);
      await resetWorld(sql, world);
      return;
    }
    const base = row.base!(world);
    for (const field of Object.keys(base)) {
      await expectRefused(
        `${field} with a NUL`,
        { ...base, [field]: `${base[field]}${NUL}` },
        CHECK,
        field,
      );
      await expectRefused(`${field} sent twice`, base, CHECK, field, field);
    }
    for (const [i, bad] of (row.bad ?? []).entries())
      await expectRefused(`bad #${i}`, bad.fields(world), bad.message, bad.field);
    expect(problems).toEqual([]);
  });
});

async function callHandler(row: { file: string }, c: HandlerCase) {
  const mod = (await import(/* @vite-ignore */ path.join(APP, row.file))) as Record<
    string,
    (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>
  >;
  const handler = mod[c.method ?? "GET"]!;
  const url = c.url.replace("u=MEMBER", `u=${encodeURIComponent(world.users.member.email)}`);
  const request = new NextRequest(new URL(url, "http://localhost:3000"), {
    method: c.method ?? "GET",
    headers: c.headers,
    body: c.body,
    // Node needs this for a streamed body
    duplex: c.body instanceof ReadableStream ? "half" : undefined,
  });
  return handler(request, { params: Promise.resolve(c.params ?? {}) });
}

describe("route handlers answer bad input with a 4xx and a message, and change nothing", () => {
  // REST v1's token (the actions' cases reset the world before)
  beforeAll(async () => {
    await sql.query(
      `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, scopes)
       VALUES ('tok-bad-input', $1, 'bad input', encode(sha256(convert_to($2, 'UTF8')), 'hex'),
         'chorus_pat_bad', '{library:read,library:write,generate,playlists}')
       ON CONFLICT DO NOTHING`,
      [world.users.member.id, V1_TOKEN],
    );
    const columns = appPasswordColumns("sap-bad-input", SUBSONIC_PASSWORD);
    await sql.query(
      `INSERT INTO subsonic_app_passwords (id, user_id, name, secret_sealed, secret_hash, prefix)
       VALUES ('sap-bad-input', $1, 'bad input', $2, $3, $4) ON CONFLICT DO NOTHING`,
      [world.users.member.id, columns.secretSealed, columns.secretHash, columns.prefix],
    );
  });
  it.each(Object.keys(handlerRows))("%s", async (name) => {
    const row = handlerRows[name]!;
    if (row.noInput) return expect(row.cases).toEqual([]);
    const problems: string[] = [];
    for (const c of row.cases) {
      const before = await digest(sql);
      const response = await callHandler(row, c);
      const json = (await response.json().catch(() => null)) as {
        error?: { message?: string };
        "subsonic-response"?: { status: string; error?: { code: number; message?: string } };
      } | null;
      const answer = json?.["subsonic-response"];
      const body = c.subsonicCode === undefined ? json : answer;
      if (c.subsonicCode !== undefined && answer?.error?.code !== c.subsonicCode)
        problems.push(
          `${c.url}: expected Subsonic error ${c.subsonicCode}, got ${JSON.stringify(answer)}`,
        );
      if (response.status !== c.status)
        problems.push(
          `${c.url}: expected ${c.status}, got ${response.status} ${JSON.stringify(body)}`,
        );
      if (!c.message.test(body?.error?.message ?? ""))
        problems.push(`${c.url}: message ${JSON.stringify(body)} is not like ${c.message}`);
      if ((await digest(sql)) !== before) problems.push(`${c.url}: the database changed`);
    }
    expect(problems).toEqual([]);
  });
});

describe("server-action requests that are not a form are refused before they are read", () => {
  it("a body over 1 MB is a 413, a body of another kind a 400", async () => {
    const { proxy } = await import("@/proxy");
    const post = (headers: Record<string, string>, body = "{}") =>
      proxy(
        new NextRequest("http://localhost:3000/create", {
          method: "POST",
          headers: { "next-action": "0".repeat(40), ...headers },
          body,
        }),
      );
    const big = await post({
      "content-type": "multipart/form-data; boundary=x",
      "content-length": "1000001",
    });
    expect(big.status).toBe(413);
    expect(await big.text()).toMatch(/more than 1 MB/);
    const json = await post({ "content-type": "application/json" });
    expect(json.status).toBe(400);
    expect(await json.text()).toMatch(/could not be read/);
  });

  it("a body its own kind cannot decode is a 400 too, and a good one goes through", async () => {
    const { proxy } = await import("@/proxy");
    const post = (type: string, body: string) =>
      proxy(
        new NextRequest("http://localhost:3000/create", {
          method: "POST",
          headers: { "next-action": "0".repeat(40), "content-type": type },
          body,
        }),
      );
    const boundary = "----chorus";
    const form = `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nT\r\n--${boundary}--\r\n`;
    for (const [type, body] of [
      [`multipart/form-data; boundary=${boundary}`, "garbage, no parts at all"],
      [`multipart/form-data; boundary=${boundary}`, form.slice(0, 40)], // cut off mid-part
      ["text/plain;charset=UTF-8", '["$K1", {unquoted: true}'],
    ] as const) {
      const response = await post(type, body);
      expect(response.status, body).toBe(400);
      expect(await response.text()).toMatch(/could not be read/);
    }
    for (const [type, body] of [
      [`multipart/form-data; boundary=${boundary}`, form],
      ["text/plain;charset=UTF-8", "[]"],
      ["application/x-www-form-urlencoded", "title=T&tags=pop"],
    ] as const)
      expect((await post(type, body)).status, body).toBe(200);
  });
});

describe("pages answer bad input with a 4xx before rendering, and change nothing", () => {
  it.each(Object.keys(pageRows))("%s", async (name) => {
    const { proxy } = await import("@/proxy");
    const problems: string[] = [];
    for (const c of pageRows[name]!) {
      const before = await digest(sql);
      if (c.kind === "query") {
        const response = await proxy(new NextRequest(new URL(c.url, "http://localhost:3000")));
        const text = await response.text();
        if (response.status !== 400)
          problems.push(`${c.url}: expected 400, got ${response.status}`);
        if (!c.message.test(text)) problems.push(`${c.url}: "${text}" is not like ${c.message}`);
      } else {
        const mod = (await import(/* @vite-ignore */ path.join(APP, c.file))) as {
          default: (props: object) => Promise<unknown>;
        };
        const thrown = await mod
          .default({ params: Promise.resolve(c.params), searchParams: Promise.resolve({}) })
          .then(
            () => null,
            (error: { digest?: string }) => error,
          );
        if (!thrown?.digest?.includes("404"))
          problems.push(
            `${c.file} ${JSON.stringify(c.params)}: expected a 404, got ${String(thrown)}`,
          );
      }
      if ((await digest(sql)) !== before) problems.push(`${name}: the database changed`);
    }
    expect(problems).toEqual([]);
  });
});
