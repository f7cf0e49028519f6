-- Playlists (issue 18, item 4): personal ones (team_id NULL, only their owner's) and team
-- ones (seen by the team; "collaborative" lets every member add and reorder, otherwise only
-- the team's admins and the playlist's creator). Items are ordered by position (0, 1, 2, …,
-- renumbered in one statement on a move) and hold each song at most once.
CREATE TABLE "playlists" (
    "id" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "team_id" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "collaborative" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "playlists_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "playlist_items" (
    "id" TEXT NOT NULL,
    "playlist_id" TEXT NOT NULL,
    "clip_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "added_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "playlist_items_pkey" PRIMARY KEY ("id")
);

-- the playlists page lists one's personal playlists and each team's, newest change first
CREATE INDEX "playlists_owner_id_team_id_updated_at_idx" ON "playlists"("owner_id", "team_id", "updated_at" DESC);
CREATE INDEX "playlists_team_id_updated_at_idx" ON "playlists"("team_id", "updated_at" DESC);
CREATE UNIQUE INDEX "playlist_items_playlist_id_clip_id_key" ON "playlist_items"("playlist_id", "clip_id");
CREATE INDEX "playlist_items_playlist_id_position_idx" ON "playlist_items"("playlist_id", "position");
-- a purged song leaves every playlist (the cascade finds its items through this)
CREATE INDEX "playlist_items_clip_id_idx" ON "playlist_items"("clip_id");

ALTER TABLE "playlists" ADD CONSTRAINT "playlists_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "playlists" ADD CONSTRAINT "playlists_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "playlist_items" ADD CONSTRAINT "playlist_items_playlist_id_fkey" FOREIGN KEY ("playlist_id") REFERENCES "playlists"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "playlist_items" ADD CONSTRAINT "playlist_items_clip_id_fkey" FOREIGN KEY ("clip_id") REFERENCES "clips"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "playlist_items" ADD CONSTRAINT "playlist_items_added_by_id_fkey" FOREIGN KEY ("added_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
