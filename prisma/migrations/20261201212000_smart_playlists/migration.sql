-- Smart playlists and public playlist links (issue 18, item 4).
-- A playlist with `rules` (validated JSON, lib/playlists/rules.ts) is smart: it holds no items,
-- its songs are the library's search over those rules, always current. NULL: a plain playlist.
ALTER TABLE "playlists" ADD COLUMN "rules" JSONB;

-- An opt-in public, read-only link to one playlist, like share_links for a song: the token is
-- an HMAC of the link's id, only its sha256 is kept; revoking it stops the URL at once.
CREATE TABLE "playlist_share_links" (
    "id" TEXT NOT NULL,
    "playlist_id" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "playlist_share_links_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "playlist_share_links_token_hash_key" ON "playlist_share_links"("token_hash");
CREATE INDEX "playlist_share_links_playlist_id_idx" ON "playlist_share_links"("playlist_id");

ALTER TABLE "playlist_share_links" ADD CONSTRAINT "playlist_share_links_playlist_id_fkey" FOREIGN KEY ("playlist_id") REFERENCES "playlists"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "playlist_share_links" ADD CONSTRAINT "playlist_share_links_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
