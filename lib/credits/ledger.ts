// The credit ledger of a workspace as its people read it: every grant, charge, refund and
// transfer, newest first, paged by a (created_at, id) cursor. Personal: the actor's own
// movements outside teams. A team: every movement of its budget, for any member.
import "server-only";

import { teamsWhere, type Actor } from "@/lib/authz";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export const LEDGER_PAGE = 50;

export async function listLedger(
  actor: Actor,
  options: { teamId: string | null; before?: string },
) {
  const [createdAt, id] = options.before?.split("_") ?? [];
  const before =
    createdAt && id && !Number.isNaN(Date.parse(createdAt))
      ? { createdAt: new Date(createdAt), id }
      : null;
  const scope: Prisma.LedgerEntryWhereInput = options.teamId
    ? { teamId: options.teamId, team: teamsWhere(actor, "team.view") }
    : { userId: actor.id, teamId: null };
  const rows = await db.ledgerEntry.findMany({
    where: {
      ...scope,
      ...(before
        ? {
            OR: [
              { createdAt: { lt: before.createdAt } },
              { createdAt: before.createdAt, id: { lt: before.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: LEDGER_PAGE + 1,
    select: {
      id: true,
      kind: true,
      amount: true,
      balanceAfter: true,
      note: true,
      createdAt: true,
      user: { select: { name: true } },
      task: { select: { id: true, operation: true } },
    },
  });
  const page = rows.slice(0, LEDGER_PAGE);
  const last = page.at(-1);
  return {
    entries: page,
    nextBefore:
      rows.length > LEDGER_PAGE && last ? `${last.createdAt.toISOString()}_${last.id}` : null,
  };
}
