-- A recording Chorus keeps itself (issue 15): for a provider without a file host (relay), the
-- bytes are in Chorus's media storage under storage_key and the provider fetches them through
-- an expiring, unguessable link Chorus serves; such a row has no vendor download_url.
ALTER TABLE "audio_uploads" ALTER COLUMN "download_url" DROP NOT NULL;
ALTER TABLE "audio_uploads" ADD COLUMN "storage_key" TEXT;
