// Authorization, in one place: who may see and change what, as `where` clauses built from
// the permission table (so a row someone may not see is never read), plus the checks for
// team operations. Pages, actions and route handlers all come through here.
import "server-only";

import { can, rolesWith, type Permission, type Role } from "@/lib/authz/permissions";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

export {
  can,
  rolesWith,
  assignableRoles,
  ROLES,
  ROLE_LABEL,
  ROLE_SUMMARY,
  type Permission,
  type Role,
} from "@/lib/authz/permissions";

export type Actor = { id: string };

/** Teams where the actor holds `permission`. */
export function teamsWhere(
  actor: Actor,
  permission: Permission = "team.view",
): Prisma.TeamWhereInput {
  return {
    deletedAt: null,
    memberships: { some: { userId: actor.id, role: { in: rolesWith(permission) } } },
  };
}

/** Clips the actor may see (play, download, read lyrics): their personal clips, their
 *  teams' clips, and clips shared into their teams. */
export function clipsVisibleTo(actor: Actor): Prisma.ClipWhereInput {
  const teams = teamsWhere(actor, "team.view");
  return {
    OR: [
      { ownerId: actor.id, teamId: null },
      { team: teams },
      { teamShares: { some: { team: teams } } },
    ],
  };
}

/** Clips the actor may like and rate: the ones they may see, while not in the trash. */
export function clipsReactableBy(actor: Actor): Prisma.ClipWhereInput {
  const teams = teamsWhere(actor, "clip.react");
  return {
    trashedAt: null,
    OR: [
      { ownerId: actor.id, teamId: null },
      { team: teams },
      { teamShares: { some: { team: teams } } },
    ],
  };
}

/** Clips the actor may comment on: the ones they may see, while not in the trash. */
export function clipsCommentableBy(actor: Actor): Prisma.ClipWhereInput {
  const teams = teamsWhere(actor, "clip.comment");
  return {
    trashedAt: null,
    OR: [
      { ownerId: actor.id, teamId: null },
      { team: teams },
      { teamShares: { some: { team: teams } } },
    ],
  };
}

/** Clips on which the actor may delete anyone's comment: those of (or shared into) a team they
 *  administer. */
export function clipsModeratedBy(actor: Actor): Prisma.ClipWhereInput {
  const teams = teamsWhere(actor, "comment.moderate");
  return { OR: [{ team: teams }, { teamShares: { some: { team: teams } } }] };
}

/** Clips the actor may change (rename, tag, trash, restore, public links). */
export function clipsManageableBy(actor: Actor): Prisma.ClipWhereInput {
  return {
    OR: [
      { ownerId: actor.id, teamId: null },
      { ownerId: actor.id, team: teamsWhere(actor, "clip.manageOwn") },
      { team: teamsWhere(actor, "clip.manageAny") },
    ],
  };
}

/** Clips whose stack of takes the actor may pick the keeper of (issue 18): the songs they
 *  may manage, a team's only with `take.keep` (a viewer never). */
export function clipsKeepableBy(actor: Actor): Prisma.ClipWhereInput {
  return {
    OR: [
      { ownerId: actor.id, teamId: null },
      { ownerId: actor.id, team: teamsWhere(actor, "take.keep") },
      { team: teamsWhere(actor, "clip.manageAny") },
    ],
  };
}

/** `clipsManageableBy` as SQL on the clips row `alias` (default `c`), for a bulk change that
 *  computes each row's value (tags) in the one UPDATE that authorizes it; `own` is the
 *  permission for one's own team songs (`take.keep` for picking a keeper). */
export function clipsManageableSql(
  actor: Actor,
  alias = "c",
  own: Permission = "clip.manageOwn",
): Prisma.Sql {
  const c = Prisma.raw(alias);
  return Prisma.sql`((${c}.owner_id = ${actor.id} AND ${c}.team_id IS NULL)
    OR EXISTS (SELECT 1 FROM memberships m JOIN teams t ON t.id = m.team_id
      WHERE m.team_id = ${c}.team_id AND m.user_id = ${actor.id} AND t.deleted_at IS NULL
        AND (m.role::text = ANY(${rolesWith("clip.manageAny")}::text[])
          OR (${c}.owner_id = ${actor.id}
            AND m.role::text = ANY(${rolesWith(own)}::text[])))))`;
}

