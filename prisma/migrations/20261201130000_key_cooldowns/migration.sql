-- Proxy key cool-downs shared by every server instance: a key refused on one (401, 402,
-- 429) rests on all of them. Keyed by the key's fingerprint, never the key itself.
CREATE TABLE "key_cooldowns" (
    "fingerprint" TEXT NOT NULL,
    "cooling_until" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "key_cooldowns_pkey" PRIMARY KEY ("fingerprint")
);
