-- Imports (issue 20, item 4): songs made elsewhere, or a Chorus export, brought into a
-- library. The browser uploads one ZIP into Chorus's storage; a worker reads it and records
-- what became of every file it held (imported, a duplicate skipped, failed with a reason).
CREATE TYPE "ImportJobStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');
CREATE TYPE "ImportFileStatus" AS ENUM ('IMPORTED', 'DUPLICATE', 'FAILED');

CREATE TABLE "import_jobs" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "team_id" TEXT,
    "file_name" TEXT NOT NULL,
    "status" "ImportJobStatus" NOT NULL DEFAULT 'QUEUED',
    "storage_key" TEXT,
    "byte_size" BIGINT NOT NULL,
    "layout" TEXT,
    "total_files" INTEGER NOT NULL DEFAULT 0,
    "processed_files" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "playlists" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "import_jobs_user_id_created_at_idx" ON "import_jobs"("user_id", "created_at" DESC);
CREATE INDEX "import_jobs_status_lease_until_idx" ON "import_jobs"("status", "lease_until");

ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "import_files" (
    "id" TEXT NOT NULL,
    "job_id" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "status" "ImportFileStatus" NOT NULL,
    "reason" TEXT,
    "clip_id" TEXT,
    "source_id" TEXT,
    "sha256" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "import_files_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "import_files_job_id_path_key" ON "import_files"("job_id", "path");
CREATE INDEX "import_files_clip_id_idx" ON "import_files"("clip_id");

ALTER TABLE "import_files" ADD CONSTRAINT "import_files_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "import_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "import_files" ADD CONSTRAINT "import_files_clip_id_fkey" FOREIGN KEY ("clip_id") REFERENCES "clips"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- "Already in this library": a song's audio by its digest
CREATE INDEX "media_assets_sha256_idx" ON "media_assets"("sha256");

-- The uploaded ZIP leaves storage once its job is done (storage_key cleared) or deleted.
CREATE TRIGGER "import_jobs_storage_garbage_delete"
  AFTER DELETE ON "import_jobs"
  FOR EACH ROW EXECUTE FUNCTION "queue_clip_asset_garbage"();

CREATE TRIGGER "import_jobs_storage_garbage_rekey"
  AFTER UPDATE OF "storage_key" ON "import_jobs"
  FOR EACH ROW WHEN (OLD."storage_key" IS DISTINCT FROM NEW."storage_key")
  EXECUTE FUNCTION "queue_clip_asset_garbage"();
