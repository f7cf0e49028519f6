// Smart playlists (issue 18, item 4): saved rules run as the library's own search. The rules
// become one more condition on `clips c` inside `libraryConditions`, so a smart playlist has
// exactly the library's scope (a personal one the owner's personal songs; a team's the team's
// songs and those shared into it, re-checked against the reader's membership in the SQL),
// its reaction audience, its sorts and its keyset pages (no OFFSET). Always current: nothing
// is stored but the rules; each reader sees the songs they may see ("liked by me" is theirs).
import "server-only";

import {
  playlistsEditableBy,
  playlistsVisibleTo,
  requireTeam,
  teamsWhere,
  type Actor,
} from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { searchLibrary, type LibraryClip } from "@/lib/library/search";
import { storedRules } from "@/lib/playlists/rules";
import type { Rule, RuleGroup, SmartRules } from "@/lib/playlists/smart-shared";
import { activeCatalogue } from "@/lib/suno/catalogue";

const PAGE = 100;

const like = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** The playlists a reader may see, as SQL on `playlists p` (for "in playlist"). */
const visiblePlaylist = (
  actor: Actor,
) => Prisma.sql`((p.team_id IS NULL AND p.owner_id = ${actor.id})
  OR p.team_id IN (SELECT m.team_id FROM memberships m JOIN teams t ON t.id = m.team_id
    WHERE m.user_id = ${actor.id} AND t.deleted_at IS NULL))`;

/** One rule as SQL on `clips c`; `audience` is whose reactions count in this view. */
export function ruleSql(rule: Rule | RuleGroup, actor: Actor, audience: Prisma.Sql): Prisma.Sql {
  const by = (who: "me" | "anyone") =>
    who === "anyone" ? audience : Prisma.sql`r.user_id = ${actor.id}`;
  switch (rule.kind) {
    case "group": {
      const parts = rule.rules.map((r) => ruleSql(r, actor, audience));
      return Prisma.sql`(${Prisma.join(parts, rule.match === "all" ? " AND " : " OR ")})`;
    }
    case "model":
      return rule.op === "is"
        ? Prisma.sql`c.model = ${rule.value}`
        : Prisma.sql`c.model IS DISTINCT FROM ${rule.value}`;
    case "tags":
      return rule.op === "has"
        ? Prisma.sql`c.tags ILIKE ${like(rule.value)}`
        : Prisma.sql`c.tags NOT ILIKE ${like(rule.value)}`;
    case "duration":
      return rule.op === "under"
        ? Prisma.sql`c.duration < ${rule.seconds}`
        : Prisma.sql`c.duration > ${rule.seconds}`;
    case "type":
      return Prisma.sql`c.is_instrumental = ${rule.value === "instrumental"}`;
    case "creator":
      return Prisma.sql`c.owner_id = ${rule.value}`;
    case "created":
      return rule.op === "after"
        ? Prisma.sql`c.created_at >= ${rule.date}::date`
        : Prisma.sql`c.created_at < ${rule.date}::date`;
    case "recent":
      return Prisma.sql`c.created_at >= now() - ${rule.days} * interval '1 day'`;
    case "liked":
      return Prisma.sql`EXISTS (SELECT 1 FROM clip_reactions r WHERE r.clip_id = c.id
        AND r.liked AND ${by(rule.by)})`;
    case "rated":
      return Prisma.sql`EXISTS (SELECT 1 FROM clip_reactions r WHERE r.clip_id = c.id
        AND r.rating >= ${rule.min} AND ${by(rule.by)})`;
    case "playlist": {
      // only a plain playlist the reader may see: a rule naming another never tells them
      // what is in it
      const inIt = Prisma.sql`EXISTS (SELECT 1 FROM playlist_items i
        JOIN playlists p ON p.id = i.playlist_id
        WHERE i.clip_id = c.id AND p.id = ${rule.playlistId} AND p.rules IS NULL
          AND ${visiblePlaylist(actor)})`;
      return rule.op === "in" ? inIt : Prisma.sql`NOT ${inIt}`;
    }
  }
}

/** All the rules as one condition (no rules: every song of the workspace). */
export function rulesSql(rules: SmartRules, actor: Actor, audience: Prisma.Sql): Prisma.Sql {
  if (rules.rules.length === 0) return Prisma.sql`TRUE`;
  return ruleSql(
    { kind: "group", match: rules.match, rules: rules.rules as Rule[] },
    actor,
    audience,
  );
}

