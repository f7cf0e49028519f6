-- Exports too large for one download (issue 20, item 2): a job writes the ZIP into Chorus's
-- storage, its owner is told when it is ready, and the file is kept for a day.
CREATE TYPE "ExportJobStatus" AS ENUM ('QUEUED', 'RUNNING', 'READY', 'FAILED', 'EXPIRED');

CREATE TABLE "export_jobs" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "scope" JSONB NOT NULL,
    "label" TEXT NOT NULL,
    "status" "ExportJobStatus" NOT NULL DEFAULT 'QUEUED',
    "songs" INTEGER NOT NULL,
    "total_bytes" BIGINT NOT NULL,
    "written_bytes" BIGINT NOT NULL DEFAULT 0,
    "storage_key" TEXT,
    "sha256" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "export_jobs_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "export_jobs_user_id_created_at_idx" ON "export_jobs"("user_id", "created_at" DESC);
CREATE INDEX "export_jobs_status_lease_until_idx" ON "export_jobs"("status", "lease_until");

ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- An expired (storage_key cleared) or deleted job's ZIP leaves storage like any other file:
-- the key is queued in the same transaction, and lib/media/garbage.ts removes it afterwards.
CREATE TRIGGER "export_jobs_storage_garbage_delete"
  AFTER DELETE ON "export_jobs"
  FOR EACH ROW EXECUTE FUNCTION "queue_clip_asset_garbage"();

CREATE TRIGGER "export_jobs_storage_garbage_rekey"
  AFTER UPDATE OF "storage_key" ON "export_jobs"
  FOR EACH ROW WHEN (OLD."storage_key" IS DISTINCT FROM NEW."storage_key")
  EXECUTE FUNCTION "queue_clip_asset_garbage"();
