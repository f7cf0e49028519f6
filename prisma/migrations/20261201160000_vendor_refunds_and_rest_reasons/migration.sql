-- Issue 15: a failure the vendor refunded itself (sunoapi-org code 531) is recorded on its task
-- for the operator's reconciliation, and a key's cool-down keeps why it rests, so every
-- instance's provider status page can say "refused: out of credits" and not only "resting".
ALTER TABLE "tasks" ADD COLUMN IF NOT EXISTS "vendor_refunded" BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX IF NOT EXISTS "tasks_vendor_refunded_finished_at_idx"
  ON "tasks" ("vendor_refunded", "finished_at" DESC);

ALTER TABLE "key_cooldowns" ADD COLUMN IF NOT EXISTS "reason" TEXT;
