// Credits move only with a ledger row, in the caller's transaction. A debit is one
// conditional UPDATE (balance >= cost), so parallel submits at the boundary cannot overspend;
// a task has at most one CHARGE and one REFUND (unique task, kind). Team budgets are
// funded by TRANSFER pairs or operator GRANTs, never minted (lib/teams/credits.ts).
import "server-only";

import { randomUUID } from "node:crypto";

import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { assertWithinQuota } from "@/lib/teams/quotas";

export type Tx = Prisma.TransactionClient;
export type Workspace = { ownerId: string; teamId: string | null };

async function move(tx: Tx, workspace: Workspace, delta: number): Promise<number | null> {
  const rows = workspace.teamId
    ? await tx.$queryRaw<{ balance: number }[]>`
        UPDATE teams SET credit_balance = credit_balance + ${delta}, updated_at = now()
        WHERE id = ${workspace.teamId} AND deleted_at IS NULL AND credit_balance + ${delta} >= 0
        RETURNING credit_balance AS balance`
    : await tx.$queryRaw<{ balance: number }[]>`
        UPDATE users SET credit_balance = credit_balance + ${delta}, updated_at = now()
        WHERE id = ${workspace.ownerId} AND credit_balance + ${delta} >= 0
          RETURNING credit_balance AS balance`;
  return rows[0]?.balance ?? null;
}

export async function chargeForTask(
  tx: Tx,
  options: { workspace: Workspace; taskId: string; cost: number },
): Promise<number> {
  const { workspace, taskId, cost } = options;
  const balance = await move(tx, workspace, -cost);
  if (balance === null) {
    throw new AppError(
      "QUOTA_EXCEEDED",
      workspace.teamId
        ? "Your team has run out of credits for this."
        : "You have run out of credits for this.",
    );
  }
  // the UPDATE above holds the team's row: a member's quota is checked in charge order
  if (workspace.teamId)
    await assertWithinQuota(tx, { teamId: workspace.teamId, userId: workspace.ownerId, cost });
  await tx.$executeRaw`
    INSERT INTO ledger_entries (id, user_id, team_id, task_id, kind, amount, balance_after, note)
    VALUES (${randomUUID()}, ${workspace.ownerId}, ${workspace.teamId}, ${taskId}, 'CHARGE',
      ${-cost}, ${balance}, NULL)`;
  return balance;
}

/** Refunds a task's charge once; false when it was refunded before (or never charged). */
export async function refundTask(
  tx: Tx,
  task: { id: string; ownerId: string; teamId: string | null; cost: number },
  note: string,
): Promise<boolean> {
  const charged = await tx.$queryRaw<
    { amount: number }[]
  >`SELECT amount FROM ledger_entries WHERE task_id = ${task.id} AND kind = 'CHARGE'`;
  const amount = -(charged[0]?.amount ?? 0);
  if (amount <= 0) return false;
  // a team deleted since the charge has no budget any more: the refund goes to its requester
  const teamLive = task.teamId
    ? (
        await tx.$queryRaw<{ live: boolean }[]>`
        SELECT deleted_at IS NULL AS live FROM teams WHERE id = ${task.teamId}`
      )[0]?.live === true
    : false;
  const teamId = teamLive ? task.teamId : null;
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO ledger_entries (id, user_id, team_id, task_id, kind, amount, balance_after, note)
    VALUES (${randomUUID()}, ${task.ownerId}, ${teamId}, ${task.id}, 'REFUND', ${amount}, 0,
      ${note})
    ON CONFLICT (task_id, kind) DO NOTHING RETURNING id`;
  if (!inserted[0]) return false;
  const balance = await move(tx, { ownerId: task.ownerId, teamId }, amount);
  await tx.$executeRaw`UPDATE ledger_entries SET balance_after = ${balance ?? 0}
    WHERE id = ${inserted[0].id}`;
  return true;
}

export async function grantCredits(
  tx: Tx,
  options: { userId: string; teamId?: string | null; amount: number; note: string },
) {
  if (options.amount <= 0) return;
  const balance = await move(
    tx,
    { ownerId: options.userId, teamId: options.teamId ?? null },
    options.amount,
  );
  await tx.$executeRaw`
    INSERT INTO ledger_entries (id, user_id, team_id, task_id, kind, amount, balance_after, note)
    VALUES (${randomUUID()}, ${options.userId}, ${options.teamId ?? null}, NULL, 'GRANT',
      ${options.amount}, ${balance ?? 0}, ${options.note})`;
}

/**
 * Moves credits between a person's own balance and a team's, as a TRANSFER pair (one row
 * each side, opposite signs) in the caller's transaction. The giving side is debited with
 * the same conditional UPDATE as a charge, so concurrent transfers cannot overdraw it.
 */
export async function transferCredits(
  tx: Tx,
  options: {
    userId: string;
    teamId: string;
    amount: number;
    direction: "toTeam" | "toUser";
    note: string;
  },
): Promise<{ userBalance: number; teamBalance: number }> {
  const { userId, teamId, amount, direction, note } = options;
  if (!Number.isInteger(amount) || amount <= 0)
    throw new AppError("BAD_REQUEST", "Move a whole, positive number of credits.");
  const personal = { ownerId: userId, teamId: null };
  const team = { ownerId: userId, teamId };
  const [from, to] = direction === "toTeam" ? [personal, team] : [team, personal];
  const fromBalance = await move(tx, from, -amount);
  if (fromBalance === null) {
    throw new AppError(
      "QUOTA_EXCEEDED",
      direction === "toTeam"
        ? `You have fewer than ${amount} credits to give.`
        : `The team has fewer than ${amount} credits.`,
    );
  }
  const toBalance = await move(tx, to, amount);
  if (toBalance === null) throw new AppError("NOT_FOUND", "That team does not exist any more.");
  for (const [side, delta, balance] of [
    [from, -amount, fromBalance],
    [to, amount, toBalance],
  ] as const) {
    await tx.$executeRaw`
      INSERT INTO ledger_entries (id, user_id, team_id, task_id, kind, amount, balance_after, note)
      VALUES (${randomUUID()}, ${userId}, ${side.teamId}, NULL, 'TRANSFER', ${delta},
        ${balance}, ${note})`;
  }
  return direction === "toTeam"
    ? { userBalance: fromBalance, teamBalance: toBalance }
    : { userBalance: toBalance, teamBalance: fromBalance };
}
