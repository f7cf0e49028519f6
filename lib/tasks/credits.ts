// Credits move only with a ledger row, in the caller's transaction. A debit is one
// conditional UPDATE (balance >= cost), so parallel submits at the boundary cannot overspend;
// a task has at most one CHARGE and one REFUND (unique task, kind).
import "server-only";

import { randomUUID } from "node:crypto";

import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

export type Tx = Prisma.TransactionClient;
export type Workspace = { ownerId: string; teamId: string | null };

async function move(tx: Tx, workspace: Workspace, delta: number): Promise<number | null> {
  const rows = workspace.teamId
    ? await tx.$queryRaw<{ balance: number }[]>`
        UPDATE teams SET credit_balance = credit_balance + ${delta}, updated_at = now()
        WHERE id = ${workspace.teamId} AND credit_balance + ${delta} >= 0 RETURNING credit_balance AS balance`
    : await tx.$queryRaw<{ balance: number }[]>`
        UPDATE users SET credit_balance = credit_balance + ${delta}, updated_at = now()
        WHERE id = ${workspace.ownerId} AND credit_balance + ${delta} >= 0 RETURNING credit_balance AS balance`;
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
  await tx.$executeRaw`
    INSERT INTO ledger_entries (id, user_id, team_id, task_id, kind, amount, balance_after, note)
    VALUES (${randomUUID()}, ${workspace.ownerId}, ${workspace.teamId}, ${taskId}, 'CHARGE', ${-cost}, ${balance}, NULL)`;
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
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO ledger_entries (id, user_id, team_id, task_id, kind, amount, balance_after, note)
    VALUES (${randomUUID()}, ${task.ownerId}, ${task.teamId}, ${task.id}, 'REFUND', ${amount}, 0, ${note})
    ON CONFLICT (task_id, kind) DO NOTHING RETURNING id`;
  if (!inserted[0]) return false;
  const balance = await move(tx, { ownerId: task.ownerId, teamId: task.teamId }, amount);
  await tx.$executeRaw`UPDATE ledger_entries SET balance_after = ${balance ?? 0} WHERE id = ${inserted[0].id}`;
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
    VALUES (${randomUUID()}, ${options.userId}, ${options.teamId ?? null}, NULL, 'GRANT', ${options.amount}, ${balance ?? 0}, ${options.note})`;
}
