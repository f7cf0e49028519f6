-- Sessions that can end (issue 12, item 4). Sessions are JWTs; each carries a session id
-- and the user's session version, both checked on every request (lib/auth/config.ts):
-- signing out revokes that one id, "sign out everywhere" (and a password change) bumps the
-- version, which ends every copy of every session of the user.
ALTER TABLE "users" ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "revoked_sessions" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "revoked_sessions_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "revoked_sessions_user_id_idx" ON "revoked_sessions"("user_id");
CREATE INDEX "revoked_sessions_expires_at_idx" ON "revoked_sessions"("expires_at");

ALTER TABLE "revoked_sessions" ADD CONSTRAINT "revoked_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
