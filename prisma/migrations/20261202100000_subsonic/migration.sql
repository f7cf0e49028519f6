-- OpenSubsonic (issue 19, item 6): per-user app passwords and per-member play counts.
-- A Subsonic client signs in with token+salt (t = md5(password + salt)), so the server must
-- know the plain app password: it is stored encrypted (AES-256-GCM under a key derived from
-- AUTH_SECRET, the row id as associated data; lib/secret-box.ts), never hashed only. The
-- sha256 beside it finds the row for the apiKey extension and for `p=` in one index probe.
CREATE TABLE "subsonic_app_passwords" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secret_sealed" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "last_used_client" TEXT,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subsonic_app_passwords_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "subsonic_app_passwords_secret_hash_key" ON "subsonic_app_passwords"("secret_hash");
CREATE INDEX "subsonic_app_passwords_user_id_idx" ON "subsonic_app_passwords"("user_id");
ALTER TABLE "subsonic_app_passwords" ADD CONSTRAINT "subsonic_app_passwords_user_id_fkey"
  FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- scrobble: how often each member played a song, and when last (theirs alone, like reactions)
CREATE TABLE "clip_plays" (
    "user_id" TEXT NOT NULL,
    "clip_id" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "last_played_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clip_plays_pkey" PRIMARY KEY ("user_id", "clip_id")
);
CREATE INDEX "clip_plays_clip_id_idx" ON "clip_plays"("clip_id");
ALTER TABLE "clip_plays" ADD CONSTRAINT "clip_plays_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "clip_plays" ADD CONSTRAINT "clip_plays_clip_id_fkey" FOREIGN KEY ("clip_id") REFERENCES "clips"("id") ON DELETE CASCADE ON UPDATE CASCADE;
