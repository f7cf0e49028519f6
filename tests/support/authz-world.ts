// The fixed world the authorization matrix runs in: team T (owner, admin, member, viewer),
// team U (the outsider's), an unrelated user, and clips, tasks, invites and share links on
// both sides. `resetWorld` puts every table back exactly, so each case starts the same.
import { createHash, randomBytes } from "node:crypto";

import type pg from "pg";

import { registerUser } from "@/lib/auth/credentials";
import { playlistLinkToken } from "@/lib/playlists/share";
import { shareLinkToken, shareTokenHash } from "@/lib/share/links";
import { appPasswordColumns } from "@/lib/subsonic/app-passwords";
import { inviteToken, inviteTokenHash } from "@/lib/teams/invites";

export const ACTORS = [
  "owner",
  "admin",
  "member",
  "viewer",
  "otherTeam",
  "unrelated",
  "anonymous",
] as const;
export type ActorName = (typeof ACTORS)[number];
export type SignedIn = Exclude<ActorName, "anonymous">;
export const PASSWORD = "a long enough password";

export type World = {
  users: Record<SignedIn, { id: string; email: string; name: string }>;
  run: string;
};

/** Titles are unique per run, so a title in a response is proof of a leak. */
export const title = (world: World, key: string) => `${key}-${world.run}`;

export const TEAM_T = { id: "team-t", slug: "t-band", name: "T Band" };
export const TEAM_U = { id: "team-u", slug: "u-crew", name: "U Crew" };

export const IDS = {
  teamClipByMember: "clip-t-m",
  teamClipByAdmin: "clip-t-a",
  teamClipTrashed: "clip-t-trashed",
  memberPersonal: "clip-m-personal",
  ownerShared: "clip-o-shared",
  outsiderPersonal: "clip-x-personal",
  otherTeamClip: "clip-u",
  unrelatedPersonal: "clip-z-personal",
  teamTask: "task-t-m",
  memberPersonalTask: "task-m-personal",
  outsiderTask: "task-x",
  activeLink: "link-t-m",
  revokedLink: "link-revoked",
  inviteValid: "inv-valid",
  inviteReusable: "inv-reusable",
  inviteExpired: "inv-expired",
  inviteUsed: "inv-used",
  inviteRevoked: "inv-revoked",
  inviteOtherTeam: "inv-u",
  memberUpload: "upload-m",
  teamPlaylist: "pl-t",
  teamPlaylistCollab: "pl-t-collab",
  memberPlaylist: "pl-m",
  otherTeamPlaylist: "pl-u",
  teamPlaylistItem: "pli-t-1",
  teamPlaylistItem2: "pli-t-2",
  memberPlaylistItem: "pli-m-1",
  memberExport: "export-m",
  memberImport: "import-m",
  memberComment: "cmt-t-m",
  viewerComment: "cmt-t-v",
  viewerNotification: "ntf-v",
  teamSmartPlaylist: "pl-t-smart",
  playlistLink: "pll-t",
} as const;

export const shareToken = (linkId: string) => shareLinkToken(linkId);
export const playlistToken = (linkId: string) => playlistLinkToken(linkId);
export const inviteTokenOf = (inviteId: string) => inviteToken(inviteId);

export async function createWorldUsers(): Promise<World> {
  const run = randomBytes(4).toString("hex");
  const names: Record<SignedIn, string> = {
    owner: "Olive Owner",
    admin: "Adam Admin",
    member: "Mia Member",
    viewer: "Vic Viewer",
    otherTeam: "Xena Outsider",
    unrelated: "Zed Unrelated",
  };
  const users = {} as World["users"];
  for (const [key, name] of Object.entries(names) as [SignedIn, string][]) {
    const email = `${key.toLowerCase()}-${run}@example.test`;
    const user = await registerUser({ name, email, password: PASSWORD });
    users[key] = { id: user.id, email, name };
  }
  return { users, run };
}

