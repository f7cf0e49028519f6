// Membership changes: roles, removal, leaving, transferring ownership. Each one checks the
// permission table, keeps at least one owner (owner rows are locked first, so two owners
// stepping down at once cannot both succeed) and is written to the audit log.
import "server-only";

import { assignableRoles, can, requireTeam, type Actor, type Role } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/teams/audit";

type Tx = Prisma.TransactionClient;

async function lockOwners(tx: Tx, teamId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<
    { user_id: string }[]
  >`SELECT user_id FROM memberships WHERE team_id = ${teamId} AND role = 'OWNER' FOR UPDATE`;
  return rows.map((r) => r.user_id);
}

async function targetMembership(tx: Tx, teamId: string, userId: string) {
  const target = await tx.membership.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { role: true, user: { select: { name: true, email: true } } },
  });
  if (!target) throw new AppError("NOT_FOUND", "That person is not in this team.");
  return target;
}

/** Removes what a departing member had shared into the team from their personal library. */
async function withdrawShares(tx: Tx, teamId: string, userId: string) {
  await tx.teamClipShare.deleteMany({ where: { teamId, clip: { ownerId: userId, teamId: null } } });
}

export async function changeRole(actor: Actor, teamId: string, userId: string, role: Role) {
  const access = await requireTeam(actor, { id: teamId }, "members.manage");
  if (!assignableRoles(access.role).includes(role))
    throw new AppError("FORBIDDEN", "Only an owner can make someone an owner.");
  await db.$transaction(async (tx) => {
    const owners = await lockOwners(tx, teamId);
    const target = await targetMembership(tx, teamId, userId);
    if (target.role === role) return;
    if (target.role === "OWNER" && !can(access.role, "team.transfer"))
      throw new AppError("FORBIDDEN", "Only an owner can change an owner's role.");
    if (target.role === "OWNER" && owners.length <= 1)
      throw new AppError(
        "CONFLICT",
        "A team needs at least one owner. Make someone else an owner first.",
      );
    await tx.membership.update({ where: { teamId_userId: { teamId, userId } }, data: { role } });
    await recordAudit(tx, {
      teamId,
      actorId: actor.id,
      action: "MEMBER_ROLE_CHANGED",
      targetType: "user",
      targetId: userId,
      data: {
        from: target.role,
        to: role,
        name: target.user.name ?? target.user.email ?? undefined,
      },
    });
  });
}

export async function removeMember(actor: Actor, teamId: string, userId: string) {
  if (userId === actor.id) return leaveTeam(actor, teamId);
  const access = await requireTeam(actor, { id: teamId }, "members.manage");
  await db.$transaction(async (tx) => {
    await lockOwners(tx, teamId);
    const target = await targetMembership(tx, teamId, userId);
    if (target.role === "OWNER" && !can(access.role, "team.transfer"))
      throw new AppError("FORBIDDEN", "Only an owner can remove an owner.");
    await withdrawShares(tx, teamId, userId);
    await tx.membership.delete({ where: { teamId_userId: { teamId, userId } } });
    await recordAudit(tx, {
      teamId,
      actorId: actor.id,
      action: "MEMBER_REMOVED",
      targetType: "user",
      targetId: userId,
      data: { name: target.user.name ?? target.user.email ?? undefined, role: target.role },
    });
  });
}

export async function leaveTeam(actor: Actor, teamId: string) {
  const access = await requireTeam(actor, { id: teamId }, "team.view");
  await db.$transaction(async (tx) => {
    const owners = await lockOwners(tx, teamId);
    if (access.role === "OWNER" && owners.length <= 1) {
      throw new AppError(
        "CONFLICT",
        "You are the team's last owner. Transfer ownership or delete the team instead.",
      );
    }
    await withdrawShares(tx, teamId, actor.id);
    const { count } = await tx.membership.deleteMany({ where: { teamId, userId: actor.id } });
    if (count)
      await recordAudit(tx, {
        teamId,
        actorId: actor.id,
        action: "MEMBER_LEFT",
        targetType: "user",
        targetId: actor.id,
      });
  });
}

/** The owner hands the team to another member: they become an owner, the actor an admin. */
export async function transferOwnership(actor: Actor, teamId: string, userId: string) {
  await requireTeam(actor, { id: teamId }, "team.transfer");
  if (userId === actor.id) throw new AppError("BAD_REQUEST", "Choose another member.");
  await db.$transaction(async (tx) => {
    await lockOwners(tx, teamId);
    const target = await targetMembership(tx, teamId, userId);
    await tx.membership.update({
      where: { teamId_userId: { teamId, userId } },
      data: { role: "OWNER" },
    });
    await tx.membership.update({
      where: { teamId_userId: { teamId, userId: actor.id } },
      data: { role: "ADMIN" },
    });
    await recordAudit(tx, {
      teamId,
      actorId: actor.id,
      action: "OWNERSHIP_TRANSFERRED",
      targetType: "user",
      targetId: userId,
      data: { name: target.user.name ?? target.user.email ?? undefined, from: target.role },
    });
  });
}