/** Clips the actor may build on (extend, make whole): ones they could make in that place. */
export function clipsUsableBy(actor: Actor): Prisma.ClipWhereInput {
  return { OR: [{ ownerId: actor.id, teamId: null }, { team: teamsWhere(actor, "clip.create") }] };
}

/** Playlists the actor may see and play: their personal ones, and their teams'. */
export function playlistsVisibleTo(actor: Actor): Prisma.PlaylistWhereInput {
  return { OR: [{ ownerId: actor.id, teamId: null }, { team: teamsWhere(actor, "team.view") }] };
}

/** Playlists whose songs the actor may add, remove and reorder: their own, a team's they made
 *  (while still in it), any of a team they administer, and a team's collaborative ones. */
export function playlistsEditableBy(actor: Actor): Prisma.PlaylistWhereInput {
  return {
    OR: [
      ...playlistsManageableBy(actor).OR!,
      { collaborative: true, team: teamsWhere(actor, "team.view") },
    ],
  };
}

/** Playlists the actor may rename, make collaborative or delete: their own (a team's only
 *  while in it), and any of a team they administer. */
export function playlistsManageableBy(actor: Actor): Prisma.PlaylistWhereInput {
  return {
    OR: [
      { ownerId: actor.id, teamId: null },
      { ownerId: actor.id, team: teamsWhere(actor, "team.view") },
      { team: teamsWhere(actor, "playlist.manageAny") },
    ],
  };
}

/** Tasks the actor may see: their personal tasks and their teams' tasks. */
export function tasksVisibleTo(actor: Actor): Prisma.TaskWhereInput {
  return { OR: [{ ownerId: actor.id, teamId: null }, { team: teamsWhere(actor, "team.view") }] };
}

export type TeamAccess = {
  team: { id: string; slug: string; name: string; creditBalance: number };
  role: Role;
};

/**
 * The actor's membership of a team (by id or slug), checked against a permission.
 * Not a member: NOT_FOUND (a team you are not in does not exist for you).
 * A member without the permission: FORBIDDEN, with the reason.
 */
export async function requireTeam(
  actor: Actor,
  team: { id?: string; slug?: string },
  permission: Permission,
): Promise<TeamAccess> {
  const found = await findTeamAccess(actor, team);
  if (!found) throw new AppError("NOT_FOUND", "That team does not exist, or you are not in it.");
  if (!can(found.role, permission)) throw new AppError("FORBIDDEN", FORBIDDEN_MESSAGE[permission]);
  return found;
}

export async function findTeamAccess(
  actor: Actor,
  team: { id?: string; slug?: string },
): Promise<TeamAccess | null> {
  if (!team.id && !team.slug) return null;
  const membership = await db.membership.findFirst({
    where: {
      userId: actor.id,
      team: { deletedAt: null, ...(team.id ? { id: team.id } : { slug: team.slug }) },
    },
    select: {
      role: true,
      team: { select: { id: true, slug: true, name: true, creditBalance: true } },
    },
  });
  return membership ? { team: membership.team, role: membership.role } : null;
}

const FORBIDDEN_MESSAGE: Record<Permission, string> = {
  "team.view": "You cannot see this team.",
  "clip.react": "You cannot see this song.",
  "playlist.create": "Viewers can listen to the team's playlists but not make new ones.",
  "playlist.manageAny": "Only the team's admins and the playlist's creator can change it.",
  "clip.create": "Viewers can listen to the team's songs but not make or share new ones.",
  "clip.manageOwn": "Viewers cannot change the team's songs.",
  "take.keep": "Viewers cannot pick the keeper of the team's songs.",
  "clip.manageAny": "Only the team's admins and owners can change other people's songs.",
  "members.manage": "Only the team's admins and owners can manage members and invites.",
  "clip.comment": "You cannot see this song.",
  "comment.moderate": "Only the comment's author and the team's admins can delete it.",
  "audit.view": "Only the team's admins and owners can read the audit log.",
  "backup.manage": "Only the team's admins and owners can manage its backups.",
  "budget.manage": "Only the team's admins and owners can set members' quotas.",
  "team.rename": "Only the team's admins and owners can rename it.",
  "team.transfer": "Only an owner can hand out or transfer ownership.",
  "team.delete": "Only an owner can delete the team.",
};