const TABLES = [
  "audit_events",
  "invite_acceptances",
  "invites",
  "share_links",
  "team_clip_shares",
  "media_assets",
  "clip_assets",
  "ledger_entries",
  "lyrics",
  "clips",
  "tasks",
  "memberships",
  "teams",
  "revoked_sessions",
  "account_tokens",
  "rate_limits",
  "audio_uploads",
  "clip_reactions",
  "playlists",
  "playlist_items",
  "export_jobs",
  "import_jobs",
  "import_files",
  "backup_files",
  "backup_runs",
  "backup_destinations",
  "take_keepers",
  "clip_comments",
  "notifications",
  "playlist_share_links",
  "api_tokens",
  "webhook_endpoints",
  "webhook_deliveries",
  "subsonic_app_passwords",
  "clip_plays",
];

/** An empty ZIP (its end record alone), the file of the member's background export. */
export const EXPORT_FILE = {
  key: "exports/export-m/1.zip",
  bytes: Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]),
  get sha256() {
    return createHash("sha256").update(this.bytes).digest("hex");
  },
};

/** Each world's users as first made: the settings actions change names, emails and passwords. */
const ORIGINAL_USERS = new WeakMap<World, unknown[]>();

export async function resetWorld(sql: pg.Client, world: World) {
  const u = world.users;
  const t = (key: string) => title(world, key);
  await sql.query(`TRUNCATE ${TABLES.join(", ")} CASCADE`);
  // people who signed up during a case (none should) would survive a truncate of the others
  await sql.query(`DELETE FROM users WHERE id <> ALL($1::text[])`, [
    Object.values(u).map((x) => x.id),
  ]);
  if (!ORIGINAL_USERS.has(world)) {
    const { rows } = await sql.query(
      `SELECT id, name, email, password_hash FROM users WHERE id = ANY($1::text[])`,
      [Object.values(u).map((x) => x.id)],
    );
    ORIGINAL_USERS.set(world, rows);
  }
  await sql.query(
    `UPDATE users SET name = o.name, email = o.email, password_hash = o.password_hash,
       email_verified = NULL
     FROM json_to_recordset($1::json) AS o(id text, name text, email text, password_hash text)
     WHERE users.id = o.id`,
    [JSON.stringify(ORIGINAL_USERS.get(world))],
  );
  await sql.query(`UPDATE users SET credit_balance = 500, session_version = 0`);
  await sql.query(
    `INSERT INTO teams (id, slug, name, credit_balance, updated_at) VALUES ($1, $2, $3, 500, now()), ($4, $5, $6, 500, now())`,
    [TEAM_T.id, TEAM_T.slug, TEAM_T.name, TEAM_U.id, TEAM_U.slug, TEAM_U.name],
  );
  // the teams' budgets are funded, as always, on the record: an operator grant each
  await sql.query(
    `INSERT INTO ledger_entries (id, user_id, team_id, kind, amount, balance_after, note) VALUES
      ('grant-t', $1, 'team-t', 'GRANT', 500, 500, 'Operator grant'),
      ('grant-u', $2, 'team-u', 'GRANT', 500, 500, 'Operator grant')`,
    [u.owner.id, u.otherTeam.id],
  );
  await sql.query(
    `INSERT INTO memberships (id, team_id, user_id, role, updated_at) VALUES
      ('m-o', 'team-t', $1, 'OWNER', now()), ('m-a', 'team-t', $2, 'ADMIN', now()), ('m-m', 'team-t', $3, 'MEMBER', now()),
      ('m-v', 'team-t', $4, 'VIEWER', now()), ('m-x', 'team-u', $5, 'OWNER', now())`,
    [u.owner.id, u.admin.id, u.member.id, u.viewer.id, u.otherTeam.id],
  );
  const clip = (id: string, owner: string, team: string | null, key: string, extra = "NULL") =>
    sql.query(
      `INSERT INTO clips (id, owner_id, team_id, provider, upstream_id, title, tags, lyrics, status, model, duration, audio_url, image_url, archive_status, trashed_at, updated_at)
       VALUES ($1, $2, $3, 'sim', $1, $4, 'synth pop', $5, 'COMPLETE', 'chirp-v4', 30, $6, $7, 'ARCHIVED', ${extra}, now())`,
      [
        id,
        owner,
        team,
        t(key),
        `[Verse]\nwords of ${t(key)}`,
        `https://upstream.example/${id}.mp3`,
        `https://upstream.example/${id}.png`,
      ],
    );
  await clip(IDS.teamClipByMember, u.member.id, TEAM_T.id, "TeamClipByMember");
  await clip(IDS.teamClipByAdmin, u.admin.id, TEAM_T.id, "TeamClipByAdmin");
  await clip(IDS.teamClipTrashed, u.member.id, TEAM_T.id, "TeamClipTrashed", "now()");
  await clip(IDS.memberPersonal, u.member.id, null, "MemberPersonal");
  await clip(IDS.ownerShared, u.owner.id, null, "OwnerShared");
  await clip(IDS.outsiderPersonal, u.otherTeam.id, null, "OutsiderPersonal");
  await clip(IDS.otherTeamClip, u.otherTeam.id, TEAM_U.id, "OtherTeamClip");
  await clip(IDS.unrelatedPersonal, u.unrelated.id, null, "UnrelatedPersonal");
  await sql.query(
    `INSERT INTO team_clip_shares (clip_id, team_id, shared_by_id) VALUES ($1, 'team-t', $2)`,
    [IDS.ownerShared, u.owner.id],
  );
  const task = (id: string, owner: string, team: string | null) =>
    sql.query(
      `INSERT INTO tasks (id, owner_id, team_id, operation, status, request, idempotency_key, cost, updated_at) VALUES ($1, $2, $3, 'INSTRUMENTAL', 'SUCCEEDED', '{}', $1, 10, now())`,
      [id, owner, team],
    );
  // the member's own recording on the provider's file host (covers and extensions name it)
  await sql.query(
    `INSERT INTO audio_uploads (id, owner_id, provider, key_fingerprint, download_url, file_name,
       content_type, byte_size, expires_at)
     VALUES ($1, $2, 'primary', 'fp', 'https://files.example/porch.wav', 'porch.wav',
       'audio/wav', 1000, now() + interval '3 days')`,
    [IDS.memberUpload, u.member.id],
  );
  await task(IDS.teamTask, u.member.id, TEAM_T.id);
  await task(IDS.memberPersonalTask, u.member.id, null);
  await task(IDS.outsiderTask, u.otherTeam.id, null);
  await sql.query(`UPDATE clips SET task_id = $1 WHERE id = $2`, [
    IDS.teamTask,
    IDS.teamClipByMember,
  ]);
  // attachments (issue 16): a WAV not copied yet, a cover variant kept, synced lyrics
  await sql.query(
    `INSERT INTO clip_assets (id, clip_id, kind, source_url, storage_key, content_type, byte_size,
       sha256, data, archive_status, updated_at) VALUES
      ('asset-wav', $1, 'wav', $2, NULL, NULL, NULL, NULL, NULL, 'PENDING', now()),
      ('asset-cover', $1, 'cover:ct1:1', $3, $4, 'image/png', 10, 'cafe', NULL, 'ARCHIVED', now()),
      ('asset-lrc', $1, 'lrc', NULL, NULL, NULL, NULL, NULL, $5, 'ARCHIVED', now())`,
    [
      IDS.teamClipByMember,
      `https://upstream.example/${IDS.teamClipByMember}.wav`,
      `https://upstream.example/${IDS.teamClipByMember}-cover.png`,
      `clips/${IDS.teamClipByMember}/assets/cover-ct1-1`,
      JSON.stringify({ words: [{ word: "words\n", startS: 1, endS: 2 }] }),
    ],
  );
  await sql.query(
    `INSERT INTO share_links (id, clip_id, created_by_id, token_hash, revoked_at) VALUES ($1, $2, $3, $4, NULL), ($5, $6, $7, $8, now())`,
    [
      IDS.activeLink,
      IDS.teamClipByMember,
      u.member.id,
      shareTokenHash(shareToken(IDS.activeLink)),
      IDS.revokedLink,
      IDS.teamClipByAdmin,
      u.admin.id,
      shareTokenHash(shareToken(IDS.revokedLink)),
    ],
  );
  // reactions (issue 18): the member likes their team song, the viewer rates the admin's
  await sql.query(
    `INSERT INTO clip_reactions (user_id, clip_id, liked, rating, updated_at) VALUES
      ($1, $2, true, NULL, now()), ($3, $4, false, 4, now())`,
    [u.member.id, IDS.teamClipByMember, u.viewer.id, IDS.teamClipByAdmin],
  );
  // playlists (issue 18): the member's team playlist (not collaborative) with two songs, the
  // admin's collaborative one, the member's personal one, and team U's
  await sql.query(
    `INSERT INTO playlists (id, owner_id, team_id, name, collaborative, updated_at) VALUES
      ($1, $2, 'team-t', 'Team picks', false, now()), ($3, $4, 'team-t', 'Open jam', true, now()),
      ($5, $2, NULL, 'Mia mix', false, now()), ($6, $7, 'team-u', 'U list', false, now())`,
    [
      IDS.teamPlaylist,
      u.member.id,
      IDS.teamPlaylistCollab,
      u.admin.id,
      IDS.memberPlaylist,
      IDS.otherTeamPlaylist,
      u.otherTeam.id,
    ],
  );
  await sql.query(
    `INSERT INTO playlist_items (id, playlist_id, clip_id, position, added_by_id) VALUES
      ($1, $2, $3, 0, $4), ($5, $2, $6, 1, $4), ($7, $8, $9, 0, $4)`,
    [
      IDS.teamPlaylistItem,
      IDS.teamPlaylist,
      IDS.teamClipByMember,
      u.member.id,
      IDS.teamPlaylistItem2,
      IDS.teamClipByAdmin,
      IDS.memberPlaylistItem,
      IDS.memberPlaylist,
      IDS.memberPersonal,
    ],
  );
  // a background export of the member's, ready (its file: EXPORT_FILE, put by the matrix)
  await sql.query(
    `INSERT INTO export_jobs (id, user_id, scope, label, status, songs, total_bytes,
       written_bytes, storage_key, sha256, finished_at, expires_at)
     VALUES ($1, $2, '{}', 'Personal library', 'READY', 1, 22, 22, $3, $4, now(),
       now() + interval '1 day')`,
    [IDS.memberExport, u.member.id, EXPORT_FILE.key, EXPORT_FILE.sha256],
  );
  // an import of the member's, done, its report naming one file that was not audio
  await sql.query(
    `INSERT INTO import_jobs (id, user_id, file_name, status, byte_size, layout, total_files,
       processed_files, failed, finished_at)
     VALUES ($1, $2, 'mia-songs.zip', 'DONE', 100, 'files', 1, 1, 1, now())`,
    [IDS.memberImport, u.member.id],
  );
  await sql.query(
    `INSERT INTO import_files (id, job_id, path, status, reason)
     VALUES ('impf-m', $1, 'notes.mp3', 'FAILED', 'it is not an audio file Chorus can read')`,
    [IDS.memberImport],
  );
  // comments (issue 18): the member's at 0:12 mentioning the viewer, and the viewer's own
  await sql.query(
    `INSERT INTO clip_comments (id, clip_id, author_id, at_seconds, body, mention_ids, updated_at)
     VALUES ($1, $2, $3, 12, '@Vic Viewer listen here', ARRAY[$4], now()),
       ($5, $2, $4, NULL, 'Nice one', '{}', now())`,
    [IDS.memberComment, IDS.teamClipByMember, u.member.id, u.viewer.id, IDS.viewerComment],
  );
  await sql.query(
    `INSERT INTO notifications (id, user_id, kind, actor_id, clip_id, comment_id)
     VALUES ($1, $2, 'MENTION', $3, $4, $5)`,
    [IDS.viewerNotification, u.viewer.id, u.member.id, IDS.teamClipByMember, IDS.memberComment],
  );
  // smart playlists and public playlist links (issue 18): the member's team smart playlist
  // (every team song, not collaborative) and a public link to the member's "Team picks"
  await sql.query(
    `INSERT INTO playlists (id, owner_id, team_id, name, rules, updated_at)
     VALUES ($1, $2, 'team-t', 'Smart picks', $3, now())`,
    [
      IDS.teamSmartPlaylist,
      u.member.id,
      JSON.stringify({ match: "all", rules: [], sort: "newest", limit: 100 }),
    ],
  );
  await sql.query(
    `INSERT INTO playlist_share_links (id, playlist_id, created_by_id, token_hash)
     VALUES ($1, $2, $3, $4)`,
    [
      IDS.playlistLink,
      IDS.teamPlaylist,
      u.member.id,
      shareTokenHash(playlistToken(IDS.playlistLink)),
    ],
  );
  const invite = (
    id: string,
    team: string,
    by: string,
    role: string,
    maxUses: number | null,
    useCount: number,
    expires: string,
    revoked: boolean,
  ) =>
    sql.query(
      `INSERT INTO invites (id, team_id, created_by_id, token_hash, role, max_uses, use_count, expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5::"TeamRole", $6, $7, now() + $8::interval, ${revoked ? "now()" : "NULL"})`,
      [id, team, by, inviteTokenHash(inviteTokenOf(id)), role, maxUses, useCount, expires],
    );
  await invite(IDS.inviteValid, TEAM_T.id, u.owner.id, "MEMBER", 1, 0, "7 days", false);
  await invite(IDS.inviteReusable, TEAM_T.id, u.admin.id, "VIEWER", null, 3, "7 days", false);
  await invite(IDS.inviteExpired, TEAM_T.id, u.owner.id, "MEMBER", 1, 0, "-1 day", false);
  await invite(IDS.inviteUsed, TEAM_T.id, u.owner.id, "MEMBER", 1, 1, "7 days", false);
  await invite(IDS.inviteRevoked, TEAM_T.id, u.owner.id, "MEMBER", 1, 0, "7 days", true);
  await invite(IDS.inviteOtherTeam, TEAM_U.id, u.otherTeam.id, "MEMBER", 1, 0, "7 days", false);
}

