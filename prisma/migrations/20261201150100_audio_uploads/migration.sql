-- A person's own recording, copied to a provider's file host (sunoapi-org keeps it 3 days), so
-- that a cover or an extension of it can name it by Chorus's id instead of by any URL at all.
CREATE TABLE "audio_uploads" (
    "id" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "key_fingerprint" TEXT NOT NULL,
    "download_url" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "byte_size" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audio_uploads_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "audio_uploads_owner_id_created_at_idx" ON "audio_uploads"("owner_id", "created_at");

ALTER TABLE "audio_uploads" ADD CONSTRAINT "audio_uploads_owner_id_fkey" FOREIGN KEY ("owner_id")
    REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- sunoapi-org's long-lived copy of a clip's audio, archived when `audio_url` has expired
ALTER TABLE "clips" ADD COLUMN "source_audio_url" TEXT;

-- Recent requests to a provider, per key and per task, for its published request limits
-- (sunoapi-org: 20 per 10 s per key, 3 per second per task), shared by every server instance.
CREATE TABLE "upstream_calls" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "upstream_calls_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "upstream_calls_key_at_idx" ON "upstream_calls"("key", "at");
