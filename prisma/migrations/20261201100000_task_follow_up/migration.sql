-- Issue 13: following a task the provider keeps not finding (missing_count, missing_since),
-- and the last news about a task that could not be stored (last_error), recorded on the
-- task instead of failing the whole batch.
ALTER TABLE "tasks"
  ADD COLUMN "missing_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "missing_since" TIMESTAMPTZ(3),
  ADD COLUMN "last_error" TEXT;