/** A fingerprint of every row the app's actions can change. */
export async function digest(sql: pg.Client): Promise<string> {
  const parts: string[] = [];
  for (const table of [...TABLES.filter((t) => t !== "rate_limits"), "users"]) {
    // a token's last use is bookkeeping of a read, not a change
    const source =
      table === "api_tokens"
        ? "(SELECT id, user_id, team_id, name, token_hash, scopes, expires_at, revoked_at FROM api_tokens)"
        : // an app password's last use is bookkeeping too, and its sealing differs per issue
          table === "subsonic_app_passwords"
          ? "(SELECT id, user_id, name, secret_hash, revoked_at FROM subsonic_app_passwords)"
          : table;
    const { rows } = await sql.query<{ d: string | null }>(
      `SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS d FROM ${source} x`,
    );
    parts.push(`${table}:${rows[0]?.d ?? "-"}`);
  }
  return parts.join(" ");
}

/** Each signed-in actor's API token (every scope but webhooks, personal) or one of its scopes. */
export const apiTokenOf = (world: World, actor: SignedIn, scope?: string) =>
  `chorus_pat_matrix${scope ? scope.replace(/\W/g, "") : "all"}${actor}${world.run}`.padEnd(
    54,
    "x",
  );

/** Inserts every actor's API tokens (all scopes, and one token per scope) as rows. */
export async function issueApiTokens(sql: pg.Client, world: World, scopes: readonly string[]) {
  for (const actor of Object.keys(world.users) as SignedIn[]) {
    const kinds: [string | undefined, string[]][] = [
      [undefined, ["library:read", "library:write", "generate", "playlists"]],
      ...scopes.map((scope): [string, string[]] => [scope, [scope]]),
    ];
    for (const [scope, granted] of kinds) {
      const secret = apiTokenOf(world, actor, scope);
      await sql.query(
        `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, scopes)
         VALUES ($1, $2, 'matrix', encode(sha256(convert_to($3, 'UTF8')), 'hex'), $4, $5)
         ON CONFLICT DO NOTHING`,
        [
          `tok-${actor}-${scope ?? "all"}`,
          world.users[actor].id,
          secret,
          secret.slice(0, 15),
          granted,
        ],
      );
    }
  }
}

/** Each signed-in actor's Subsonic app password (issue 19, item 6). */
export const appPasswordOf = (world: World, actor: SignedIn) =>
  `matrix-${actor.toLowerCase()}-${world.run}`;

/** Inserts every actor's app password as a row (`sap-<actor>`), sealed as the app seals it. */
export async function issueAppPasswords(sql: pg.Client, world: World) {
  for (const actor of Object.keys(world.users) as SignedIn[]) {
    const id = `sap-${actor}`;
    const columns = appPasswordColumns(id, appPasswordOf(world, actor));
    await sql.query(
      `INSERT INTO subsonic_app_passwords (id, user_id, name, secret_sealed, secret_hash, prefix)
       VALUES ($1, $2, 'matrix', $3, $4, $5) ON CONFLICT DO NOTHING`,
      [id, world.users[actor].id, columns.secretSealed, columns.secretHash, columns.prefix],
    );
  }
}
