// Teams: create (the creator is the owner; the budget starts at 0 and is funded through
// lib/teams/credits.ts), list the actor's, rename, delete (a soft delete that keeps the
// money trail). Membership changes live in members.ts, invites in invites.ts.
import "server-only";

import { z } from "zod";

import { requireTeam, teamsWhere, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { transferCredits } from "@/lib/tasks/credits";
import { recordAudit } from "@/lib/teams/audit";
import { RESERVED_SLUGS, slugify, TEAM_NAME_MAX, TEAM_SLUG_MAX } from "@/lib/teams/shared";

export const MAX_TEAMS_PER_USER = 50;
/** Teams one person may own (each is a budget and an address; creating one costs nothing). */
export const MAX_OWNED_TEAMS = 10;

export const teamNameSchema = z
  .string()
  .trim()
  .min(2, "Give the team a name of at least 2 characters.")
  .max(TEAM_NAME_MAX, `Use at most ${TEAM_NAME_MAX} characters.`);
export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters.")
  .max(TEAM_SLUG_MAX, `Use at most ${TEAM_SLUG_MAX} characters.`)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens.")
  .refine((s) => !RESERVED_SLUGS.has(s), "That address is reserved; pick another.");

export type TeamSummary = {
  id: string;
  slug: string;
  name: string;
  role: "OWNER" | "ADMIN" | "MEMBER" | "VIEWER";
};

export async function listMyTeams(actor: Actor): Promise<TeamSummary[]> {
  const rows = await db.membership.findMany({
    where: { userId: actor.id },
    select: { role: true, team: { select: { id: true, slug: true, name: true } } },
    orderBy: { team: { name: "asc" } },
  });
  return rows.map((r) => ({ ...r.team, role: r.role }));
}

export async function createTeam(actor: Actor, input: { name: string; slug?: string }) {
  const name = teamNameSchema.parse(input.name);
  const slug = slugSchema.safeParse(input.slug || slugify(name));
  if (!slug.success)
    throw new AppError("BAD_REQUEST", "Check the highlighted fields.", {
      fieldErrors: { slug: slug.error.issues.map((i) => i.message) },
    });
  const [count, owned] = await Promise.all([
    db.membership.count({ where: { userId: actor.id } }),
    db.membership.count({ where: { userId: actor.id, role: "OWNER" } }),
  ]);
  if (count >= MAX_TEAMS_PER_USER)
    throw new AppError("BAD_REQUEST", `You can be in at most ${MAX_TEAMS_PER_USER} teams.`);
  if (owned >= MAX_OWNED_TEAMS)
    throw new AppError(
      "BAD_REQUEST",
      `You can own at most ${MAX_OWNED_TEAMS} teams. Delete one or hand it to someone else first.`,
    );
  try {
    return await db.$transaction(async (tx) => {
      const team = await tx.team.create({
        data: {
          name,
          slug: slug.data,
          memberships: { create: { userId: actor.id, role: "OWNER" } },
        },
        select: { id: true, slug: true, name: true },
      });
      await recordAudit(tx, {
        teamId: team.id,
        actorId: actor.id,
        action: "TEAM_CREATED",
        data: { name: team.name, slug: team.slug },
      });
      return team;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("CONFLICT", "That address is taken.", {
        fieldErrors: { slug: ["That address is taken; pick another."] },
      });
    }
    throw error;
  }
}

export async function renameTeam(actor: Actor, teamId: string, input: { name: string }) {
  await requireTeam(actor, { id: teamId }, "team.rename");
  const name = teamNameSchema.parse(input.name);
  await db.$transaction(async (tx) => {
    const { count } = await tx.team.updateMany({
      where: { id: teamId, ...teamsWhere(actor, "team.rename") },
      data: { name },
    });
    if (count)
      await recordAudit(tx, { teamId, actorId: actor.id, action: "TEAM_UPDATED", data: { name } });
  });
}

/**
 * Deletes the team for its people: members, invites, shares and songs go, and the address is
 * free again. The row stays (soft delete, name kept) with its tasks, ledger and audit log,
 * and its unspent credits go back to the owner who deletes it, as a TRANSFER pair.
 * The owner types the slug to confirm.
 */
export async function deleteTeam(actor: Actor, teamId: string, confirmSlug: string) {
  const { team } = await requireTeam(actor, { id: teamId }, "team.delete");
  if (confirmSlug.trim() !== team.slug)
    throw new AppError("BAD_REQUEST", "Type the team's address exactly to confirm.", {
      fieldErrors: { confirm: [`Type ${team.slug} to confirm.`] },
    });
  await db.$transaction(
    async (tx) => {
      // the lock orders this against concurrent charges, transfers and a second delete
      const [locked] = await tx.$queryRaw<{ balance: number }[]>`
        SELECT t.credit_balance AS balance FROM teams t
        WHERE t.id = ${teamId} AND t.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM memberships m WHERE m.team_id = t.id
            AND m.user_id = ${actor.id} AND m.role = 'OWNER')
        FOR UPDATE`;
      if (!locked)
        throw new AppError("NOT_FOUND", "That team does not exist, or you are not in it.");
      if (locked.balance > 0)
        await transferCredits(tx, {
          userId: actor.id,
          teamId,
          amount: locked.balance,
          direction: "toUser",
          note: `Unspent credits of the deleted team ${team.name}`,
        });
      await recordAudit(tx, {
        teamId,
        actorId: actor.id,
        action: "TEAM_DELETED",
        data: { name: team.name, slug: team.slug, returned: String(locked.balance) },
      });
      await tx.teamClipShare.deleteMany({ where: { teamId } });
      await tx.clip.deleteMany({ where: { teamId } });
      await tx.lyrics.deleteMany({ where: { teamId } });
      await tx.invite.deleteMany({ where: { teamId } });
      await tx.membership.deleteMany({ where: { teamId } });
      await tx.team.update({
        where: { id: teamId },
        data: { deletedAt: new Date(), slug: `deleted-${teamId}` },
      });
    },
    { maxWait: 5000, timeout: 20_000 },
  );
}

/**
 * The team page header: name, the actor's role, the budget and the members (for the creator
 * filter).
 */
export async function getTeamOverview(actor: Actor, slug: string) {
  const access = await requireTeam(actor, { slug }, "team.view");
  const members = await db.membership.findMany({
    where: { teamId: access.team.id, team: teamsWhere(actor, "team.view") },
    select: {
      role: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true } },
    },
    orderBy: [{ createdAt: "asc" }],
  });
  return {
    ...access,
    members: members.map((m) => ({ ...m.user, role: m.role, joinedAt: m.createdAt })),
  };
}
