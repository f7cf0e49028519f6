-- Scheduled incremental backups (issue 20, item 3). One destination per workspace (a person's
-- personal library: owner_id set, team_id NULL; a team's: team_id set, owner_id NULL): an
-- S3-compatible bucket or, on self-hosted installs, a folder under BACKUP_LOCAL_ROOT. The
-- bucket's credentials are stored only encrypted (AES-256-GCM, key from AUTH_SECRET by HKDF,
-- lib/backup/secrets.ts). Each run is a row of backup_runs, worked in bounded slices under a
-- lease; backup_files is the destination's manifest and the runs' journal: one row per file
-- (path), the version it should have and the version (and sha256) last written there.
CREATE TABLE "backup_destinations" (
    "id" TEXT NOT NULL,
    "owner_id" TEXT,
    "team_id" TEXT,
    "kind" TEXT NOT NULL,
    "endpoint" TEXT,
    "region" TEXT,
    "bucket" TEXT,
    "prefix" TEXT,
    "force_path_style" BOOLEAN NOT NULL DEFAULT false,
    "credentials" TEXT,
    "folder" TEXT,
    "schedule" TEXT NOT NULL,
    "hour_utc" INTEGER NOT NULL DEFAULT 3,
    "weekday" INTEGER NOT NULL DEFAULT 0,
    "interval_hours" INTEGER NOT NULL DEFAULT 24,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "next_run_at" TIMESTAMPTZ(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "backup_destinations_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "backup_destinations_workspace_check" CHECK (("owner_id" IS NULL) <> ("team_id" IS NULL)),
    CONSTRAINT "backup_destinations_kind_check" CHECK ("kind" IN ('s3', 'local')),
    CONSTRAINT "backup_destinations_schedule_check" CHECK ("schedule" IN ('daily', 'weekly', 'interval'))
);

CREATE TABLE "backup_runs" (
    "id" TEXT NOT NULL,
    "destination_id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RUNNING',
    "phase" TEXT NOT NULL DEFAULT 'plan',
    "plan_cursor" TEXT,
    "lease_token" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "slices" INTEGER NOT NULL DEFAULT 0,
    "files_planned" INTEGER NOT NULL DEFAULT 0,
    "files_copied" INTEGER NOT NULL DEFAULT 0,
    "bytes_copied" BIGINT NOT NULL DEFAULT 0,
    "files_verified" INTEGER NOT NULL DEFAULT 0,
    "verify_failures" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "backup_runs_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "backup_runs_status_check" CHECK ("status" IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    CONSTRAINT "backup_runs_phase_check" CHECK ("phase" IN ('plan', 'copy', 'verify', 'done')),
    CONSTRAINT "backup_runs_trigger_check" CHECK ("trigger" IN ('schedule', 'manual'))
);

CREATE TABLE "backup_files" (
    "destination_id" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "clip_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "wanted_version" TEXT NOT NULL,
    "written_version" TEXT,
    "sha256" TEXT,
    "byte_size" BIGINT,
    "run_id" TEXT,
    "written_at" TIMESTAMPTZ(3),

    CONSTRAINT "backup_files_pkey" PRIMARY KEY ("destination_id", "path")
);

CREATE UNIQUE INDEX "backup_destinations_team_id_key" ON "backup_destinations"("team_id");
-- one personal destination per person (team destinations have owner_id NULL)
CREATE UNIQUE INDEX "backup_destinations_personal_key" ON "backup_destinations"("owner_id") WHERE "team_id" IS NULL;
CREATE INDEX "backup_destinations_enabled_next_run_at_idx" ON "backup_destinations"("enabled", "next_run_at");
CREATE INDEX "backup_runs_destination_id_started_at_idx" ON "backup_runs"("destination_id", "started_at" DESC);
CREATE INDEX "backup_runs_status_lease_until_idx" ON "backup_runs"("status", "lease_until");
-- at most one run in progress per destination: a second "Run now" or a schedule tick finds it
CREATE UNIQUE INDEX "backup_runs_one_running_key" ON "backup_runs"("destination_id") WHERE "status" = 'RUNNING';
CREATE INDEX "backup_files_destination_id_clip_id_idx" ON "backup_files"("destination_id", "clip_id");
-- the files a run still has to write: wanted and written versions differ
CREATE INDEX "backup_files_pending_idx" ON "backup_files"("destination_id", "role", "path") WHERE "written_version" IS DISTINCT FROM "wanted_version";

ALTER TABLE "backup_destinations" ADD CONSTRAINT "backup_destinations_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "backup_destinations" ADD CONSTRAINT "backup_destinations_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "backup_destinations" ADD CONSTRAINT "backup_destinations_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "backup_runs" ADD CONSTRAINT "backup_runs_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "backup_destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "backup_files" ADD CONSTRAINT "backup_files_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "backup_destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
