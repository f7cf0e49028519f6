-- Team spend control (issue 18, item 7): a team's admins may cap what each member spends of
-- the team's budget in a calendar month (NULL: no cap). Enforced where credits are spent
-- (lib/tasks/credits.ts), counted from the ledger. The audit log now also records a team's
-- creation and each quota change.
ALTER TABLE "memberships" ADD COLUMN "monthly_quota" INTEGER;
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_monthly_quota_range"
  CHECK ("monthly_quota" IS NULL OR "monthly_quota" >= 0);

ALTER TYPE "AuditAction" ADD VALUE 'TEAM_CREATED';
ALTER TYPE "AuditAction" ADD VALUE 'QUOTA_SET';
