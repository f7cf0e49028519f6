-- Per-member reactions (issue 18, item 1): a like and a 1-5 rating per person and clip,
-- replacing the one shared `clips.liked` flag that only a clip's managers could set. Each
-- old like becomes its owner's own reaction (the owner was the only one who could set it in
-- a personal library, and a team's like is kept as its creator's), then the column goes, so
-- nothing reads a second truth.
CREATE TABLE "clip_reactions" (
    "user_id" TEXT NOT NULL,
    "clip_id" TEXT NOT NULL,
    "liked" BOOLEAN NOT NULL DEFAULT false,
    "rating" SMALLINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "clip_reactions_pkey" PRIMARY KEY ("user_id", "clip_id"),
    CONSTRAINT "clip_reactions_rating_range" CHECK ("rating" BETWEEN 1 AND 5)
);

-- the primary key serves "liked by me" (user first); this one serves a clip's counts, its
-- likers' names and "liked by anyone in the team" (an EXISTS per clip)
CREATE INDEX "clip_reactions_clip_id_idx" ON "clip_reactions"("clip_id");

ALTER TABLE "clip_reactions" ADD CONSTRAINT "clip_reactions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "clip_reactions" ADD CONSTRAINT "clip_reactions_clip_id_fkey" FOREIGN KEY ("clip_id") REFERENCES "clips"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "clip_reactions" ("user_id", "clip_id", "liked", "created_at", "updated_at")
SELECT "owner_id", "id", true, "updated_at", "updated_at" FROM "clips" WHERE "liked";

ALTER TABLE "clips" DROP COLUMN "liked";
