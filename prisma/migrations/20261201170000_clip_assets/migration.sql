-- Studio derivatives (issue 16): WAV, stems, music video, cover art and synced lyrics are tasks
-- of their own, and what they make is kept with the song as first-class attachments.
ALTER TYPE "TaskOperation" ADD VALUE 'WAV';
ALTER TYPE "TaskOperation" ADD VALUE 'STEMS';
ALTER TYPE "TaskOperation" ADD VALUE 'VIDEO';
ALTER TYPE "TaskOperation" ADD VALUE 'COVER_ART';
ALTER TYPE "TaskOperation" ADD VALUE 'TIMED_LYRICS';

-- One attachment of a clip: `kind` is wav, stem:<name>, video, lrc, cover:<task>:<n>. A file
-- kind is archived like the clip's own media (claim, attempts, backoff); lrc keeps its words
-- in `data` and has no file.
CREATE TABLE "clip_assets" (
    "id" TEXT NOT NULL,
    "clip_id" TEXT NOT NULL,
    "task_id" TEXT,
    "kind" TEXT NOT NULL,
    "source_url" TEXT,
    "data" JSONB,
    "storage_key" TEXT,
    "content_type" TEXT,
    "byte_size" BIGINT,
    "sha256" TEXT,
    "archive_status" "ArchiveStatus" NOT NULL DEFAULT 'PENDING',
    "archive_error" TEXT,
    "archive_attempts" INTEGER NOT NULL DEFAULT 0,
    "next_archive_at" TIMESTAMPTZ(3),
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "clip_assets_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "clip_assets_clip_id_kind_key" ON "clip_assets"("clip_id", "kind");
CREATE INDEX "clip_assets_task_id_idx" ON "clip_assets"("task_id");
CREATE INDEX "clip_assets_archive_status_next_archive_at_idx" ON "clip_assets"("archive_status", "next_archive_at");
CREATE INDEX "clip_assets_storage_key_idx" ON "clip_assets"("storage_key");

ALTER TABLE "clip_assets" ADD CONSTRAINT "clip_assets_clip_id_fkey" FOREIGN KEY ("clip_id") REFERENCES "clips"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "clip_assets" ADD CONSTRAINT "clip_assets_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A purged clip's attachments leave storage like its own media: the key is queued in the same
-- transaction as the delete, and lib/media/garbage.ts removes the file afterwards.
CREATE FUNCTION "queue_clip_asset_garbage"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."storage_key" IS NOT NULL THEN
    INSERT INTO "storage_garbage" ("storage_key") VALUES (OLD."storage_key")
    ON CONFLICT ("storage_key") DO NOTHING;
  END IF;
  RETURN OLD;
END
$$;

CREATE TRIGGER "clip_assets_storage_garbage_delete"
  AFTER DELETE ON "clip_assets"
  FOR EACH ROW EXECUTE FUNCTION "queue_clip_asset_garbage"();

CREATE TRIGGER "clip_assets_storage_garbage_rekey"
  AFTER UPDATE OF "storage_key" ON "clip_assets"
  FOR EACH ROW WHEN (OLD."storage_key" IS DISTINCT FROM NEW."storage_key")
  EXECUTE FUNCTION "queue_clip_asset_garbage"();

-- The owner decides whether a public link also hands out the attachments (WAV, stems, video).
ALTER TABLE "share_links" ADD COLUMN "allow_downloads" BOOLEAN NOT NULL DEFAULT false;
