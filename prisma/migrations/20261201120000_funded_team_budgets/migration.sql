-- Funded team budgets and a money trail that stays (issue 12, item 2). A team starts at 0
-- and is funded by TRANSFERs from a member's own balance (a ledger pair) or an operator
-- GRANT. Deleting a team is a soft delete: its row (and name) stays, so its tasks, ledger
-- and audit rows stay too; its unspent credits go back to the owner as a TRANSFER pair.
ALTER TYPE "LedgerKind" ADD VALUE 'TRANSFER';
ALTER TYPE "AuditAction" ADD VALUE 'CREDITS_ADDED';
ALTER TYPE "AuditAction" ADD VALUE 'TEAM_DELETED';

ALTER TABLE "teams" ADD COLUMN "deleted_at" TIMESTAMPTZ(3);
