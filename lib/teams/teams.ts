// Teams: create (the creator is the owner, the team gets its own credit budget), list the
// actor's, rename, delete. Membership changes live in members.ts, invites in invites.ts.
import "server-only";

import { z } from "zod";

import { requireTeam, teamsWhere, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { grantCredits } from "@/lib/tasks/credits";
import { recordAudit } from "@/lib/teams/audit";
import { RESERVED_SLUGS, slugify, TEAM_NAME_MAX, TEAM_SLUG_MAX } from "@/lib/teams/shared";

export const MAX_TEAMS_PER_USER = 50;

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
  const count = await db.membership.count({ where: { userId: actor.id } });
  if (count >= MAX_TEAMS_PER_USER)
    throw new AppError("BAD_REQUEST", `You can be in at most ${MAX_TEAMS_PER_USER} teams.`);
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
      await grantCredits(tx, {
        userId: actor.id,
        teamId: team.id,
        amount: getEnv().TEAM_CREDITS,
        note: "New team credits",
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

/** Deletes the team with its songs, tasks, invites and log. The owner types the slug to confirm. */
export async function deleteTeam(actor: Actor, teamId: string, confirmSlug: string) {
  const { team } = await requireTeam(actor, { id: teamId }, "team.delete");
  if (confirmSlug.trim() !== team.slug)
    throw new AppError("BAD_REQUEST", "Type the team's address exactly to confirm.", {
      fieldErrors: { confirm: [`Type ${team.slug} to confirm.`] },
    });
  const { count } = await db.team.deleteMany({
    where: { id: teamId, ...teamsWhere(actor, "team.delete") },
  });
  if (!count) throw new AppError("NOT_FOUND", "That team does not exist, or you are not in it.");
}

/** The team page header: name, the actor's role, the budget and the members (for the creator filter). */
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
