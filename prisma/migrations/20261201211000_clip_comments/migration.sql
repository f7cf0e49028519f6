-- Timestamped comments on a clip (issue 18, item 3): "0:42 the bridge drags". A comment may
-- name a moment of the song (at_seconds) or none; it may mention members of the song's team
-- (mention_ids), each of whom gets an in-app notification. Editing and deleting are recorded
-- in the team's audit log (the new audit actions below).
CREATE TABLE "clip_comments" (
    "id" TEXT NOT NULL,
    "clip_id" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "at_seconds" DOUBLE PRECISION,
    "body" TEXT NOT NULL,
    "mention_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "edited_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "clip_comments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "clip_comments_body_length" CHECK (char_length("body") BETWEEN 1 AND 2000),
    CONSTRAINT "clip_comments_at_seconds_range" CHECK ("at_seconds" IS NULL OR "at_seconds" >= 0)
);

-- a clip's thread, oldest first
CREATE INDEX "clip_comments_clip_id_created_at_idx" ON "clip_comments"("clip_id", "created_at");
CREATE INDEX "clip_comments_author_id_idx" ON "clip_comments"("author_id");

ALTER TABLE "clip_comments" ADD CONSTRAINT "clip_comments_clip_id_fkey" FOREIGN KEY ("clip_id") REFERENCES "clips"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "clip_comments" ADD CONSTRAINT "clip_comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One person's in-app notifications (today: being mentioned in a comment). A notification
-- goes with its comment; read ones stay until then.
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actor_id" TEXT,
    "clip_id" TEXT,
    "comment_id" TEXT,
    "read_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- the bell's unread count and the list, newest first
CREATE INDEX "notifications_user_id_created_at_idx" ON "notifications"("user_id", "created_at" DESC);
CREATE INDEX "notifications_comment_id_idx" ON "notifications"("comment_id");

ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_clip_id_fkey" FOREIGN KEY ("clip_id") REFERENCES "clips"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "clip_comments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TYPE "AuditAction" ADD VALUE 'COMMENT_CREATED';
ALTER TYPE "AuditAction" ADD VALUE 'COMMENT_EDITED';
ALTER TYPE "AuditAction" ADD VALUE 'COMMENT_DELETED';
