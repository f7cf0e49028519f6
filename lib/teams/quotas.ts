// Per-member monthly quotas inside a team budget (issue 18, item 7): a team's admins may cap
// what each member spends of the team's credits in a calendar month (UTC). The cap is
// enforced where credits are spent (lib/tasks/credits.ts chargeForTask), after the team's
// row is locked, so parallel spends by one member can never pass it together.
import "server-only";

import { z } from "zod";

import { requireTeam, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/teams/audit";

export const QUOTA_MAX = 1_000_000;

/** "" (no quota) or a whole number of credits a month. */
export const quotaSchema = z
  .string()
  .trim()
  .max(9, "Give a whole number of credits, or leave it empty for no limit.")
  .transform((value, ctx) => {
    if (value === "") return null;
    const quota = Number(value);
    if (!/^\d+$/.test(value) || quota > QUOTA_MAX) {
      ctx.addIssue({
        code: "custom",
        message: `Give a whole number of credits up to ${QUOTA_MAX.toLocaleString("en")}, or leave it empty for no limit.`,
      });
      return z.NEVER;
    }
    return quota;
  });

/** The first moment of this calendar month, UTC. */
export function monthStart(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Credits a member spent of the team's budget since `from`: charges less their refunds. */
export async function memberSpend(
  tx: Prisma.TransactionClient,
  options: { teamId: string; userId: string; from: Date },
): Promise<number> {
  const rows = await tx.$queryRaw<{ spent: number }[]>`
    SELECT coalesce(-sum(amount), 0)::int AS spent FROM ledger_entries
    WHERE team_id = ${options.teamId} AND user_id = ${options.userId}
      AND kind IN ('CHARGE', 'REFUND') AND created_at >= ${options.from}`;
  return rows[0]?.spent ?? 0;
}

/**
 * Refuses a team charge that would take the member past their monthly quota. Called inside the
 * charging transaction after the team's balance UPDATE, whose row lock orders every charge of
 * the team: the sum read here (a new snapshot, READ COMMITTED) includes every earlier one.
 */
export async function assertWithinQuota(
  tx: Prisma.TransactionClient,
  options: { teamId: string; userId: string; cost: number },
) {
  const rows = await tx.$queryRaw<{ quota: number | null }[]>`
    SELECT monthly_quota AS quota FROM memberships
    WHERE team_id = ${options.teamId} AND user_id = ${options.userId}`;
  const quota = rows[0]?.quota ?? null;
  if (quota === null) return;
  const spent = await memberSpend(tx, { ...options, from: monthStart() });
  if (spent + options.cost > quota)
    throw new AppError(
      "QUOTA_EXCEEDED",
      `This costs ${options.cost} credits, and you have used ${spent} of your monthly quota of ` +
        `${quota} in this team. Ask a team admin to raise it, or wait for next month.`,
    );
}

/** An admin sets (or, with null, lifts) a member's monthly quota; the audit log records it. */
export async function setMemberQuota(
  actor: Actor,
  options: { teamId: string; userId: string; quota: number | null },
) {
  const { team } = await requireTeam(actor, { id: options.teamId }, "budget.manage");
  await db.$transaction(async (tx) => {
    const membership = await tx.membership.findUnique({
      where: { teamId_userId: { teamId: team.id, userId: options.userId } },
      select: { id: true, monthlyQuota: true, user: { select: { name: true, email: true } } },
    });
    if (!membership) throw new AppError("NOT_FOUND", "That person is not in this team.");
    if (membership.monthlyQuota === options.quota) return;
    await tx.membership.update({
      where: { id: membership.id },
      data: { monthlyQuota: options.quota },
    });
    await recordAudit(tx, {
      teamId: team.id,
      actorId: actor.id,
      action: "QUOTA_SET",
      targetType: "user",
      targetId: options.userId,
      data: {
        name: membership.user.name ?? membership.user.email ?? "someone",
        from: membership.monthlyQuota === null ? "none" : String(membership.monthlyQuota),
        to: options.quota === null ? "none" : String(options.quota),
      },
    });
  });
}
