-- A team playlist's deletion is in the team's audit log (lib/playlists/playlists.ts).
ALTER TYPE "AuditAction" ADD VALUE 'PLAYLIST_DELETED';
