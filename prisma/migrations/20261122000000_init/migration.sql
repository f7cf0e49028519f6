-- Chorus initial schema. Written by hand in the shape `prisma migrate dev` produces, plus
-- what Prisma cannot express: the pg_trgm extension and the generated search vector.

-- Extensions
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Enums
CREATE TYPE "TeamRole" AS ENUM ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER');
CREATE TYPE "AuditAction" AS ENUM ('INVITE_CREATED', 'INVITE_REVOKED', 'MEMBER_JOINED', 'MEMBER_ROLE_CHANGED', 'MEMBER_REMOVED', 'MEMBER_LEFT', 'OWNERSHIP_TRANSFERRED', 'CLIP_SHARED', 'CLIP_UNSHARED', 'CLIP_DELETED', 'TEAM_UPDATED');
CREATE TYPE "SunoDialect" AS ENUM ('SUNOAPI', 'RELAY');
CREATE TYPE "TaskOperation" AS ENUM ('CUSTOM_SONG', 'INSTRUMENTAL', 'DESCRIPTION_SONG', 'EXTEND', 'CONCAT', 'UPLOAD_AUDIO', 'LYRICS');
CREATE TYPE "TaskStatus" AS ENUM ('SUBMITTING', 'SUBMITTED', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT');
CREATE TYPE "ClipStatus" AS ENUM ('SUBMITTED', 'QUEUED', 'STREAMING', 'COMPLETE', 'ERROR');
CREATE TYPE "ArchiveStatus" AS ENUM ('PENDING', 'ARCHIVING', 'ARCHIVED', 'FAILED');
CREATE TYPE "MediaKind" AS ENUM ('AUDIO', 'IMAGE', 'IMAGE_LARGE', 'VIDEO');
CREATE TYPE "LedgerKind" AS ENUM ('GRANT', 'CHARGE', 'REFUND', 'ADJUSTMENT');

-- Auth.js
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "email" TEXT,
    "email_verified" TIMESTAMPTZ(3),
    "image" TEXT,
    "password_hash" TEXT,
    "credit_balance" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "accounts" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "provider_account_id" TEXT NOT NULL,
    "refresh_token" TEXT,
    "access_token" TEXT,
    "expires_at" INTEGER,
    "token_type" TEXT,
    "scope" TEXT,
    "id_token" TEXT,
    "session_state" TEXT,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "session_token" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "expires" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "verification_tokens" (
    "identifier" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "expires" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "verification_tokens_pkey" PRIMARY KEY ("identifier","token")
);

CREATE TABLE "rate_limits" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "blocked_until" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- Teams
CREATE TABLE "teams" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "credit_balance" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "memberships" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "TeamRole" NOT NULL DEFAULT 'MEMBER',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "invites" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "role" "TeamRole" NOT NULL DEFAULT 'MEMBER',
    "email" TEXT,
    "max_uses" INTEGER,
    "use_count" INTEGER NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invites_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "invite_acceptances" (
    "invite_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invite_acceptances_pkey" PRIMARY KEY ("invite_id","user_id")
);

CREATE TABLE "audit_events" (
    "id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "actor_id" TEXT,
    "action" "AuditAction" NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "data" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- Generation
CREATE TABLE "tasks" (
    "id" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "team_id" TEXT,
    "operation" "TaskOperation" NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'SUBMITTING',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "upstream_status" TEXT,
    "provider" TEXT,
    "dialect" "SunoDialect",
    "key_fingerprint" TEXT,
    "upstream_id" TEXT,
    "model" TEXT,
    "request" JSONB NOT NULL,
    "upstream_input" JSONB,
    "raw" JSONB,
    "fail_reason" TEXT,
    "fail_code" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "cost" INTEGER NOT NULL DEFAULT 0,
    "source_clip_id" TEXT,
    "poll_count" INTEGER NOT NULL DEFAULT 0,
    "last_polled_at" TIMESTAMPTZ(3),
    "next_poll_at" TIMESTAMPTZ(3),
    "lease_until" TIMESTAMPTZ(3),
    "lease_owner" TEXT,
    "deadline_at" TIMESTAMPTZ(3),
    "submitted_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "upstream_created_at" TIMESTAMPTZ(3),
    "upstream_finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "clips" (
    "id" TEXT NOT NULL,
    "task_id" TEXT,
    "owner_id" TEXT NOT NULL,
    "team_id" TEXT,
    "provider" TEXT,
    "upstream_id" TEXT NOT NULL,
    "upstream_task_id" TEXT,
    "title" TEXT NOT NULL DEFAULT '',
    "tags" TEXT NOT NULL DEFAULT '',
    "negative_tags" TEXT,
    "lyrics" TEXT,
    "description" TEXT,
    "is_instrumental" BOOLEAN NOT NULL DEFAULT false,
    "model" TEXT,
    "major_model_version" TEXT,
    "duration" DOUBLE PRECISION,
    "status" "ClipStatus" NOT NULL DEFAULT 'SUBMITTED',
    "upstream_status" TEXT,
    "clip_type" TEXT,
    "audio_url" TEXT,
    "stream_audio_url" TEXT,
    "video_url" TEXT,
    "image_url" TEXT,
    "image_large_url" TEXT,
    "is_video_pending" BOOLEAN NOT NULL DEFAULT false,
    "audio_prompt_id" TEXT,
    "parent_clip_id" TEXT,
    "continue_clip_upstream_id" TEXT,
    "continue_at" DOUBLE PRECISION,
    "history" JSONB,
    "concat_history" JSONB,
    "error_type" TEXT,
    "error_message" TEXT,
    "liked" BOOLEAN NOT NULL DEFAULT false,
    "trashed_at" TIMESTAMPTZ(3),
    "play_count" INTEGER,
    "upvote_count" INTEGER,
    "upstream_created_at" TIMESTAMPTZ(3),
    "raw" JSONB,
    "archive_status" "ArchiveStatus" NOT NULL DEFAULT 'PENDING',
    "archive_error" TEXT,
    "archive_attempts" INTEGER NOT NULL DEFAULT 0,
    "next_archive_at" TIMESTAMPTZ(3),
    "archived_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    -- Full-text search over what people remember of a song. Weights: title A, tags B,
    -- lyrics C, description D. 'simple' would not stem; 'english' matches "dreams" to "dream".
    "search" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce("tags", '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, coalesce("lyrics", '')), 'C') ||
        setweight(to_tsvector('english'::regconfig, coalesce("description", '')), 'D')
    ) STORED,

    CONSTRAINT "clips_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "media_assets" (
    "id" TEXT NOT NULL,
    "clip_id" TEXT NOT NULL,
    "kind" "MediaKind" NOT NULL,
    "source_url" TEXT NOT NULL,
    "storage_key" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "byte_size" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "media_assets_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "team_clip_shares" (
    "clip_id" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "shared_by_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_clip_shares_pkey" PRIMARY KEY ("clip_id","team_id")
);

CREATE TABLE "share_links" (
    "id" TEXT NOT NULL,
    "clip_id" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "share_links_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "lyrics" (
    "id" TEXT NOT NULL,
    "task_id" TEXT,
    "owner_id" TEXT NOT NULL,
    "team_id" TEXT,
    "upstream_id" TEXT,
    "prompt" TEXT NOT NULL,
    "title" TEXT,
    "text" TEXT,
    "status" "ClipStatus" NOT NULL DEFAULT 'SUBMITTED',
    "raw" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "lyrics_pkey" PRIMARY KEY ("id")
);

-- Credits
CREATE TABLE "ledger_entries" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "team_id" TEXT,
    "task_id" TEXT,
    "kind" "LedgerKind" NOT NULL,
    "amount" INTEGER NOT NULL,
    "balance_after" INTEGER NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- Indexes
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
CREATE INDEX "accounts_user_id_idx" ON "accounts"("user_id");
CREATE UNIQUE INDEX "accounts_provider_provider_account_id_key" ON "accounts"("provider", "provider_account_id");
CREATE UNIQUE INDEX "sessions_session_token_key" ON "sessions"("session_token");
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");
CREATE INDEX "rate_limits_updated_at_idx" ON "rate_limits"("updated_at");
CREATE UNIQUE INDEX "teams_slug_key" ON "teams"("slug");
CREATE INDEX "memberships_user_id_idx" ON "memberships"("user_id");
CREATE UNIQUE INDEX "memberships_team_id_user_id_key" ON "memberships"("team_id", "user_id");
CREATE UNIQUE INDEX "invites_token_hash_key" ON "invites"("token_hash");
CREATE INDEX "invites_team_id_created_at_idx" ON "invites"("team_id", "created_at" DESC);
CREATE INDEX "invite_acceptances_user_id_idx" ON "invite_acceptances"("user_id");
CREATE INDEX "audit_events_team_id_created_at_id_idx" ON "audit_events"("team_id", "created_at" DESC, "id" DESC);
CREATE INDEX "tasks_owner_id_created_at_id_idx" ON "tasks"("owner_id", "created_at" DESC, "id" DESC);
CREATE INDEX "tasks_team_id_created_at_id_idx" ON "tasks"("team_id", "created_at" DESC, "id" DESC);
CREATE INDEX "tasks_status_next_poll_at_idx" ON "tasks"("status", "next_poll_at");
CREATE INDEX "tasks_source_clip_id_idx" ON "tasks"("source_clip_id");
CREATE UNIQUE INDEX "tasks_owner_id_idempotency_key_key" ON "tasks"("owner_id", "idempotency_key");
CREATE UNIQUE INDEX "tasks_provider_upstream_id_key" ON "tasks"("provider", "upstream_id");
CREATE INDEX "clips_owner_id_created_at_id_idx" ON "clips"("owner_id", "created_at" DESC, "id" DESC);
CREATE INDEX "clips_team_id_created_at_id_idx" ON "clips"("team_id", "created_at" DESC, "id" DESC);
CREATE INDEX "clips_owner_id_duration_id_idx" ON "clips"("owner_id", "duration", "id");
CREATE INDEX "clips_task_id_idx" ON "clips"("task_id");
CREATE INDEX "clips_parent_clip_id_idx" ON "clips"("parent_clip_id");
CREATE INDEX "clips_archive_status_next_archive_at_idx" ON "clips"("archive_status", "next_archive_at");
CREATE INDEX "clips_trashed_at_idx" ON "clips"("trashed_at");
CREATE INDEX "clips_search_idx" ON "clips" USING GIN ("search");
CREATE INDEX "clips_title_trgm_idx" ON "clips" USING GIN ("title" gin_trgm_ops);
CREATE UNIQUE INDEX "clips_provider_upstream_id_key" ON "clips"("provider", "upstream_id");
CREATE UNIQUE INDEX "media_assets_clip_id_kind_key" ON "media_assets"("clip_id", "kind");
CREATE INDEX "team_clip_shares_team_id_created_at_idx" ON "team_clip_shares"("team_id", "created_at" DESC);
CREATE UNIQUE INDEX "share_links_token_hash_key" ON "share_links"("token_hash");
CREATE INDEX "share_links_clip_id_idx" ON "share_links"("clip_id");
CREATE UNIQUE INDEX "lyrics_task_id_key" ON "lyrics"("task_id");
CREATE INDEX "lyrics_owner_id_created_at_idx" ON "lyrics"("owner_id", "created_at" DESC);
CREATE INDEX "ledger_entries_user_id_created_at_idx" ON "ledger_entries"("user_id", "created_at" DESC);
CREATE INDEX "ledger_entries_team_id_created_at_idx" ON "ledger_entries"("team_id", "created_at" DESC);
CREATE UNIQUE INDEX "ledger_entries_task_id_kind_key" ON "ledger_entries"("task_id", "kind");
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- Foreign keys
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "invites" ADD CONSTRAINT "invites_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "invites" ADD CONSTRAINT "invites_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "invite_acceptances" ADD CONSTRAINT "invite_acceptances_invite_id_fkey" FOREIGN KEY ("invite_id") REFERENCES "invites"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "invite_acceptances" ADD CONSTRAINT "invite_acceptances_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_source_clip_id_fkey" FOREIGN KEY ("source_clip_id") REFERENCES "clips"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "clips" ADD CONSTRAINT "clips_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "clips" ADD CONSTRAINT "clips_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "clips" ADD CONSTRAINT "clips_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "clips" ADD CONSTRAINT "clips_parent_clip_id_fkey" FOREIGN KEY ("parent_clip_id") REFERENCES "clips"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "media_assets" ADD CONSTRAINT "media_assets_clip_id_fkey" FOREIGN KEY ("clip_id") REFERENCES "clips"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "team_clip_shares" ADD CONSTRAINT "team_clip_shares_clip_id_fkey" FOREIGN KEY ("clip_id") REFERENCES "clips"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "team_clip_shares" ADD CONSTRAINT "team_clip_shares_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "team_clip_shares" ADD CONSTRAINT "team_clip_shares_shared_by_id_fkey" FOREIGN KEY ("shared_by_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_clip_id_fkey" FOREIGN KEY ("clip_id") REFERENCES "clips"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "lyrics" ADD CONSTRAINT "lyrics_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "lyrics" ADD CONSTRAINT "lyrics_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "lyrics" ADD CONSTRAINT "lyrics_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