/**
 * The songs of a smart playlist as `actor` sees them: keyset pages of the library's search
 * (PAGE at a time, never OFFSET) until the playlist's limit.
 */
export async function smartPlaylistSongs({
  actor,
  rules,
  teamSlug,
}: {
  actor: Actor;
  rules: SmartRules;
  teamSlug: string | null;
}): Promise<LibraryClip[]> {
  const songs: LibraryClip[] = [];
  let cursor: string | undefined;
  while (songs.length < rules.limit) {
    const page = await searchLibrary({
      actor,
      query: { team: teamSlug ?? undefined, sort: rules.sort, cursor },
      limit: Math.min(PAGE, rules.limit - songs.length),
      extra: (audience) => rulesSql(rules, actor, audience),
      stacked: false, // a playlist holds songs, every take that matches
    });
    songs.push(...page.clips);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return songs;
}

/** Rules may name only playlists the saver sees (and plain ones): checked when saved. */
async function checkRules(actor: Actor, rules: SmartRules) {
  const named = rules.rules
    .flatMap((r) => (r.kind === "group" ? r.rules : [r]))
    .flatMap((r) => (r.kind === "playlist" ? [r.playlistId] : []));
  if (named.length === 0) return;
  const found = await db.playlist.count({
    where: { id: { in: named }, rules: { equals: Prisma.DbNull }, ...playlistsVisibleTo(actor) },
  });
  if (found !== new Set(named).size)
    throw new AppError("BAD_REQUEST", "A rule names a playlist you cannot see, or a smart one.");
}

export async function createSmartPlaylist({
  actor,
  name,
  description = "",
  teamId,
  collaborative = false,
  rules,
}: {
  actor: Actor;
  name: string;
  description?: string;
  teamId?: string;
  collaborative?: boolean;
  rules: SmartRules;
}) {
  if (teamId) await requireTeam(actor, { id: teamId }, "playlist.create");
  await checkRules(actor, rules);
  return db.playlist.create({
    data: {
      ownerId: actor.id,
      teamId: teamId ?? null,
      name,
      description,
      collaborative: teamId ? collaborative : false,
      rules,
    },
    select: { id: true },
  });
}

/** New rules for a smart playlist: by whoever may edit its songs (collaborative: the team). */
export async function updateSmartRules({
  actor,
  playlistId,
  rules,
}: {
  actor: Actor;
  playlistId: string;
  rules: SmartRules;
}) {
  await checkRules(actor, rules);
  const { count } = await db.playlist.updateMany({
    where: { id: playlistId, rules: { not: Prisma.DbNull }, ...playlistsEditableBy(actor) },
    data: { rules },
  });
  if (count > 0) return;
  const seen = await db.playlist.findFirst({
    where: { id: playlistId, ...playlistsVisibleTo(actor) },
    select: { rules: true },
  });
  if (!seen) throw new AppError("NOT_FOUND", "That playlist does not exist, or you cannot see it.");
  if (seen.rules === null) throw new AppError("BAD_REQUEST", "That playlist is not a smart one.");
  throw new AppError(
    "FORBIDDEN",
    "Only the team's admins and the playlist's creator can change its rules, unless it is collaborative.",
  );
}

export { storedRules };

/** What the rule editor offers: models, the teams one may make playlists in (with their
 *  members, for "made by"), and the plain playlists one sees (for "in a playlist"). */
export async function smartChoices({ actor }: { actor: Actor }) {
  const [teams, playlists] = await Promise.all([
    db.team.findMany({
      where: teamsWhere(actor, "playlist.create"),
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        memberships: {
          select: { user: { select: { id: true, name: true, email: true } } },
          orderBy: { createdAt: "asc" },
        },
      },
    }),
    db.playlist.findMany({
      where: { rules: { equals: Prisma.DbNull }, ...playlistsVisibleTo(actor) },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: 200,
      select: { id: true, name: true, team: { select: { name: true } } },
    }),
  ]);
  return {
    models: activeCatalogue().models.map((m) => ({
      id: m.id,
      label: m.retired ? `${m.label} (retired)` : m.label,
    })),
    teams: teams.map((t) => ({
      id: t.id,
      name: t.name,
      creators: t.memberships.map(({ user }) => ({
        id: user.id,
        name: user.name ?? user.email ?? "Unnamed",
      })),
    })),
    playlists: playlists.map((p) => ({
      id: p.id,
      name: p.team ? `${p.name} · ${p.team.name}` : p.name,
    })),
  };
}
