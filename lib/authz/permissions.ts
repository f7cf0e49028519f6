// The one permission table. A team role grants its own row and every row below it:
// viewer < member < admin < owner. Pure data, so pages can decide which buttons to show
// with the same table the server enforces (the server never trusts that choice).
export const ROLES = ["VIEWER", "MEMBER", "ADMIN", "OWNER"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** see the team, its library, its members; listen, search, download */
  "team.view": "VIEWER",
  /** like and rate a song one can see (each person's reaction is their own) */
  "clip.react": "VIEWER",
  /** comment on a song one can see, and mention the team's members */
  "clip.comment": "VIEWER",
  /** generate in the team (charged to its budget), share a personal clip into it */
  "clip.create": "MEMBER",
  /** make a team playlist (anyone may make personal playlists, of any song they can see) */
  "playlist.create": "MEMBER",
  /** pick the keeper among the takes of one's own team requests (admins: any, clip.manageAny) */
  "take.keep": "MEMBER",
  /** rename, tag, trash, restore, share publicly and unshare one's own team clips */
  "clip.manageOwn": "MEMBER",
  /** the same for every clip of the team, and taking anyone's shared clip out */
  "clip.manageAny": "ADMIN",
  /** edit, reorder and delete every team playlist, collaborative or not */
  "playlist.manageAny": "ADMIN",
  /** invite, revoke invites, change roles below owner, remove members */
  "members.manage": "ADMIN",
  /** delete anyone's comment on the team's songs (authors edit and delete their own) */
  "comment.moderate": "ADMIN",
  "audit.view": "ADMIN",
  /** set the team's backup destination and schedule, run it, read its history */
  "backup.manage": "ADMIN",
  /** set members' monthly quotas of the team's budget */
  "budget.manage": "ADMIN",
  "team.rename": "ADMIN",
  /** grant or take away the owner role, transfer ownership */
  "team.transfer": "OWNER",
  "team.delete": "OWNER",
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

export const ROLE_LABEL: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  MEMBER: "Member",
  VIEWER: "Viewer",
};
export const ROLE_SUMMARY: Record<Role, string> = {
  VIEWER: "Listen, search and download the team's songs.",
  MEMBER: "Also make songs in the team and manage their own.",
  ADMIN: "Also manage members, invites and every team song.",
  OWNER: "Also delete the team and transfer ownership.",
};

const rank = (role: Role) => ROLES.indexOf(role);

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role != null && rank(role) >= rank(PERMISSIONS[permission]);
}

/** The roles that hold a permission, for `where: { role: { in } }`. */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => can(role, permission));
}

/** Roles an actor may hand out: admins up to admin, owners any. */
export function assignableRoles(actorRole: Role | null | undefined): Role[] {
  if (can(actorRole, "team.transfer")) return [...ROLES];
  if (can(actorRole, "members.manage")) return ROLES.filter((r) => r !== "OWNER");
  return [];
}
