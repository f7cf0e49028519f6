// A workspace's credit usage for one calendar month (UTC), read from the ledger: what was
// spent (charges less refunds) by member, by operation and by day. Personal: the actor's own
// spending outside teams. A team: every member's spending of its budget, for any member
// (the same people who may read its ledger), with each member's monthly quota.
import "server-only";

import { requireTeam, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TaskOperation } from "@/lib/generated/prisma/enums";

export type Usage = {
  month: string;
  total: number;
  byMember: { userId: string; name: string; spent: number; quota: number | null }[];
  byOperation: { operation: TaskOperation | null; spent: number }[];
  byDay: { day: string; spent: number }[];
};

/** "2026-12" → its first moment and the next month's, UTC; null when not a month. */
export function monthRange(month: string): { from: Date; to: Date } | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) return null;
  const [year, index] = [Number(match[1]), Number(match[2]) - 1];
  return { from: new Date(Date.UTC(year, index, 1)), to: new Date(Date.UTC(year, index + 1, 1)) };
}

export const currentMonth = (now = new Date()) => now.toISOString().slice(0, 7);

export async function getUsage(
  actor: Actor,
  options: { teamId: string | null; month: string },
): Promise<Usage> {
  const range = monthRange(options.month) ?? monthRange(currentMonth())!;
  let scope: Prisma.Sql;
  if (options.teamId) {
    const { team } = await requireTeam(actor, { id: options.teamId }, "team.view");
    scope = Prisma.sql`l.team_id = ${team.id}`;
  } else scope = Prisma.sql`l.team_id IS NULL AND l.user_id = ${actor.id}`;
  const where = Prisma.sql`${scope} AND l.kind IN ('CHARGE', 'REFUND')
    AND l.created_at >= ${range.from} AND l.created_at < ${range.to}`;
  const [byMember, byOperation, byDay] = await Promise.all([
    db.$queryRaw<Usage["byMember"]>`
      SELECT l.user_id AS "userId", coalesce(u.name, u.email, 'Someone') AS name,
        (-sum(l.amount))::int AS spent, m.monthly_quota AS quota
      FROM ledger_entries l JOIN users u ON u.id = l.user_id
      LEFT JOIN memberships m ON m.user_id = l.user_id AND m.team_id = l.team_id
      WHERE ${where}
      GROUP BY l.user_id, u.name, u.email, m.monthly_quota ORDER BY spent DESC, name`,
    db.$queryRaw<Usage["byOperation"]>`
      SELECT t.operation::text AS operation, (-sum(l.amount))::int AS spent
      FROM ledger_entries l LEFT JOIN tasks t ON t.id = l.task_id
      WHERE ${where} GROUP BY t.operation ORDER BY spent DESC, operation`,
    db.$queryRaw<Usage["byDay"]>`
      SELECT to_char(date_trunc('day', l.created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
        (-sum(l.amount))::int AS spent
      FROM ledger_entries l WHERE ${where} GROUP BY 1 ORDER BY 1`,
  ]);
  if (options.teamId) {
    // members who spent nothing yet still show, with their quota
    const members = await db.membership.findMany({
      where: { teamId: options.teamId, userId: { notIn: byMember.map((m) => m.userId) } },
      select: { userId: true, monthlyQuota: true, user: { select: { name: true, email: true } } },
    });
    for (const m of members)
      byMember.push({
        userId: m.userId,
        name: m.user.name ?? m.user.email ?? "Someone",
        spent: 0,
        quota: m.monthlyQuota,
      });
  }
  return {
    month: range.from.toISOString().slice(0, 7),
    total: byDay.reduce((sum, d) => sum + d.spent, 0),
    byMember,
    byOperation,
    byDay,
  };
}
