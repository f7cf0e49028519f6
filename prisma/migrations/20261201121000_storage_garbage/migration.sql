-- Archived files of rows that are gone (issue 12, item 11). Deleting a media_assets row
-- (a clip purged from the trash, a deleted team's songs, any cascade) queues its storage key
-- here in the same transaction; the sweeper removes the file afterwards and then the row
-- (lib/media/garbage.ts), so a failed removal is retried and a removal is never lost.
CREATE TABLE "storage_garbage" (
    "storage_key" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "storage_garbage_pkey" PRIMARY KEY ("storage_key")
);

CREATE INDEX "storage_garbage_created_at_idx" ON "storage_garbage"("created_at");

CREATE FUNCTION "queue_storage_garbage"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "storage_garbage" ("storage_key") VALUES (OLD."storage_key")
  ON CONFLICT ("storage_key") DO NOTHING;
  RETURN OLD;
END
$$;

CREATE TRIGGER "media_assets_storage_garbage_delete"
  AFTER DELETE ON "media_assets"
  FOR EACH ROW EXECUTE FUNCTION "queue_storage_garbage"();

CREATE TRIGGER "media_assets_storage_garbage_rekey"
  AFTER UPDATE OF "storage_key" ON "media_assets"
  FOR EACH ROW WHEN (OLD."storage_key" IS DISTINCT FROM NEW."storage_key")
  EXECUTE FUNCTION "queue_storage_garbage"();
